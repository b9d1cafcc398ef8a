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
`speed-vs-sde`, per seed: the threshold is 1.1× the VP-SDE's lowest FD over its step grid;
a sampler's NFE to reach it is the first crossing of its FD-vs-NFE curve, interpolated
linearly in log NFE against log FD between grid points; PFGM's is the fewest of its Euler,
Heun and RK45 (RK45 counts if its FD is at or below the threshold); the speed-up is the
VP-SDE's NFE over PFGM's (0 if PFGM never reaches it), and the rule reads the median.
`euler-vs-vp-ode` compares the two at the coarse Euler step counts (the profile's second
and third ODE step counts), seed by seed.

`collapse-2d` (Fig. 2): a 2-D density (a Gaussian kernel density on two moons).  Without
z, the backward flow follows the exact 2-D field of that density from a large circle; with
z, PFGM's backward ODE follows the exact field of charges drawn from it.  Coverage ratio:
the median, over a fresh sample of the density, of the distance to the nearest end point,
divided by the same with an independent sample of equal size in place of the end points
(≈ 1 for a faithful sampler, large when the end points collapse onto a few places).

`weak-network`: both models are retrained with the same recipe on a small network (width
64, depth 2, against the standard 256 and 4).  PFGM's FD is its RK45 sampler's; diffusion's
is the better of EDM Heun at the largest ODE step count and the VP-SDE at the largest SDE
step count, on each network.  `quality-gamma` retrains PFGM only, at γ = 1.13, and divides
its RK45 FD by the same best diffusion FD as `quality`.
"""
from ...claims import (NOT_REPRODUCED, PARTLY, REPRODUCED, ClaimSpec, Registry, at_least, at_most, between,
                       predicate)


def _euler(v: dict) -> str:
    """PFGM's FD below the VP-ODE's on every seed at every coarse step count; partly at some."""
    return REPRODUCED if all(v.values()) else PARTLY if any(v.values()) else NOT_REPRODUCED


def _batch(ours: float, one: float) -> bool:
    """The batch of 256 removes at least half of a batch-of-one's error (1 − cosine) at the worst radius."""
    return (1 - ours) <= 0.5 * (1 - one)


