"""The claims notebook 09 tests, declared before the run that decides them (DESIGN.md §4).

The paper's claim is its table of examples.  The only copy of the authors' table available
here is the one their talk shows (../shared/papers/09_genphys.md): seven rows whose
equations are illegible and whose verdict column reads, in order, Yes, Yes, No,
Conditionally yes (large ε), Conditionally yes (small k), Yes, No.  We read the rows as
diffusion, Poisson (z as time), wave, damped wave, Helmholtz ∇²φ + k²φ = 0 (z as time),
Yukawa, Schrödinger, and score the analyser's verdicts against that column in its order.  Round 4 (referee of round 3,
issue 23): the row could not fail — the closed forms fix the column and the grid's ends fix the
six bands — so it is a *method* row, a derivation, kept out of the paper count (its caveat
gives the referee's points, including that 'no oscillating mode' is not a positivity test).

The criterion that decides the table (registered in round 3 of the audit, issue 23, before
the run that scores it) is the paper's pair of conditions for an s-generative PDE as we read
them: (1) a density flow — the field can serve as a probability density, which must stay
positive; (2) smoothing — every finer mode decays faster than the bulk,
Im ω(k) < Im ω(0) for every k > 0 (the weak inequality).  On a band of wavenumbers
{0} ∪ [k_min, k_max], condition (2) is that inequality at every grid point, and condition (1)
is read at the level of modes: no oscillating mode, Re ω(k) = 0 on every bounded branch
for k in [k_min, k_max] (a mode with Re ω ≠ 0 swings its amplitude through negative values).
The bulk k = 0 is left out of (1): it is condition (2)'s reference, and a changing total mass
is allowed (a source term, as Yukawa's Im ω(0) = −m); with it, Helmholtz would be "no" for
every k₀ > 0, its k = 0 mode oscillating in z (ω = ±k₀) — seen from the closed form while
writing this rule, before any run.  A process with a
parameter is scanned on a fixed log grid, 10⁻³ … 10³ at four values a decade (25 values,
`dispersion.LOG_SCAN`), not on hand-picked values: both conditions at every value → "yes",
at none → "no", only at the upper (lower) values → "conditionally yes (large p)" ("(small
p)").  The column is read on the band {0} ∪ [0.1, 10] and must come out the same on each of
the six bands k_min ∈ {0.01, 0.1}, k_max ∈ {1, 10, 100}, so that no verdict rests on one
scanned value or one band edge.  What is known before the run: the closed forms (see
../shared/papers/09_genphys.md) say the damped wave oscillates for k > ε/2 and Helmholtz for
q < k₀, which is why last round's closing note expected this reading to give the talk's
column; nothing in it (grid, bands, the tolerance 1e-9) was tuned on a run.  The positivity
proxy is our operationalisation: the stored copy of the paper holds only its opening, so its
Sec. 2 could not be quoted here.

Round 5 (issue 23, the referee's request): the paper row `table` checks the two conditions
numerically per row — positivity on the sign of each row's kernel (the inverse Fourier
transform of its dispersion, up to a registered T_max = 1/k_min), smoothing by the weak
inequality — against the talk's column, with the column under positivity alone (smoothing
dropped) as the control the rule must reject.  A probe of the analyser gave its outcome
before this registration (6 of 7, the damped wave 'yes'); the caveat says so.

Round 6 (referee of round 5): the kernels are computed in the data's dimension N = 64 (radial
inverse transform in N dimensions), the scored column; N = 1, 2, 3, 5 are reported.  The control
is a null column (all 'yes'); the referee's probe already made 7 of 7 likely (the caveat says so).

The previous criterion — Im ω falling *monotonically* on the band, with hand-picked scanned
values — was chosen knowing the talk's column (referee, issue 23) and is kept only as a
context column of the verdict table (and names the pictures' verdicts, `pictures`).  Our rows
beyond the table (`verdicts-beyond`, a statement about smoothing) are decided by the weak
inequality alone since round 4.  `sink-dropped` is a paired rule since round 4: the mean over
seeds of TV(m = 1) − TV(m = 0) against the 300-sample resolution.

Klein–Gordon and Schrödinger with a complex diffusion coefficient are our rows beyond the
table (*ours*).  The regions, the pictures and the Yukawa kernel (closed form, sampler,
m → 0) are *method* checks; the Yukawa generative models are *our own* experiments
(holds / fails, never "not reproduced").  On digits the denoiser's preconditioning is
chosen per mass among three variants (σ from the noise x evidently carries beyond the data's
mean square — the one used so far —, beyond the data's largest mean square, and EDM's σ_eff
alone) by the lowest FD on a validation split (20 % of the training digits, stratified),
never on the test digits; the chosen model, trained on the other 80 %, is then scored on the
test digits.
"""
from ...claims import ClaimSpec, Registry, at_least, at_most, exact, predicate

