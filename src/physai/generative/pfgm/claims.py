"""The claims notebook 07 tests, declared before the run that decides them (DESIGN.md §4).

The two hemisphere rows check the field-line tracer against known answers: the paper's
theorem (uniform as R → ∞) and the dipole term of the far field (a 1/R approach, our
derivation, not a rate the paper states) — *method* checks.

The two speed rows (audit #23) are scored on a **solver benchmark** that has no network in
it: PFGM follows the exact field of the training digits (the empirical field the network
is trained to regress), and the diffusion samplers use the exact denoiser of the same
digits (the posterior mean under the empirical distribution).  Model error is then zero
and every difference is the sampler's.  PFGM's Euler and Heun step as the original's Euler
sampler does (Δz steps on a grid uniform in ln z, with the z_exp substitution; Heun with Δz
steps is our construction, the original's improved_euler steps in Δ ln z); each
sampler runs from 3 prior seeds and the Fréchet distance is taken per seed.  NFE counts
network evaluations (the paper's unit, Table 1), not seconds, so these are *paper* rows.
`speed-vs-sde` and `euler-vs-vp-ode`, round 5 (issue 23's next round): each sampler is scored
against *its own* converged output on the same prior seed, not against one shared level, so the
rules measure discretisation error alone (a seed whose converged set happens to sit a little
above a shared target no longer decides the row).  `fd_own` = FD between a run's samples and its
own method's converged samples (PFGM: its RK45 solve; the VP-SDE: 1000 steps; the VP-ODE: Euler at
the benchmark's largest step count), `benchmark.fd_to_own`.  `speed-vs-sde`: per seed, a sampler's
NFE is the first crossing of fd_own below the noise level ε (interpolated as before; the converged
run itself left out; its NFE if no coarser run crosses), where ε = mean + sd of the FD between two
independent draws of 500 training digits (10 draws, `benchmark.independent_fd`): "indistinguishable
at this sample size from the sampler's own converged output".  PFGM's NFE is the fewer of Euler and
Heun (RK45's own NFE if neither crosses); speed-up = VP-SDE's NFE / PFGM's, median of the 3 seeds,
same thresholds as before (≥ 10 reproduced, > 1 partly).  `euler-vs-vp-ode`: per seed and coarse
step count, PFGM's Euler fd_own below the VP-ODE's Euler fd_own; same verdict thresholds as before.
`euler-vs-vp-ode` round 6: on the trained models over 3 sampling seeds (PFGM
Euler against its RK45 output, the VP-ODE's Euler against its own Euler at the largest ODE step count).
Round 6 (referee): the VP-SDE at every step count is driven by one fine Brownian path shared with its
1000-step reference and the same prior draw (`benchmark.sample_vp_coupled`: the fine grid's increments
summed over each coarse step), as PFGM's runs share their prior draw with RK45; its grid gains 5 and 10
steps (every count divides the fine grid).
The rules of rounds 3–4 follow for the record.

`speed-vs-sde` (round 3, tied to a converged reference): every exact sampler converges to
training digits drawn with replacement, so the target is that output's FD at the benchmark
size plus its spread over independent draws (mean + sd of `fd_floor(..., replace=True)`,
10 draws): "within noise of converged".  Per seed, a sampler's NFE to reach it is the first
crossing of its FD-vs-NFE curve, interpolated linearly in log NFE against log FD between
grid points; PFGM's is the fewest of its Euler, Heun and RK45 (RK45 counts if its FD is at
or below the target); the speed-up is the VP-SDE's NFE over PFGM's (0 if PFGM never reaches
it; infinite NFE for both gives NaN), and the rule reads the median of the seeds.
`euler-vs-vp-ode` (round 3, robustness rather than level): each sampler's *degradation*
at k Euler steps is its FD there minus its own converged FD on the same seed (PFGM: its
RK45 solve; the VP-ODE: its Euler FD at the benchmark's largest step count); PFGM must
degrade less at the coarse step counts (the profile's second and third ODE step counts),
seed by seed.

`collapse-2d` (Fig. 2): a 2-D density (a Gaussian kernel density on two moons).  Without
z, the backward flow follows the exact 2-D field of that density from a large circle; with
z (round 3: the same smooth density, as the paper's figure), PFGM's backward ODE follows
the density's exact 3-D field, by a one-dimensional quadrature.  Coverage ratio:
the median, over a fresh sample of the density, of the distance to the nearest end point,
divided by the same with an independent sample of equal size in place of the end points
(≈ 1 for a faithful sampler, large when the end points collapse onto a few places).

`weak-network`: both models are retrained with the same recipe on a small network (width
64, depth 2, against the standard 256 and 4).  Round 3: PFGM's FD is the better of RK45 and
Euler (Δz steps) at the largest ODE step count, as diffusion's is the better of EDM Heun at
the largest ODE step count and the VP-SDE at the largest SDE step count, on each network
(before, PFGM had RK45 alone, which needed 10 460 NFE on the small network).  Not testable
here when a small model has not finished training: its mean logged loss over the last
quarter of the steps more than 5 % below the mean over the quarter before (then the row
would measure the budget, not the architecture).  `quality-gamma` retrains PFGM only, at γ = 1.13, and divides
its RK45 FD by the converged diffusion sampler's (EDM Heun at the largest step count, seed 0; round 6,
as `quality`; before, the lowest diffusion FD on the quality grid).
"""
from ...claims import (NOT_REPRODUCED, PARTLY, REPRODUCED, ClaimSpec, Registry, at_least, at_most, between,
                       predicate)


