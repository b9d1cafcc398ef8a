"""The claims notebook 02 tests, declared before the run that decides them (DESIGN.md §4).

The `paper` rows are the paper's empirical claims (the LU mechanism, the Goldilocks zone,
grokking induced, its dependence on weight decay and data size, grokking removed), tested
on our teacher–student, digits and modular-addition runs; their reference values are the
paper's own, mostly qualitative (the shape of a figure).  The `ours` rows test the same
mechanism where the paper does not: removal on images, and a tabular regression standing
in for the paper's QM9 molecules (no data offline).

Figure numbers follow the original code's README (teacher-student Fig. 2, MNIST Fig. 3,
IMDb Fig. 4, QM9 Fig. 5, modular addition Figs. 6 and 8); the LU curves are Fig. 1b, so ts-u and
ts-l cite Figs. 1b and 2 (round-4 referee).  They have not been checked against the paper's text here
(no copy offline); mod-induced cites the paper's general statement (Secs. 2–3) instead of a figure.
"""
import math

from ..claims import ClaimSpec, Registry, at_least, at_most, between, predicate

_NO_DATA = "the data set cannot be downloaded here"
# Half a step of the sphere grid around the Goldilocks zone's upper edge: the resolution with which
# the spheres locate it.  The grid is quarter-octave there (α = 2^(k/4), 2.83 … 5.66, config
# img_fine_alphas), so half a step is 2^(1/8) = 1.09 (it was √2 on the octave grid 0.25 … 8).
_HALF_STEP = 2 ** (1 / 8)
# img-l's vertical arm: the smallest sphere's final train loss over the flat arm's largest, the
# factor ts-l asks of the teacher-student L.
_L_FACTOR = 10
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


def median_bounds(values, lower, upper) -> tuple[float, float]:
    """The median over seeds when some runs are unfinished: each NaN value is replaced by its
    `lower`, then by its `upper` bound (±inf where the run bounds nothing), giving the smallest and
    the largest median the finished runs allow (the median is monotone in each value)."""
    import statistics
    vals = [float(v) for v in values]
    lo = [b if math.isnan(v) else v for v, b in zip(vals, lower)]
    hi = [b if math.isnan(v) else v for v, b in zip(vals, upper)]
    return float(statistics.median(lo)), float(statistics.median(hi))


def check_seeds_bounded(card, id: str, values, lower, upper, control=None, reason: str = ""):
    """`card.check_seeds` for runs stopped before they decided (the core turns a NaN seed into a
    failing median).  A NaN seed is an unfinished run whose value lies in [lower, upper] (its bounds;
    ±inf: unbounded).  With no NaN: `card.check_seeds`.  Otherwise the registered rule is read at
    the smallest and largest possible median and at points between (a linear and a geometric grid): one
    verdict throughout decides the row, on the median the bounds allow (the spread records them);
    else it is not testable here (the run stopped before the claim could be decided)."""
    import numpy as np
    vals = [float(v) for v in values]
    if not any(math.isnan(v) for v in vals):
        return card.check_seeds(id, vals, control=control, reason=reason)
    lo, hi = median_bounds(vals, lower, upper)
    spec = card.registry[id]
    # the rules here are thresholds and windows on ratios: a linear grid across the interval plus a
    # geometric one (±10⁻³ … 10³, 2.3 % steps) inside it finds any change of verdict
    probes = np.concatenate([np.geomspace(1e-3, 1e3, 601), -np.geomspace(1e-3, 1e3, 601), [0.0]])
    grid = np.concatenate([np.linspace(max(lo, -1e6), min(hi, 1e6), 201), probes[(probes >= lo) & (probes <= hi)]])
    verdicts = {spec.rule.verdict(float(x), control) if spec.rule.uses_control else spec.rule.verdict(float(x))
                for x in grid}
    note = f"unfinished run(s) bounded: the median lies in [{lo:.3g}, {hi:.3g}]"
    if len(verdicts) > 1:
        return card.not_testable(id, "; ".join(r for r in (reason, note + ", where the rule's verdict "
                                                           "changes: the run stopped before deciding") if r))
    ours = lo if math.isfinite(lo) else hi
    return card.check(id, round(ours, 3), control, "; ".join(r for r in (reason, note) if r),
                      spread=[lo, hi], seeds=len(vals))


