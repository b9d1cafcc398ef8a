"""Per-notebook parameters for the three profiles: smoke, standard, paper.

- smoke: seconds per notebook; only proves the pipeline runs end to end.
- standard: the default, sized for 2 CPU cores; the committed outputs come from it.
- paper: the original papers' hyperparameters, for a GPU or a cluster.

Each paper's subpackage declares its three parameter sets in a module-level dict
`PROFILES = {"smoke": {...}, "standard": {...}, "paper": {...}}`; this module finds
it, validates the request and hands back a read-only `Params`.
"""
from __future__ import annotations

import importlib
import os
from types import MappingProxyType
from typing import Any, Mapping

PROFILE_NAMES = ("smoke", "standard", "paper")
DEFAULT_PROFILE = "standard"
ENV_VAR = "PHYSAI_PROFILE"

# notebook stem -> the module that holds its PROFILES (DESIGN.md §1 order)
NOTEBOOKS: dict[str, str] = {
    "01_grokking_effective_theory": "physai.grokking.config",
    "02_omnigrok": "physai.omnigrok.config",
    "03_quantization_model": "physai.quantization.config",
    "04_bimt": "physai.bimt.config",
    "05_clock_pizza": "physai.clockpizza.config",
    "06_sid": "physai.sid.config",
    "07_pfgm": "physai.generative.pfgm.config",
    "08_pfgmpp": "physai.generative.pfgmpp.config",
    "09_genphys": "physai.generative.genphys.config",
}


class Params(Mapping[str, Any]):
    """Read-only parameters with attribute access; a typo names the valid keys."""

    def __init__(self, notebook: str, profile: str, values: Mapping[str, Any]):
        self._notebook, self._profile = notebook, profile
        self._values = MappingProxyType(dict(values))

    notebook = property(lambda self: self._notebook)
    profile = property(lambda self: self._profile)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(
                f"{self._notebook} has no parameter {name!r}; valid: {sorted(self._values)}"
            ) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        return f"Params({self._notebook}, {self._profile}: {inner})"


def resolve_profile(profile: str | None = None) -> str:
    """The profile to use: $PHYSAI_PROFILE when set, else `profile`, else the default.

    The environment wins over the notebook's parameters cell's *default* so that
    `PHYSAI_PROFILE=smoke pytest --nbval-lax notebooks/` runs every notebook small; a
    profile chosen otherwise (papermill's `-p profile paper`) that disagrees with the
    environment is an error, not silently overridden.
    """
    env = os.environ.get(ENV_VAR)
    if env and profile and profile not in (env, DEFAULT_PROFILE):
        raise ValueError(f"profile {profile!r} and ${ENV_VAR}={env!r} disagree: ${ENV_VAR} overrides only the "
                         f"default profile ({DEFAULT_PROFILE!r}); unset it or ask for the same profile")
    chosen = env or profile or DEFAULT_PROFILE
    if chosen not in PROFILE_NAMES:
        source = f"${ENV_VAR}" if os.environ.get(ENV_VAR) else "profile"
        raise ValueError(f"unknown {source} {chosen!r}; valid profiles: {', '.join(PROFILE_NAMES)}")
    return chosen


def resolve_notebook(notebook: str) -> str:
    """Accept a stem ('06_sid'), a number ('06', 6) or a paper name ('sid')."""
    key = str(notebook)
    for stem in NOTEBOOKS:
        if key in (stem, stem[:2], stem[3:]) or (key.isdigit() and int(key) == int(stem[:2])):
            return stem
    raise ValueError(f"unknown notebook {notebook!r}; valid notebooks: {', '.join(NOTEBOOKS)}")


def table(notebook: str) -> dict[str, dict[str, Any]]:
    """All three parameter sets of a notebook, {profile: {name: value}}."""
    stem = resolve_notebook(notebook)
    try:
        module = importlib.import_module(NOTEBOOKS[stem])
    except ModuleNotFoundError:
        raise ValueError(f"notebook {stem} has not landed yet (no module {NOTEBOOKS[stem]})") from None
    return module.PROFILES


def load(notebook: str, profile: str | None = None, **overrides: Any) -> Params:
    """Parameters of `notebook` at `profile`, with optional overrides of existing keys.

    >>> cfg = load("06_sid", "smoke", trajectory_time=5.0)   # change one parameter

    Under $PHYSAI_PAPER_PATH the paper profile comes back with its iteration counts and
    sample sizes capped (physai.paperpath), so that its code paths run on a CPU in minutes.
    """
    stem = resolve_notebook(notebook)
    name = resolve_profile(profile)
    values = dict(table(stem)[name])
    unknown = set(overrides) - set(values)
    if unknown:
        raise ValueError(f"{stem} has no parameter(s) {sorted(unknown)}; valid: {sorted(values)}")
    values.update(overrides)
    if name == "paper":
        from . import paperpath

        if paperpath.active():  # `make test-paper-path`: the paper's configuration, iterations capped
            values = paperpath.cap(stem, values)
    return Params(stem, name, values)
