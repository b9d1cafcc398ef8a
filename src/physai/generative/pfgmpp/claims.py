"""The claims notebook 08 tests, declared before the run that decides them (DESIGN.md §4).

The kernel and limit rows are *method* checks: the sampler against the kernel's own law,
and the two ends of the family, which hold if the code is right (the D = 1 row against eq. 3's
plain sum, an independent computation).  The robustness rows test the paper's qualitative claim
("smaller D is more robust to modelling errors") as each model's *degradation* from its own
clean quality, D = 4 against D = ∞, and only count as a matched comparison when the two are
about as good clean (audit #23: an absolute FD had measured a D = 4 model that trained badly).
D = 4 now trains with EDM's preconditioning at its kernel's own per-coordinate variance
(σ²·D/(D − 2) rather than σ²), which the original never needed at its D ≥ 64, N = 3072.

Referee of notebook 08 (issue 23), registered before the run that decides them:
- the robustness rules need a margin: D = 4's mean degradation must be lower than D = ∞'s by
  more than the spread over seeds (the larger of the two models' max − min of per-seed Δ),
  else "partly" if only lower (the audit's metric item: error bars wherever a verdict turns on
  a difference smaller than the spread; a strict "<" on means passes two exchangeable models
  half the time).  Outcomes already known for noise and NFE: differences of 2.6 and 3.0, far
  beyond any seed spread seen.
- robust-quant is decided on the original's bit range 5–9 (generate_quant.py bits_list; the
  paper's); 4 bits, where the old pass came from, is a separate row.  Known: over 5, 6, 8 bits
  D = 4 degraded most (0.15 vs D = ∞ 0.11), so robust-quant is expected not reproduced.
- easy-infinite-original scores "D → ∞ is easiest to train" on the original's method (D = 4
  preconditioned at σ, three seeds); known for seed 0: FD 4.83 vs D = ∞ 1.91.
- robust-noise-relative controls the scale confound of robust-noise: the original injects
  α·σ·n, while each kernel's per-coordinate spread is σ√k; the control injects α·σ·√k·n.
- The compared small D is a config key (`robust_D`: standard 4, paper 64), so the paper
  profile's rows can be scored at its own D grid.
MATCHED = 0.25 and easy-infinite's failure statement were written after a probe (commit
6932e0c: "probe FD 5.1 -> 1.7"), not before any measurement: disclosed in the caveats.

Next round (issue 23, 08's open items), registered before the run that decides them:
- limit-pfgm compares the D = 1 denoiser's direction with PFGM's field summed directly as
  eq. 3 (`physai.generative.field.direct_field`, no softmax, no logarithm), not with the same
  softmax computed a second time; the rule (relative difference ≤ 10⁻⁶) is unchanged.
- Sampling-seed error bars: every scored setting is sampled with several sampling seeds
  (config `sampling_seeds`) for the compared models.  The robustness rules and sweet-spot
  average over them, and "partly" now needs the small D to be lower *on every sampling seed*
  (the difference between the two models' mean over training seeds, per sampling seed):
  a mean that is lower by less than the sampler's own noise no longer counts (a strict "<"
  on means passes two exchangeable models half the time).  Known: robust-quant was
  "partly" on a difference of 0.004 (0.068 vs 0.072, seed spread 0.082), so it may become
  "not reproduced"; its quantised set changes too (next item), so its value is not known.
- Quantisation rounds the original's parameter set: generate_quant.py rounds a parameter
  whose name has 'weight' and none of 'norm', 'affine', 'map', '32', i.e. no noise-embedding
  (map) or embedding-to-block (affine) layer, no normalisation and no layer at the
  full 32×32 resolution (the input and output convolutions among them).  The MLP's analogue:
  round the hidden width × width matrices; keep the first layer (image and noise embedding
  in) and the last (image out).
- Sources: the paper's empirical robustness is Sec. 6 (its Fig. 1 lists "improved robustness
  (Sec 6)" and the robustness–rigidity trade-off as Sec. 5); "Sec. 5.3" was wrong.
"""
from ...claims import ClaimSpec, Registry, at_least, at_most, predicate

MATCHED = 0.25   # clean FDs within 25 % of D = ∞'s count as matched (written after a probe, 6932e0c)
QUANT_BITS = (5, 9)   # the original's bit range (generate_quant.py bits_list = [5, 6, 7, 8, 9])


def _decreasing(values: list[float]) -> bool:
    return all(a >= b for a, b in zip(values, values[1:]))


def _gauss(v: dict) -> bool:
    """`v`: the kernel's distance to the Gaussian per D (in increasing D, ∞ last)."""
    finite = [x for k, x in v.items() if k != "D=∞"]
    return round(finite[-1], 4) <= 0.01 and bool(_decreasing(list(v.values())))


def _edm(v: dict) -> bool:
    """`v`: the optimal denoiser's distance to the Gaussian one per D (increasing D)."""
    values = list(v.values())
    return float(f"{values[-1]:.2e}") <= 1e-3 and _decreasing(values)


