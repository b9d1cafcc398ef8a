"""The claims notebook 02 tests, declared before the run that decides them (DESIGN.md §4).

Every row is one of the paper's empirical claims (the LU mechanism, grokking induced and
removed), tested on our teacher–student, digits and modular-addition runs; the paper values
are the paper's own, mostly qualitative (the shape of a figure).
"""
import math

from ..claims import ClaimSpec, Registry, at_least, at_most, between, predicate

_NO_DATA = "the data set cannot be downloaded here"


def _induced(v: dict) -> bool:
    big, small = v["α=3"], v["α=1"]
    return (math.isnan(big) and not math.isnan(small)) or big > 2 * small


CLAIMS = Registry("02_omnigrok", "Omnigrok: grokking beyond algorithmic data", [
    ClaimSpec("ts-u", "paper", "Teacher-student: test loss is U-shaped in the weight norm (minimum; ends / minimum)",
              predicate("minimum at α ∈ [0.5, 2], both ends ≥ 3× it",
                        lambda v: 0.5 <= v["α at minimum"] <= 2 and v["ends / min"] >= 3),
              "U, minimum near the teacher's norm", "paper", "Fig. 1",
              fails_if="a test-loss minimum outside α ∈ [0.5, 2], or an end of the α range less than 3× the "
                       "minimum (a flat or monotone curve)"),
    ClaimSpec("ts-l", "paper", "Teacher-student: train loss is L-shaped (loss at α = 0.1 / largest at α ≥ 1)",
              at_least(10), "L", "paper", "Fig. 1",
              fails_if="a train loss at α = 0.1 less than 10× the largest over α ≥ 1 (small norms fitting "
                       "as well as large ones)"),
    ClaimSpec("ts-slope", "paper", "Teacher-student: time to generalise ∝ 1/γ (log-log slope)", between(-1.4, -0.6),
              -1.0, "paper", "Sec. 3",
              fails_if="a slope outside [−1.4, −0.6], e.g. a delay that does not depend on γ (slope 0)"),
    ClaimSpec("ts-halving", "paper", "Teacher-student: halving γ doubles the time to generalise (mean ratio)",
              between(1.6, 2.4), 2.0, "paper", "Sec. 3",
              fails_if="a mean ratio t(γ)/t(2γ) outside [1.6, 2.4] (1 for a delay that does not depend on γ)"),
    ClaimSpec("img-grok", "paper", "Digits: large init delays generalisation (gap in steps, α = 8 vs α = 1)",
              predicate("α = 8 ≥ 2000, α = 1 ≤ 200", lambda v: v["α=8"] >= 2000 and v["α=1"] <= 200),
              "α = 8 groks, α = 1 does not", "paper", "Fig. 3",
              fails_if="a gap under 2000 steps at α = 8 (no delay), or over 200 steps at α = 1"),
    ClaimSpec("img-l", "paper", "Digits on spheres: final train loss is flat-low for α ≥ 1 (largest)",
              at_most(1e-2), "L", "paper", "Fig. 3",
              fails_if="a final train loss above 10⁻² on any sphere with α ≥ 1"),
    ClaimSpec("img-u", "paper", "Digits on spheres: test accuracy is an inverted U in α",
              predicate("best at α ∈ [0.5, 4], ends ≥ 0.3 lower",
                        lambda v: 0.5 <= v["best α"] <= 4 and v["best"] - max(v["α=0.25"], v["α=8"]) >= 0.3),
              "best near α ≈ 1, poor at α = 8", "paper", "Fig. 3",
              fails_if="the best test accuracy outside α ∈ [0.5, 4], or less than 0.3 above either end "
                       "(α = 0.25, α = 8)"),
    ClaimSpec("img-removed", "paper",
              "Digits: the norm held at α = 1 removes the delay (gap; free α = 8 test acc at 5k steps)",
              predicate("gap < 500 and baseline < 0.9", lambda v: v["held gap"] < 500 and v["free α=8 at 5k"] < 0.9),
              "no delay", "paper", "Fig. 6",
              fails_if="a held-norm gap of 500 steps or more, or a free α = 8 baseline already at 0.9 test "
                       "accuracy by 5000 steps (no delay to remove)",
              caveat="Audit #21: projecting α·w₀ onto the α = 1 sphere gives back w₀, so the held run repeats "
                     "free α = 1 and adds no evidence; a norm off α = 1's trajectory is to replace it."),
    ClaimSpec("mod-induced", "paper", "Modular addition: large init induces the delay (gap α = 3 vs α = 1)",
              predicate("α = 3 > 2 × α = 1 (never counts as longer)", _induced),
              "large α groks, small does not", "paper", "Fig. 4",
              fails_if="a gap at α = 3 at most twice the gap at α = 1",
              caveat="Audit #21: the rule counts never generalising as a longer gap, so a run cut short while "
                     "α = 3 still memorises (test accuracy 0.067) passes; a longer run is to decide it on "
                     "observed grokking."),
    ClaimSpec("mod-removed", "paper",
              "Modular addition: the Goldilocks sphere removes grokking (gap; free α = 3 final test acc)",
              predicate("gap < 500 and baseline < 0.95",
                        lambda v: v["held gap"] < 500 and v["free α=3 final"] < 0.95),
              "no delay", "paper", "Fig. 6",
              fails_if="a held-norm gap of 500 steps or more, or a free α = 3 baseline ending at 0.95 test "
                       "accuracy or above",
              caveat="Audit #21: with 80 % of pairs for training, free α = 1 already generalises within 400 "
                     "steps, so there is no grokking to remove, and the 1.3× held norm was chosen after "
                     "trials; a 40 % split with norms named before the run is to replace it."),
    ClaimSpec("imdb", "paper", "IMDb sentiment (LSTM): grokking at large init, removed on the sphere", None,
              "groks / no delay", "paper", "Figs. 3, 6",
              fails_if="no delay at large initialisation, or a delay that remains on the sphere "
                       f"(no rule registered: {_NO_DATA})"),
    ClaimSpec("qm9", "paper", "QM9 molecules (graph network): grokking at large init, removed on the sphere", None,
              "groks / no delay", "paper", "Figs. 3, 6",
              fails_if="no delay at large initialisation, or a delay that remains on the sphere "
                       f"(no rule registered: {_NO_DATA})"),
])
