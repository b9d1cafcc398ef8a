"""The CI workflows exist, are valid YAML and call the project's own entry points."""
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _workflow(name):
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True
    return data, on


def test_cpu_workflow_runs_the_ci_entry_point():
    data, on = _workflow("cpu.yml")
    assert "push" in on
    steps = [s.get("run", "") for s in data["jobs"]["test"]["steps"]]
    assert "bash .ci/run" in steps
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_cpu_workflow_runs_the_unit_tests_on_every_declared_python():
    """pyproject says >= 3.10: the oldest and the newest besides CI's 3.11 run the unit tests."""
    data, _ = _workflow("cpu.yml")
    unit = data["jobs"]["unit"]
    assert {"3.10", "3.12"} <= set(unit["strategy"]["matrix"]["python-version"])
    assert any(s.get("run", "").startswith("make test-unit") for s in unit["steps"])
    assert 'requires-python = ">=3.10"' in (ROOT / "pyproject.toml").read_text()


def test_gpu_workflow_executes_the_paper_profile_and_publishes():
    data, on = _workflow("gpu.yml")
    assert "workflow_dispatch" in on
    runs = "\n".join(s.get("run", "") for job in data["jobs"].values() for s in job["steps"])
    assert "make execute PROFILE=paper DEVICE=cuda" in runs and "make book" in runs
    assert "torch.cuda.is_available()" in runs
    uses = [s.get("uses", "") for job in data["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_no_workflow_puts_an_expression_straight_into_a_shell_line():
    """`${{ ... }}` inside `run:` is substituted before the shell parses it: an input could
    inject commands on a runner that can publish.  Inputs go through `env:` instead."""
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


@pytest.mark.parametrize("notebooks, accepted", [("", True), ("01,05", True), ("07", True),
                                                 ("01;rm -rf /", False), ("1,5", False), ("$(id)", False)])
def test_gpu_workflow_validates_its_notebook_input(notebooks, accepted):
    """The schedule's empty input runs everything; anything but two-digit numbers is refused."""
    import subprocess
    data, _ = _workflow("gpu.yml")
    (step,) = [s for s in data["jobs"]["execute"]["steps"] if "make execute" in s.get("run", "")]
    script = step["run"].replace("make execute", "echo would run: make execute")
    done = subprocess.run(["bash", "-e", "-c", script], env={"NOTEBOOKS": notebooks, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)
    assert (done.returncode == 0) == accepted, done.stderr
    assert ("would run" in done.stdout) == accepted
