"""The claims notebook 02 tests, declared before the run that decides them (DESIGN.md §4).

The `paper` rows are the paper's empirical claims (the LU mechanism, the Goldilocks zone,
grokking induced, its dependence on weight decay and data size, grokking removed), tested
on our teacher–student, digits and modular-addition runs; their reference values are the
paper's own, mostly qualitative (the shape of a figure).  The `ours` rows test the same
mechanism where the paper does not: removal on images, and a tabular regression standing
in for the paper's QM9 molecules (no data offline).

Figure numbers follow the original code's README (teacher-student Fig. 2, MNIST Fig. 3,
IMDb Fig. 4, QM9 Fig. 5, modular addition Figs. 6 and 8); Fig. 1 is the LU picture.
"""
import math

from ..claims import ClaimSpec, Registry, at_least, at_most, between, predicate

_NO_DATA = "the data set cannot be downloaded here"
# Half a step of the sphere grid (α doubles from sphere to sphere): the resolution with
# which the spheres locate the Goldilocks zone's edge.
_HALF_STEP = math.sqrt(2)
# "Removes the delay": the held run's gap is at most a quarter of the free run's, and the
# free run has a delay to remove (the paper's baseline transformer: "1000s of steps").
_REMOVED_FRACTION, _MIN_DELAY = 0.25, 1000


def _induced(v: dict) -> bool:
    """Both gaps observed (NaN, a run that never generalised, fails: memorisation is not
    grokking) and the large-α one more than twice the small-α one."""
    big, small = v["α=3"], v["α=1"]
    return not (math.isnan(big) or math.isnan(small)) and big > 2 * small


def _removed(held_gap: float, free_gap: float) -> bool:
    return free_gap >= _MIN_DELAY and held_gap <= _REMOVED_FRACTION * free_gap


_REMOVED_TEXT = (f"held gap ≤ {_REMOVED_FRACTION:g} × free gap, free gap ≥ {_MIN_DELAY} steps "
                 "(a held run never reaching 90 %: fails; a free run never reaching it: not testable here)")
# A free run that never generalises within the run has no observed norm at generalisation, so the
# rule cannot name the held run to score, and no observed delay: the run cannot decide the claim
# (common rules: a run stopped before the claim can be decided is "not testable here", not a failure).
_UNDECIDED_FREE = ("a free run that never reaches 90 % test accuracy within the run leaves the claim undecided: "
                   "not testable here (`check_removal`), since the rule needs the norm at which it generalised")