def _euler(v: dict) -> str:
    """PFGM degrades less than the VP-ODE on every seed at every coarse step count; partly at some."""
    return REPRODUCED if all(v.values()) else PARTLY if any(v.values()) else NOT_REPRODUCED


def _batch(ours: list, one: list) -> str:
    """Per seed (a fresh draw of points and batches): the batch removes at least half of a batch-of-one's error
    (1 − cosine) at the worst radius. Every seed → reproduced; no seed → not reproduced; some → partly."""
    passed = [(1 - b) <= 0.5 * (1 - o) for b, o in zip(ours, one, strict=True)]
    return REPRODUCED if all(passed) else PARTLY if any(passed) else NOT_REPRODUCED


def _speedup(v: float) -> str:
    """10–20× as the paper states: reproduced from 10×; faster but by less: partly."""
    return REPRODUCED if v >= 10 else PARTLY if v > 1 else NOT_REPRODUCED


def _ratio(r: float) -> str:
    """PFGM's converged FD over diffusion's: within the paper's own gap (1.07, rounded up to 1.1) → reproduced."""
    return REPRODUCED if r <= 1.1 else PARTLY if r <= 1.25 else NOT_REPRODUCED


def _band(r: float, controls: dict) -> str:
    """Ratio within [0.9, 1.1] and each control (a dict of named ratios) outside it, else not reproduced."""
    inside = lambda v: 0.9 <= v <= 1.1  # noqa: E731
    return REPRODUCED if inside(r) and not any(inside(v) for v in controls.values()) else NOT_REPRODUCED


def _tolerant(r: float) -> str:
    """r = PFGM's FD degradation (small / standard network) over diffusion's; < 1: PFGM degrades less."""
    return REPRODUCED if r <= 0.8 else PARTLY if r < 1 else NOT_REPRODUCED