def _speedup(v: float) -> str:
    """10–20× as the paper states: reproduced from 10×; faster but by less: partly."""
    return REPRODUCED if v >= 10 else PARTLY if v > 1 else NOT_REPRODUCED


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
              control="the augmented flow (PFGM, with z) on the same density, which must not collapse",
              fails_if="the 2-D flow's end points covering the data as well as a fresh sample does (coverage "
                       "ratio below 2)",
              caveat="The arms differ in two ways: the 2-D arm follows the smooth Gaussian-kernel density's own "
                     "field, the with-z arm the exact field of 1000 point charges drawn from it. Exactly followed "
                     "lines of point charges end on the charges (in 2-D too), so the control's ratio near 1 holds "
                     "by construction; the paper's Fig. 2 uses the same smooth density in both. The row tests "
                     "the 2-D collapse, not that z repairs it."),
    ClaimSpec("batch-field", "paper", "A batch's field points along the full data set's (batch 256, worst radius), "
              "removing at least half of a batch-of-one's error",
              predicate("1 − cos(256) ≤ ½ (1 − cos(1)) at the worst radius", _batch, uses_control=True),
              "a large batch's field approximates the full data set's", "paper", "Sec. 3.2",
              control="a 'batch' of one: the point's own datum alone",
              caveat="Rule and batch size were written with the batch-1/64/256 cosines already known (0.962, "
                     "0.977, 0.987 in an earlier run), so this is not a test decided in advance. Batch 256 is "
                     "21 % of the 1203 training digits against the original's 8 % (4096 of 50 000); at a "
                     "matched fraction (~100 digits, between batch 64, error 0.024, which fails, and batch 256, "
                     "0.013) it sits at or above the threshold (0.018)."),
    ClaimSpec("quality", "paper", "PFGM's samples match diffusion's quality (FD ratio to the best diffusion sampler)",
              at_most(2.0), "FID 2.35 vs diffusion's best ≈ 2.2–2.4 (CIFAR-10)", "paper", "Table 1",
              fails_if="PFGM's FD more than twice the best diffusion sampler's on the same network and budget (as "
                       "PFGM here does at γ = 1.13, FD 4.90, and on the small network, FD 34.8)",
              caveat="The denominator is EDM Heun at 19 NFE, the lowest of the grid's points (0.92), not a "
                     "converged sampler (EDM Heun converged: 1.23; against it the ratio would be 1.04). One "
                     "training seed and one sampling seed. The pass depends on γ = 5: at γ = 1.13 PFGM's FD is "
                     "4.90 (one seed; row quality-gamma)."),
    ClaimSpec("all-classes", "paper", "Samples cover every digit (smallest class share)", at_least(0.05),
              "all classes", "paper", "Fig. 6",
              fails_if="some digit class with under 5 % of the samples (a dropped mode)"),
    ClaimSpec("no-copies", "paper", "Samples are new digits, not training copies (memorisation ratio; one-sided: "
              "samples off the data also score above 1, which the FD rows judge)", at_least(0.9),
              where="Sec. 5 (no reference value)",
              control="the exact empirical field's samples (a flow that returns training digits)",
              fails_if="a memorisation ratio below 0.9: samples nearer to training digits than held-out real "
                       "digits are",
              caveat="One-sided: a sampler landing off the data (noise, say) scores above 0.9 and passes; PFGM's "
                     "1.48 comes with 20.6 % of its pixels more than half a grey level outside [−1, 1]. No "
                     "reference value (source none), though the paper discusses it in Sec. 5."),
    ClaimSpec("speed-vs-sde", "paper", "PFGM reaches the SDE's quality with 10–20× fewer evaluations (solver "
              "benchmark, exact field and denoiser)",
              predicate("NFE ratio (VP-SDE / PFGM) to reach 1.1× the VP-SDE's best FD, median of 3 seeds: ≥ 10; "
                        "partly if > 1", _speedup),
              "10–20×", "paper", "abstract; Table 1",
              fails_if="PFGM (best of Euler, Heun, RK45) needing as many evaluations as the VP-SDE to come within "
                       "10 % of the SDE's best FD",
              caveat="The threshold, 1.1× the VP-SDE's lowest FD over its grid (0.42–0.49 per seed), sits at or "
                     "below the level every converged exact sampler reaches (training digits drawn with "
                     "replacement: 0.534 ± 0.058 at 500 samples; PFGM levels off at 0.50–0.52), so the rule "
                     "could essentially not pass, even for an ideal sampler. The paper's own framing (RK45's NFE "
                     "against the SDE's default steps at similar quality) gives RK45 98 NFE at FD 0.51 against "
                     "the SDE's 1000 steps at 0.48: about 10× at equal FD within noise (reported beside the "
                     "verdict, not scored). Next: a rule tied to a converged reference, registered before a "
                     "re-run with more samples."),
    ClaimSpec("euler-vs-vp-ode", "paper", "With coarse Euler steps PFGM beats the VP-ODE (solver benchmark, exact "
              "field and denoiser)",
              predicate("PFGM's FD lower on every seed at every coarse step count (partly: at some)", _euler),
              "PFGM better at few steps", "paper", "Sec. 5.2",
              fails_if="PFGM's Euler FD at or above the VP-ODE's on some seed at every coarse step count",
              caveat="The rule compares levels, not robustness to the step count: PFGM's converged exact FD (RK45 "
                     "0.51, Euler at 50 steps 0.52) is above the VP-ODE's at 10 steps (0.47–0.50 per seed), so "
                     "PFGM could not win at any step count. Which Euler rule the paper used is unresolved: the "
                     "original's README calls forward_euler (steps in Δ ln z) 'the forward Euler method'; the Δz "
                     "rule used here is its euler_maruyama predictor's."),
    ClaimSpec("quality-gamma", "ours", "The quality row also holds at γ = 1.13 (CIFAR's γ = 5 scaled by the data "
              "norm, 6.77 vs ≈ 30): FD ratio to the best diffusion sampler", at_most(2.0),
              caveat="On digits only: the paper profile's gamma_scaled is 5.0 (the same scaling on CIFAR-10's "
                     "norm gives CIFAR's own γ), so there this row repeats `quality`. One training seed; the "
                     "same unconverged denominator as `quality` (EDM Heun at 19 NFE, 0.92)."),
    ClaimSpec("weak-network", "paper", "PFGM is more tolerant of estimation errors on a weaker network: its FD "
              "degrades less than diffusion's when both move to a small network",
              predicate("r = (PFGM small/standard FD) ÷ (diffusion small/standard FD) ≤ 0.8; partly if < 1",
                        _tolerant),
              "more tolerant on a weaker architecture", "paper", "abstract; Sec. 5.1 (DDPM++ vs NCSN++)",
              fails_if="PFGM's FD degrading by as much as diffusion's or more on the small network (r ≥ 1)",
              caveat="One training seed per network; the small models' loss curves are not shown, so PFGM's FD "
                     "34.8 there could be a training or RK45 pathology rather than the normalised field's "
                     "difficulty."),
    ClaimSpec("cifar10", "paper", "CIFAR-10: FID 2.35, IS 9.68 (NCSN++ deep); FID 2.48 (DDPM++)", None,
              "FID 2.35, IS 9.68", "paper", "Table 1",
              fails_if="an FID well above 2.35 on CIFAR-10 with the paper's NCSN++ backbone"),
])
