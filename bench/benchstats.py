"""Shared by the benchmark scripts."""


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, linearly interpolated (NaN for no values)."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)
