# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # PFGM++: one family from Poisson flow to diffusion
#
# PFGM (notebook 07) adds one dimension to the data and follows the electric field. Xu,
# Liu, Tian, Tong, Tegmark and Jaakkola {cite}`xu2023pfgmpp` add $D$ of them. The field of
# the data in $N + D$ dimensions gives a family of generative models with one knob: $D = 1$
# is PFGM, $D \to \infty$ is the diffusion model EDM {cite}`karras2022edm`. The paper's
# claims: the family trades **robustness** (small $D$ tolerates sampling errors, coarse
# weights and large steps) for **ease of training** ($D \to \infty$), and an intermediate
# $D$ beats both ends (CIFAR-10 FID 1.91 at $D = 2048$ against EDM's 1.98).
#
# This notebook implements the kernel and the training from scratch
# (`physai.generative.pfgmpp`), checks the kernel and both limits exactly, then trains
# one small denoiser per $D$ and seed on 8×8 digits — all of them at once, as one batched
# model — and measures sample quality under the paper's three perturbations. At small $D$
# EDM's preconditioning, which the original reuses unchanged, does not fit the kernel:
# we precondition each model at its kernel's own variance, and show what that changes. It
# runs in about five minutes on two (shared) CPU cores, four of them training.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from IPython.display import display

