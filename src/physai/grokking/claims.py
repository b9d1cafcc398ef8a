"""The claims notebook 01 tests, declared before the run that decides them (DESIGN.md §4).

P(linear) and r_c count, for random training sets, how often the parallelogram constraints
force the linear structure: the counting the effective theory rests on, not the physics of
training, so they are *method* checks of that counting; so is the time to form the
representation under gradient descent on the effective loss (∝ 1/λ₃ by construction).  The
physics is whether trained networks generalise above r_c and not below, and the other rows
test the paper's empirical claims with our trained networks.

The phase-diagram rows: a phase label per grid cell (comprehension, grokking, memorization,
confusion).  "Between" and "nearer" are measured in grid steps (Chebyshev distance, the
8-neighbourhood is one step).  A statistic of a phase grid is judged against the same grid
with its labels shuffled, so a statistic that any arrangement of those labels would pass
cannot pass; and it must pass on the original's own stored grids, taken at the same lattice,
before it decides ours (the Goldilocks row: a positive control computed in the notebook).
"""
from ..claims import NOT_TESTABLE, ClaimSpec, Registry, Rule, abs_tol, at_most, predicate
from .experiments import PHASES


def _every_phase() -> Rule:
    return predicate("every phase ≥ 1 cell", lambda counts: all(v > 0 for v in counts.values()))


def _lambda3(which: str, dynamics: str) -> ClaimSpec:
    # Gradient descent on the quadratic effective loss forms the representation in a time
    # ∝ 1/λ₃ by construction (the theory's own prediction for its own dynamics): a method
    # check of our effective-loss code, with RQI checked at every step.  The trained networks
    # are the empirical claim (AdamW, as the paper trains them); plain gradient descent on the
    # embeddings of the same networks is our own test of the theory's dynamics inside a network.
    kind = {"effective": "method", "network": "paper", "network-sgd": "ours"}[which]
    ours = kind == "ours"  # our own experiment: no reference value from the paper
    return ClaimSpec(
        f"lambda3-{which}", kind,
        f"Time to form the representation ∝ 1/λ₃ ({dynamics})",
        abs_tol(-1.0, 0.3), None if ours else -1.0, "none" if ours else "paper", "" if ours else "Fig. 4",
        fails_if=(
            "a shallow slope like Adam's on ℓ_eff alone (−0.36): per-coordinate step rescaling decoupling "
            "formation time from curvature — or slope 0, a formation time independent of λ₃"
        ) if kind == "paper" else "",
        caveat=(
            "The slope on trained networks is our operationalisation: the paper's Fig. 4 relates formation "
            "time to λ₃ through the effective theory, and the original code computes no λ₃ for its networks. "
            "Runs that never reach RQI ≥ 0.95 within the run are dropped (censored), which biases the fitted "
            "slope towards 0."
        ) if which == "network" else "")


def _p_linear(n: int, value: float) -> ClaimSpec:
    return ClaimSpec(f"p-linear-{n}", "method", f"P(linear forced) at {n} training samples",
                     abs_tol(value, 0.05), value, "paper", "effective-theory section, table")


def _below_and_above(shares) -> bool:
    below, above = shares
    return below < 0.5 <= above


def _nearer_than_null(distances, null_p05) -> bool:
    to_memorization, to_comprehension = distances
    return to_memorization - to_comprehension < null_p05


def _half_of_eligible(counts) -> bool:
    eligible, reached = counts
    return eligible >= 5 and 2 * reached >= eligible


def _all_formed_first(counts) -> bool:
    formed_first, generalising = counts
    return generalising >= 8 and formed_first == generalising


def _none_unforced(unforced, forced) -> bool | str:
    reached_unforced, n_unforced = unforced
    reached_forced, n_forced = forced
    if n_unforced < 5 or 2 * reached_forced < n_forced:
        return NOT_TESTABLE  # too few unforced sets, or the configuration does not generalise on such sets
    return reached_unforced == 0


def _above_null(statistic, null_p95) -> bool:
    return statistic > null_p95


