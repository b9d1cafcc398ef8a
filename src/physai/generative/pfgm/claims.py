"""The claims notebook 07 tests, declared before the run that decides them (DESIGN.md §4).

The two hemisphere rows check the field-line tracer against known answers: the paper's
theorem (uniform as R → ∞) and the dipole term of the far field (a 1/R approach, our
derivation, not a rate the paper states) — *method* checks.  `speed-vs-sde` counts network
evaluations (NFE), which do not depend on the machine: it is the paper's "10–20× faster"
measured in the paper's own unit (Table 1 compares NFE), so a *paper* claim, not a
wall-clock *speed* row.
"""
from ...claims import (NOT_REPRODUCED, PARTLY, REPRODUCED, ClaimSpec, Registry, at_least, at_most, between,
                       predicate)


def _euler(v: dict) -> str:
    """PFGM's FD below the VP-ODE's at every coarse step count; partly at some."""
    return REPRODUCED if all(v.values()) else PARTLY if any(v.values()) else NOT_REPRODUCED


_STEP_RULE = ("Audit #23: PFGM's Euler/Heun steps here are ours (uniform in ln z, overshooting straight lines "
              "by Δ/(1 − e^−Δ), without z_exp), not the original's Δz steps: with the exact field at 10 steps "
              "FD 9.19 vs 0.71 (floor 0.50), so coarse-step results are our step rule's, not PFGM's.")

CLAIMS = Registry("07_pfgm", "PFGM: Poisson flow generative models", [
    ClaimSpec("uniform-rate", "method", "Field-line end points approach uniform on the hemisphere roughly as 1/R",
              between(-1.4, -0.6)),
    ClaimSpec("uniform-limit", "method", "At R = 64 the end points are uniform (KS distance)", at_most(0.02),
              "uniform", "paper", "Sec. 3.1"),
    ClaimSpec("batch-field", "paper", "A batch's field points along the full data set's (batch 256, worst radius)",
              at_least(0.95), "a large batch's field approximates the full data set's", "paper", "Sec. 3.2",
              fails_if="a mean cosine below 0.95 between the batch-256 field and the full field at some radius",
              caveat="Cannot fail as written: measured here with the same code, a 'batch' of one datum already "
                     "scores 0.962 at the worst radius (batch 4: 0.963, 64: 0.977, 256: 0.987); a rule against that "
                     "batch-of-one baseline is for audit #23."),
    ClaimSpec("quality", "paper", "PFGM's samples match diffusion's quality (FD ratio to the best diffusion sampler)",
              at_most(2.0), "FID 2.35 vs diffusion's best ≈ 2.2–2.4 (CIFAR-10)", "paper", "Table 1",
              fails_if="PFGM's FD over twice diffusion's: a heavy-tailed D = 1 kernel training worse, as notebook 08's "
                       "D = 1 and 4 models do on these digits (17.6, 5.28 vs 1.94)."),
    ClaimSpec("all-classes", "paper", "Samples cover every digit (smallest class share)", at_least(0.05),
              "all classes", "paper", "Fig. 6",
              fails_if="some digit class with under 5 % of the samples (a dropped mode)"),
    ClaimSpec("no-copies", "paper", "Samples are new digits, not training copies (memorisation ratio)", at_least(0.9),
              where="Sec. 5 (no reference value)",
              fails_if="a memorisation ratio below 0.9: samples nearer to training digits than held-out real "
                       "digits are",
              caveat="Audit #23: the rule is one-sided, so samples that sit off the data (ratio 1.47 here, grey "
                     "speckle) pass it too; a two-sided rule or an explanation is pending."),
    ClaimSpec("speed-vs-sde", "paper", "PFGM reaches the SDE's quality with 10–20× fewer evaluations", at_least(10),
              "10–20×", "paper", "abstract; Table 1",
              fails_if="PFGM needing more than a tenth of the VP-SDE's evaluations to come within 10 % of the "
                       "SDE's best FD",
              caveat="Audit #23: every converged sampler sits ~5× above the FD floor, so model error hides "
                     "discretisation error and the NFE crossing is noise; PFGM's Euler/Heun use our ln z step "
                     "rule; a solver benchmark on the exact field is to score this claim."),
    ClaimSpec("euler-vs-vp-ode", "paper", "With coarse Euler steps PFGM beats the VP-ODE",
              predicate("PFGM's FD lower at every coarse step count (partly: at some)", _euler),
              "PFGM better at few steps", "paper", "Sec. 5.2",
              fails_if="PFGM's Euler FD at or above the VP-ODE's at every coarse step count",
              caveat=_STEP_RULE),
    ClaimSpec("cifar10", "paper", "CIFAR-10: FID 2.35, IS 9.68 (NCSN++ deep); FID 2.48 (DDPM++)", None,
              "FID 2.35, IS 9.68", "paper", "Table 1",
              fails_if="an FID well above 2.35 on CIFAR-10 with the paper's NCSN++ backbone"),
])