from physai import plotting, profiles, runtime
from physai.generative import data, kernels, metrics, pfgmpp
from physai.generative.pfgmpp import experiments as pe, plots
from physai.generative.pfgmpp.claims import CLAIMS, QUANT_BITS

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("08_pfgmpp", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # declared in physai/generative/pfgmpp/claims.py, checked section by section

# %% [markdown]
# ## The kernel
#
# A datum $y$ is a charge in $N + D$ dimensions. Training perturbs it with the field's
# kernel (eq. 4)
#
# $$
# p_r(x \mid y) \propto \frac{1}{\left(\lVert x - y\rVert^2 + r^2\right)^{(N+D)/2}},
# $$
#
# where $r$ is the distance in the $D$ extra dimensions. Its radius is a scaled beta-prime
# variable, drawn exactly as $R = r\sqrt{\beta/(1-\beta)}$ with
# $\beta \sim \mathrm{Beta}(N/2, D/2)$, times a uniform direction. With $r = \sigma\sqrt{D}$
# the kernel's radius concentrates like a Gaussian's as $D$ grows, which is what lets the
# family reuse EDM's noise schedule, preconditioning and sampler with $\sigma = r/\sqrt D$.

# %% mystnb={"figure": {"caption": "Radial density of the PFGM++ kernel at r = σ√D (σ = 1) in N = 64 dimensions, analytic (lines) and sampled (histograms) for D = 1, 4, 128, 2048 and the Gaussian limit. Small D has a heavy tail; large D approaches the Gaussian's χ law.", "name": "pfgmpp-kernel"}}
N_show = 64
fig, ax = plt.subplots(figsize=(5.2, 3.0))
grid = np.linspace(0.01, 40, 800)
g = torch.Generator().manual_seed(seed)
for D, color in zip(cfg.kernel_D, plotting.colors(len(cfg.kernel_D))):
    r = cfg.kernel_sigma * (1 if math.isinf(D) else math.sqrt(D))
    R = pfgmpp.perturb(torch.zeros(cfg.kernel_draws, N_show), cfg.kernel_sigma, D, g).norm(dim=1)
    ax.hist(R[R < 40].numpy(), bins=80, density=True, alpha=0.25, color=color)
    ax.plot(grid, kernels.radial_pdf(grid, N_show, D, r), color=color, label=f"D = {pe.d_label(D)}")
ax.set(xlabel="radius ‖x − y‖", ylabel="density", xlim=(0, 40))
ax.legend();

# %% [markdown]
# The sampler against the analytic law (Kolmogorov–Smirnov, no clipping of $\beta$ — a
# clip at $1 - 10^{-3}$, as some code has, would drop a fifth of the $D = 1$ kernel's mass
# at $N = 64$), and the largest gap between the law and the Gaussian's:

# %%
kernel = pd.concat([pe.kernel_checks(N, cfg.kernel_D, cfg.kernel_sigma, cfg.kernel_draws, seed)
                    for N in cfg.kernel_N], ignore_index=True)
display(kernel.round(4))

# %%
card.check("kernel-law", float(kernel.p.min()),
           reason=f"{cfg.kernel_draws} draws per (N, D), D = " + ", ".join(pe.d_label(D) for D in cfg.kernel_D))
gd = kernel[kernel.N == max(cfg.kernel_N)].set_index("D").gauss_distance
card.check("kernel-gauss", {f"D={pe.d_label(D)}": float(v) for D, v in gd.items()},
           reason=f"sup-distance of the radial CDF from the Gaussian's, N = {max(cfg.kernel_N)}");

# %% [markdown]
# Every sampled law passes, and the distance to the Gaussian falls steadily with $D$.
#
# ## The two ends of the family, exactly
#
# For a finite data set the best denoiser is the kernel-weighted mean of the data,
# $D^*(x; r) = \sum_i w_i y_i$ with $w_i \propto (\lVert x - y_i\rVert^2 + r^2)^{-(N+D)/2}$,
# and the backward ODE is $dx/dr = (x - D^*(x; r))/r$. At $D = 1$ these weights are PFGM's:
# $x - D^*$ is exactly the $x$ part of PFGM's normalised-field direction at $z = r$, whose
# $z$ part is $r$, so the two ODEs are one. We check it against PFGM's field summed
# directly as its eq. 3, $E(\tilde x) = \sum_i (\tilde x - \tilde y_i)/\lVert \tilde x - \tilde y_i\rVert^{N+1}$
# in float64 (`field.direct_field`: no softmax, no logarithm), rescaled so its $z$ part is
# $r$ (`pfgmpp.model.pfgm_direction`; each point's distances in units of its nearest one,
# a positive factor that keeps the powers inside float64's range at CIFAR-10's $N$ too). As $D \to \infty$ the weights become $e^{-\lVert x - y_i\rVert^2/2\sigma^2}$, EDM's.
# Both, on the digits:

# %%
d = data.digits(device=device) if cfg.dataset == "digits" else data.cifar10(cfg.cifar10_root, device=device)
y = d.train.double()
gx = torch.Generator().manual_seed(seed)
probe = y[torch.randint(len(y), (200,), generator=gx)] + 0.5 * torch.randn(200, d.dim, generator=gx, dtype=torch.float64).to(device)
r = 0.5
pfgm_dir = pfgmpp.model.pfgm_direction(probe, r, y)  # eq. 3's plain sum, scaled so that its z part is r
pfgm_gap = float(((probe - pfgmpp.optimal_denoiser(probe, r, y, 1)) - pfgm_dir).abs().max() / pfgm_dir.abs().max())
gauss = pfgmpp.optimal_denoiser(probe, r, y, math.inf)
edm_gaps = {D: float((pfgmpp.optimal_denoiser(probe, r, y, D) - gauss).abs().max()) for D in [16, 128, 2048, 10**5]}
print(f"D = 1 vs PFGM's field (eq. 3's plain sum): largest relative difference {pfgm_gap:.1e}")
print("D vs Gaussian, largest difference of the optimal denoiser (pixels in [-1, 1]):",
      {pe.d_label(D): f"{v:.1e}" for D, v in edm_gaps.items()})

# %%
card.check("limit-pfgm", float(f"{pfgm_gap:.2e}"))
card.check("limit-edm", {"D=10⁵" if D == 10**5 else f"D={D}": v for D, v in edm_gaps.items()});

# %% [markdown]
# ## Training every D at once
#
# One EDM denoiser (a 4-layer SiLU MLP with EDM's preconditioning and loss) per $D$ and
# seed, trained together as one batched model (`physai.batched`): every model sees the
# same minibatch and the same noise levels each step; only its kernel and its initial
# weights differ. On a CPU this saves per-step overhead, not arithmetic.
#
# Two details matter at small $D$, and both concern the kernel's heavy tail
# ($p(R) \sim R^{-D-1}$). EDM's preconditioning (the input scale $c_\text{in}$, the skip
# and output scales, and the loss weight) is derived for noise of variance $\sigma^2$ per
# coordinate. At $r = \sigma\sqrt D$ the kernel's variance is $\sigma^2 D/(D-2)$: twice
# $\sigma^2$ at $D = 4$, infinite at $D \le 2$. The original reuses EDM's scales unchanged,
# harmless at its $D \ge 64$ with $N = 3072$ (a factor below 1.03), not here. We
# precondition each model at its kernel's own spread $\sigma\sqrt{k}$,
# $k = D\,\mathbb{E}[\beta/(1-\beta)]/N$, keeping EDM's noise conditioning $\ln\sigma/4$.
# And, as the original does in training, $\beta$ is clipped to $[10^{-3}, 1 - 10^{-3}]$: this
# bounds the radius at $31.6\,r$ and the loss with it, at the price of moving a fifth of
# the $D = 1$ kernel's mass onto that bound (0.05 % of $D = 4$'s; the sampler's prior is
# not clipped). Extra models, trained in the same batch, undo the fixes: $D = 4$
# preconditioned at $\sigma$ as in the original (three seeds: the original's recipe, which
# the `d4-at-sigma` row scores), and $D = 1$ trained on the *unclipped* kernel
# but preconditioned exactly as the clipped model (at its $k$; one seed), so that the
# training clip is the only difference (the unclipped kernel's own variance is infinite:
# there is no "preconditioned at its own spread" for it).

# %%
ks = {pe.d_label(D): round(pfgmpp.variance_factor(D, d.dim, cfg.beta_clip), 3) for D in cfg.D_values}
print("variance factor k per D (clipped training kernel):", ks)
denoisers, history, train_seconds = pe.train_family(d, cfg.D_values, cfg.seeds, cfg, cfg.ablations)
print(f"{len(denoisers)} models ({len(cfg.D_values)} D × {len(cfg.seeds)} seeds + {len(cfg.ablations)} ablations), "
      f"{cfg.steps} steps, {train_seconds:.0f} s")

# %% mystnb={"figure": {"caption": "Training loss (EDM's weighted denoising loss, mean over seeds, a rolling mean of four log points) for each D, and the ablations (dashed: D = 4 at σ, mean of three seeds; D = 1 trained unclipped, preconditioned as the clipped model). The losses are not comparable across D, nor between an ablation and its fixed twin, since each model regresses under its own kernel and loss weight. The unclipped D = 1 model's loss swings over decades. The others flatten but are still drifting down at 4000 steps: the models are trained to a budget, not to convergence.", "name": "pfgmpp-training"}}
fig, ax = plt.subplots(figsize=(4.8, 3.0))
for D, color in zip(cfg.D_values, plotting.colors(len(cfg.D_values))):
    h = history[(history.D == D) & (history.run == "")].groupby("step").loss.mean()
    ax.plot(h.index, h.rolling(4, min_periods=1).mean(), color=color, label=f"D = {pe.d_label(D)}")
for prefix, color in [("D = 4 at σ", "black"), ("D = 1 unclipped", "grey")]:
    h = history[history.run.str.startswith(prefix)].groupby("step").loss.mean()
    if len(h):
        ax.plot(h.index, h.rolling(4, min_periods=1).mean(), color=color, ls="--", lw=1, label=prefix)
ax.set(xlabel="step", ylabel="loss", yscale="log")
ax.legend(fontsize="x-small");

# %% [markdown]
# ## Robustness
#
# Sample quality is the Fréchet distance between classifier features of generated and
# held-out digits (as in notebook 07), beside its floor: the FD of 1000 real training
# digits, drawn with replacement (independent draws, as notebook 07 does: subsets of 1000 of
# the 1203 training digits overlap and understate the spread), against the held-out ones,
# with its spread over ten draws. Each model samples
# with EDM's Heun sampler from its own kernel's prior, clean and under the paper's three
# perturbations: noise $\alpha\,\sigma\,n$ injected before every step (the original's
# `generate_alpha.py`; the original's levels are α = 0.1 and 0.2, the scored rows use 0.5,
# see below), weights rounded to $2^{\text{bits}}$ levels (`generate_quant.py`'s rounding,
# of the hidden layers only, as described next), and fewer steps. The injected noise has a
# scale confound: a kernel's
# per-coordinate spread is $\sigma\sqrt{k}$ ($k$ = 5.35, 1.97, 1.14, 1 for $D$ = 1, 4, 16,
# ∞), so the same $\alpha\,\sigma\,n$ is *smaller* relative to a heavy kernel's noise
# (0.22, 0.36, 0.47, 0.5 at α = 0.5). A control injects $\alpha\,\sigma\sqrt{k}\,n$, the
# same relative size for every $D$ (row "noise α·√k", tables only). Weight rounding follows
# the original's parameter set: its `generate_quant.py` rounds no noise-embedding
# (`map`), embedding-to-block (`affine`) or normalisation parameter and no layer at the full
# 32×32 resolution, the input and output convolutions among them; on our MLP we keep the
# first layer (image and noise embedding in) and the last (image out), and round the three
# hidden 192 × 192 matrices.
#
# Every model samples with one sampling seed (the same prior draws for every model, seed 0
# below). The settings the scored rows read are sampled again with two more sampling seeds
# for $D = 4$ and $D = \infty$ (the clean setting for every $D$): the scored values average
# over the three, and a "partly" needs $D = 4$ ahead on each of them. The tables and
# figures show sampling seed 0.

# %%
features = metrics.ClassifierFeatures(d.train, d.train_labels, seed=seed, max_iter=cfg.classifier_iters)
floor = metrics.fd_floor(features, d.train, d.test, cfg.n_samples, draws=cfg.floor_draws, seed=seed,
                         replace=True)  # independent draws (overlapping subsets understate the spread), as 07
lo, hi = QUANT_BITS
scored = {"robust-noise": ("noise α", [0.5]), "robust-noise-relative": ("noise α·√k", [0.5]),
          "robust-nfe": ("NFE", [7]), "robust-quant": ("weight bits", [b for b in cfg.bits if lo <= b <= hi]),
          "robust-quant-4bit": ("weight bits", [4])}
table, clean = pe.robustness(denoisers, d, features, cfg, seed, compared=(cfg.robust_D, math.inf),
                             resample=[(kind, level) for kind, levels in scored.values() for level in levels])
primary = table[table.sampling_seed == 0]  # the tables and figures: one sampling seed
print(f"floor (real vs real, {cfg.n_samples} training digits drawn with replacement vs the {len(d.test)} held "
      f"out, {cfg.floor_draws} draws): FD {floor}")
print("mean FD over seeds [min, max]:")
spread = primary.groupby(["perturbation", "level", "D"]).fd.agg(["mean", "min", "max"])
display(spread.apply(lambda r: f"{r['mean']:.2f} [{r['min']:.2f}, {r['max']:.2f}]", axis=1)
        .unstack("D").rename(columns=pe.d_label))

# %% [markdown]
# Out-of-range pixels, which the classifier's features cannot see (its inputs are clipped to
# $[-1, 1]$): the fraction of pixels more than half a grey level (1/16) outside it, as
# notebook 07 counts them (the digits' background sits at exactly $-1$, and a sampler leaves
# many pixels a hair below it), mean over seeds, clean and perturbed:

# %%
display(primary.pivot_table(index=["perturbation", "level"], columns="D", values="out_of_range", aggfunc="mean")
        .rename(columns=pe.d_label).round(3))

# %% [markdown]
# The ablations, clean (35 NFE), beside the fixed models of the same $D$ and seed:

# %%
ablation_fd = {}
for name, D, s, *_ in cfg.ablations:
    x, _ = pfgmpp.sample(denoisers[name], cfg.n_samples, D, steps=cfg.steps_clean,
                         generator=torch.Generator().manual_seed(seed))
    fixed = primary[(primary.perturbation == "none") & (primary.D == D) & (primary.seed == s)].fd
    ablation_fd[name] = (features.frechet(x, d.test) if torch.isfinite(x).all() else math.nan,
                         float(fixed.iloc[0]) if len(fixed) else math.nan)
    print(f"{name}: FD {ablation_fd[name][0]:.2f}   (fixed D = {pe.d_label(D)}, seed {s}: {ablation_fd[name][1]:.2f})")

# %% mystnb={"figure": {"caption": "Samples of the seed-0 model for each D (clean Heun sampling, 35 NFE). Every D starts from the same sampling seed, so the prior's directions are shared across the grids (only the radii differ with D): cells in the same place of two grids start on the same ray, which is why the D = 1, 4 and 16 grids often show the same digit in the same place; the D = ∞ prior is a Gaussian, drawn differently.", "name": "pfgmpp-samples"}}
plots.sample_grids({f"D = {pe.d_label(D)}": clean[D, cfg.seeds[0]] for D in cfg.D_values}, d.shape, nrow=8);

# %% mystnb={"figure": {"caption": "Fréchet distance (lower is better) against the strength of each perturbation, one line per D; bands span the three training seeds (sampling seed 0); the dotted line is the real-vs-real floor at 1000 samples (drawn with replacement). Left to right: clean quality, injected noise α, weight precision in bits (the original's parameter set: hidden layers rounded, first and last layers kept), and the number of network evaluations (log y axes on the last three). The 35-NFE clean FD is not every model's best: D = 4 samples better at 11 NFE.", "name": "pfgmpp-robustness"}}
plots.robustness(primary, floor.mean);

# %% [markdown]
# The robustness rules read each model's **degradation** $\Delta$ = perturbed − clean FD
# (seed by seed, each against the clean FD of the same sampling seed, then the mean over
# three training and three sampling seeds), $D = 4$ against $D = \infty$: reproduced only if
# $D = 4$'s mean $\Delta$ is lower by more than the spread over training seeds (the larger of
# the two models' max − min of per-training-seed $\Delta$) *and* the two are about as good
# clean (within 25 %, a threshold chosen after a probe); *partly* if it is lower on every
# sampling seed but by less; otherwise not reproduced (a difference inside the sampler's own
# noise is a tie). Mean $\Delta$ over training seeds (sampling seed 0), every $D$:

# %%
deg = pe.degradation(primary)
deg = deg[deg.perturbation != "none"]
display(deg.pivot_table(index=["perturbation", "level"], columns="D", values="delta", aggfunc="mean")
        .rename(columns=pe.d_label).round(2))

# %% [markdown]
# The same comparison, with its spread over training seeds and the difference
# $\Delta(\infty) - \Delta(D)$ per sampling seed, for every finite $D$ against $D = \infty$
# (what the rules read for $D = 4$, over three sampling seeds; shown, not scored, for $D = 1$
# and $16$, over sampling seed 0 only); then each weight precision alone, $D = 4$ against
# $D = \infty$ over three sampling seeds (what `robust-quant` averages over 5–9 bits); and
# each model's best FD over the step counts run (its clean FD at 35 NFE is not always its
# best):

# %%
compare = {}
for D in [D for D in cfg.D_values if not math.isinf(D)]:
    for name, (kind, levels) in scored.items():
        v = pe.less_degraded(table, kind, levels, small=D)
        if v is not None:
            lab = pe.d_label(D)
            compare[f"D = {lab}", name] = {"Δ small D": v[f"Δ D={lab}"], "Δ D=∞": v["Δ D=∞"], "spread": v["spread"],
                                           "Δ(∞) − Δ(D) per sampling seed": v["Δ(∞) − Δ(small) per sampling seed"]}
display(pd.DataFrame(compare).T)
per_bits = {b: pe.less_degraded(table, "weight bits", [b], small=cfg.robust_D) for b in cfg.bits}
display(pd.DataFrame({b: {"Δ small D": v[f"Δ D={pe.d_label(cfg.robust_D)}"], "Δ D=∞": v["Δ D=∞"], "spread": v["spread"],
                          "Δ(∞) − Δ(D) per sampling seed": v["Δ(∞) − Δ(small) per sampling seed"]}
                      for b, v in per_bits.items() if v is not None}).T.rename_axis("bits"))
steps_fd = primary[primary.perturbation.isin(["none", "NFE"])].groupby(["D", "nfe"]).fd.mean().unstack("nfe").rename(index=pe.d_label)
display(steps_fd.round(2))

# %% [markdown]
# How much of the coarse-step effect is the sampler's own? With the exact denoiser of the
# training digits in place of the network (no modelling error at all), the same Heun
# sampler at 35, 11 and 7 NFE:

# %%
class ExactDenoiser(torch.nn.Module):
    """E[y | x] under the kernel of dimension D, for the sampler (it memorises the training digits)."""
    def __init__(self, D):
        super().__init__()
        self.D, self.N, self.anchor = D, d.dim, torch.nn.Parameter(torch.zeros(1, device=d.train.device))

    def forward(self, x, sigma):
        return pfgmpp.optimal_denoiser(x, float(torch.as_tensor(sigma).reshape(-1)[0]), d.train, self.D)


exact_nfe = {f"D={pe.d_label(D)}": {nfe: round(features.frechet(pfgmpp.sample(
    ExactDenoiser(D), cfg.n_samples, D, steps=(nfe + 1) // 2, generator=torch.Generator().manual_seed(seed))[0],
    d.test), 2) for nfe in [2 * cfg.steps_clean - 1] + [2 * s - 1 for s in cfg.few_steps]}
    for D in [4, math.inf]}
display(pd.DataFrame(exact_nfe).rename_axis("NFE"))

# %% [markdown]
# Clean FD per sampling seed (mean over the three training seeds), the sampler's own noise
# beside the training seeds':

# %%
display(table[table.perturbation == "none"].pivot_table(index="sampling_seed", columns="D", values="fd",
                                                        aggfunc="mean").rename(columns=pe.d_label).round(3))

# %%
for claim_id, (kind, levels) in scored.items():
    value = pe.less_degraded(table, kind, levels, small=cfg.robust_D)
    if value is None or not levels:
        card.not_testable(claim_id, f"profile {profile} does not run D = {pe.d_label(cfg.robust_D)} and D = ∞ "
                          f"under {kind} {levels}")
    else:
        card.check(claim_id, value, reason=f"{len(cfg.seeds)} training × {cfg.sampling_seeds} sampling seeds; "
                   f"{kind} " + ", ".join(map(str, levels)))
rigid = pe.rigidity(table)
if rigid is None:
    card.not_testable("rigid-small", f"profile {profile} trains no D = 1 beside a larger D")
else:
    card.check("rigid-small", rigid, reason=f"training seeds {', '.join(map(str, cfg.seeds))}; "
               f"{cfg.sampling_seeds} sampling seeds; unclipped prior")
original = [fd for name, (fd, _) in ablation_fd.items() if name.startswith("D = 4 at σ")]
if len(original) >= 3:
    inf0 = primary[(primary.perturbation == "none") & (primary.D == math.inf)].fd.mean()
    card.check("d4-at-sigma", {"compared": "D=4 at σ", "D=4 at σ": round(float(np.mean(original)), 2),
                                          "D=∞": round(float(inf0), 2)},
               reason="sampling seed 0; D = 4 at σ seeds: " + ", ".join(f"{v:.2f}" for v in original))
else:
    card.not_testable("d4-at-sigma", f"profile {profile} trains no three seeds of D = 4 at σ")
card.check("sweet-spot", pe.sweet_spot(table),
           reason=f"training seeds {', '.join(map(str, cfg.seeds))}; {cfg.sampling_seeds} sampling seeds")
card.not_testable("cifar-ffhq", "needs the DDPM++/NCSN++ U-Nets and a GPU");

# %% [markdown]
# ## D = 1 against PFGM's objective, trained
#
# At $D = 1$ the optimal denoiser *is* PFGM's field (checked above, exactly). What differs
# is the training target: PFGM regresses the field of a large batch of data — here the
# whole training set, as notebook 07 does — while PFGM++ regresses the clean datum, an
# unbiased but noisier target with the same minimiser. Three more models in the same batch
# regress $\mathbb{E}[y \mid x]$ over the whole training set (`pfgmpp.model.posterior_mean`)
# instead of $y$; everything else (network, clipped $D = 1$ kernel, preconditioning, Heun
# sampler) is shared, so the comparison isolates the objective. The memorisation ratio is
# the median distance of samples to their nearest training digit over that of held-out
# digits (notebook 07's measure; below 1: samples sit closer to training digits than new
# digits do).

# %%
field_runs = [name for name, *_ in cfg.ablations if name.startswith("D = 1, field target")]
d1 = {"field target": [], "datum target": []}
memo = {"field target": [], "datum target": []}
for name, D, s, *_ in [a for a in cfg.ablations if a[0] in field_runs]:
    if (1, s) not in denoisers:
        continue
    for label, den in [("field target", denoisers[name]), ("datum target", denoisers[1, s])]:
        x = clean[1, s] if label == "datum target" else pfgmpp.sample(
            den, cfg.n_samples, 1, steps=cfg.steps_clean, generator=torch.Generator().manual_seed(seed))[0]
        d1[label].append(features.frechet(x, d.test))
        memo[label].append(metrics.memorisation_ratio(x, d.train, d.test))
for label in d1:
    if d1[label]:
        print(f"D = 1, {label}: FD {np.mean(d1[label]):.2f} [{min(d1[label]):.2f}, {max(d1[label]):.2f}], "
              f"memorisation ratio {np.mean(memo[label]):.2f}")
if len(d1["field target"]) >= 3:
    card.check("d1-vs-pfgm", {k: round(float(np.mean(v)), 3) for k, v in d1.items()},
               reason=f"{len(d1['field target'])} seeds; floor {floor}")
else:
    card.not_testable("d1-vs-pfgm", f"profile {profile} trains no D = 1 field-target models on three seeds")

# %% [markdown]
# What does $D = 1$ need? Two differences from the original are candidates: the clip of β in
# training (which the original has and which bounds the loss) and a clip of the *sampling*
# prior (which the original does not have: about a fifth of the unclipped $D = 1$ prior's
# radii lie beyond $31.6\,r$, where the clipped training never put data). The three
# clipped-in-training models and the one trained unclipped (preconditioned as the clipped
# ones, so only the training clip differs; one seed), each sampled from the unclipped prior
# and from the prior with β clipped as in training (FD, sampling seed 0, 35 NFE):

# %%
d1_runs = [(f"clipped in training, seed {s}", denoisers[1, s]) for s in cfg.seeds if (1, s) in denoisers]
d1_runs += [(name, denoisers[name]) for name, *_ in cfg.ablations if name.startswith("D = 1 unclipped")]
def finite_fd(x):
    return features.frechet(x, d.test) if torch.isfinite(x).all() else math.nan


d1_prior = {name: {f"prior {lab}": finite_fd(pfgmpp.sample(den, cfg.n_samples, 1, steps=cfg.steps_clean, prior_clip=c,
                                                            generator=torch.Generator().manual_seed(seed))[0])
                   for lab, c in [("unclipped", 0.0), ("clipped", cfg.prior_clip)]} for name, den in d1_runs}
if d1_prior:
    display(pd.DataFrame(d1_prior).T.round(2))

# %% [markdown]
# **What this shows.** Trained with EDM's scales unchanged, as the original does, $D = 4$
# samples badly (three seeds preconditioned at σ: FD 4.81, 5.12, 5.10 against 1.57, 1.65,
# 1.68 for the same seeds preconditioned at the kernel's variance). With the fixes every
# $D$ trains, and the clean panel no longer shows the paper's trade-off: $D = 4$ is the best
# model (1.61 over three training and three sampling seeds; every training seed below every
# $D = \infty$ seed), $D = 16$ next (1.85), the Gaussian limit 1.91, and $D = 1$, sampled
# from its unclipped prior, is clearly worse (2.95). All are 4–8 times the floor
# (0.371 ± 0.052, independent draws of 1000 real digits), so model error, not the metric,
# sets these numbers. The sampler's own
# noise is small beside these gaps for $D \ge 4$ (clean FD over three sampling seeds: $D = 4$
# 1.59–1.63, $D = \infty$ 1.86–1.93), not for $D = 1$ (2.36–2.95, its heavy-tailed prior).
# One anomaly: $D = 4$ samples *better* with fewer steps (11 NFE FD 1.33 [1.28, 1.38] against
# 1.63 at 35 NFE, on every seed; $D = \infty$ 1.82 against 1.93, $D = 16$ 1.81 against 1.85),
# which its exact denoiser does not do (0.47 against 0.42): the trained $D = 4$ field errs in
# a way short trajectories partly avoid. Its 35-NFE baseline is thus inflated, which shrinks
# its $\Delta$s; measured from each model's best FD (11 NFE), $D = 4$ still loses less at 7
# NFE (2.67 against 5.28).
#
# Under perturbation the picture depends on $D$ and on the perturbation, not simply "the
# smaller the better". $D = 4$ against $D = \infty$ (three training × three sampling seeds):
# with noise α = 0.5 injected it loses 1.23 against 3.89 (training-seed spread 0.46; ahead by
# 2.3–3.1 on each sampling seed), and still less when the noise is scaled to each kernel's
# spread (α·√k: 2.92 against 3.89, spread 0.50, ahead by 0.6–1.4), so the advantage is not
# only the smaller relative noise; at 7 NFE 2.31 against 5.05 (spread 1.05, ahead by
# 2.7–2.8). Weight rounding of the original's parameter set (hidden layers only) is a tie,
# not a reversal (the per-bit table): at 6–9 bits every $\Delta$ is about 0 for $D = 4$,
# 16 and ∞ (below 0.03); at 5 bits $D = 4$ loses more (0.27 against 0.11, over three sampling
# seeds), at 4 bits, below the original's range, slightly less (0.43 against 0.46, spread
# 0.39, ahead on one sampling seed of three). Averaged over 5–9 bits $D = 4$ loses 0.053
# against 0.022, a gap of 0.031 inside the training-seed spread (0.065); that it has the same
# sign on every sampling seed says little, since the sampling seeds resample the same
# trained models. So `robust-quant` is not reproduced, as a
# tie. Rounding the hidden layers alone costs far less than rounding every matrix did (4
# bits: about 0.4 here, about 1 in the previous round). $D = 1$ is *not* more robust: at 7
# NFE it loses 6.42 (more than $D = \infty$'s 5.17), and at matched relative noise 3.52
# against 3.66, inside the spread (0.42). $D = 16$ loses less than $D = \infty$ under
# injected noise (2.38 against 3.66) and under noise scaled to its spread (2.92 against
# 3.66), both by more than the training-seed spread (0.42), and at 7 NFE (4.36 against
# 5.17) by less than it (1.04); these $D = 1$ and $16$ comparisons use sampling seed 0 only.
# The noise rows rest on α = 0.5, outside the original's levels (`generate_alpha.py`:
# α = 0, 0.1, 0.2; our paper profile 0.1–0.3): at α = 0.1 and 0.25 every model's $\Delta$
# is about 0 or negative (−0.12 to 0.07), so at the paper's own noise levels nothing is told
# apart. The coarse-step advantage belongs to the trained network, not to
# the sampler: with the exact denoiser the same Heun sampler at 7 NFE wrecks $D = 4$ (FD
# 28.7) and raises $D = \infty$ from 0.33 to 2.36, a sevenfold rise; the exact $D = \infty$
# sampler is not even monotone in steps (5 NFE 0.92 < 7 NFE 2.36), which we do not explain.
# So `robust-nfe`'s own control points the other way: the pass is a property of the trained
# networks we have not diagnosed (the unclipped prior is one candidate), and its caveat
# says so.
# Out-of-range pixels (beyond half a grey level) are 22–28 % of clean samples and rise with
# every perturbation (to about 80 % at 5 NFE) for every $D$ alike; FD, whose classifier clips
# its inputs, does not see them.
#
# At $D = 1$, regressing the datum (PFGM++) and regressing the whole training set's field
# (PFGM's target) give samples of about the same quality (FD 2.95 [2.65, 3.51] against 2.73
# [2.25, 3.17]) and the same memorisation ratio (1.40: samples sit farther from training
# digits than held-out digits do). This comparison (`d1-vs-pfgm`, caveated) is confounded by
# the unclipped prior and uses sampling seed 0 only, where $D = 1$'s own sampling-seed noise
# (clean 2.36–2.95) is about the margin. Notebook 07's PFGM, trained on that same field target,
# reaches FD 1.28 (its committed scorecard, `quality` row). **What $D = 1$ needs** (the
# table above, one sampling seed): the training clip, and a clipped prior. Trained on the
# unclipped kernel, preconditioned exactly as the clipped model, $D = 1$ does not train
# (FD 12.8 against 2.68 for the same seed clipped; 12.2 from a clipped prior: the network,
# not the prior, fails). Trained clipped, sampled from the prior clipped as in training, the
# three seeds reach 1.50, 1.53 and 1.54 instead of 2.68, 3.51 and 2.65: the unclipped prior
# starts about a fifth of the samples beyond $31.6\,r$, where training never put data, and
# that, not the objective, is most of the gap to notebook 07 (1.28). With that prior $D = 1$
# is better clean than our $D = 4$ (1.61) and $D = \infty$ (1.91); the scored rows use the
# original's unclipped prior for every $D$, so this is shown, not scored (one sampling
# seed). Whether $D = 1$ also needs our preconditioning (clipped, at σ) is not tested here;
# the previous round's model with both undone (unclipped and at σ) reached 17.3.

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/generative/pfgmpp/claims.py`, before
# measuring. The kernel and the two limits are *method* checks, which hold if the code is
# right: every KS p-value ≥ 10⁻³; the distance to the Gaussian decreasing in $D$ and
# ≤ 0.01 at $D = 2048$ ($N = 64$); $D = 1$'s denoiser equals PFGM's field summed directly
# as eq. 3 to 10⁻⁶ (relative); the $D$-denoiser approaches EDM's, ≤ 10⁻³ at $D = 10^5$. The
# paper's claims, on the trained models (three training seeds, three sampling seeds for
# the compared settings): under injected noise α = 0.5 (and the control scaled to each
# kernel's spread), at 7 NFE, averaged over the original's 5–9 bits (its parameter set), and
# at 4 bits, $D = 4$ loses less quality than $D = \infty$ by more than the training-seed
# spread and on every sampling seed, each measured from its own clean FD (*partly* if less on
# every sampling seed but by less than that, or if the two are not within 25 % of each other
# clean); clean, an intermediate $D$ (here 4 or 16) beats *both* ends of the family, $D = 1$
# and $D = \infty$, training seed for training seed (`sweet-spot`; *partly* if only on the
# mean, on every sampling seed); and the small end is rigid: $D = 1$ trains worse than every
# larger $D$, training seed for training seed (`rigid-small`). The paper does not claim that
# $D \to \infty$ is easier to train than every finite $D$ (its own table has every finite
# $D$ ahead of EDM), so that row is withdrawn. The robustness, rigidity and sweet-spot rows
# are decided on models preconditioned at the kernel's spread σ√k, which the original does
# not do, and from the original's unclipped prior (caveats). Our own rows: with the
# original's preconditioning at σ, $D = 4$ trains worse than $D = \infty$ (`d4-at-sigma`, a
# mismatch the paper's $D \ge 64$ does not have); at $D = 1$ the datum target is within
# 25 % of PFGM's field
# target. CIFAR-10 and FFHQ need U-Nets and GPUs.

# %%
display(card.table().astype({"ours": str}))  # as stored (1.03e-14 would print as 0.0)

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();

# %% [markdown]
# ## What holds, what does not, and why
#
# **Holds exactly.** The kernel sampler draws eq. 4's law, the kernel approaches the
# Gaussian as $D$ grows, $D = 1$'s denoiser is PFGM's field (against eq. 3's plain sum, to
# 10⁻¹⁴) and $D \to \infty$ is EDM's denoiser.
#
# **A finding about training small D.** The original reuses EDM's preconditioning with
# $\sigma = r/\sqrt D$. That is right only for large $D$: the kernel's variance is
# $\sigma^2 D/(D-2)$, a factor below 1.03 at the paper's $D \ge 64$ but 2 at $D = 4$ and
# infinite at $D \le 2$. Preconditioning at the kernel's own spread turns $D = 4$ from the
# worst trainable model (FD 5.0 over three seeds) into the best (1.61). $D = 1$ needs the
# original's clip of β in training (unclipped, preconditioned the same: FD 12.8 against 2.68,
# one seed), and, at sampling, a prior clipped the same way, which the original does not
# have: with it the three $D = 1$ models reach 1.50–1.54 instead of 2.65–3.51, better clean
# than $D = 4$ and $D = \infty$ (shown, not scored; one sampling seed).
#
# **Ours: the original's preconditioning at small D.** With $D = 4$ preconditioned at σ,
# $D = \infty$ is the easier to train (FD 1.93 against 5.01: `d4-at-sigma` holds). That is a
# mismatch the paper's $D \ge 64$, $N = 3072$ does not have, not evidence for the paper's
# trade-off, so it is now an `ours` row (it was the paper row `easy-infinite-original`).
#
# **On our preconditioning.** Robustness, as each model's degradation from its own clean
# quality, $D = 4$ against $D = \infty$ over three training and three sampling seeds, with a
# margin over the training-seed spread: reproduced for injected noise (1.23 against 3.89,
# spread 0.46), also at noise scaled to each kernel's spread (2.92 against 3.89, spread 0.50),
# but only at α = 0.5, outside the original's levels (at α = 0.1 and 0.25 every $\Delta$ is
# about 0); and for 7 NFE (2.31 against 5.05, spread 1.05; from each model's best FD 2.67
# against 5.28), where the row's own control, the exact denoiser, shows the opposite (7 NFE:
# $D = 4$ 28.7 against $D = \infty$ 2.36), so this is a property of the learned fields we
# have not diagnosed. Weight rounding of the original's parameter set is a tie, scored not
# reproduced: at 6–9 bits nothing moves, 5 bits favours $D = \infty$ (0.27 against 0.11) and
# 4 bits, below the original's range, nobody (0.43 against 0.46, spread 0.39); the 5–9-bit
# mean gap (0.053 against 0.022) is inside the training-seed spread (0.065). "Smaller is more
# robust" does not extend to $D = 1$ (7 NFE: 6.42 against 5.17); $D = 16$ is ahead of
# $D = \infty$ beyond the spread under both kinds of noise (2.38 and 2.92 against 3.66,
# spread 0.42), inside it at 7 NFE (4.36 against 5.17, spread 1.04; sampling seed 0, not
# scored). Clean, the family has a sweet spot at both ends' expense: $D = 4$ beats $D = 1$
# and $D = \infty$ on every training seed (worst seed 1.66 against their best 2.38 and 1.84;
# ahead of $D = \infty$ by 0.26–0.34 on each sampling seed), at a much smaller $D$ than
# CIFAR-10's 2048, and the small end is rigid (`rigid-small`: $D = 1$ 2.65, best seed 2.38,
# against every larger $D$'s worst seed, 1.66–2.00). Both verdicts hang on the unclipped
# prior: from the prior clipped as in training, $D = 1$'s models reach 1.50–1.54 (one
# sampling seed), the best clean models of all, which would fail both rows (caveats). These
# are findings about our preconditioning and prior more than about the paper's method. The
# paper's evidence is at $N = 3072$ with U-Nets; ours is an MLP at $N = 64$.
#
# **Ours.** At $D = 1$ the perturbation objective and PFGM's whole-training-set field target
# give the same quality (2.95 against 2.73; `d1-vs-pfgm` holds, caveated: unclipped prior,
# sampling seed 0, whose noise is about the margin), both behind notebook 07's PFGM (1.28)
# from the unclipped prior; with the clipped prior the datum-target models reach 1.50–1.54.
# CIFAR-10 and FFHQ FIDs need the U-Nets and a GPU.
#
# **Changed in this round (before → after).** Registry b2d1018, after the round-3 referee.
# `easy-infinite` (not reproduced, 1.61 against 1.91) → **withdrawn**: the paper does not
# claim it (its table has every finite $D$ ahead of EDM), and it read the same inequality as
# `sweet-spot`, into which it is merged. New `rigid-small` (paper): **reproduced** (D = 1
# best seed 2.38 against the larger $D$'s worst 1.66–2.00). `easy-infinite-original`
# reproduced (paper) → `d4-at-sigma` **holds** (ours; 5.01 against 1.93). `sweet-spot`
# reproduced (best finite $D$ against $D = \infty$; $D = 1$ counted as finite) → reproduced
# on the stricter rule (an intermediate $D$ ahead of both ends: 1.66 against 2.38 and 1.84).
# Unchanged verdicts, numbers as before (every model trained to the same numbers):
# robust-noise, robust-noise-relative, robust-nfe reproduced (now caveated: α outside the
# original's levels; the exact-denoiser control), robust-quant and robust-quant-4bit not
# reproduced (text: a tie, not "loses more"), d1-vs-pfgm holds (caveated). The floor is now
# drawn with replacement, as in notebook 07: 0.371 ± 0.052 (was 0.260 ± 0.006 over
# overlapping subsets). Text: the quantised set (hidden layers only), $D = 16$ (ahead beyond
# the spread under noise, inside it at 7 NFE). The scorecard table prints values as stored
# (limit-pfgm 1.03 × 10⁻¹⁴ showed as 0.0). Previous round (registry b5a701f): limit-pfgm
# against eq. 3's plain sum; robust-quant *partly* → not reproduced on the original's
# parameter set; robust-quant-4bit *partly* → not reproduced; three sampling seeds. Earlier
# rounds: robust-quant not reproduced on absolute FD (5.49 against 2.40) → reproduced (no
# margin) → partly; easy-infinite reproduced on a broken $D = 4$ (5.28 against 1.94) → not
# reproduced; sweet-spot at $D = 128$ (1.82) → $D = 4$.
#
# **Open.** Why `robust-nfe` passes while its exact-denoiser control goes the other way
# (the clipped prior is a candidate), and $D = 4$'s inflated 35-NFE baseline; the noise rows
# at the original's levels (α = 0.1, 0.2) as scored rows; `d1-vs-pfgm`, `rigid-small` and
# `sweet-spot` with the clipped prior and three sampling seeds; whether $D = 1$ also needs our
# preconditioning (a clipped model at σ); the exact $D = \infty$ sampler's non-monotone step
# count; the standard run is over its time aim (306 s, 248 s of it training 19 models).
