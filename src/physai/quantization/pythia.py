"""Paper profile only: the language-model part (Sec. 4) from precomputed per-token losses.

The paper evaluates the Pythia suite (70M … 12B parameters) on tokens of The Pile and
fits the mean loss against parameters, L ∝ N^−α_N with α_N ≈ 0.083, then looks at how
that mean decomposes over tokens.  Neither the models nor the data can be downloaded
here, so this module only reads a file of per-token losses that a GPU machine wrote:
an .npz with `parameters` (n_models,) — non-embedding parameter counts — and `losses`
(n_models, n_tokens) — each model's cross-entropy on the same tokens.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..fits import fit_power_law


def load_token_losses(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """(parameters, losses) from an .npz of per-token losses; models sorted by size."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no per-token loss file at {path}: write one on a machine with the Pythia "
                                "models (arrays `parameters` and `losses`), then point PHYSAI_PYTHIA_LOSSES at it")
    with np.load(path) as f:
        missing = {"parameters", "losses"} - set(f.files)
        if missing:
            raise ValueError(f"{path} lacks {sorted(missing)}; it holds {sorted(f.files)}")
        parameters, losses = np.asarray(f["parameters"], float), np.asarray(f["losses"], float)
    if losses.ndim != 2 or losses.shape[0] != len(parameters):
        raise ValueError(f"losses must be (n_models = {len(parameters)}, n_tokens), got {losses.shape}")
    order = np.argsort(parameters)
    return parameters[order], losses[order]


def token_scaling(parameters: np.ndarray, losses: np.ndarray) -> dict[str, float]:
    """α_N of the mean per-token loss (Fig. 3), and the share of tokens whose loss falls by
    more than half from the smallest to the largest model (a crude count of tokens whose
    quanta the larger models have learned)."""
    alpha_n, r2 = fit_power_law(parameters, losses.mean(1))
    dropped = float(np.mean(losses[-1] < losses[0] / 2))
    return {"alpha_N": alpha_n, "r2": r2, "tokens_halved": dropped}
