"""The claims notebook 04 tests, declared before the run that decides them (DESIGN.md §4).

The reference values are the paper's (Figs. 3–8); where the paper states a claim only by
its pictures, the reference is that qualitative statement and the rule makes the picture
a test: modules side by side, a feature computed once and read by several outputs, a
first layer split into branches, embedding neurons that read a subgroup's cosets
(`physai.bimt.structure`).  Cheap runs are scored over three initialisations (median, or
"in at least 2 of 3"), with the spread saved.  Where a control can pass a rule — plain L1
(no wiring cost, no swaps) for sparsity and modules, tokens relabelled at random for the
S4 cosets — it is trained or computed in the same run and judged by the same rule.
Our own rows: the wiring ratio against L1, the swap/locality ablation (the original's
training types), the effect of our one departure (Adam's state moved with the swapped
weights), and the vectorised swap (identity: a method check; time: a speed row).  One more
method check: on the original's own data draw and initialisation our code gives the
original code's number.
"""
from ..claims import (NOT_REPRODUCED, PARTLY, REPRODUCED, ClaimSpec, Registry, at_least, at_most, predicate,
                      rel_tol)
from ..modular import CIRCULARITY_CUT

_OWN_INPUTS = [[0, 2], [1, 3]]  # (x1, x3) -> first output, (x2, x4) -> second


def _two_thresholds(v) -> str:
    """Counts of seeds (of 3) showing the structure with every connection ≥ 1 % of its layer's
    largest kept, and ≥ 5 %: reproduced if 2 of 3 at 1 %, partly if 2 of 3 only at 5 %."""
    return REPRODUCED if v["1%"] >= 2 else PARTLY if v["5%"] >= 2 else NOT_REPRODUCED


def _at_least_half(share) -> str:
    return REPRODUCED if share >= 0.5 else PARTLY if share > 0 else NOT_REPRODUCED


_SEEDS = "in ≥ 2 of 3 seeds at 1 % (partly: only at 5 %)"
_L1 = "plain L1 (no wiring cost, no swaps), same seeds and data"