def _sweet(v: dict) -> str:
    """Reproduced when the best finite D's worst training seed beats D = ∞'s best (each
    seed's FD the mean over sampling seeds); partly when only its mean over training seeds is
    lower, on every sampling seed ("D=∞ − best D per sampling seed" all > 0); not reproduced
    otherwise."""
    if v["best D worst seed"] < v["D=∞ best seed"]:
        return "reproduced"
    return "partly" if min(v.get("D=∞ − best D per sampling seed", [v["D=∞"] - v["FD"]])) > 0 else "not reproduced"


def _less_degraded(v: dict) -> str:
    """`v`: "small D" (its label), the mean degradation (perturbed − clean FD) over training
    and sampling seeds of that D and of D = ∞ ("Δ D=…"), "spread" (the larger of the two
    models' max − min of per-training-seed Δ, each a mean over sampling seeds), "Δ(∞) − Δ(small)
    per sampling seed" (the difference of the means over training seeds, one per sampling seed)
    and their clean FDs.

    Reproduced when the small D degrades less than D = ∞ by more than the spread and the two
    are matched clean (within MATCHED of D = ∞'s clean FD); partly when it degrades less on
    every sampling seed but within the spread, or unmatched; not reproduced otherwise (a
    difference inside the sampler's own noise is a tie)."""
    small = v["small D"]
    d_small, d_inf = v[f"Δ D={small}"], v["Δ D=∞"]
    if not min(v.get("Δ(∞) − Δ(small) per sampling seed", [d_inf - d_small])) > 0:
        return "not reproduced"
    matched = abs(v[f"clean D={small}"] - v["clean D=∞"]) <= MATCHED * v["clean D=∞"]
    return "reproduced" if matched and d_inf - d_small > v["spread"] else "partly"


_RULE = (f"Δ(small D) < Δ(D=∞) − spread, Δ = perturbed − clean FD (means over training and sampling seeds; "
         f"spread = the larger max − min of per-training-seed Δ); 'partly' if only Δ(small D) < Δ(D=∞) on every "
         f"sampling seed, or if the clean FDs differ by more than {MATCHED:.0%} of D = ∞'s")

_FIX = ("Decided on our preconditioning fix (finite-D models at σ√k; the original preconditions at σ, with "
        "which D = 4 trains to FD 4.83 vs D = ∞ 1.91, ablation, one seed). MATCHED = 25 % was chosen after a probe.")


def _robust(kind: str, statement: str, fails_if: str, caveat: str = "") -> ClaimSpec:
    return ClaimSpec(f"robust-{kind}", "paper", statement, predicate(_RULE, _less_degraded),
                     "smaller D is more robust to modelling errors", "paper", "abstract; Sec. 6",
                     fails_if=fails_if, caveat=(caveat + " " + _FIX).strip())


def _easy(v: dict) -> bool:
    """`v`: {"compared": "D=…", that D's mean clean FD, "D=∞": …}."""
    small = v[v["compared"]]
    return small is not None and v["D=∞"] <= small


_QUANT_NOTE = ("Rounds the original's parameter set as we map it onto an MLP: the original (generate_quant.py) "
               "leaves the noise embedding ('map'), embedding-to-block ('affine'), normalisation and every "
               "full-resolution ('32') layer unrounded, among them the input and output convolutions; ours rounds "
               "the hidden width × width matrices and keeps the first layer (image and noise embedding in) and the "
               "last (image out).")