def _ratio_order(medians, null_p95) -> bool:
    comprehension, memorization = medians
    return memorization - comprehension > null_p95


CLAIMS = Registry("01_grokking_effective_theory", "Grokking as representation learning", [
    ClaimSpec("rqi-before-test", "paper", "The representation forms (RQI ≥ 0.95) before test accuracy reaches 0.9",
              predicate("RQI step < test step, both reached", lambda s: 0 <= s[0] < s[1]),
              "RQI ~800, test ~1530 (seed 58)", "original code, measured", "original code, seed 58",
              fails_if="RQI never reaching 0.95, or reaching it only at or after the step at which test "
                       "accuracy reaches 0.9"),
    ClaimSpec("a-hat-in-time", "ours",
              "Â tracks the measured accuracy during training (all 55 samples, every snapshot of the run)",
              None,
              caveat="Not testable here (round-3 referee): the whole-run mean |Acc − Â| is decided by run "
                     "length, not by the representation. Â counts the training samples as correct from step "
                     "0, so the gap is ~0.3 until the training set is fitted (step ~2500 for seed 58) and 0 "
                     "after: the previous bound (≤ 0.03) fails at 5000 steps and passes from ~25 000. The "
                     "lead of Â over the accuracy is the row a-hat-lead; final values across sets are "
                     "a-hat-across-sets (the paper's Fig. 3c)."),
    ClaimSpec("a-hat-lead", "ours",
              "Â on the test samples reaches 0.9 before the test accuracy does: the representation leads "
              "the decoder (steps between the two)",
              predicate("lead > 0 steps", lambda lead: lead > 0)),
    ClaimSpec("a-hat-across-sets", "paper", "Â matches the accuracy across training sets", at_most(0.03),
              "points on the diagonal", "paper", "Fig. 3c",
              fails_if="Points off the diagonal: final accuracy above Â (a decoder generalising without closed "
                       "parallelograms) or below it (structure formed but unused, or the training set unfitted)."),
    _p_linear(22, 0.43),
    _p_linear(24, 0.70),
    ClaimSpec("r-c", "method", "Critical training fraction r_c", abs_tol(0.4, 0.05), 0.4, "paper",
              "effective-theory section"),
    ClaimSpec("rc-generalisation", "paper",
              "Trained networks generalise above r_c: [forced training sets above r_c whose ceiling (share "
              "of test samples whose sum occurs in training) is ≥ 0.9, those of them whose final test "
              "accuracy reaches 0.9]",
              predicate("at least 5 such sets, and at least ½ of them reach 0.9", _half_of_eligible),
              "a transition at r_c ≈ 0.4", "paper", "Fig. 4, effective-theory section",
              fails_if="fewer than half of the forced sets that CAN reach 0.9 doing so (networks that do not "
                       "find the forced structure within the run), or fewer than 5 such sets (nothing to test)",
              caveat="Re-registered after the round-3 referee found the previous rule (≥ ½ of all runs above "
                     "r_c reach test 0.9) could not pass: 11 of the 21 forced sets above r_c have a ceiling "
                     "below 0.9 (a test sample whose sum never occurs in training is unanswerable), so at most "
                     "10 could; the referee counted 9 of those 10 reaching 0.9 on these same runs before this "
                     "rule was written. Of the two ceiling-aware forms offered we keep the paper's threshold "
                     "(test ≥ 0.9, among sets whose ceiling allows it) rather than test/ceiling ≥ 0.9, which "
                     "would call a set with ceiling 0.57 'generalised' at test accuracy 0.52. The 'not below "
                     "r_c' half is not in the rule: no set below r_c has a ceiling ≥ 0.9 here, so it could not "
                     "fail (see generalised-forced)."),
    _lambda3("effective", "GD on ℓ_eff"),
    _lambda3("network", "network, AdamW"),
    _lambda3("network-sgd", "network, plain GD on the embeddings, AdamW decoder"),
    ClaimSpec("generalised-forced", "paper",
              "Networks generalise only on training sets that force the linear structure (λ₃ > 0): [unforced "
              "25–35-sample training sets with ceiling ≥ 0.9 whose final test accuracy reaches 0.9, such sets trained]",
              predicate("none of them reaches 0.9, at least 5 trained, and at least ½ of the forced control "
                        "sets reach 0.9 (else not testable)", _none_unforced, uses_control=True),
              "generalisation needs the forced structure (r_c ≈ 0.4 where half the sets are forced)",
              "paper", "Sec. 4, effective theory",
              control="[forced sets of the same sizes with ceiling ≥ 0.9 reaching test accuracy 0.9, such sets "
                      "trained], drawn and trained in the same run: that this configuration can generalise on "
                      "such sets at all",
              fails_if="a run reaching test accuracy ≥ 0.9 on an unforced training set whose ceiling (share of "
                       "test samples whose sum occurs in training) is ≥ 0.9",
              caveat="Re-registered (round 4): the round-3 runs could not test it (every unforced set was a "
                     "5–20-sample set with ceiling 0.22–0.74, so none could reach 0.9). Now 8 unforced and 8 "
                     "forced 25–35-sample sets with ceiling ≥ 0.9 (split seeds from 1000; most unforced ones "
                     "have 25 samples: among sets with ceiling ≥ 0.9, 15 of 27 at 25 samples are unforced, 2 of "
                     "48 at 30, 1 of 161 at 35), width and steps as the training-set runs. Not yet run when "
                     "registered. After the run (rule unchanged): the forced control reached 0.9 in 3 of 8 "
                     "(five never formed the representation within 5000 steps), below its bar, so the row is "
                     "not testable in this configuration. Re-registered (round 5, referee): the control was not "
                     "'of the same sizes': ceiling_sets took sets first come first served, so the forced ones "
                     "were 30–35-sample sets and the unforced mostly 25. Now per-size quotas, the same in both "
                     "arms: 3, 3, 2 sets of 25, 30, 35 samples (8 + 8, split seeds from 1000); not run when "
                     "registered. Width and steps unchanged (longer runs, so that the control can pass, did not "
                     "fit the time budget this round), so not testable is likely again."),
    ClaimSpec("rqi-before-test-runs", "paper",
              "In every run that generalises, the representation forms first: [runs in which RQI ≥ 0.95 "
              "comes at an earlier logged step than test accuracy ≥ 0.9, runs whose test accuracy reaches 0.9] "
              "over the runs with at least 5 test samples (the training-set runs of 5–50 samples, three "
              "seeds, and the 16 ceiling runs of generalised-forced)",
              predicate("all of them, and at least 8", _all_formed_first),
              "representation before generalisation", "paper", "toy-model section",
              fails_if="a run whose test accuracy reaches 0.9 at or before the step at which RQI reaches 0.95, "
                       "or without RQI ever reaching it (a decoder generalising without the structure); or "
                       "fewer than 8 runs generalising (nothing to test)",
              caveat="Re-registered (round 4). The round-3 rule over all 33 training-set runs was not "
                     "reproduced, 6 of 9: the three exceptions are the 54-sample runs, whose single test sample "
                     "is answered right before the representation forms (one right answer is test accuracy 1). "
                     "Known before this registration: the six generalising runs with 5–20 test samples all form "
                     "first; the 16 ceiling runs (25–35 samples) had not been run, and the rule needs at least "
                     "8 generalising runs, so at least 2 must come from them. After the run (rule unchanged): "
                     "the one miss is a new forced 35-sample set whose test accuracy reaches 1.0 while its RQI "
                     "stays below 0.95 (0.77). Round 5: its 16 ceiling runs are redrawn with per-size quotas "
                     "(generalised-forced), rule unchanged, not run when changed. Our runs (decoder width 128 at "
                     "the standard profile, seed-58 templates, steps logged every 50), not the seed-58 "
                     "configuration repeated over seeds."),
    ClaimSpec("phases-all-four", "paper",
              "Comprehension, grokking, memorization and confusion all appear (decoder lr × decoder weight decay)",
              _every_phase(), list(PHASES), "paper", "Fig. 6b",
              fails_if="No grokking cell: every run that generalises does so within 10³ steps of fitting, or never — "
                       "as 3,000-step grids nearly are (2 of 110 cells grokking).",
              caveat="Scored on phases-goldilocks' 10 × 6 lattice since round 4 (4616914). It could not fail "
                     "there at registration: 30 of the 60 cells are round 3's identical runs (every other lr × "
                     "the even weight decays), and those 30 already contained all four phases, the three "
                     "grokking cells among them."),
    ClaimSpec("phases-goldilocks", "paper",
              "Grokking lies between comprehension and memorization: the share of comprehension↔memorization "
              "transitions along grid lines (rows and columns, runs of equal labels) that pass through a "
              "grokking run (C|G|M) rather than touching directly (C|M)",
              predicate("above the shuffled null's 95th percentile", _above_null, uses_control=True),
              "grokking sandwiched between comprehension and memorization", "paper", "Fig. 6b–d, Sec. 5",
              control="the same share's 95th percentile over 1000 shufflings of the grid's phase labels",
              fails_if="comprehension and memorization cells meeting directly about as often as a random "
                       "arrangement of the same labels makes them, grokking not in between (or no grokking cell)",
              caveat="Validated on the original's stored grids before it was applied to ours: Fig. 6b data "
                     "(phase_diagram_plot, 11 × 11, 10⁵ steps) 0.364 against a shuffled 95th percentile of 0.222; "
                     "toy/results/fig5b (10 × 11, 10⁴ steps) 0.462 against 0.269. Scored only where the "
                     "original's stored fig5b grid, taken at the same lattice, passes the same rule (positive "
                     "control); otherwise not testable here. Re-registered (round 4) on the 10 × 6 lattice "
                     "(all ten decoder lrs 10⁻⁵…10⁻², weight decays 0, 2, …, 10; width 64, 8000 steps): the "
                     "previous 5 × 11 lattice (every other lr) failed the control (the original's fig5b there: "
                     "0.125 against 0.308; ours 0.286 against 0.333, described, not scored). The round-3 "
                     "referee found, before this registration, that the original's fig5b data at this 10 × 6 "
                     "lattice pass (0.556 against 0.333), so the control's outcome was known. Correction (round "
                     "5, referee): 'our grid at this lattice had not been run' was wrong: 30 of the 60 cells "
                     "(every other lr × the even weight decays) are round 3's 5 × 11 runs, identical (same seed, "
                     "width, steps), all three grokking cells among them; the other 30 had not been run. After "
                     "the round-4 run (rule unchanged): 0.222 (2 of 9 C↔M transitions through grokking) against "
                     "0.250, not reproduced; 6.2 % of 1000 shufflings reach 0.222. Width 200 (the original's) does not fit the standard budget "
                     "(~290 s for this grid alone at 8000 steps); width 64 memorizes or stays confused where "
                     "the original generalises, so the verdict is at our scale. phases-all-four is scored on the "
                     "same 60 cells."),
    ClaimSpec("phases-lr-lr", "paper",
              "All four phases appear over embedding learning rate × decoder learning rate (no weight decay)",
              _every_phase(), list(PHASES), "paper", "Fig. 6a",
              fails_if="a phase missing from the grid — e.g. no grokking: every run that generalises does so "
                       "within 10³ steps of fitting, or never"),
    ClaimSpec("phases-lr-ratio", "ours",
              "Memorization where the decoder learns fast relative to the representation: median "
              "log₁₀(decoder lr / embedding lr) of [comprehension, memorization] cells",
              predicate("memorization's median minus comprehension's above the shuffled null's 95th percentile",
                        _ratio_order, uses_control=True),
              control="the same difference's 95th percentile over 1000 shufflings of the grid's phase labels "
                      "(the order alone, memorization above comprehension, passes on about half of them: 47 % in "
                      "the round-4 run)"),
    ClaimSpec("transformer-phases", "paper", "The phase diagram repeats for a transformer on modular addition",
              _every_phase(), "four phases", "paper", "transformer experiments",
              fails_if="No grokking (or no comprehension) cell in the transformer grid: test accuracy rising with "
                       "train accuracy wherever it rises, or never — a transformer that generalises without delay."),
    ClaimSpec("transformer-phases-reduced", "paper",
              "The phase diagram repeats for a transformer on modular addition — REDUCED grid: p = 31, d = 32, "
              "half the pairs, learning rates 10⁻³, 3·10⁻³, 10⁻² × weight decays 0, 0.3, 1, 3, 10, 3 500 steps, bf16",
              _every_phase(), "four phases", "paper", "transformer experiments",
              fails_if="a phase missing from a grid that spans the phases (e.g. no grokking: every run that "
                       "generalises does so within 10³ steps of fitting, or never; or no comprehension)",
              caveat="Re-registered (round 4): the round-3 grid (learning rates 10⁻⁴, 10⁻³, 10⁻² × weight "
                     "decays 0, 1, 10, 2 500 steps) could not show the phases (no comprehension; 10⁻⁴ fitted only "
                     "at steps ~1750–2100, weight decay 10 confused at every learning rate). Chosen from that "
                     "run's outcome, not from a run of this grid: learning rates that fit within the first few "
                     "hundred steps, weight decays from none up to below the confused 10, and a run long "
                     "enough for a 10³-step delay. Known before: on the old grid learning rate 10⁻² × weight "
                     "decay 1 grokked (test 0.9 at step 1200) and 10⁻³ × weight decay 1 memorized within 2 500 "
                     "steps. A reduced scale, not the paper's (its grid is not in the code release). After the "
                     "run (rule unchanged): the grid has no confusion cell because it stops at weight decay 3, "
                     "below the 10 at which round 3's grid was confused at every learning rate; the choice, not "
                     "the transformer, left that phase out (not reproduced, 1 C / 4 G / 7 M / 0 confusion). "
                     "Re-registered (round 5, referee blocker: round 4's commit promised 'a grid that can show the "
                     "four phases' and stopped at weight decay 3): weight decay 10 added (3 more cells, ~10 s). "
                     "The outcome is largely known, so this row confirms rounds 3–4 rather than testing blind: "
                     "round 3 (2 500 steps) was confused at weight decay 10 at every learning rate, and round 4 "
                     "had comprehension, grokking and memorization on the other 12 cells of this grid, which "
                     "are rerun with the same seed."),
    ClaimSpec("transformer-grokking-near-memorization", "paper",
              "On transformers the grokking phase lies nearer memorization than comprehension (mean grid "
              "distance from grokking cells to the nearest [memorization, comprehension] cell, reduced grid)",
              predicate("(to memorization − to comprehension) below the shuffled null's 5th percentile",
                        _nearer_than_null, uses_control=True),
              "nearer memorization", "paper", "abstract",
              control="the same difference's 5th percentile over 1000 shufflings of the reduced grid's phase "
                      "labels (shufflings without a grokking, memorization or comprehension cell give no value "
                      "and are left out)",
              fails_if="grokking cells no nearer to memorization, relative to comprehension, than a random "
                       "arrangement of the same labels puts them (or a grid without one of the three phases)",
              caveat="Re-registered (round 5, referee blocker): the round-4 rule (to memorization < to "
                     "comprehension) could not fail: on round 4's 3 × 4 grid (1 comprehension, 4 grokking, 7 "
                     "memorization) 93.3 % of 1000 shufflings of the same labels pass it. Known before this "
                     "registration (the referee's numbers on round 4's grid): ours −0.25 (1.00 − 1.25) against "
                     "a shuffled median −0.75, with 94 % of 2000 shufflings at or below −0.25, so on that grid "
                     "this rule is not reproduced; it is scored on this round's 3 × 5 grid (weight decay 10 "
                     "added, transformer-phases-reduced), not run when registered, and not reproduced is "
                     "expected. A grid without grokking, memorization or comprehension cells gives no value: "
                     "the row is then not testable here."),
])