CLAIMS = Registry("07_pfgm", "PFGM: Poisson flow generative models", [
    ClaimSpec("uniform-rate", "method", "Field-line end points approach uniform on the hemisphere roughly as 1/R",
              between(-1.4, -0.6)),
    ClaimSpec("uniform-limit", "method", "At R = 64 the end points are uniform (KS distance)", at_most(0.02),
              "uniform", "paper", "Sec. 3.1"),
    ClaimSpec("collapse-2d", "paper", "Without the extra dimension the backward flow collapses (2-D data, Fig. 2): "
              "coverage ratio of the end points",
              at_least(2.0), "samples collapse to the centre without z; recovered with it", "paper", "Fig. 2, Sec. 3",
              control="the augmented flow (PFGM, with z) on the same smooth density (its exact 3-D field by "
                      "quadrature), which must not collapse",
              fails_if="the 2-D flow's end points covering the data as well as a fresh sample does (coverage "
                       "ratio below 2)",
              caveat="Round 3 (referee): the control arm was the exact field of 1000 point charges drawn from "
                     "the density, whose lines end on the charges by construction; it is now the same smooth "
                     "density as the 2-D arm, as in the paper's Fig. 2, with its 3-D field computed by a "
                     "quadrature (tested against the point-charge limit). The 2-D arm's 34.5 was known when "
                     "this was registered; the control's value was not. Round 4 (referee): a structural check "
                     "close to a known answer (the backward 2-D flow of a positive density contracts where the "
                     "field vanishes) rather than an experiment; the with-z arm's settings (300 points, "
                     "quadrature 24, 40 steps) were set in the run commit 4afec10, not in a registry commit."),
    ClaimSpec("batch-field", "paper", "A batch's field points along the full data set's (a batch of the original's "
              "fraction of the data, 4096 of 50 000 ≈ 8 %: 99 of our 1203 digits; worst radius), removing at least "
              "half of a batch-of-one's error",
              predicate("per seed (≥ 5 fresh draws of points and batches): 1 − cos(b) ≤ ½ (1 − cos(1)) at the worst "
                        "radius, b = the original's fraction; reproduced on every seed, not reproduced on none, "
                        "partly otherwise", _batch, uses_control=True),
              "a large batch's field approximates the full data set's", "paper", "Sec. 3.2",
              control="a 'batch' of one: the point's own datum alone (per seed, on the same points)",
              caveat="Round 3: the batch is the original's fraction of the data (was 256, 21 % of our digits). "
                     "The half-the-error threshold was written in an earlier round with the batch-1/64/256 "
                     "cosines known (0.962, 0.977, 0.987); interpolating them put 99 near the threshold. Round 4 "
                     "(referee): round 3's 'not reproduced' rested on one draw (error 0.0202 against a threshold "
                     "of 0.0192, a 5 % gap with no error bar); the threshold is unchanged and the row now reads "
                     "each of ≥ 5 seeds, so a gap inside the seed-to-seed spread gives 'partly'. Ours and the "
                     "control are the per-seed worst-radius mean cosines."),
    ClaimSpec("quality", "paper", "PFGM's samples match diffusion's quality: FD ratio of PFGM's converged sampler "
              "(RK45) to the converged diffusion sampler trained the same way (EDM Heun at the largest step count)",
              predicate("median over 3 sampling seeds of FD(PFGM RK45) / FD(EDM Heun, largest step count): ≤ 1.1 "
                        "reproduced (the paper's gap, 2.35 vs 2.20, is 1.07); ≤ 1.25 partly", _ratio),
              "FID 2.35 vs diffusion's best 2.20 (NCSN++ deep VE; DDPM++ deep sub-VP 2.41): ratio ≈ 1.07",
              "paper", "Table 1",
              fails_if="PFGM's converged FD more than 1.25× the converged diffusion sampler's (as PFGM here does "
                       "at γ = 1.13, FD 4.90, and on the small network, FD 34.8)",
              caveat="Round 5 (issue 23's next round): the denominator is now a converged diffusion sampler (EDM "
                     "Heun at 100 steps, 199 NFE; before: the lowest point of the grid, EDM Heun at 19 NFE, "
                     "0.92, which a converged sampler does not keep) and the band is set from the paper's own "
                     "ratio (was ≤ 2). Registered with seed 0's outcome known: 1.278 / 1.233 = 1.04 (inside "
                     "1.1); sampling seeds 1 and 2 not yet run. One training seed: the issue asked for ≥ 3 "
                     "training seeds of both models, which did not fit the notebook's time budget (two more "
                     "trainings of each model cost ~140 s on this machine, batched or not); the spread over "
                     "sampling seeds is not the spread over training seeds. The pass depends on γ = 5 (row "
                     "quality-gamma). Round 6 (referee): against the old denominator (the grid's lowest "
                     "diffusion FD, EDM Heun at 19 NFE, 0.92) the same PFGM would score ~1.38, not reproduced "
                     "under this band; that was known when the denominator was changed (round 5's registry "
                     "a27d821). The change follows from comparing converged samplers (the 19-NFE point is 0.11 "
                     "from EDM's converged output), but the verdict rests on one training seed of each model and "
                     "is provisional until ≥ 3 training seeds are run."),
    ClaimSpec("all-classes", "paper", "Samples cover every digit (smallest class share)", at_least(0.05),
              "all classes", "paper", "Fig. 6",
              fails_if="some digit class with under 5 % of the samples (a dropped mode)"),
    ClaimSpec("no-copies", "paper", "Samples are new digits, not training copies (memorisation ratio: median "
              "distance to the nearest training digit over the same for held-out real digits)", at_least(0.9),
              where="Sec. 5 (no reference value)",
              control="the exact empirical field's samples (a flow that returns training digits), which must fail",
              fails_if="a memorisation ratio below 0.9 (samples nearer to training digits than held-out real "
                       "digits are: copies)",
              caveat="Round 6 (referee): the paper claims novelty, not closeness to the data, so this paper row "
                     "is one-sided again (≥ 0.9; its control, the exact field's copies, scored 0.00 last run) "
                     "and round 5's two-sided band moves to our own row `no-copies-band`. The split is made "
                     "after the outcomes were known (last run PFGM 1.47, EDM Heun 1.38: this row passes, the "
                     "band fails). The scored ratio is on the unclipped samples; the ratio on samples clipped to "
                     "the data range [−1, 1] (the original clips its outputs to [0, 1]) is printed beside it, "
                     "not scored. No reference value (source none), though the paper discusses it in Sec. 5."),
    ClaimSpec("no-copies-band", "ours", "PFGM's samples are no farther from the training digits than held-out real "
              "digits are, and no nearer (memorisation ratio, two-sided)",
              predicate("memorisation ratio in [0.9, 1.1] and each control outside it (below: the exact field's "
                        "copies; above: held-out digits with Gaussian pixel noise of sd 0.25)", _band,
                        uses_control=True),
              control="both controls, recorded as a dict: copies (must fall below 0.9) and noisy held-out "
                      "digits (must fall above 1.1)",
              caveat="Round 5's two-sided `no-copies` rule, moved here in round 6 (referee: the paper claims "
                     "novelty, not closeness to the data) after its outcome was known: PFGM 1.47 fails it (EDM "
                     "Heun's converged samples 1.38 would too). Held-out real digits score 1 by definition; the "
                     "band is ±0.1 around it (their resampling sd ~0.012, printed); the upper control was sized "
                     "by a probe (noise sd 0.125 gives 1.10, sd 0.25 gives 1.34). Scored on the unclipped "
                     "samples; the ratio on samples clipped to [−1, 1] is printed beside it (not scored)."),
    ClaimSpec("speed-vs-sde", "paper", "PFGM reaches the SDE's quality with 10–20× fewer evaluations (solver "
              "benchmark, exact field and denoiser)",
              predicate("NFE ratio (VP-SDE / PFGM) to come within noise of each sampler's own converged output "
                        "on the same seed (FD to it ≤ mean + sd of the FD between two independent draws of the "
                        "benchmark's size), median of 3 seeds: ≥ 10; partly if > 1. Coupling: PFGM's runs share "
                        "the prior draw of its RK45 reference; the VP-SDE's runs share the prior draw and one "
                        "fine Brownian path (1000 steps) with its 1000-step reference; SDE grid 5–1000 steps",
                        _speedup),
              "10–20×", "paper", "abstract; Table 1",
              fails_if="PFGM (best of Euler and Heun, or its RK45 solve) needing as many evaluations as the VP-SDE "
                       "to come within noise of its own converged output",
              caveat="Round 3: the rule before (1.1× the VP-SDE's lowest FD, 0.42–0.49 per seed) sat below what "
                     "every converged exact sampler reaches (copies 0.534 ± 0.058), so it could hardly pass; "
                     "it gave 0 [0, 5.1]. This rule was written with that run's numbers known (VP-SDE 1.07 at "
                     "20 steps, 0.56 at 50; PFGM Heun 0.58 at 9 NFE), which point to a few times, i.e. partly. "
                     "More samples per seed did not fit the notebook's time budget: 500 samples, 3 prior seeds, "
                     "as before. On the exact denoiser the SDE converges by ~50 steps; the paper's SDE runs 1000 "
                     "steps on CIFAR-10 networks (its framing, RK45 98 NFE at FD 0.51 against SDE-1000 at 0.48, "
                     "≈ 10×, is reported, not scored). Round 4 (referee): the target (0.545) sits within noise "
                     "of what a converged exact sampler reaches, so a converged PFGM misses it on some seeds "
                     "(as on seed 0, where PFGM's curves level off just above it); and the race is uneven: "
                     "PFGM's ODE from one prior seed ends on one fixed set, while each VP-SDE grid point is a "
                     "fresh stochastic draw with its own chance to dip below. Read off the median curves over "
                     "seeds instead, the ratio is ~5–7.5× (given as context, not scored). Round 5 (issue 23's "
                     "next round): each sampler is now scored against its own converged output on the same seed "
                     "(PFGM: RK45; VP-SDE: 1000 steps), so a seed's converged level no longer decides the row; "
                     "registered before any fd-to-own value on the exact benchmark was computed. The race is "
                     "still not symmetric: PFGM's coarse and converged runs start from the same prior draws "
                     "(fd_own → 0), the VP-SDE's draw their own noise (fd_own → the noise of two independent "
                     "samples), which the ε = mean + sd allowance is meant to absorb; a VP-SDE that never "
                     "crosses below 1000 steps is given 1000 NFE (its converged run). Round 6 (referee, "
                     "blocker): that allowance does not level the race: the VP-SDE's fd_own cannot fall below "
                     "the two-draw noise (0.547 ± 0.099 at n = 500) while ε = 0.646, whereas PFGM's falls to 0. "
                     "Referee's check (seed 0, this benchmark): PFGM Euler vs its own-seed 50-step Euler 0.775 / "
                     "0.216 / 0.053 at 5 / 10 / 20 steps, vs another seed's converged run 0.912 / 0.724 / 0.682; "
                     "two converged PFGM runs from different seeds are 0.691 apart (above ε). Both samplers now "
                     "have the same coupling: the VP-SDE at every step count is driven by ONE fine Brownian path "
                     "(the 1000-step reference's increments, summed over each coarse step) and the same prior "
                     "draw as its 1000-step reference (`benchmark.sample_vp_coupled`), so its fd_own also falls "
                     "to 0 at convergence. ε and the thresholds are unchanged; round 5's 7.26× [7.11, 20.19] "
                     "(uncoupled) was known, the coupled values were not computed before this commit. The SDE "
                     "grid gains 5 and 10 steps (5, 10, 20, 50, 100, 200, 1000, all dividing the fine grid), so "
                     "the VP-SDE can come within ε at as few evaluations as PFGM's fewest (5): a speed-up ≤ 1 "
                     "(fails_if) is reachable; with the grid starting at 20 it was not (PFGM's Euler crossed at "
                     "~6 NFE)."),
    ClaimSpec("euler-vs-vp-ode", "paper", "With coarse Euler steps PFGM degrades less than the VP-ODE (trained "
              "models, 3 sampling seeds; FD of the Euler output at k steps to the same model's own converged "
              "output on the same seed)",
              predicate("on the trained models, per sampling seed (3) and coarse step count (the profile's second "
                        "and third ODE step counts, 10 and 20): PFGM's Euler FD to its own RK45 output lower than "
                        "the VP-ODE's Euler FD to its own Euler output at the largest ODE step count (100), same "
                        "prior seed; reproduced at every step count on every seed, partly at some", _euler),
              "PFGM better at few steps", "paper", "Sec. 5.2",
              fails_if="PFGM's Euler output as far from its own converged output as the VP-ODE's, or farther, on "
                       "some seed at every coarse step count",
              caveat="Round 6 (referee): the rule cannot pass on the exact benchmark, where it was scored in "
                     "rounds 3–5: the VP-ODE's last step returns the exact denoiser's output, which at small "
                     "noise snaps onto a training digit (referee: 92 % of its 10-step samples end on the same "
                     "digit as at 50 steps, PFGM's Euler 70 %). It is now scored on the trained models over the "
                     "3 sampling seeds, where neither sampler has that advantage; the exact-benchmark numbers "
                     "stay as context (printed with the same-digit fractions). Outcome expected, not "
                     "reproduced: last round's trained-model table on seed 0 gave, at 10 Euler steps, PFGM 0.06 "
                     "from its RK45 output vs the VP-ODE 0.03 from EDM Heun's converged output (20 steps: 0.01 "
                     "vs 0.01); the VP-ODE's reference is now its own Euler at 100 steps (values not computed "
                     "before this commit). Which Euler rule the paper used is unresolved: the original's README "
                     "calls forward_euler (steps in Δ ln z) 'the forward Euler method'; the Δz rule used here, "
                     "its euler_maruyama predictor's, is the kinder to PFGM (Δ ln z: exact-field FD 8.97 at 10 "
                     "steps). Earlier rounds, on the exact benchmark: round 3 degradation (differences of FDs to "
                     "held-out digits), round 5 FD to own converged output (10 steps PFGM 0.24–0.28 vs VP-ODE "
                     "0.03–0.05: not reproduced)."),
    ClaimSpec("quality-gamma", "ours", "The quality row also holds at γ = 1.13 (CIFAR's γ = 5 scaled by the data "
              "norm, 6.77 vs ≈ 30): FD ratio of PFGM's RK45 to the converged diffusion sampler (EDM Heun at the "
              "largest step count, sampling seed 0)", at_most(2.0),
              caveat="On digits only: the paper profile's gamma_scaled is 5.0 (the same scaling on CIFAR-10's "
                     "norm gives CIFAR's own γ), so there this row repeats `quality`. One training seed. Round 6 "
                     "(referee): the denominator follows `quality`'s to the converged EDM Heun (199 NFE); before, "
                     "the grid's lowest diffusion FD (EDM Heun at 19 NFE, 0.92: 5.34 last run). Changed with the "
                     "outcome known: 4.93 / 1.23 = 4.0, still above 2 (fails either way); threshold unchanged."),
    ClaimSpec("weak-network", "paper", "PFGM is more tolerant of estimation errors on a weaker network: its FD "
              "degrades less than diffusion's when both move to a small network",
              predicate("r = (PFGM small/standard FD) ÷ (diffusion small/standard FD) ≤ 0.8; partly if < 1; each "
                        "model's FD the better of its two samplers", _tolerant),
              "more tolerant on a weaker architecture", "paper", "abstract; Sec. 5.1 (DDPM++ vs NCSN++)",
              fails_if="PFGM's FD degrading by as much as diffusion's or more on the small network (r ≥ 1); not "
                       "testable here if a small model's loss is still falling at the end (mean over the last "
                       "quarter of steps more than 5 % below the quarter before)",
              caveat="One training seed per network (more did not fit the time budget). Round 3: PFGM's FD is "
                     "now the better of RK45 and Euler at the largest step count (RK45 alone took 10 460 NFE and "
                     "left 66 % of pixels out of range on the small network: FD 34.8); the loss curves are "
                     "shown and the unfinished-training criterion was registered before they were. Round 4 "
                     "(referee): this tests far less than the paper: the 64×2 MLP collapses PFGM (FD 33.6), not "
                     "the 'estimation error' of the paper's weaker network, which is still a DDPM++ U-Net; and "
                     "the paper compares PFGM with diffusion models on the same backbone (Table 1's DDPM++ rows), "
                     "whose samplers we have not matched to the diffusion arm here (which includes the VP-SDE)."),
    ClaimSpec("cifar10", "paper", "CIFAR-10: FID 2.35, IS 9.68 (NCSN++ deep); FID 2.48 (DDPM++)", None,
              "FID 2.35, IS 9.68", "paper", "Table 1",
              fails_if="an FID well above 2.35 on CIFAR-10 with the paper's NCSN++ backbone"),
])