# The verdict column of the authors' table of examples, in order, as the talk shows it.
TALK_VERDICTS = ["yes", "yes", "no", "conditionally yes (large ε)", "conditionally yes (small k)", "yes", "no"]

# Our rows beyond the table: Klein–Gordon, Schrödinger with (1 − iε)∇².
BEYOND_VERDICTS = ["no", "yes"]


def _column_verdict(v: dict) -> str:
    """`v`: {"column": verdicts on the main band, "bands agreeing": how many of the six bands give
    the talk's column, "bands": 6}.  All rows and all bands → reproduced; the column right on the
    main band but not on every band, or some rows right → partly; no row right → not reproduced."""
    hits = sum(a == b for a, b in zip(v["column"], TALK_VERDICTS))
    if hits == len(TALK_VERDICTS) and len(v["column"]) == len(TALK_VERDICTS):
        return "reproduced" if v["bands agreeing"] == v["bands"] else "partly"
    return "partly" if hits else "not reproduced"


def _hits_verdict(hits: int) -> str:
    """`table`: how many of the talk's seven rows our column matches → the verdict."""
    return "reproduced" if hits == len(TALK_VERDICTS) else "partly" if hits == len(TALK_VERDICTS) - 1 \
        else "not reproduced"


def _region(v: dict, target) -> bool:
    """`v`: per parameter value ("ε=2") the region [lo, hi] where Im ω decreases, or None;
    `target(p)` the closed-form region for value p.  Both ends within 0.01."""
    def close(r, p):
        lo, hi = target(p)
        return r is not None and abs(r[0] - lo) <= 0.01 and abs(r[1] - hi) <= 0.01
    return all(close(r, float(key.split("=", 1)[1])) for key, r in v.items())


