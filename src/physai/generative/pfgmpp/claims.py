"""The claims notebook 08 tests, declared before the run that decides them (DESIGN.md §4).

The kernel and limit rows are *method* checks: the sampler against the kernel's own law,
and the two ends of the family, which hold if the code is right (the D = 1 row computes
the same softmax formula twice).  The robustness rows test the paper's qualitative claim
("smaller D is more robust to modelling errors"); the numbers once shown beside them were
measured on digits by an earlier session, not the paper's, and are no longer shown as
its values.
"""
from ...claims import ClaimSpec, Registry, at_least, at_most, predicate


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


def _sweet(v: dict) -> bool:
    return v["best D worst seed"] < v["D=∞ best seed"]


def _robust(kind: str, statement: str, fails_if: str, caveat: str) -> ClaimSpec:
    return ClaimSpec(f"robust-{kind}", "paper", statement,
                     predicate("FD(D=4) < FD(D=∞)", lambda v: v["D=4"] < v["D=∞"]),
                     "smaller D is more robust to modelling errors", "paper", "abstract; Sec. 5.3",
                     fails_if=fails_if, caveat=caveat)


_BROKEN_D4 = "Audit #23: D = 4 is broken clean (FD 5.28 vs 1.94 for D = ∞), so absolute FD measures its training; "

CLAIMS = Registry("08_pfgmpp", "PFGM++: from Poisson flow to diffusion", [
    ClaimSpec("kernel-law", "method", "The sampler draws the kernel's radial law (smallest KS p-value, N = 8, 64)",
              at_least(1e-3), "exact law", "paper", "eq. 4"),
    ClaimSpec("kernel-gauss", "method",
              "With r = σ√D the kernel tends to the Gaussian (distance at the largest finite D)",
              predicate("≤ 0.01 and decreasing in D", _gauss), "→ 0", "paper", "Sec. 4"),
    ClaimSpec("limit-pfgm", "method", "D = 1 is PFGM: the denoiser's direction is PFGM's field (relative difference)",
              at_most(1e-6), "identical", "paper", "Sec. 4"),
    ClaimSpec("limit-edm", "method",
              "D → ∞ is EDM: the optimal denoiser approaches the Gaussian one (at D = 10⁵)",
              predicate("≤ 1e-3 and decreasing in D", _edm), "identical in the limit", "paper", "Sec. 4"),
    _robust("noise", "Small D is more robust to injected sampling noise (α = 0.5)",
            "D = ∞ still ahead at α = 0.5, as it is clean (1.94 vs 5.28): injected noise degrading Gaussian and "
            "heavy-tailed kernels alike, no robustness bought by small D.",
            _BROKEN_D4 + "it even improves under noise (3.61). Against D = 16 (clean 2.11): 4.99 vs 6.11; "
                         "to be scored as degradation from each model's clean FD."),
    _robust("nfe", "Small D is more robust to large steps (7 NFE)",
            "D = ∞ still ahead at 7 NFE, as it is clean and at 11 NFE (1.90 vs 3.73): coarse steps hurting both "
            "kernels alike, no robustness from small D.",
            _BROKEN_D4 + "it even improves at 11 NFE (3.73). Against D = 16: 6.42 vs 7.17 at 7 NFE; "
                         "to be scored as degradation from each model's clean FD."),
    _robust("quant", "Small D is more robust to weight quantisation (mean FD over precisions)",
            "D = ∞ still ahead averaged over weight precisions, as it is clean (1.94 vs 5.28): rounding hurting "
            "both kernels alike — which is what happened (2.40 vs 5.49).",
            _BROKEN_D4 + "against D = 16: 2.66 vs 2.41 (4-bit +1.59 vs +1.50). Our rounding also hits the "
                         "noise-embedding layer, which the original's quantisation skips."),
    ClaimSpec("easy-infinite", "paper", "D → ∞ is the easiest to train: clean quality at least that of D = 4",
              predicate("FD(D=∞) ≤ FD(D=4)", lambda v: v["D=4"] is not None and v["D=∞"] <= v["D=4"]),
              "small D makes learning harder (heavy-tailed kernel)", "paper", "Sec. 1; Sec. 5.3",
              fails_if="D = 4 training as well as D = ∞ (clean FD ≈ 1.8–2.1, as D = 16 and 128 do): a heavy R^−5 "
                       "kernel tail that costs learning nothing.",
              caveat="Audit #23: it passes against a D = 4 model that trains badly (clean FD 5.28, while "
                     "D = 16 gives 2.11 ≈ D = ∞), for a reason not yet found."),
    ClaimSpec("sweet-spot", "paper", "An intermediate D beats D → ∞ (best finite D, by more than the seed spread)",
              predicate("best finite D's worst seed < D = ∞'s best seed", _sweet),
              "CIFAR-10 FID 1.91 (D = 2048) vs 1.98 (EDM)", "paper", "Table 1",
              fails_if="No finite D beating D = ∞ beyond seed noise: with D = 16, 128 and ∞ exchangeable, this "
                       "best-of-D, two-seed rule fails 73 % of the time.",
              caveat="Audit #23: the best of four D on two seeds, and D = 128 at N = 64 is nearly Gaussian "
                     "(kernel distance 0.06): a weak test."),
    ClaimSpec("cifar-ffhq", "paper", "CIFAR-10 FID 1.91 at D = 2048; FFHQ-64 FID 2.43 at D = 128", None,
              "FID 1.91 / 2.43", "paper", "Tables 1–2",
              fails_if="FIDs well above 1.91 / 2.43 with the paper's U-Nets"),
])