def check_removal(card, id: str, held_gap: float, free_gap: float, steps: int, reason: str = ""):
    """Score a removal row (mod-removed, img-removed): not testable here when the free run never
    generalised within its `steps` (NaN free gap), else the registered rule on (held, free) gaps."""
    if math.isnan(free_gap):
        why = f"the free run did not reach 90 % test accuracy within its {steps} steps: no norm at generalisation " \
              "names the held run, and no delay was observed to remove"
        return card.not_testable(id, "; ".join(r for r in (why, reason) if r))
    return card.check(id, held_gap, control=free_gap, reason=reason)


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
    ClaimSpec("img-goldilocks", "paper",
              "Digits: free α = 8 generalises as its norm enters the Goldilocks zone (norm at 90 % test / "
              "the zone's upper edge on the spheres; median of 3 seeds)",
              predicate(f"within a factor √2 of the edge: in [{1 / _HALF_STEP:.3f}, {_HALF_STEP:.3f}]",
                        lambda v: 1 / _HALF_STEP <= v <= _HALF_STEP),
              "generalisation at w ≈ w_c, the zone's edge", "paper", "Fig. 1; Sec. 2",
              control="the same runs' norm when they fitted the training set (90 % train accuracy) over the "
                      "same edge (median of 3 seeds): the LU picture puts it outside the zone",
              fails_if="a ratio outside [1/√2, √2] (generalising far inside the zone, or before reaching it), "
                       "or the control inside that window too"),
    ClaimSpec("img-removed", "ours",
              "Digits: held on the sphere nearest the norm where free α = 8 generalised (its start rescaled "
              "onto it), the network generalises without the delay (held gap; control: free α = 8's gap)",
              predicate(_REMOVED_TEXT, lambda v, c: _removed(v, c), uses_control=True),
              control="the free α = 8 run (seed 0) of the same family",
              fails_if="a held gap above a quarter of the free run's, a held run that never generalises, or a "
                       f"free run that generalises with less than a 1000-step delay ({_UNDECIDED_FREE})"),
    ClaimSpec("img-data", "paper",
              "Digits: more data shortens the delay (gap with 1000 / with 300 training digits, α = 8; "
              "median of 3 seeds)",
              at_most(0.5), "less grokking with more data", "paper", "abstract; Sec. 3",
              fails_if="a median ratio above 0.5 (the delay does not halve when the training set grows 3.3×), "
                       "or a run that never generalises (NaN)"),
    ClaimSpec("mod-induced", "paper", "Modular addition: large init induces the delay (gap α = 3 vs α = 1)",
              predicate("α = 3 > 2 × α = 1, both reaching 90 % test accuracy", _induced),
              "large α groks, small does not", "paper", "Fig. 6",
              fails_if="a gap at α = 3 at most twice the gap at α = 1, or either run never reaching 90 % test "
                       "accuracy within the run (never generalising is memorisation, not grokking)"),
    ClaimSpec("mod-removed", "paper",
              "Modular addition, 40 % of pairs: the sphere nearest the norm where free α = 1 generalised "
              "removes its delay (held gap; control: free α = 1's gap)",
              predicate(_REMOVED_TEXT, lambda v, c: _removed(v, c), uses_control=True),
              "no delay", "paper", "Fig. 8",
              control="the free α = 1 run of the same family (grokking at 40 % of pairs)",
              fails_if="a held gap above a quarter of the free run's, a held run that never generalises, or a "
                       f"free run that generalises with less than a 1000-step delay ({_UNDECIDED_FREE})",
              caveat="on the standard profile (p = 31, 40 % of pairs) the free α = 1 run did not generalise within "
                     "5000 steps (issue 21, test accuracy 0.03) nor within 25 000 in a probe (0.06, norm resting "
                     "near 1.45 × default): the row is decided only by a run in which the free transformer groks, "
                     "the paper profile's p = 113, 30 % of pairs"),
    ClaimSpec("tab-lu", "ours",
              "Tabular stand-in (diabetes regression, not the paper's data): on the spheres α = 8 fits the "
              "training set, yet its test loss is ≥ 3× α = 1's (the LU at two norms)",
              predicate("held α = 8: train MSE ≤ 0.1 and test MSE ≥ 3 × held α = 1's",
                        lambda v: v["α=8 train"] <= 0.1 and v["test α=8 / α=1"] >= 3),
              fails_if="held α = 8 not fitting the training set (train MSE > 0.1, a tenth of the target's "
                       "variance), or a test loss less than 3× held α = 1's (no U; the factor of ts-u)"),
    ClaimSpec("tab-grok", "ours",
              "Tabular stand-in (diabetes): free at α = 8, the test loss comes within 10 % of free α = 1's "
              "long after the training set is fitted (steps; median of 3 seeds)",
              at_least(500, " steps"),
              fails_if="a delay under 500 steps (a tenth of the run), or a run that never catches up (NaN)"),
    ClaimSpec("imdb", "paper", "IMDb sentiment (LSTM): grokking at large init, removed on the sphere", None,
              "groks / no delay", "paper", "Fig. 4",
              fails_if="no delay at large initialisation, or a delay that remains on the sphere "
                       f"(no rule registered: {_NO_DATA})"),
    ClaimSpec("qm9", "paper", "QM9 molecules (graph network): grokking at large init, removed on the sphere", None,
              "groks / no delay", "paper", "Fig. 5",
              fails_if="no delay at large initialisation, or a delay that remains on the sphere "
                       f"(no rule registered: {_NO_DATA})"),
])
