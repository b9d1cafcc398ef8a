"""The claims notebook 04 tests, declared before the run that decides them (DESIGN.md §4).

The reference values are the paper's (Figs. 3–8); where the paper states a claim only by
its pictures, the reference is that qualitative statement.  Two rows are not the paper's:
the wiring ratio against plain L1 (our own control experiment: the paper reports no wiring
length) and the vectorised swap, checked for identity (a method check) and timed (a speed
row, kept out of the checked verdicts).
"""
from ..claims import (NOT_REPRODUCED, PARTLY, REPRODUCED, ClaimSpec, Registry, at_least, at_most,
                      predicate)

_OWN_INPUTS = [[0, 2], [1, 3]]  # (x1, x3) -> first output, (x2, x4) -> second


def _modules(v) -> str:
    if v["shared @1%"] == 0 and v["inputs @1%"] == _OWN_INPUTS:
        return REPRODUCED
    if v["shared @5%"] == 0 and v["inputs @5%"] == _OWN_INPUTS:
        return PARTLY
    return NOT_REPRODUCED


_NO_CONTROL = "Audit #22: BIMT rows pass without a control in this run; "

CLAIMS = Registry("04_bimt", "BIMT: brain-inspired modular training", [
    # in the notebook's order: the swaps are checked in its method section, before the tasks
    ClaimSpec("swap-identical", "method", "Vectorised swaps: same weights as the original's loop (both networks)",
              predicate("identical on both networks", lambda v: v is True)),
    ClaimSpec("swap-speed", "speed", "Vectorised swaps: much faster than the original's loop (smaller speed-up "
              "of the two networks)", at_least(10, "×")),
    ClaimSpec("ind-mse", "paper", "Independence: test MSE", at_most(1.5e-2), 7.4e-3, "paper", "Fig. 3",
              fails_if="Sparsity costing accuracy: an MSE above 1.5·10⁻², as a pruned-away module gives (an output's "
                       "variance: 0.3–1.1); the original code's worst seed already reached 1.08·10⁻².",
              caveat="Audit #22: our MSE (8.3·10⁻⁴) is 9× below the paper's and the original code's "
                     "(7.4–10.8·10⁻³), unexplained; the setup difference is still to be found."),
    ClaimSpec("ind-modules", "paper", "Independence: the network splits into two disjoint modules, one per output",
              predicate("disjoint with own inputs at 1 % (partly: only at 5 %)", _modules), "two modules", "paper",
              "Fig. 3",
              fails_if="Hidden neurons shared by both outputs, or an output reading the other's inputs — what an "
                       "untrained or unregularised network gives, and 2,000-step BIMT runs (a third input leaks in)."),
    ClaimSpec("ind-wiring", "ours", "Independence: wiring much shorter than with L1 alone (L1 / BIMT wiring length)",
              at_least(5)),
    ClaimSpec("share-mse", "paper", "Feature sharing: test MSE", at_most(8.5e-4), 8.5e-5, "paper", "Fig. 3",
              fails_if="Sparsity costing accuracy: an MSE above 8.5·10⁻⁴, e.g. 0.03–0.09 if the λ ×10 phase pruned a "
                       "squared input that outputs reuse (var x² = 4/45).",
              caveat="Audit #22: tests only the error; the paper's Fig. 3 claim is structural "
                     "(outputs reusing one another's features), which this row does not score."),
    ClaimSpec("comp-mse", "paper", "Compositionality: test MSE", at_most(1.3e-2), 1.3e-3, "paper", "Fig. 3",
              fails_if="Sparsity costing accuracy: an MSE above 1.3·10⁻², e.g. ≈ 0.13 if the λ ×10 phase pruned one "
                       "squared-difference branch (predicting the mean: 0.25).",
              caveat="Audit #22: tests only the error; the paper's Fig. 3 claim is structural "
                     "(a compositional tree), which this row does not score."),
    ClaimSpec("moons", "paper", "Two moons: near-perfect accuracy with few active neurons (test acc; active per layer)",
              predicate("≥ 0.97 and ≤ 6 per layer", lambda v: v["test acc"] >= 0.97 and max(v["active"]) <= 6),
              "≈ 100 %, few neurons", "paper", "Fig. 4",
              fails_if="More than 6 active neurons in a hidden layer — an unregularised network keeps nearly all 20 "
                       "above 5 % of the largest — or over-pruning below 0.97 accuracy."),
    ClaimSpec("digits-sparse", "paper", "Images: accuracy stays high while most connections vanish",
              predicate("acc ≥ 0.9, ≤ 10 % kept, pruning costs ≤ 0.02", lambda v: (
                  v["test acc"] >= 0.9 and v["weights kept"] <= 0.1
                  and v["test acc"] - v["test acc pruned"] <= 0.02)),
              "high accuracy, sparse", "paper", "Fig. 8",
              fails_if="Most weights surviving — an unregularised network keeps nearly all 17,400 above 1 % of its "
                       "layer's largest — or accuracy below 0.9, or pruning to sparsity costing over 0.02.",
              caveat=_NO_CONTROL + "this one is not specific to BIMT: plain L1 (no wiring cost, no swaps) "
                     "keeps 0.973 accuracy with 3.5 % of the weights (0.975 pruned) and passes it too."),
    ClaimSpec("digits-local", "paper", "Images: first-layer receptive fields are spatially local (locality ratio)",
              at_most(0.5), "local", "paper", "Fig. 8",
              fails_if="a locality ratio above 0.5 (1 = receptive fields no more local than uniform weights)",
              caveat=_NO_CONTROL + "plain L1, measured separately, scores 0.889 and would fail the rule."),
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
    ClaimSpec("mod-circles", "paper", "Modular addition: the active embedding lies on circles (circularity)",
              at_least(0.8), "circles", "paper", "Fig. 5",
              fails_if="Active embedding off circles: a random embedding scores ≈ 0.22 on this metric at p = 31, and "
                       "our 6,000-step run 0.59 — tokens placed without Fourier structure.",
              caveat="Audit #22: the cut 0.8 is looser than notebook 05's > 0.95 for the same metric, and "
                     "principal components 1–2 look like a blob; one threshold per metric is to be set."),
    ClaimSpec("s4", "paper", "Permutation group S4: learned with a few embedding dimensions (test acc; active places)",
              predicate("acc ≥ 0.99, ≤ 12 active", lambda v: v["test acc"] >= 0.99 and v["active"] <= 12),
              "few neurons", "paper", "Fig. 6",
              fails_if="Test accuracy 0.77–0.81 with 13–19 active places, as two of three trials at the paper's "
                       "settings gave: S4 partly memorised, not collapsed onto few embedding dimensions.",
              caveat="Audit #22: filed not testable although trials at the paper's settings failed this rule "
                     "(test accuracy 0.81 / 1.00 / 0.77, 13–19 active places); the paper's claim "
                     "(modules ↔ subgroups) was narrowed to this one."),
    ClaimSpec("incontext", "paper", "In-context linear regression: modular circuits", None, "modules", "paper",
              "Fig. 7", fails_if="A trained transformer whose surviving wiring stays one entangled block — every "
                                 "surviving neuron serving both the in-context examples and the query's prediction — "
                                 "with no separable modules."),
])
