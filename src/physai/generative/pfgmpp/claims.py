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

Round-3 referee (issue 23), registered before the run that decides them (outcomes known
from the previous run, stated in each caveat):
- easy-infinite is withdrawn: the paper does not claim that every finite D trains worse than
  D = ∞ (its README: D = 128 1.92, D = 2048 1.91, D = ∞ (EDM) 1.98, every finite D ahead);
  its rigidity argument concerns small D towards 1.  easy-infinite and sweet-spot read the
  same inequality (D = 4 against D = ∞), so it is merged into sweet-spot.  The small end is
  scored by a new row, rigid-small (D = 1 trains worse than every larger D).
- easy-infinite-original becomes d4-at-sigma, an `ours` row: D = 4 preconditioned at σ trains
  worse than D = ∞, a preconditioning mismatch that the paper's D ≥ 64, N = 3072 does not
  have; it is not evidence for the paper's claim.
- sweet-spot needs an *intermediate* D (1 < D < ∞) ahead of both ends, D = 1 and D = ∞:
  the old rule let D = 1 count as "finite", and with the clipped prior D = 1 is the best clean
  model of all (1.50–1.54, one sampling seed).
- rigid-small: reproduced when D = 1's best training seed is worse than every larger D's
  worst (each training seed's FD the mean over sampling seeds); partly when only its mean is
  worse than each larger D's mean on every sampling seed.
- Caveats only (outcomes known): robust-noise passes at α = 0.5 alone, outside the original's
  levels; robust-nfe's exact-denoiser control goes the other way; d1-vs-pfgm is confounded by
  the unclipped prior; robust-quant's "more" is a tie.  _RULE now says that "reproduced" also
  needs D = 4 ahead on every sampling seed (as `_less_degraded` always did).

Round 4 (issue 23, 08's "Next round"), registered before the run that decides them:
- The noise claim is scored at the original's levels: generate_alpha.py samples at α = 0.1
  and 0.2.  New paper row robust-noise-original: the mean Δ over α = 0.1, 0.2 (α = 0.2
  replaces the table's 0.25), against the matched comparator of issue 23 item 1, D = 16
  (clean 1.85 against D = ∞ 1.91 last run; D = 4's 1.61 is the better model clean, not the
  matched one), three training × three sampling seeds, the same _RULE.  Outcome known in
  part: at α = 0.1 and 0.25 (sampling seed 0) every Δ was −0.12 to 0.07, so a tie (not
  reproduced) is expected.  robust-noise and robust-noise-relative (α = 0.5, a level the
  original does not use) become `ours` rows (context), rules unchanged.
- The sampler's prior of the paper's procedure is the original's generate.py
  (rand_beta_prime: β ~ Beta(N/2, D/2) drawn unclipped; its --aug_dim has min 2, so D = 1 is
  outside the original code).  rigid-small and sweet-spot stay decided on the unclipped
  prior, rules unchanged; the clipped prior over three sampling seeds is printed beside
  them (known for sampling seed 0: D = 1 1.50–1.54, which would fail both: caveats).
- d1-vs-pfgm (ours) compares the two objectives where training has data: both targets
  sampled from the prior β-clipped as in training, three sampling seeds, means over
  three training × three sampling seeds; same threshold (1 + MATCHED).  Unknown: the field
  target from the clipped prior.
- Budget (the standard run was 306 s, aim 270 s): d4-at-sigma trains one seed (seed 0,
  FD averaged over three sampling seeds) instead of three (last run 4.81, 5.12, 5.10
  against 1.93: a seed spread of 0.31 against a gap of 3.1); the D = 1 unclipped ablation
  (shown, not scored; 12.77 against 2.68 last run) is no longer trained.

Round 5 (referee of round 4), registered before the run that decides them:
- The matched comparator throughout: robust-nfe, robust-quant and robust-quant-4bit compare
  D = 16 (issue 23 item 1's matched D, the one this docstring has called "the matched one":
  clean 1.76 against D = ∞ 1.90 last run) with D = ∞, not D = 4 (1.63, the better model clean;
  admitted only by the 25 % bar set after a probe).  The weights of D = 16 are rounded again.
  D = 4 against D = ∞ at 7 NFE is kept as an `ours` context row, robust-nfe-d4 (the old rule);
  D = 4's rounded weights are printed (sampling seed 0), not scored.  Known for robust-nfe:
  D = 16 4.149 against D = ∞ 4.757 at 7 NFE, spread 1.0 (sampling seed 0), so "partly" is
  expected; D = 16's rounded-weight Δs have not been measured since round 3.
- rigid-small and sweet-spot are decided under both priors: the original's unclipped prior
  (its generate.py, the paper's procedure) and the prior β-clipped as in training (the
  original's training/loss.py clips β to [10⁻³, 1 − 10⁻³]; the clip bites only at our N = 64,
  D = 1, where 1 − β < 10⁻³ for about a fifth of the draws, about 0.05 % at D = 4 and never at
  the original's N = 3072, D ≥ 64, so the unclipped D = 1 penalty is a train/sample radius
  mismatch the paper's regime lacks).  Reproduced when the single-prior rule gives
  "reproduced" under both; not reproduced when it gives "not reproduced" under both; partly
  otherwise.  Set knowing the clipped-prior numbers (round 4: D = 1 1.47, best training seed
  1.44, against D = 4's worst 1.68): "partly" is expected for both.
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
    """`v`: the best *intermediate* D (1 < D < ∞; "best D" None if the run has none), its mean
    and worst training seed, and for each end of the family that the run has (D = 1, D = ∞) its
    best training seed and the end's mean minus the best D's per sampling seed (each training
    seed's FD the mean over sampling seeds).

    Reproduced when the best intermediate D's worst training seed beats both ends' best;
    partly when only its mean over training seeds is lower than both ends' on every sampling
    seed; not reproduced otherwise (an end of the family winning is not a sweet spot)."""
    if v.get("best D") is None:
        return "not reproduced"
    ends = [e for e in ("D=1", "D=∞") if f"{e} best seed" in v]
    if all(v["best D worst seed"] < v[f"{e} best seed"] for e in ends):
        return "reproduced"
    gaps = [g for e in ends for g in v[f"{e} − best D per sampling seed"]]
    return "partly" if gaps and min(gaps) > 0 else "not reproduced"


def _rigid(v: dict) -> str:
    """`v`: D = 1's mean and best training seed, each larger D's worst training seed, and
    "D=1 − larger D per sampling seed" (D = 1's mean over training seeds minus each larger D's,
    per sampling seed).  Reproduced when D = 1's best training seed is worse than every larger
    D's worst; partly when only its mean is worse than every larger D's, on every sampling
    seed; not reproduced otherwise."""
    if v["D=1 best seed"] > max(v["larger D worst seed"].values()):
        return "reproduced"
    gaps = v["D=1 − larger D per sampling seed"]
    return "partly" if gaps and min(gaps) > 0 else "not reproduced"


PRIORS = ("unclipped prior", "clipped prior")


def _both_priors(single):
    """A rule read under both sampling priors: `v` = {"unclipped prior": …, "clipped prior": …},
    each what `single` reads.  Reproduced when `single` gives "reproduced" under both, not
    reproduced when it gives "not reproduced" under both, partly otherwise."""
    def rule(v: dict) -> str:
        verdicts = [single(v[p]) for p in PRIORS]
        if all(x == "reproduced" for x in verdicts):
            return "reproduced"
        return "not reproduced" if all(x == "not reproduced" for x in verdicts) else "partly"
    return rule


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


_RULE = (f"Δ(small D) < Δ(D=∞) − spread and Δ(small D) < Δ(D=∞) on every sampling seed, Δ = perturbed − clean "
         f"FD (means over training and sampling seeds; spread = the larger max − min of per-training-seed Δ); "
         f"'partly' if only Δ(small D) < Δ(D=∞) on every sampling seed, or if the clean FDs differ by more than "
         f"{MATCHED:.0%} of D = ∞'s")

_FIX = ("Decided on our preconditioning fix (finite-D models at σ√k; the original preconditions at σ, with "
        "which D = 4 trains to FD 4.81, 5.12, 5.10, mean 5.01, vs D = ∞ 1.93: the d4-at-sigma ablation, three "
        "seeds in round 3, one since). MATCHED = 25 % was chosen after a probe.")


def _robust(kind: str, statement: str, fails_if: str, caveat: str = "", claim_kind: str = "paper") -> ClaimSpec:
    return ClaimSpec(f"robust-{kind}", claim_kind, statement, predicate(_RULE, _less_degraded),
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
              "With r = σ√D the kernel tends to the Gaussian (distance at the largest finite D; the analytic "
              "radial CDF, not the sampler, which kernel-law checks)",
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
            caveat="Scored at α = 0.5 only, outside the original's levels (generate_alpha.py: 0, 0.1, 0.2; our paper "
                   "profile 0.1–0.3); at α = 0.1 and 0.25 (tables, previous run) every Δ was about 0 or negative, "
                   "so the pass rests on a noise level the paper does not use (the original's levels are scored "
                   "by robust-noise-original). Scale confound: noise α·σ·n is "
                   "smaller relative to a heavy kernel's spread σ√k (k = 5.35, 1.97, 1.14, 1 for D = 1, 4, 16, ∞): "
                   "relative noise 0.216/0.357/0.468/0.5 at α = 0.5; see robust-noise-relative. An `ours` row "
                   "since round 4 (was paper, reproduced): the paper's levels are scored by robust-noise-original.",
            claim_kind="ours"),
    _robust("noise-relative", "Small D degrades less than D = ∞ under injected noise of the same size relative "
            "to each kernel's spread (α·σ·√k·n, α = 0.5): the control of robust-noise's scale confound",
            "D = 4 losing as much quality as D = ∞ or more when each kernel gets noise α·σ·√k·n: robust-noise's "
            "advantage being only the smaller relative noise.",
            caveat="Also α = 0.5 only, outside the original's levels (0.1, 0.2); an `ours` row since round 4 "
                   "(was paper, reproduced).", claim_kind="ours"),
    _robust("noise-original", "The matched small D (D = 16, about as good clean as D = ∞) degrades less than "
            "D = ∞ under injected sampling noise at the original's levels (mean Δ over α = 0.1, 0.2)",
            "D = 16 losing as much quality as D = ∞ or more when noise α·σ·n (α = 0.1, 0.2) is injected before "
            "every step: at the paper's own noise levels nothing told apart, or D = ∞ ahead.",
            caveat="Comparator D = 16 as issue 23 item 1 asks (the D whose clean FD matches D = ∞'s: 1.85 vs 1.91 "
                   "last run; k = 1.14, so α·σ·n is 0.94 α relative to its spread, a small scale confound). Known "
                   "in part before registering: at α = 0.1 and 0.25 (sampling seed 0, the previous run's table) "
                   "every model's Δ was −0.12 to 0.07, so a tie is expected; α = 0.2 had not been run."),
    _robust("nfe", "The matched small D (D = 16, about as good clean as D = ∞) degrades less with large steps "
            "(7 NFE) than D = ∞",
            "D = 16 losing as much quality as D = ∞ or more at 7 NFE: coarse steps hurting both kernels alike.",
            caveat="Comparator D = 16 since round 5 (issue 23 item 1's matched D; rounds 3–4 scored D = 4, now the "
                   "`ours` row robust-nfe-d4). Known before registering: D = 16 loses 4.149 against D = ∞'s "
                   "4.757 at 7 NFE (sampling seed 0, round 4), spread 1.0, so 'partly' is expected. D = 16's clean "
                   "baseline equals its 11-NFE FD (1.81 against 1.81, round 4). The exact-denoiser control is run "
                   "for D = 4 and D = ∞ only (robust-nfe-d4's caveat): at D = 4 it goes the other way, so a pass "
                   "here would rest on the trained networks, not on the kernel."),
    _robust("nfe-d4", "D = 4 (the better model clean; context) degrades less with large steps (7 NFE) than D = ∞",
            "D = 4 losing as much quality as D = ∞ or more at 7 NFE.",
            caveat="The scored row of rounds 3–4 (reproduced, 2.22 against 4.65), kept as context: D = 4 is not "
                   "the matched comparator (clean 1.63 against 1.90, admitted by a 25 % bar set after a probe). "
                   "Its exact-denoiser control rejects the kernel-level mechanism: with the exact denoiser (no "
                   "modelling error) the same sampler at 7 NFE wrecks D = 4 (FD 28.7, 35.4 at 5 NFE) and raises "
                   "D = ∞ only to 2.36, through EDM's Heun correction on the step σ 0.47 → 0.002, where D = 4's "
                   "weights still blend about 17 digits (samples thrown about 167 from the data mean, the last "
                   "step returns the mean; round 4's trace): the heavy kernel itself makes coarse steps worse, so "
                   "the pass rests on the trained networks being smooth, not on the kernel. D = 4's 35-NFE "
                   "baseline (1.66, sampling seed 0) is worse than its own 11-NFE FD (1.36), which shrinks its Δ: "
                   "measured from each model's best FD, 2.64 against 4.89.", claim_kind="ours"),
    _robust("quant", "The matched small D (D = 16) degrades less under weight quantisation (mean over the "
            "original's 5–9 bits) than D = ∞",
            "D = 16 losing as much quality as D = ∞ or more, averaged over the original's weight precisions "
            "(5–9 bits).",
            caveat=_QUANT_NOTE + " Comparator D = 16 since round 5 (issue 23 item 1; rounds 3–4 scored D = 4: "
                   "0.030 against 0.029, a tie, not reproduced; printed as context). D = 16's rounded weights "
                   "were last measured in round 3 (tables only); not known for this run."),
    _robust("quant-4bit", "The matched small D (D = 16) degrades less under 4-bit weights than D = ∞ (below the "
            "original's range)",
            "D = 16 losing as much quality as D = ∞ or more at 4 bits.",
            caveat=_QUANT_NOTE + " Comparator D = 16 since round 5 (rounds 3–4: D = 4, 0.42 against 0.47, not "
                   "reproduced; printed as context)."),
    ClaimSpec("d4-at-sigma", "ours",
              "With EDM's preconditioning at σ unchanged (the original's method), D = 4 trains worse than D = ∞ "
              "at N = 64 (one training seed of D = 4 at σ since round 4)",
              predicate("FD(D=∞) ≤ FD(D=4 at σ); D = 4 at σ: training seed 0, mean over three sampling seeds; "
                        "D = ∞: mean over its three training and three sampling seeds", _easy),
              fails_if="D = 4 preconditioned at σ sampling as well as D = ∞ or better (its FD at or below D = ∞'s): "
                       "the original's preconditioning harmless at D = 4, N = 64.",
              caveat="The original preconditions every D at σ = r/√D (a factor below 1.03 from the kernel's "
                     "variance at its D ≥ 64, N = 3072; 2 at D = 4). "
                     "A finding about a preconditioning mismatch the paper's D ≥ 64 does not have, not evidence "
                     "for 'D → ∞ is the easiest to train' (withdrawn: the paper's README has every finite D "
                     "ahead of EDM). Outcome known at registration (round 3, and the fails_if added in round 5 after "
                     "round 4's 4.89 against 1.90): D = 4 at σ 4.81–5.12 vs D = ∞ 1.93, so the row could not be "
                     "expected to fail. Cut "
                      "from three training seeds to one in round 4 for the time budget (seed spread 0.31 against a "
                      "gap of 3.1)."),
    ClaimSpec("cifar-ffhq", "paper", "CIFAR-10 FID 1.91 at D = 2048; FFHQ-64 FID 2.43 at D = 128", None,
              "FID 1.91 / 2.43", "paper", "Tables 1–2",
              fails_if="FIDs well above 1.91 / 2.43 with the paper's U-Nets"),
    ClaimSpec("d1-vs-pfgm", "ours",
              "Trained at D = 1, PFGM++'s perturbation objective (regress the datum) samples about as well as "
              "PFGM's (regress the field of the whole training set), same network, kernel and sampler",
              predicate(f"FD(datum target) ≤ (1 + {MATCHED:.2f}) × FD(field target), means over three training × "
                        f"three sampling seeds, both sampled from the prior β-clipped as in training",
                        lambda v: v["datum target"] <= (1 + MATCHED) * v["field target"]),
              "PFGM++ drops PFGM's large-batch field target for an unbiased perturbation objective",
              "paper", "abstract; Sec. 3",
              caveat="Since round 4 sampled from the prior clipped as in training (the unclipped prior starts about a "
                     "fifth of D = 1's samples beyond any trained radius, which confounded the comparison: 2.95 vs "
                     "2.73 there, sampling seed 0), over three sampling seeds. Not the paper's sampler (its prior is "
                     "unclipped): a comparison of the two objectives where training has data. Known before "
                     "registering: the datum target from the clipped prior 1.50–1.54 (sampling seed 0); the field "
                     "target's not measured."),
    ClaimSpec("rigid-small", "paper",
              "The small end is rigid: D = 1 trains worse than every larger D (clean FD), from both sampling priors",
              predicate("under each prior (the original's unclipped one, and β clipped as in training): D = 1's best "
                        "training seed worse than every larger D's worst (three training seeds, FDs averaged over "
                        "sampling seeds) → reproduced; else its mean worse than each larger D's on every sampling "
                        "seed → partly. Reproduced if reproduced under both priors, not reproduced if not under "
                        "both, partly otherwise", _both_priors(_rigid)),
              "small D: heavier-tailed kernel, harder to learn (the robustness–rigidity trade-off)", "paper",
              "Sec. 1; Sec. 5",
              fails_if="D = 1 training as well as some larger D or better (a mean clean FD at or below it) from "
                       "both priors.",
              caveat="Since round 5 decided under both priors (rounds 3–4: the unclipped prior alone, reproduced "
                     "2.40, best seed 2.37, against 1.68–1.97). The unclipped prior is the original's (generate.py "
                     "draws β unclipped; its --aug_dim ≥ 2, so D = 1 is outside the original code); the clipped "
                     "prior matches training (β clipped to [10⁻³, 1 − 10⁻³], which bites only at our N = 64, D = 1: "
                     "about a fifth of the unclipped prior's radii lie beyond any trained radius, never at the "
                     "original's N = 3072, D ≥ 64). Known before registering: from the clipped prior the same D = 1 "
                     "models reach 1.47 (best training seed 1.44, three sampling seeds) against D = 4's worst "
                     "1.68, so 'partly' is expected. " + _FIX.split(". MATCHED")[0] + "."),
    ClaimSpec("sweet-spot", "paper",
              "An intermediate D (1 < D < ∞) beats both ends of the family, D = 1 and D → ∞, by more than the "
              "seed spread, from both sampling priors (absorbs the withdrawn easy-infinite, which read the same "
              "D = 4 vs D = ∞ inequality)",
              predicate("under each prior (the original's unclipped one, and β clipped as in training): best "
                        "intermediate D's worst training seed < the best training seed of D = 1 and of D = ∞ "
                        "(three seeds; FDs averaged over sampling seeds) → reproduced; else its mean lower than "
                        "both ends' on every sampling seed → partly. Reproduced if reproduced under both priors, "
                        "not reproduced if not under both, partly otherwise", _both_priors(_sweet)),
              "CIFAR-10 FID 1.91 (D = 2048), 1.92 (D = 128) vs 1.98 (EDM)", "paper", "Table 1",
              fails_if="No intermediate D with a mean clean FD below both D = 1's and D = ∞'s, from both priors.",
              caveat="Since round 5 decided under both priors (rounds 3–4: the unclipped prior alone, reproduced: "
                     "D = 4 worst seed 1.68 against D = 1's best 2.37 and D = ∞'s 1.86). Only D = 1 depends on the "
                     "prior (the training clip bites at D = 1, N = 64 alone). Known before registering: from the "
                     "prior clipped as in training D = 1 reaches 1.47 (best training seed 1.44) against D = 4's "
                     "1.63 (worst 1.68), so the clipped prior fails and 'partly' is expected. "
                     + _FIX.split(". MATCHED")[0] + ". The trained grid is D = 1, 4, 16, ∞ (D = 128, within 0.06 "
                     "of the Gaussian kernel at N = 64, is left out to fit the budget)."),
])
