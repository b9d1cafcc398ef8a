"""Notebook 01 (grokking, effective theory) parameters per profile.

The original (ejmichaud/grokking-squared, toy/train_add.py and produce_figure_data.py):
width 200, AdamW with embedding lr 1e-3 and decoder lr 1e-4, 45 of 55 samples, 5000 steps
(Fig. 3), 1e4 steps (Figs. 4, 5b), training sizes 5..54 × seeds 0..2, phase diagram decoder
lr 10^-5..10^-2 (10 points) × decoder weight decay 0..10 (11 points).
"""
import numpy as np

_SIZES = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 54]
_LRS = [float(x) for x in np.logspace(-5, -2, 10)]
_WDS = [float(x) for x in range(11)]

# The paper repeats the phase diagram with a transformer on modular addition; its grid is not in
# the code release, so this one is ours: notebook 05's one-layer transformer (d = 128, four
# heads) on a + b mod 53 from half the pairs, learning rate × weight decay, 10⁴ steps.  About
# nine CPU-hours here: paper profile only (the smoke profile runs a 2 × 2 toy of it).
_TRANSFORMER = {"transformer_p": 53, "transformer_frac": 0.5, "transformer_width": 128,
                "transformer_lrs": [float(x) for x in np.logspace(-5, -2, 7)],
                "transformer_wds": [0.0, 0.3, 1.0, 3.0, 10.0, 30.0], "transformer_steps": 10_000,
                # one chunk of the grid = one stacked model; chunks cached under data/cache/ and
                # dispatched by physai.sweep (in-process, processes, or Ray with RAY_ADDRESS)
                "transformer_chunk": 7, "transformer_cache": "01_transformer_phases"}

# A reduced transformer phase diagram that fits the standard profile (issue 21): p = 31,
# d = 32, half the pairs, matmuls in bfloat16 (1.4× faster here on a nine-model stack; two
# cells' phases and first steps to 0.9 training accuracy agree with float32).  Round 4: the
# grid is chosen to be able to show the four phases (the round-3 grid, learning rates 10⁻⁴,
# 10⁻³, 10⁻² × weight decays 0, 1, 10 for 2500 steps, could not): learning rates whose runs
# fit the training set early (10⁻⁴ reached 0.9 training accuracy only at steps ~1750–2100),
# weight decays log-spaced from none to 3, and 3500 steps, so that a 10³-step delay after
# fitting fits in the run.  Round 5: weight decay 10 added (the decay that left every learning
# rate confused in round 3), so the grid spans the confused corner too.
_REDUCED = {"reduced_p": 31, "reduced_frac": 0.5, "reduced_width": 32,
            "reduced_lrs": [1e-3, 3e-3, 1e-2], "reduced_wds": [0.0, 0.3, 1.0, 3.0, 10.0], "reduced_steps": 3500,
            "reduced_precision": "bf16"}

# generalised-forced (round 4): 25–35-sample training sets whose ceiling (the share of test
# sums that occur in training) is ≥ 0.9, drawn (sizes 25, 30, 35 in turn, split seeds from
# 1000); trained like the training-set runs (same width and steps), the forced ones as the
# same-run control.  Round 5: per-size quotas, the same in both arms (3, 3, 2 sets of 25, 30,
# 35 samples each: 8 unforced, 8 forced); round 4 took sets first come first served, so the
# unforced were mostly 25-sample sets and the forced 30–35.
_CEILING = {"ceiling_sizes": [25, 30, 35], "ceiling_quotas": [3, 3, 2], "ceiling_seed": 1000}

# Fig. 6a: embedding (representation) learning rate × decoder learning rate, no weight decay;
# the original's grid is 10 × 10 from 10⁻⁵ to 10⁻² each (toy/produce_figure_data.py).
_LRLR = [float(x) for x in np.logspace(-5, -2, 10)]

PROFILES = {
    "smoke": {
        "showcase_steps": 300, "showcase_width": 200,
        "sizes": [20, 45], "seeds": [0], "sets_steps": 300, "sets_width": 32,
        "sgd_lr": 1.0,
        "rc_sizes": list(range(16, 31, 2)), "rc_sets": 200,
        "phase_lrs": _LRS[::4], "phase_wds": _WDS[::5], "phase_steps": 300, "phase_width": 32,
        "lrlr_emb_lrs": _LRLR[::5], "lrlr_dec_lrs": _LRLR[::5], "null_shuffles": 50,
        "effective_sets": 5, **_CEILING, "ceiling_quotas": [1, 0, 1],
        **_TRANSFORMER, "transformer_p": 7, "transformer_width": 16, "transformer_lrs": [1e-4, 1e-2],
        "transformer_wds": [0.0, 1.0], "transformer_steps": 100, "transformer_cache": None,
        "transformer_chunk": 2,
        **_REDUCED, "reduced_p": 7, "reduced_width": 16, "reduced_lrs": [1e-3, 1e-2], "reduced_wds": [0.0, 1.0],
        "reduced_steps": 100,
        "phase_chunk": 4, "phase_cache": None,  # several chunks, so the chunked path is exercised
    },
    "standard": {
        "showcase_steps": 5000, "showcase_width": 200,  # the paper's model, one run
        # width 128 fits 28 of the 33 training sets by step 4000 (width 64: 19 by 6000); 5000 steps
        # is the original's Fig. 3 run length
        "sizes": _SIZES, "seeds": [0, 1, 2], "sets_steps": 5000, "sets_width": 128,
        "sgd_lr": 1.0,  # plain GD on the embeddings: the step size at which they move within the run
        "rc_sizes": list(range(10, 41)), "rc_sets": 2000,
        # all ten of the original's decoder lrs × every other weight decay (0, 2, ..., 10): the
        # 10 × 6 lattice at which the original's stored fig5b data pass the Goldilocks rule
        # (0.556 against 0.333, the round-3 referee); 60 cells, about the old 5 × 11's cost.
        # Width 200 (the original's) does not fit: 60 runs × 1000 steps take 36 s here (width
        # 64: 8 s), so the grid alone would take ~290 s at 8000 steps
        "phase_lrs": _LRS, "phase_wds": _WDS[::2], "phase_steps": 8000, "phase_width": 64,
        "lrlr_emb_lrs": _LRLR[::2], "lrlr_dec_lrs": _LRLR[::2], "null_shuffles": 1000,
        "effective_sets": 60, **_CEILING,
        **_TRANSFORMER, "transformer_lrs": [], "transformer_wds": [],  # does not fit: see the notebook
        **_REDUCED,
        "phase_chunk": None, "phase_cache": None,  # each grid as one in-process chunk, not cached
    },
    "paper": {
        "showcase_steps": 5000, "showcase_width": 200,
        "sizes": _SIZES, "seeds": [0, 1, 2], "sets_steps": 10_000, "sets_width": 200,
        "sgd_lr": 1.0,
        "rc_sizes": list(range(10, 41)), "rc_sets": 10_000,
        "phase_lrs": _LRS, "phase_wds": _WDS, "phase_steps": 10_000, "phase_width": 200,
        "lrlr_emb_lrs": _LRLR, "lrlr_dec_lrs": _LRLR, "null_shuffles": 1000,
        "effective_sets": 60, **_CEILING,
        **_TRANSFORMER, **_REDUCED,
        "phase_chunk": 22, "phase_cache": "01_toy_phases",  # 5 chunks of the 110-run grid, resumable
    },
}