CLAIMS = Registry("09_genphys", "GenPhys: physical processes as generative models", [
    ClaimSpec("table", "paper",
              "The paper's two conditions, checked numerically per row in the data's dimension N = 64 (the digits, "
              "8 × 8), give the verdict column of the authors' table of examples as their talk shows it, in order "
              "(diffusion, Poisson, wave, damped wave (large ε), Helmholtz (small k), Yukawa, Schrödinger): "
              "positivity, the sign of each row's kernel in N dimensions — the radial inverse (Hankel) transform "
              "K(r) = (2π)^{-N/2} r^{1-N/2} ∫ K̂(k) J_{N/2-1}(kr) k^{N/2} dk of its dispersion's kernel K̂, a datum "
              "blurred at the band's finest scale s = 1/k_max, r ≤ 2π/k_min in steps of s, 60 log-spaced times from "
              "s/10 up to the registered T_max = 1/k_min = 10, non-negative if min ≥ −1e-3 × peak at every time "
              "(dispersion.kernel_verdict_nd; tested on the heat kernel's Gaussian in N = 64 and the 3-D wave's "
              "blurred shell); smoothing, Im ω(k) < Im ω(0) on the band {0} ∪ [0.1, 10]; parameters on the log "
              "grid 1e-3 … 1e3. The columns at N = 1, 2, 3, 5 are reported, not scored",
              predicate("all 7 rows = the talk's → reproduced; 6 of 7 → partly; fewer → not reproduced",
                        lambda v: _hits_verdict(v["hits"])),
              TALK_VERDICTS, "authors' talk",
              "table of examples, verdict column (the rows' equations are illegible; our reading of them)",
              control="a null column: every row 'yes' (3 of the 7 right), which the rule must reject; printed beside "
                      "it, not scored: the share of the 5 040 orderings of our column over the seven rows (shuffled "
                      "equations) that reach 6 of 7, and the columns under positivity alone and smoothing alone",
              fails_if="fewer than six of the seven rows come out as the talk's",
              caveat="Round 6 (referee of round 5, issue 23), registered before the run: round 5 computed the kernels in "
                     "one spatial dimension ('isotropic, one coordinate suffices' holds for ω(k), not for the kernel's "
                     "sign: in N ≥ 5 the wave's Green's function has signed terms), and the damped wave came out 'yes' "
                     "(6 of 7). The scored column is now the data's dimension. The outcome is likely known: the "
                     "referee's probe (radial inverse transform of e^{−εt/2} sin(Ωt)/Ω, blurred at s = 1/k_max, "
                     "t = 0.3, 1, 3, 10; worst min/peak) gave N = 1, 3 ≈ 0 at every ε; N = 5 −1.0 at ε = 0.5, 2, 8 "
                     "and 0 at 32, 128; N = 9 −1.0/−1.0/−0.93 at 0.5/2/8 and 0 at 32/128; N = 64 −1.0 at ε = 2 and "
                     "32, 0 at 128; the heat kernel at N = 64: 0 — so in N = 64 the damped wave reads 'conditionally "
                     "yes (large ε)', the talk's verdict, and 7 of 7 is likely. This session's own probe of the "
                     "method, before this registration, on the damped wave alone at ε = 1e-3, 0.5, 2, 8, 32, 128, 1000 "
                     "(60 times from s/10): N = 64 −1.0 up to ε = 128 and ≈ 0 at 1000; N = 5 −1.0 up to 8, ≈ 0 from 32; "
                     "N = 1, 2, 3 above −2e-4 (N = 2 only after an end correction of the quadrature: −1.8e-3 without "
                     "it, a discretisation error). Round 5's control (positivity alone) "
                     "is replaced by a null; positivity alone and smoothing alone stay as printed context. Smoothing "
                     "is the weak inequality, which is scale-free: it ignores T_max (at ε = 1e-3 the damped wave "
                     "passes although fine detail decays only by e^{−0.005} by T_max = 10); a required amount of "
                     "smoothing by T_max is not registered (next round). Helmholtz with z as time is an elliptic "
                     "equation posed as an initial-value problem (ill-posed): its kernel keeps Re e^{i√(k₀²−k²)t} for "
                     "the modes below k₀, an arbitrary boundary condition of ours. The rows' equations are our reading "
                     "of an illegible slide and the paper's text is not stored here; the elliptic rows' kernels are "
                     "the flux through the plane at height t, the hyperbolic rows' the causal Green's function "
                     "(φ(0) = 0, φ_t(0) = δ), the real part where the kernel is complex."),
    ClaimSpec("verdicts", "method",
              "A derivation, not a test: the analyser, under our reading of the paper's two conditions (a positive "
              "density read as no oscillating mode; smoothing: Im ω(k) < Im ω(0)), reproduces the verdict column of "
              "the authors' table of examples as their talk shows it, in order (diffusion, Poisson, wave, damped "
              "wave, Helmholtz, Yukawa, Schrödinger), on the band {0} ∪ [0.1, 10] and on each of six bands",
              predicate("column = the talk's, and the same column on all six bands k_min ∈ {0.01, 0.1}, "
                        "k_max ∈ {1, 10, 100} (else partly)", lambda v: _column_verdict(v)),
              TALK_VERDICTS, "authors' talk",
              "table of examples, verdict column (the rows' equations are illegible; our reading of them)",
              caveat="Round-3 referee (issue 23): this row could not fail, so it is a method row (a derivation) and "
                     "is kept out of the paper count; known outcome before this run: holds, 6 of 6 bands. The "
                     "column follows from the closed forms; the six bands add nothing (the damped wave passes only "
                     "where ε > 2·k_max, needing a grid top ≥ 200; Helmholtz only where k₀ < k_min, needing a grid "
                     "bottom ≤ 0.01; the grid's ends fix the 6 of 6). The bulk k = 0 is left out of the positivity "
                     "check for Helmholtz's sake, seeing its closed form; the reason given (as Yukawa's) does not "
                     "apply, since Yukawa's bulk mode has Re ω = 0. 'No oscillating mode' is not a positivity test: "
                     "the 1-D damped wave is the telegraph equation, whose Green's function is non-negative at every "
                     "ε > 0 (Goldstein–Kac), so 'large ε' comes from a false proxy. The stored copy of the paper "
                     "holds only its opening, so the conditions are not quoted. Round 5: the kernel-sign test is "
                     "the paper row `table`; this row keeps the mode-level proxy as a derivation."),
    ClaimSpec("verdicts-beyond", "ours",
              "Our rows beyond the table, on smoothing alone (the weak inequality Im ω(k) < Im ω(0), condition "
              "(2) without positivity, on the band {0} ∪ [0.1, 10] and the log grid): Klein–Gordon does not smooth; "
              "Schrödinger with (1 − iε)∇² does",
              exact(BEYOND_VERDICTS), where="beyond the paper",
              caveat="Round-3 referee (issue 23): this row was decided by the disowned monotone criterion; now by the "
                     "weak inequality. Known outcome before this run: no, yes (the same as under the monotone "
                     "criterion: Klein–Gordon's ω is real, complex diffusion's Im ω = −k²). Complex diffusion is a "
                     "row of ours, not one of the paper's modifications; its modes rotate (Re ω = k²), so under "
                     "both conditions the analyser says no."),
    ClaimSpec("damped-region", "method",
              "The damped wave's slow branch smooths exactly on k < ε/2, so it smooths a band up to k_max only "
              "when ε ≥ 2·k_max (large ε)",
              predicate("region [0, ε/2] for every ε (±0.01)", lambda v: _region(v, lambda e: (0.0, e / 2)))),
    ClaimSpec("helmholtz-region", "method",
              "Helmholtz (z as time) decays only above its wavenumber k₀ (ω = ±√(k₀² − q²)), so it smooths a "
              "band from k_min only when k₀ < k_min (small k)",
              predicate("region [k₀, k_max] for every k₀ (±0.01)",
                        lambda v: _region(v, lambda k0: (k0, 10.0)))),
    ClaimSpec("pictures", "method",
              "The propagator agrees with the dispersion relation: processes the monotone criterion (Im ω "
              "decreasing, whole k axis, the pictures' parameter values) calls 'yes' forget fine detail; those it "
              "calls 'no' keep it (relative detail left)",
              predicate("yes < 1e-2 and no > 0.99", lambda v: v["yes: max"] < 1e-2 and v["no: min"] > 0.99),
              caveat="Round-3 referee (issue 23): tautological — the detail left is fixed by Im ω at the pictures' "
                     "values, so this checks the code that evolves the profiles, not the paper; the criterion is "
                     "last round's monotone one (context), not the paper's, and no paper source is claimed. Known "
                     "outcome before this run: holds."),
    ClaimSpec("yukawa-green", "method", "Yukawa flux: closed form = Green's-function integral (relative error)",
              at_most(1e-6)),
    ClaimSpec("yukawa-sampler", "method", "Yukawa kernel sampler draws the NIG law (KS p-value)", at_least(1e-3)),
    ClaimSpec("yukawa-m0", "method", "Yukawa → Poisson as m → 0 (log-density gap at m = 1e-7)", at_most(1e-4)),
    ClaimSpec("yukawa-toy", "ours", "Our experiment: a Yukawa model (m = 1) generates two moons (sliced W1 to data)",
              at_most(0.1), where="beyond the paper"),
    ClaimSpec("yukawa-sink", "ours",
              "Our experiment: with the sink as a birth/death step, paths started from the Poisson (m = 0) flux "
              "density at z_max with weights F_m/F_0 (so that they sample the Yukawa flux density F_m), reweighted "
              "on the way down by exp ∫ m²G/E_z dz and resampled, the exact-posterior flow at m = 1 lands on the "
              "two moons (sliced W1 to data, median of three seeds, 2 000 particles; the m = 0 exact flow from its "
              "flux density at 2 000 particles, same seeds, shown as the reference resolution)",
              at_most(0.1), where="beyond the paper",
              caveat="Round 3 (issue 23): the start was changed after the old estimator (paths started from the "
                     "Yukawa flux density itself) failed at 0.18 with ESS/n 0.095, and the new one was tried "
                     "before this registration only on the known answer, four charges on a line (TV to equal "
                     "shares 0.006-0.023 over three seeds at m = 1, ESS/n 0.85, against 0.09-0.15 and 0.07-0.32 "
                     "for the old; resampling along the path, with or without jitter, did not help, 0.07-0.15); the moons were "
                     "not run with it. The old estimator stays in the table as context. Round-3 referee: one seed, no "
                     "spread; the m = 0 flow it was compared with in the text used 500 samples against 2 000 "
                     "particles. Round 5: the median of seeds 0, 1, 2 against the same 0.1 (threshold unchanged), "
                     "the m = 0 flow matched at 2 000 particles; known before this run: seed 0 gives 0.029, the "
                     "other seeds were not run. Round 6 (referee): the flow without the sink over the same three "
                     "seeds, as an in-run control showing the sink is needed here, is not run (next round)."),
    ClaimSpec("yukawa-digits", "ours",
              "Our experiment: a Yukawa model (m = 1) generates digits (FD, median of 3 sampling seeds; smallest "
              "class), its preconditioning chosen by FD on a validation split of the training digits",
              predicate("FD ≤ 3 and every class ≥ 5 %", lambda v: v["fd"] <= 3 and v["smallest class"] >= 0.05),
              where="beyond the paper"),
    ClaimSpec("sink-dropped", "ours",
              "Our experiment: following field lines of the exact posterior without the sink keeps the classes as "
              "balanced at m·z_max ≈ 18 (m = 1) as at m = 0, to the resolution of 300 samples (TV to the data's "
              "class shares; three sampling seeds, each seed's m = 1 and m = 0 runs paired by the same generator)",
              predicate("paired: mean over seeds of TV(m = 1) − TV(m = 0) ≤ the resolution, the mean TV of 300 "
                        "labels drawn from the data's own class shares (multinomial, 2 000 draws, fixed seed)",
                        lambda v: v["paired"] <= v["resolution"]),
              where="beyond the paper",
              control="m = 15 (m·z_max ≈ 270) over the same three seeds, paired with m = 0 the same way: the rule "
                      "must reject it",
              caveat="Round-3 referee (issue 23): the runs are paired (same seeded generator per mass), so the old "
                     "rule judged paired differences (≤ 0.007) against an unpaired seed spread (0.04); now a paired "
                     "rule against the 300-sample resolution. Known outcome before this run: holds (per-seed TVs "
                     "0.09/0.09, 0.05/0.057, 0.07/0.073). Both masses sit at the 300-sample noise floor, so the row "
                     "says only that dropping the sink costs less than 300 samples can see. Round 5: the in-run "
                     "control is m = 15 over the same three seeds; known before this run: seed 0 gives TV 0.18 "
                     "against 0.09 at m = 0 (paired 0.09 > 0.069); seeds 1 and 2 were not run at m = 15. Round 6 "
                     "(referee of round 5): the control's power is low — round 5 rejected it on the mean only (paired "
                     "0.090, 0.140, 0.067 per seed; seed 2 alone would pass against 0.069), and the threshold is an "
                     "unpaired 300-sample TV set against a paired statistic; a paired null (the spread of TV "
                     "differences between two independent 300-label draws) would be the fix, next round."),
])