CLAIMS = Registry("02_omnigrok", "Omnigrok: grokking beyond algorithmic data", [
    ClaimSpec("ts-u", "paper", "Teacher-student: test loss is U-shaped in the weight norm (minimum; ends / minimum)",
              predicate("minimum at α ∈ [0.5, 2], both ends ≥ 3× it",
                        lambda v: 0.5 <= v["α at minimum"] <= 2 and v["ends / min"] >= 3),
              "U, minimum near the teacher's norm", "paper", "Figs. 1b, 2",
              fails_if="a test-loss minimum outside α ∈ [0.5, 2], or an end of the α range less than 3× the "
                       "minimum (a flat or monotone curve)"),
    ClaimSpec("ts-l", "paper", "Teacher-student: train loss is L-shaped (loss at α = 0.1 / largest at α ≥ 1)",
              at_least(10), "L", "paper", "Figs. 1b, 2",
              fails_if="a train loss at α = 0.1 less than 10× the largest over α ≥ 1 (small norms fitting "
                       "as well as large ones)"),
    ClaimSpec("ts-slope", "paper", "Teacher-student: time to generalise ∝ 1/γ (log-log slope)", between(-1.4, -0.6),
              -1.0, "paper", "Sec. 3",
              fails_if="a slope outside [−1.4, −0.6], e.g. a delay that does not depend on γ (slope 0)",
              caveat="a separate row 'halving γ doubles the time' (mean t(γ)/t(2γ) in [1.6, 2.4]) was merged into this "
                     "one after the round-3 referee found it double-counts the slope: the same four times decide both "
                     "(2^0.87 = 1.83 on the last run); the ratios are printed, not scored"),
    ClaimSpec("img-grok", "paper", "Digits: large init delays generalisation (gap in steps, α = 8 vs α = 1)",
              predicate("α = 8 ≥ 2000, α = 1 ≤ 200", lambda v: v["α=8"] >= 2000 and v["α=1"] <= 200),
              "α = 8 groks, α = 1 does not", "paper", "Fig. 3",
              fails_if="a gap under 2000 steps at α = 8 (no delay), or over 200 steps at α = 1"),
    ClaimSpec("img-l", "paper",
              "Digits on spheres: final train loss is flat-low for α ≥ 1 (largest) and high at α = 0.25 (its ratio to it)",
              predicate(f"largest over α ≥ 1 ≤ 10⁻², and α = 0.25's ≥ {_L_FACTOR}× it",
                        lambda v: v["largest α≥1"] <= 1e-2 and v["α=0.25 / largest"] >= _L_FACTOR),
              "L", "paper", "Fig. 3",
              fails_if=f"a final train loss above 10⁻² on any sphere with α ≥ 1, or α = 0.25's less than {_L_FACTOR}× "
                       "the largest of them (the small norm fitting as well as the large ones: no L)",
              caveat="the α = 0.25 contrast was added in round 4 (issue 21's next round) knowing the last run's values: "
                     "α = 0.25 ended at 7.7 × 10⁻², 19× the flat arm's largest (4 × 10⁻³); the factor 10 is ts-l's, "
                     "not chosen on these numbers"),
    ClaimSpec("img-u", "paper", "Digits on spheres: test accuracy is an inverted U in α",
              predicate("best at α ∈ [0.5, 4], ends ≥ 0.3 lower",
                        lambda v: 0.5 <= v["best α"] <= 4 and v["best"] - max(v["α=0.25"], v["α=8"]) >= 0.3),
              "best near α ≈ 1, poor at α = 8", "paper", "Fig. 3",
              fails_if="the best test accuracy outside α ∈ [0.5, 4], or less than 0.3 above either end "
                       "(α = 0.25, α = 8)"),
    ClaimSpec("img-goldilocks", "paper",
              "Digits: free α = 8 generalises as its norm enters the Goldilocks zone (norm at 90 % test / "
              "the zone's upper edge on the spheres, quarter-octave grid there; median of 3 seeds)",
              predicate(f"within half a grid step of the edge: in [{1 / _HALF_STEP:.3f}, {_HALF_STEP:.3f}]",
                        lambda v: 1 / _HALF_STEP <= v <= _HALF_STEP),
              "generalisation at w ≈ w_c, the zone's edge", "paper", "Fig. 1; Sec. 2",
              control="the same runs' norm when they fitted the training set (90 % train accuracy) over the "
                      "same edge (median of 3 seeds): the LU picture puts it outside the zone",
              fails_if="a ratio outside [0.917, 1.091] (generalising well inside the zone, e.g. at the norm where "
                       "the free runs end, 3.3–3.5 × the default, or before reaching it), or the control inside "
                       "that window too; a seed that never generalises is bounded by its final norm "
                       "(`check_seeds_bounded`: its ratio is below final norm / edge)",
              caveat="re-registered in round 4 (rule and grid before the run): spheres every quarter octave from 2.83 "
                     "to 5.66 and the window half that grid step, 2^(±1/8), instead of √2, which covered where every "
                     "free run ends (the round-3 referee). Known when it was set: the last run's free runs generalised "
                     "at 4.05, 3.74 and 4.48 × the default (seeds 0–2), and its octave grid put the edge at 4.27 "
                     "(ratio 0.95, 0.87, 1.05); the new edge was not known. Round-4 run: not reproduced, median 0.846 "
                     "(0.80–0.92): the free runs generalise at 3.9–4.5 × the default, about 15 % inside the edge the "
                     "fine grid puts at 4.86 (between the 4.76 sphere, which reaches 90 % test only at step 9500 of its "
                     "10 000, and 5.66, which never does). The flip point: the single-seed 4.76 sphere ends at test 0.9045; "
                     "had it ended at ≤ 0.881 the edge would be 4.46 (between 4 and 4.76) and the median ratio 0.921, "
                     "inside the window (reproduced). Near the edge the held runs generalise late and are still rising, "
                     "so longer sphere runs only push the edge out (5.66 may cross too) and the ratio further down: "
                     "'not reproduced' is robust to run length; the risk is seed noise on one-seed spheres. Next round: "
                     "the fine spheres on 3 seeds, or a one-sided rule registered first"),
    ClaimSpec("img-removed", "ours",
              "Digits: held on the sphere nearest the norm where free α = 8 generalised (its start rescaled "
              "onto it), the network generalises without the delay (held gap; control: free α = 8's gap)",
              predicate(_REMOVED_TEXT, lambda v, c: _removed(v, c), uses_control=True),
              control="the free α = 8 run (seed 0) of the same family",
              fails_if="a held gap above a quarter of the free run's, a held run that never generalises, or a "
                       f"free run that generalises with less than a 1000-step delay ({_UNDECIDED_FREE})",
              caveat="holds on the α = 4 sphere. Round 3 (octave spheres): the zone's upper edge at 4.27, the α = 4 "
                     "plateau ~0.91, and a sphere a little further out would not have generalised (round-3 referee). "
                     "Round 4 (rerun, same rule): the quarter-octave spheres put the edge at 4.86, the α = 4 sphere ends "
                     "at 0.93 and the 4.76 sphere generalises too, late (gap 9300). The candidate set now includes the "
                     "quarter-octave spheres (img_fine_alphas, added for img-goldilocks in round 4), which changes the "
                     "rule's pick: the 4/4.76 log-midpoint is 4.36 against the free run's 4.11 (6 % margin); a free run "
                     "generalising above 4.36 would have named the 4.76 sphere, whose 9300-step gap fails the rule. "
                     "Disclosed in round 5 (caveat only)"),
    ClaimSpec("img-data", "paper",
              "Digits: more data shortens the delay (gap with 1000 / with 300 training digits, α = 8; "
              "median of 3 seeds)",
              at_most(0.5), "less grokking with more data", "paper", "abstract; Sec. 3",
              fails_if="a median ratio above 0.5 (the delay does not halve when the training set grows 3.3×); "
                       "a run that never generalises is bounded by the run's length (`check_seeds_bounded`: with "
                       "1000 digits, its gap is at least the steps left after it fitted; with 300, likewise), and "
                       "a median the bounds leave on both sides of 0.5 is not testable here"),
    ClaimSpec("mod-induced", "paper", "Modular addition: large init induces the delay (gap α = 3 vs α = 1)",
              predicate("α = 3 > 2 × α = 1, both reaching 90 % test accuracy", _induced),
              "large α groks, small does not", "paper", "Secs. 2–3 (general statement)",
              fails_if="a gap at α = 3 at most twice the gap at α = 1, or either run never reaching 90 % test "
                       "accuracy within the run (never generalising is memorisation, not grokking)",
              caveat="the paper's general statement (large initial norm → delayed generalisation, Secs. 2–3), not a "
                     "figure: the original's modular-addition transformer is trained free at the standard init and "
                     "groks there; it has no α = 3 run. Our α = 1 does not grok because we train on "
                     "80 % of the pairs; the source was 'Fig. 6' until the round-3 referee found it wrong"),
    ClaimSpec("mod-removed", "paper",
              "Modular addition, 80 % of pairs: started from free α = 3's weights rescaled onto the sphere (grid "
              "2^(k/4) × the default, k = 0 … 4) nearest the norm where free α = 3 generalised and held there, the "
              "transformer generalises without the delay (held gap; control: free α = 3's gap)",
              predicate(_REMOVED_TEXT, lambda v, c: _removed(v, c), uses_control=True),
              "no delay", "paper", "Fig. 8",
              control="the free α = 3 run at 80 % of the pairs (mod-induced's, the same split and seed; trained "
                      "9000 steps in its own family)",
              fails_if="a held gap above a quarter of the free run's, a held run that never generalises within its "
                       f"5000 steps, or a free run that generalises with less than a 1000-step delay ({_UNDECIDED_FREE})",
              caveat="re-registered in round 4 (issue 21's next round) before its run: the round-3 version held "
                     "free α = 1 at 40 % of the pairs, which never generalised (not testable here). The held sphere is "
                     "the original's procedure (it rescales the initial weights to 0.8 × and holds them, below where "
                     "its free run's norm ends after generalising): the norm at which the free run generalises, the "
                     "LU picture's w_c. Rescaling α·w₀ onto a sphere gives c·w₀, so the held runs are c·w₀ held. "
                     "Known when it was set: in the last run free α = 3 generalised at step 6050 with its norm near "
                     "27–29 (≈ 1.4–1.5 × the default 19), so the 1.41 sphere was the likely pick; at 40 % of the pairs "
                     "held 1.3 and 1.6 never generalised, held 1.0 did (gap 1300); no held run at 80 % had been run. "
                     "Round-4 run, fragile (one seed): free α = 3 generalised at 1.53 × the default, 0.8 % below the "
                     "log-midpoint of the 1.41 and 1.68 spheres, √(1.41 × 1.68) = 1.542, so the rule scored 1.41 "
                     "(held gap 550 vs free 5700). The margin is small against how the free run moves: its norm falls "
                     "in saw-tooth drops (near steps 3200, 5000 and 6500), and its 90 % crossing moved from step 6050 "
                     "(round 3) to 6200 (round 4) with no change of settings; a crossing a couple of hundred steps "
                     "earlier, at a norm above 1.542, would have named the 1.68 sphere, which never generalises "
                     "(final test 0.74): not reproduced. The held zone is narrow: 1.19 and 1.41 generalise (gaps 50 "
                     "and 550); 1.0 fits (train 0.96) but ends at test 0.78, against the paper's Fig. 8 where the "
                     "transformer held at 0.8 × generalises; 2.0 ends at 0.26. The control (free α = 3's gap) is the "
                     "rule's denominator, not a run that must fail; the 1.0, 1.68 and 2.0 spheres fail the rule but "
                     "are not scored. Next round: the 2.0 sphere registered as a must-fail control, and more seeds"),
    ClaimSpec("tab-lu", "ours",
              "Tabular stand-in (diabetes regression, not the paper's data): on the spheres α = 8 fits the "
              "training set, yet its test loss is ≥ 3× α = 1's (the LU at two norms)",
              predicate("held α = 8: train MSE ≤ 0.1 and test MSE ≥ 3 × held α = 1's",
                        lambda v: v["α=8 train"] <= 0.1 and v["test α=8 / α=1"] >= 3),
              fails_if="held α = 8 not fitting the training set (train MSE > 0.1, a tenth of the target's "
                       "variance), or a test loss less than 3× held α = 1's (no U; the factor of ts-u)"),
    ClaimSpec("tab-grok", "ours",
              "Tabular stand-in (diabetes): free at α = 8, the test loss comes within 10 % of the best test loss "
              "free α = 1 reaches (same seed) long after the training set is fitted (steps; median of 3 seeds)",
              predicate("median delay ≥ 500 steps, and the control above 1",
                        lambda v, c: v >= 500 and c > 1, uses_control=True),
              control="predicting the training mean: its test MSE over the largest of the three targets "
                      "(1.1 × each seed's best free α = 1 test MSE); above 1, a network that learned nothing "
                      "could not count as caught up",
              fails_if="a delay under 500 steps (a tenth of the run), a seed that never reaches its target (NaN), "
                       "or a target the mean predictor already meets (control ≤ 1)",
              caveat="re-registered after the round-3 referee found the old reference (free α = 1's test MSE at the "
                     "same step, 0.85–0.93 and rising as it overfits) let a network that learned nothing pass: "
                     "'within 10 %' of it was about the mean predictor's MSE (1). The old rule held (median 1150 "
                     "steps; seed 0's delay 0); this target, the best free α = 1 test MSE, was chosen before its "
                     "outcome was computed, knowing the final test MSEs (free α = 8: 0.72–0.87; held α = 1: 0.73)"),
    ClaimSpec("imdb", "paper", "IMDb sentiment (LSTM): grokking at large init, removed on the sphere", None,
              "groks / no delay", "paper", "Fig. 4",
              fails_if="no delay at large initialisation, or a delay that remains on the sphere "
                       f"(no rule registered: {_NO_DATA})"),
    ClaimSpec("qm9", "paper", "QM9 molecules (graph network): grokking at large init, removed on the sphere", None,
              "groks / no delay", "paper", "Fig. 5",
              fails_if="no delay at large initialisation, or a delay that remains on the sphere "
                       f"(no rule registered: {_NO_DATA})"),
])