CLAIMS = Registry("08_pfgmpp", "PFGM++: from Poisson flow to diffusion", [
    ClaimSpec("kernel-law", "method", "The sampler draws the kernel's radial law (smallest KS p-value, N = 8, 64)",
              at_least(1e-3), "exact law", "paper", "eq. 4"),
    ClaimSpec("kernel-gauss", "method",
              "With r = σ√D the kernel tends to the Gaussian (distance at the largest finite D)",
              predicate("≤ 0.01 and decreasing in D", _gauss), "→ 0", "paper", "Sec. 4"),
    ClaimSpec("limit-pfgm", "method",
              "D = 1 is PFGM: the denoiser's direction is PFGM's field, summed directly as eq. 3 "
              "(field.direct_field; relative difference)",
              at_most(1e-6), "identical", "paper", "Sec. 4"),
    ClaimSpec("limit-edm", "method",
              "D → ∞ is EDM: the optimal denoiser approaches the Gaussian one (at D = 10⁵)",
              predicate("≤ 1e-3 and decreasing in D", _edm), "identical in the limit", "paper", "Sec. 4"),
    _robust("noise", "Small D degrades less under injected sampling noise (α = 0.5) than D = ∞",
            "D = 4 losing as much quality as D = ∞ or more when noise α·σ·n is injected before every step: "
            "injected noise degrading heavy-tailed and Gaussian kernels alike.",
            caveat="Scale confound: noise α·σ·n is smaller relative to a heavy kernel's spread σ√k (k = 5.35, 1.97, "
                   "1.14, 1 for D = 1, 4, 16, ∞): relative noise 0.216/0.357/0.468/0.5 at α = 0.5; see "
                   "robust-noise-relative."),
    _robust("noise-relative", "Small D degrades less than D = ∞ under injected noise of the same size relative "
            "to each kernel's spread (α·σ·√k·n, α = 0.5): the control of robust-noise's scale confound",
            "D = 4 losing as much quality as D = ∞ or more when each kernel gets noise α·σ·√k·n: robust-noise's "
            "advantage being only the smaller relative noise."),
    _robust("nfe", "Small D degrades less with large steps (7 NFE) than D = ∞",
            "D = 4 losing as much quality as D = ∞ or more at 7 NFE: coarse steps hurting both kernels alike "
            "(with the exact denoiser finite D is hurt more, so this can go either way).",
            caveat="D = 4's clean baseline (35 NFE) has been worse than its own 11-NFE FD in every run so far "
                   "(1.63 vs 1.33 in the previous round), which shrinks its Δ at 7 NFE; the notebook reports each "
                   "model's Δ from its best FD beside it."),
    _robust("quant", "Small D degrades less under weight quantisation (mean over the original's 5–9 bits run "
            "here) than D = ∞",
            "D = 4 losing as much quality as D = ∞ or more, averaged over the original's weight precisions "
            "(5–9 bits).", caveat=_QUANT_NOTE),
    _robust("quant-4bit", "Small D degrades less under 4-bit weights than D = ∞ (below the original's range)",
            "D = 4 losing as much quality as D = ∞ or more at 4 bits.", caveat=_QUANT_NOTE),
    ClaimSpec("easy-infinite", "paper", "D → ∞ is the easiest to train: clean quality at least that of D = 4",
              predicate("FD(D=∞) ≤ FD(small D), means over seeds", _easy),
              "small D makes learning harder (heavy-tailed kernel)", "paper", "Sec. 1; Sec. 5",
              fails_if="D = 4 training as well as D = ∞ or better (clean FD at or below D = ∞'s): a heavy R^−5 "
                       "kernel tail that costs learning nothing once the preconditioning matches its variance.",
              caveat="Decided on our preconditioning fix (σ√k), not the original's method (see "
                     "easy-infinite-original); the failure statement was written after a probe (6932e0c)."),
    ClaimSpec("easy-infinite-original", "paper",
              "D → ∞ is the easiest to train, on the original's method (D = 4 preconditioned at σ, three seeds)",
              predicate("FD(D=∞) ≤ FD(D=4 at σ), means over three seeds", _easy),
              "small D makes learning harder (heavy-tailed kernel)", "paper", "Sec. 1; Sec. 5",
              fails_if="D = 4 preconditioned at σ training as well as D = ∞ or better.",
              caveat="Outcome largely known before registering: seed 0 of D = 4 at σ had FD 4.83 vs D = ∞ 1.91."),
    ClaimSpec("sweet-spot", "paper", "An intermediate D beats D → ∞ (best finite D, by more than the seed spread)",
              predicate("best finite D's worst training seed < D = ∞'s best (three seeds; FDs averaged over "
                        "sampling seeds); 'partly' if only its mean is lower, on every sampling seed", _sweet),
              "CIFAR-10 FID 1.91 (D = 2048) vs 1.98 (EDM)", "paper", "Table 1",
              fails_if="No finite D with a mean clean FD below D = ∞'s over three seeds.",
              caveat="Decided on our preconditioning fix: finite-D models at their kernel's spread σ√k, which the "
                     "original does not do (with its σ, D = 4 trains to FD 4.83 vs D = ∞ 1.91, one seed). The "
                     "trained grid is D = 1, 4, 16, ∞ (D = 128, within 0.06 of the Gaussian kernel at N = 64, "
                     "is left out to fit the budget)."),
    ClaimSpec("cifar-ffhq", "paper", "CIFAR-10 FID 1.91 at D = 2048; FFHQ-64 FID 2.43 at D = 128", None,
              "FID 1.91 / 2.43", "paper", "Tables 1–2",
              fails_if="FIDs well above 1.91 / 2.43 with the paper's U-Nets"),
    ClaimSpec("d1-vs-pfgm", "ours",
              "Trained at D = 1, PFGM++'s perturbation objective (regress the datum) samples about as well as "
              "PFGM's (regress the field of the whole training set), same network, kernel and sampler",
              predicate(f"FD(datum target) ≤ (1 + {MATCHED:.2f}) × FD(field target), means over three seeds",
                        lambda v: v["datum target"] <= (1 + MATCHED) * v["field target"]),
              "PFGM++ drops PFGM's large-batch field target for an unbiased perturbation objective",
              "paper", "abstract; Sec. 3"),
])
