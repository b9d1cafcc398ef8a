"""environment.yml (conda) and pyproject.toml list the same packages with the same pins."""
import re
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CONDA_NAMES = {"torch": "pytorch", "ray": "ray-core"}  # pip name -> conda-forge name


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"^([A-Za-z0-9_.\-\[\]]+)\s*(.*)$", requirement.strip()).groups()
    return re.sub(r"\[.*\]", "", name).lower(), spec.replace(" ", "")


def test_conda_and_pip_lists_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    pip = dict(_split(r) for r in project["dependencies"] + extras["dev"] + extras["cluster"])
    pip = {CONDA_NAMES.get(k, k): v for k, v in pip.items()}
    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda = dict(_split(d) for d in deps if isinstance(d, str) and not d.startswith(("python", "pip")))
    pip_only = [d for entry in deps if isinstance(entry, dict) for d in entry["pip"] if not d.startswith("-e")]
    conda.update(_split(d) for d in pip_only)  # packages conda-forge lacks, installed by pip
    assert conda == pip


def test_conda_installs_the_project_itself_editable():
    deps = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    pip = [entry["pip"] for entry in deps if isinstance(entry, dict)]
    assert len(pip) == 1 and pip[0][-1] == "-e ."


def test_torch_is_pinned_to_the_cpu_friendly_release():
    """Exactly torch==2.13.0 (the CPU wheel on this machine kind), in both environment files:
    a range or another version pulls a CUDA build of several GB."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    torch_pins = [d for d in project["dependencies"] if d.replace(" ", "").lower().startswith("torch")
                  and not d.lower().startswith("torchvision")]
    assert torch_pins == ["torch==2.13.0"]
    conda = (ROOT / "environment.yml").read_text()
    assert "torch==2.13.0" in conda and "torch>" not in conda and "torch~" not in conda


def test_every_dependency_is_pinned_in_the_constraints_file():
    """make installs with -c constraints.txt: every package the project names has one exact pin."""
    import re
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"]) + [d for extra in project["optional-dependencies"].values() for d in extra]
    norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()  # noqa: E731
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[norm(name)] = version
    for requirement in wanted:
        name = norm(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
        assert pins.get(name), f"{name} is not pinned in constraints.txt (run: make constraints)"
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text()