CLAIMS = Registry("04_bimt", "BIMT: brain-inspired modular training", [
    # in the notebook's order: the swaps are checked in its method section, before the tasks
    ClaimSpec("swap-identical", "method", "Vectorised swaps: same weights as the original's loop (both networks)",
              predicate("identical on both networks", lambda v: v is True)),
    ClaimSpec("swap-speed", "speed", "Vectorised swaps: much faster than the original's loop (smaller speed-up "
              "of the two networks)", at_least(10, "×")),
    ClaimSpec("ind-mse", "paper", "Independence: test MSE (median of 3 seeds)", at_most(1.5e-2), 7.4e-3, "paper",
              "Fig. 3",
              fails_if="Sparsity costing accuracy: an MSE above 1.5·10⁻², as a pruned-away module gives (an output's "
                       "variance: 0.3–1.1); the original code's worst seed already reached 1.08·10⁻²."),
    ClaimSpec("ind-adam", "ours", "Independence: leaving Adam's state in place at swaps, as the original does, "
              "raises the test MSE (median with the state left ÷ median with it moved, 3 seeds each)", at_least(3),
              fails_if="A ratio below 3: the 9× gap between our MSE (8.3·10⁻⁴) and the paper's (7.4·10⁻³) has "
                       "another cause than our one departure from the original's training."),
    ClaimSpec("ind-original", "method",
              "Independence on the original's own data draw and initialisation (numpy and torch seed 0), trained "
              "as the original (Adam's state left in place): our code gives the original code's test MSE",
              rel_tol(7.405e-3, 0.1), 7.405e-3, "original code, measured",
              "symbolic_formulas_3.1.ipynb (KindXiaoming/BIMT), independence cell at seed 0, run here"),
    ClaimSpec("ind-modules", "paper",
              "Independence: the network splits into two disjoint modules, one per output, each reading its own inputs",
              predicate(f"disjoint with own inputs {_SEEDS}", _two_thresholds), "two modules", "paper", "Fig. 3",
              control=_L1,
              fails_if="Hidden neurons shared by both outputs, or an output reading the other's inputs — what an "
                       "untrained network gives, and 2,000-step BIMT runs (a third input leaks in)."),
    ClaimSpec("ind-visible", "paper",
              "Independence: the two modules can be seen — own inputs, and side by side in every layer",
              predicate(f"side by side with own inputs {_SEEDS}", _two_thresholds), "two modules, visible", "paper",
              "Fig. 3", control=_L1,
              fails_if="Modules interleaved along a layer (a neuron of one between two of the other's) — what L1 "
                       "without locality leaves, its neurons where they started, x1 and x3 apart."),
    ClaimSpec("ind-ablation", "ours",
              "Independence: both locality and swaps are needed for visible modules (seeds of 3 with the modules "
              "side by side at 5 %, per training type of the original)",
              predicate("BIMT ≥ 2 of 3; L1 + local and L1 + swap each ≤ 1 of 3", lambda v: (
                  v["BIMT"] >= 2 and v["L1 + local"] <= 1 and v["L1 + swap"] <= 1)),
              fails_if="Either ingredient alone giving side-by-side modules in 2 of 3 seeds (swaps alone can: they "
                       "move neurons to shorten the wiring even when the loss does not charge length), or BIMT not."),
    ClaimSpec("ind-wiring", "ours", "Independence: wiring much shorter than with L1 alone (L1 / BIMT wiring length, "
              "median of 3 seeds)", at_least(5)),
    ClaimSpec("share-mse", "paper", "Feature sharing: test MSE (median of 3 seeds)", at_most(8.5e-4), 8.5e-5, "paper",
              "Fig. 3",
              fails_if="Sparsity costing accuracy: an MSE above 8.5·10⁻⁴, e.g. 0.03–0.09 if the λ ×10 phase pruned a "
                       "squared input that outputs reuse (var x² = 4/45)."),
    ClaimSpec("share-reuse", "paper",
              "Feature sharing: outputs reuse one another's features — each output reads exactly its inputs, and "
              "consecutive outputs share hidden neurons",
              predicate(f"own inputs and shared neurons {_SEEDS}", _two_thresholds), "features reused", "paper",
              "Fig. 3",
              fails_if="An output reading an input it does not depend on (every output reads every input in a dense "
                       "network), or outputs computed by disjoint modules, each squaring x1 for itself."),
    ClaimSpec("comp-mse", "paper", "Compositionality: test MSE (median of 3 seeds)", at_most(1.3e-2), 1.3e-3, "paper",
              "Fig. 3",
              fails_if="Sparsity costing accuracy: an MSE above 1.3·10⁻², e.g. ≈ 0.13 if the λ phase pruned one "
                       "squared-difference branch (predicting the mean: 0.25)."),
    ClaimSpec("comp-tree", "paper",
              "Compositionality: a tree — the first hidden layer splits into a (x1, x2) and a (x3, x4) branch, "
              "merged higher up",
              predicate(f"first layer split into the two branches {_SEEDS}", _two_thresholds), "compositional tree",
              "paper", "Fig. 3",
              fails_if="A first-layer neuron reading inputs of both pairs (x1 with x3, say) — what a dense network "
                       "does everywhere — or a pair the first layer does not read."),
    ClaimSpec("moons", "paper", "Two moons: near-perfect accuracy with few active neurons (test acc; active per layer)",
              predicate("≥ 0.97 and ≤ 6 per layer", lambda v: v["test acc"] >= 0.97 and max(v["active"]) <= 6),
              "≈ 100 %, few neurons", "paper", "Fig. 4",
              fails_if="More than 6 active neurons in a hidden layer — an unregularised network keeps nearly all 20 "
                       "above 5 % of the largest — or over-pruning below 0.97 accuracy."),
    ClaimSpec("digits-sparse", "paper", "Images: accuracy stays high while most connections vanish",
              predicate("acc ≥ 0.9, ≤ 10 % kept, pruning costs ≤ 0.02", lambda v: (
                  v["test acc"] >= 0.9 and v["weights kept"] <= 0.1
                  and v["test acc"] - v["test acc pruned"] <= 0.02)),
              "high accuracy, sparse", "paper", "Fig. 8", control=_L1,
              fails_if="Most weights surviving — an unregularised network keeps nearly all 17,400 above 1 % of its "
                       "layer's largest — or accuracy below 0.9, or pruning to sparsity costing over 0.02."),
    ClaimSpec("digits-local", "paper", "Images: first-layer receptive fields are spatially local (locality ratio)",
              at_most(0.5), "local", "paper", "Fig. 8", control=_L1,
              fails_if="a locality ratio above 0.5 (1 = receptive fields no more local than uniform weights)"),
    ClaimSpec("mod-acc", "paper", "Modular addition: test accuracy", at_least(0.99), 1.0, "paper", "Fig. 5",
              fails_if="Test accuracy well below 0.99: the training pairs memorised, not generalised, as p = 23 gave "
                       "in the same setting here (0.76 at 10k steps, 0.92 at 20k)."),
    ClaimSpec("mod-few", "paper",
              "Modular addition: a few embedding dimensions do the work (active places; acc with only them)",
              predicate("≤ 12 of 32 active, ≥ 0.99 with only them",
                        lambda v: v["active"] <= 12 and v["acc"] >= 0.99),
              "few neurons", "paper", "Fig. 5",
              fails_if="The embedding still spread over many places — our first, 6,000-step run used 15 of 32 — or "
                       "accuracy collapsing once the inactive places are zeroed."),
    ClaimSpec("mod-circles", "paper",
              "Modular addition: the active embedding lies on circles (circularity of its first 4 principal "
              "components, as notebook 05)",
              predicate(f"> {CIRCULARITY_CUT} (the book's one cut)", lambda v: v > CIRCULARITY_CUT), "circles",
              "paper", "Fig. 5",
              fails_if="Active embedding off circles: a random 7-dimensional embedding scores ≈ 0.22 on this metric "
                       "at p = 31, and our 6,000-step run 0.59 — tokens placed without Fourier structure."),
    ClaimSpec("s4", "paper",
              "Permutation group S4 (trained as the original: Adam's state left in place at swaps): learned with a "
              "few embedding dimensions (median of 3 seeds: test acc; active places)",
              predicate("acc ≥ 0.99, ≤ 12 active", lambda v: v["test acc"] >= 0.99 and v["active"] <= 12),
              "few neurons", "paper", "Fig. 6",
              fails_if="Test accuracy below 0.99 or more than 12 active places — as earlier trials at the paper's "
                       "settings gave: 0.81 / 1.00 / 0.77 with 13–19 places (Adam's state moved), 1.00 / 0.97 / 0.97 "
                       "with 11–12 (left in place): S4 partly memorised, not collapsed onto few dimensions."),
    ClaimSpec("s4-subgroups", "paper",
              "Permutation group S4: the embedding neurons read the group's subgroups — the share of active places "
              "whose values over the 24 elements depend only on the cosets of one subgroup (order 3–12; ≥ 90 % of "
              "the variance), median of 3 seeds",
              predicate("≥ 0.5 (partly: > 0)", _at_least_half), "modules ↔ subgroups", "paper", "Fig. 6",
              control="the same embeddings with the 24 elements relabelled at random (same values, no group)",
              fails_if="Embedding neurons mixing the group's structure — a random column fits some subgroup's "
                       "cosets to ≥ 90 % in under 0.1 % of draws — or a network whose active places carry no "
                       "single subgroup."),
    ClaimSpec("incontext", "paper", "In-context linear regression: modular circuits", None, "modules", "paper",
              "Fig. 7", fails_if="A trained transformer whose surviving wiring stays one entangled block — every "
                                 "surviving neuron serving both the in-context examples and the query's prediction — "
                                 "with no separable modules."),
])
