"""The reviews' lane (`bot.chat.lanes.FairLane`): users take turns, one user holds a few jobs at most.

Jobs are real threads on the lane; each piece of work waits on an event the test sets, so the order in which
pieces ran is what the test reads, never the clock."""

from __future__ import annotations

import contextlib
import threading

from bot.chat.lanes import FairLane
from fixtures.waiting import wait_until


class Pieces:
    """Jobs made of pieces that each wait for the test to let them finish; `ran` is the order they started."""

    def __init__(self, lane: FairLane):
        self.lane, self.ran, self.gates = lane, [], {}
        self.lock = threading.Lock()

    def job(self, *names: str):
        for name in names:
            self.gates[name] = threading.Event()

        def run() -> None:
            for name in names:
                self.lane.pass_turn()
                with self.lock:
                    self.ran.append(name)
                assert self.gates[name].wait(30), f"{name} never let go"

        return run

    def let(self, name: str) -> None:
        self.gates[name].set()


@contextlib.contextmanager
def pieces(turns: int, **limits: int):
    """A lane and its pieces; at the end every piece is let go and the lane shut down."""
    lane = FairLane(turns, **limits)
    p = Pieces(lane)
    try:
        yield lane, p
    finally:
        for gate in p.gates.values():
            gate.set()
        lane.shutdown()


def test_another_user_waits_for_one_piece_of_work_not_for_all_of_one_users_jobs():
    with pieces(1, max_pending=20, per_user=2) as (lane, p):
        assert lane.submit(p.job("a1", "a2", "a3"), who="slack:A")
        wait_until(lambda: p.ran == ["a1"], 10, "A's first file to start")
        assert lane.submit(p.job("a4"), who="slack:A")
        assert not lane.submit(p.job("a5"), who="slack:A"), "a third job of A's is past the cap"
        assert lane.held("slack:A") == 2, "A's earlier jobs are still there"
        assert lane.submit(p.job("b1"), who="teams:B")
        wait_until(lambda: lane._waiting.get("teams:B"), 10, "B to wait for a turn")
        p.let("a1")
        wait_until(lambda: len(p.ran) == 2, 10, "the next piece")
        assert p.ran == ["a1", "b1"], "B went before A's second file and A's second job"
        for name in ("b1", "a2", "a4", "a3"):
            p.let(name)
        assert lane.wait_idle(30)
        assert sorted(p.ran) == ["a1", "a2", "a3", "a4", "b1"], "nothing of A's was lost"
        assert lane.submit(p.job("a6"), who="slack:A"), "A may share again once a review ended"
        p.let("a6")
        assert lane.wait_idle(30)


def test_with_no_one_else_waiting_a_users_pieces_run_on_without_a_pause():
    with pieces(1, max_pending=4, per_user=1) as (lane, p):
        job = p.job("x1", "x2", "x3")
        for name in ("x1", "x2", "x3"):
            p.let(name)
        assert lane.submit(job, who="slack:X")
        assert lane.wait_idle(30) and p.ran == ["x1", "x2", "x3"]
        assert lane.pending == 0 and lane.held("slack:X") == 0


def test_two_turns_serve_two_users_at_once_and_the_lane_is_full_at_max_pending():
    with pieces(2, max_pending=3, per_user=3) as (lane, p):
        assert lane.submit(p.job("a1"), who="A") and lane.submit(p.job("b1"), who="B")
        wait_until(lambda: sorted(p.ran) == ["a1", "b1"], 10, "both users at once")
        assert lane.submit(p.job("c1"), who="C")
        assert not lane.submit(p.job("d1"), who="D"), "full: max_pending jobs wait or run"
        assert lane.held("D") == 0
        for name in ("a1", "b1", "c1"):
            p.let(name)
        assert lane.wait_idle(30) and "c1" in p.ran


def test_a_shutdown_without_waiting_cancels_jobs_that_never_had_a_turn():
    lane = FairLane(1, max_pending=4, per_user=4)
    p = Pieces(lane)
    cancelled = threading.Event()
    assert lane.submit(p.job("a1"), who="A")
    wait_until(lambda: p.ran == ["a1"], 10, "the first job")
    assert lane.submit(p.job("never"), who="B", on_cancel=cancelled.set)
    wait_until(lambda: lane._waiting.get("B"), 10, "B to wait")
    lane.shutdown(wait=False)
    assert cancelled.wait(10) and "never" not in p.ran
    p.let("a1")
    assert lane.wait_idle(30)
    assert not lane.submit(p.job("late"), who="C"), "a lane shut down takes nothing"
