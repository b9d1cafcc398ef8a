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
# runs in about four and a half minutes on one thread of a shared two-core machine,
# three of them training.

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
# not clipped). An extra model, trained in the same batch, undoes the first fix: $D = 4$
# preconditioned at $\sigma$ as in the original (the original's recipe, which the
# `d4-at-sigma` row scores; one seed since round 4, for the time budget: three seeds
# gave 4.81, 5.12 and 5.10 in round 3). Round 3 also trained $D = 1$ on the *unclipped*
# kernel, preconditioned as the clipped model, so that the training clip was the only
# difference: its loss swung over decades and it sampled at FD 12.8 against 2.68 for the
# same seed clipped; it is no longer trained.

# %%
ks = {pe.d_label(D): round(pfgmpp.variance_factor(D, d.dim, cfg.beta_clip), 3) for D in cfg.D_values}
print("variance factor k per D (clipped training kernel):", ks)
denoisers, history, train_seconds = pe.train_family(d, cfg.D_values, cfg.seeds, cfg, cfg.ablations)
print(f"{len(denoisers)} models ({len(cfg.D_values)} D × {len(cfg.seeds)} seeds + {len(cfg.ablations)} ablations), "
      f"{cfg.steps} steps, {train_seconds:.0f} s")

# %% mystnb={"figure": {"caption": "Training loss (EDM's weighted denoising loss, mean over seeds, a rolling mean of four log points) for each D, and the ablation (dashed: D = 4 preconditioned at σ, seed 0). The losses are not comparable across D, nor between the ablation and its fixed twin, since each model regresses under its own kernel and loss weight. They flatten but are still drifting down at 4000 steps: the models are trained to a budget, not to convergence.", "name": "pfgmpp-training"}}
fig, ax = plt.subplots(figsize=(4.8, 3.0))
for D, color in zip(cfg.D_values, plotting.colors(len(cfg.D_values))):
    h = history[(history.D == D) & (history.run == "")].groupby("step").loss.mean()
    ax.plot(h.index, h.rolling(4, min_periods=1).mean(), color=color, label=f"D = {pe.d_label(D)}")
for prefix, color in [("D = 4 at σ", "black")]:
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
# `generate_alpha.py`, at the original's levels α = 0.1 and 0.2, and at 0.5, our own
# stronger level), weights rounded to $2^{\text{bits}}$ levels (`generate_quant.py`'s rounding,
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
# below). The settings the rows read are sampled again with two more sampling seeds for the
# two models each row compares (the clean setting for every $D$). The paper rows compare
# issue 23's matched comparator, $D = 16$ (the $D$ whose clean FD is closest to
# $D = \infty$'s), with $D = \infty$: at the original's noise levels
# (`robust-noise-original`), at 7 NFE (`robust-nfe`) and with rounded weights
# (`robust-quant`, `-4bit`). $D = 4$, the better model clean, is compared with $D = \infty$
# in our own rows: α = 0.5 (`robust-noise`, `-relative`) and 7 NFE (`robust-nfe-d4`, the
# paper row until this round). Weights are rounded for $D = 4$ (sampling seed 0 only,
# context), $D = 16$ and $D = \infty$, not for $D = 1$ (time budget). The scored values
# average over the three sampling seeds, and a "partly" needs the small $D$ ahead on each
# of them. The tables and figures show sampling seed 0.

# %%
features = metrics.ClassifierFeatures(d.train, d.train_labels, seed=seed, max_iter=cfg.classifier_iters)
floor = metrics.fd_floor(features, d.train, d.test, cfg.n_samples, draws=cfg.floor_draws, seed=seed,
                         replace=True)  # independent draws (overlapping subsets understate the spread), as 07
lo, hi = QUANT_BITS
R, M = cfg.robust_D, cfg.matched_D   # D = 4 (the α = 0.5 rows, context), D = 16 (the matched comparator)
scored = {"robust-noise": ("noise α", [0.5], R), "robust-noise-relative": ("noise α·√k", [0.5], R),
          "robust-noise-original": ("noise α", [a for a in cfg.original_alphas if a in cfg.alphas], M),
          "robust-nfe": ("NFE", [7], M), "robust-nfe-d4": ("NFE", [7], R),
          "robust-quant": ("weight bits", [b for b in cfg.bits if lo <= b <= hi], M),
          "robust-quant-4bit": ("weight bits", [4], M)}
table, clean = pe.robustness(denoisers, d, features, cfg, seed,  # each row's pair resampled on every sampling seed
                             resample=sorted({(kind, level, D) for kind, levels, small in scored.values()
                                              for level in levels for D in (small, math.inf)}, key=str),
                             only={"weight bits": (R, M, math.inf)})  # D = 4's rounded weights: sampling seed 0, context
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
ablation_fd = {}  # name: (FD per sampling seed, the fixed model's at the same sampling seeds)
for name, D, s, *_ in [a for a in cfg.ablations if not a[0].startswith("D = 1, field")]:  # field target: below
    fds = [features.frechet(x, d.test) if torch.isfinite(x).all() else math.nan
           for x in (pfgmpp.sample(denoisers[name], cfg.n_samples, D, steps=cfg.steps_clean,
                                   generator=torch.Generator().manual_seed(seed + j))[0]
                     for j in range(cfg.sampling_seeds))]
    fixed = table[(table.perturbation == "none") & (table.D == D) & (table.seed == s)].sort_values("sampling_seed").fd
    ablation_fd[name] = (fds, list(fixed))
    print(f"{name}: FD {np.mean(fds):.2f} (sampling seeds {', '.join(f'{v:.2f}' for v in fds)});  fixed D = "
          f"{pe.d_label(D)}, seed {s}: {np.mean(fixed):.2f}")

# %% mystnb={"figure": {"caption": "Samples of the seed-0 model for each D (clean Heun sampling, 35 NFE). Every D starts from the same sampling seed, so the prior's directions are shared across the grids (only the radii differ with D): cells in the same place of two grids start on the same ray, which is why the D = 1, 4 and 16 grids often show the same digit in the same place; the D = ∞ prior is a Gaussian, drawn differently.", "name": "pfgmpp-samples"}}
plots.sample_grids({f"D = {pe.d_label(D)}": clean[D, cfg.seeds[0]] for D in cfg.D_values}, d.shape, nrow=8);

# %% mystnb={"figure": {"caption": "Fréchet distance (lower is better) against the strength of each perturbation, one line per D; bands span the three training seeds (sampling seed 0); the dotted line is the real-vs-real floor at 1000 samples (drawn with replacement). Left to right: clean quality, injected noise α, weight precision in bits (D = 4, 16 and ∞ only; the original's parameter set: hidden layers rounded, first and last layers kept), and the number of network evaluations (log y axes on the last three). The 35-NFE clean FD is not every model's best: D = 4 samples better at 11 NFE.", "name": "pfgmpp-robustness"}}
plots.robustness(primary, floor.mean);

# %% [markdown]
# The robustness rules read each model's **degradation** $\Delta$ = perturbed − clean FD
# (seed by seed, each against the clean FD of the same sampling seed, then the mean over
# three training and three sampling seeds), $D = 16$ against $D = \infty$ in the paper rows
# ($D = 4$ in our own): reproduced only if
# the small $D$'s mean $\Delta$ is lower by more than the spread over training seeds (the larger of
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
# (what the rules read, over three sampling seeds: $D = 16$ at α = 0.1 and 0.2, 7 NFE and
# the weight rows; $D = 4$ at α = 0.5 and 7 NFE; every other line is shown, not scored,
# over sampling seed 0 only, $D = 4$'s rounded weights among them; the comparisons at one
# level average over the sampling seeds that level was run at, and weight rounding has no
# $D = 1$ line); then each weight precision alone, $D = 16$ against $D = \infty$ over three
# sampling seeds (what `robust-quant` averages over 5–9 bits); and
# each model's best FD over the step counts run (its clean FD at 35 NFE is not always its
# best):

# %%
compare = {}
for D in [D for D in cfg.D_values if not math.isinf(D)]:
    for name, (kind, levels, _) in scored.items():
        if name == "robust-nfe-d4":  # the same setting as robust-nfe
            continue
        v = pe.less_degraded(table, kind, levels, small=D)
        if v is not None:
            lab = pe.d_label(D)
            compare[f"D = {lab}", name] = {"Δ small D": v[f"Δ D={lab}"], "Δ D=∞": v["Δ D=∞"], "spread": v["spread"],
                                           "Δ(∞) − Δ(D) per sampling seed": v["Δ(∞) − Δ(small) per sampling seed"]}
display(pd.DataFrame(compare).T)
per_bits = {b: pe.less_degraded(table, "weight bits", [b], small=M) for b in cfg.bits}
display(pd.DataFrame({b: {"Δ small D": v[f"Δ D={pe.d_label(M)}"], "Δ D=∞": v["Δ D=∞"], "spread": v["spread"],
                          "Δ(∞) − Δ(D) per sampling seed": v["Δ(∞) − Δ(small) per sampling seed"]}
                      for b, v in per_bits.items() if v is not None}).T.rename_axis("bits"))
steps_fd = primary[primary.perturbation.isin(["none", "NFE"])].groupby(["D", "nfe"]).fd.mean().unstack("nfe").rename(index=pe.d_label)
display(steps_fd.round(2))

# %% [markdown]
# How much of the coarse-step effect is the sampler's own? With the exact denoiser of the
# training digits in place of the network (no modelling error at all), the same Heun
# sampler at 35, 11, 7 and 5 NFE; beside its FD, where the samples land: how many distinct
# training digits are their nearest (of 1000 samples), the largest share of any one, and
# the median distance to the nearest training digit (0: the sample *is* a training digit):

# %%
class ExactDenoiser(torch.nn.Module):
    """E[y | x] under the kernel of dimension D, for the sampler (it memorises the training digits)."""
    def __init__(self, D):
        super().__init__()
        self.D, self.N, self.anchor = D, d.dim, torch.nn.Parameter(torch.zeros(1, device=d.train.device))

    def forward(self, x, sigma):
        return pfgmpp.optimal_denoiser(x, float(torch.as_tensor(sigma).reshape(-1)[0]), d.train, self.D)


def exact_run(D, nfe):
    """FD of the exact denoiser's samples, how many distinct training digits are their nearest, the
    largest share of one, and the median distance to the nearest training digit (a training digit: 0)."""
    x = pfgmpp.sample(ExactDenoiser(D), cfg.n_samples, D, steps=(nfe + 1) // 2,
                      generator=torch.Generator().manual_seed(seed))[0]
    dist = torch.cdist(x.double(), d.train.double())
    nearest = torch.bincount(dist.argmin(1), minlength=len(d.train))
    return {"FD": round(features.frechet(x, d.test), 2), "distinct nearest": int((nearest > 0).sum()),
            "top share": round(float(nearest.max()) / len(x), 2), "median NN distance": round(float(dist.min(1).values.median()), 2)}


exact_nfe = {(f"D={pe.d_label(D)}", nfe): exact_run(D, nfe)
             for D in [4, math.inf] for nfe in [2 * cfg.steps_clean - 1] + [2 * s - 1 for s in cfg.few_steps]}
display(pd.DataFrame(exact_nfe).T.rename_axis(["D", "NFE"]))

# %% [markdown]
# Why does the exact $D = 4$ sampler collapse at 7 NFE? Its evaluations, traced: at each
# one, σ, the median distance of the samples from the data set's mean, and the median
# effective number of training digits in the denoiser's weights, $1/\sum_i w_i^2$ (1: one
# digit; 1203: all of them alike):

# %%
class TracedDenoiser(ExactDenoiser):
    """ExactDenoiser recording, per evaluation, σ, the median ‖x − data mean‖ and the median 1/Σw²."""
    def __init__(self, D):
        super().__init__(D)
        self.trace = []

    def forward(self, x, sigma):
        s, y = float(torch.as_tensor(sigma).reshape(-1)[0]), d.train.double()
        d2 = torch.cdist(x.double(), y) ** 2
        logw = -d2 / (2 * s**2) if math.isinf(self.D) else -(self.N + self.D) / 2 * torch.log(d2 + s**2 * self.D)
        w = torch.softmax(logw, dim=1)
        self.trace.append({"σ": round(s, 3), "‖x − mean‖": round(float((x.double() - y.mean(0)).norm(dim=1).median()), 1),
                           "effective digits": round(float((1 / (w**2).sum(1)).median()), 1)})
        return (w @ y).to(x.dtype)


traces = {}
for D in [4, math.inf]:
    traced = TracedDenoiser(D)
    pfgmpp.sample(traced, cfg.n_samples, D, steps=4, generator=torch.Generator().manual_seed(seed))
    traces[f"D={pe.d_label(D)}"] = pd.DataFrame(traced.trace)
display(pd.concat(traces, axis=1).rename_axis("evaluation (7 NFE)"))

# %% [markdown]
# **The collapse is the Heun correction of the second-to-last step, on a blend of digits.**
# At 7 NFE the sampler steps from σ = 0.47 to 0.002 in one step, a factor of 235. At
# σ = 0.47 the Gaussian's weights already sit on one digit (effective number 1.0), so the
# Euler trial lands on it and the correction, which evaluates $(x - D^*)/\sigma$ at
# σ = 0.002, adds nothing. The heavy $D = 4$ kernel still blends about 17 digits there, so
# the trial lands about 3.3 from the data mean, on no digit; at σ = 0.002 the denoiser snaps
# to the nearest digit, and the slope $(x - D^*)/0.002$, divided by a σ 235 times smaller
# than the step's start, makes the Heun average throw the sample out to about 167 from the
# mean (median). There the last step's weights are nearly uniform (effective number 1084
# of the 1203 digits), so the sample ends at the data set's mean: 82 % of the samples share
# one nearest digit at 7 NFE, all of them at 5 NFE (the table above). More steps (11 NFE)
# bring the heavy kernel down to one digit before σ gets that small, and the sampler
# recovers (0.47). The collapse is the sampler's, on the exact field; it is no evidence
# about the trained networks (why they do not collapse the same way is not tested here),
# and the prior plays no part (the clipped prior gives the same 7-NFE samples; a probe).

# %% [markdown]
# Clean FD per sampling seed (mean over the three training seeds), the sampler's own noise
# beside the training seeds':

# %%
display(table[table.perturbation == "none"].pivot_table(index="sampling_seed", columns="D", values="fd",
                                                        aggfunc="mean").rename(columns=pe.d_label).round(3))

# %%
for claim_id, (kind, levels, small) in scored.items():
    value = pe.less_degraded(table, kind, levels, small=small)
    if value is None or not levels:
        card.not_testable(claim_id, f"profile {profile} does not run D = {pe.d_label(small)} and D = ∞ "
                          f"under {kind} {levels}")
    else:
        reason = f"{len(cfg.seeds)} training × {cfg.sampling_seeds} sampling seeds; {kind} " + ", ".join(map(str, levels))
        if claim_id == "robust-noise-original":  # does either compared model degrade at all at these levels?
            part = pe.degradation(table)
            part = part[(part.perturbation == kind) & part.level.isin(levels)].groupby(["D", "level"]).delta.mean()
            pair = part[part.index.get_level_values("D").isin([small, math.inf])]
            worst = (f"largest mean Δ of D = {pe.d_label(small)} and ∞ {pair.max():+.3f}; over every D "
                     f"{part.max():+.3f}, sampling seed 0 for the others")
            reason += (f"; no model degrades at α = {', '.join(map(str, levels))} (every Δ ≤ 0 for the compared "
                       f"pair; {worst}): the row has no power here; inconclusive" if pair.max() <= 0 else f"; {worst}")
        card.check(claim_id, value, reason=reason)
original = [fds for name, (fds, _) in ablation_fd.items() if name.startswith("D = 4 at σ")]
if original and math.inf in set(table.D):
    inf_clean = table[(table.perturbation == "none") & (table.D == math.inf)].fd.mean()
    card.check("d4-at-sigma", {"compared": "D=4 at σ", "D=4 at σ": round(float(np.mean(original[0])), 2),
                               "D=∞": round(float(inf_clean), 2)},
               reason="D = 4 at σ, training seed 0, sampling seeds: " + ", ".join(f"{v:.2f}" for v in original[0])
               + f"; D = ∞: {len(cfg.seeds)} training × {cfg.sampling_seeds} sampling seeds")
else:
    card.not_testable("d4-at-sigma", f"profile {profile} trains no D = 4 at σ")
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
def finite_fd(x):
    return features.frechet(x, d.test) if torch.isfinite(x).all() else math.nan


def clipped_prior_fds(den, D=1):
    """FD per sampling seed (35 NFE) from the prior β-clipped as in training; the seed-0 samples."""
    xs = [pfgmpp.sample(den, cfg.n_samples, D, steps=cfg.steps_clean, prior_clip=cfg.prior_clip,
                        generator=torch.Generator().manual_seed(seed + j))[0] for j in range(cfg.sampling_seeds)]
    return [finite_fd(x) for x in xs], xs[0]


field_runs = {s: name for name, D, s, *rest in cfg.ablations if name.startswith("D = 1, field target")}
d1_clip = {s: clipped_prior_fds(denoisers[1, s]) for s in cfg.seeds if (1, s) in denoisers}  # datum target
d1, memo = {"field target": [], "datum target": []}, {"field target": [], "datum target": []}
for s, name in field_runs.items():
    if s not in d1_clip:
        continue
    for label, (fds, x0) in [("field target", clipped_prior_fds(denoisers[name])), ("datum target", d1_clip[s])]:
        d1[label].append(fds)
        memo[label].append(metrics.memorisation_ratio(x0, d.train, d.test))
for label, v in d1.items():
    if v:
        per_seed = [float(np.mean(f)) for f in v]
        print(f"D = 1, {label}, clipped prior: FD {np.mean(v):.2f} (training seeds {', '.join(f'{x:.2f}' for x in per_seed)};"
              f" sampling seeds {', '.join(f'{x:.2f}' for x in np.mean(v, axis=0))}), memorisation ratio {np.mean(memo[label]):.2f}")
if len(d1["field target"]) >= 3:
    card.check("d1-vs-pfgm", {k: round(float(np.mean(v)), 3) for k, v in d1.items()},
               reason=f"{len(d1['field target'])} training × {cfg.sampling_seeds} sampling seeds, clipped prior; floor {floor}")
else:
    card.not_testable("d1-vs-pfgm", f"profile {profile} trains no D = 1 field-target models on three seeds")

# %% [markdown]
# What does the prior do to $D = 1$? The original samples from the *unclipped* kernel
# (its `generate.py` draws β unclipped), which starts about a fifth of the $D = 1$ samples
# beyond $31.6\,r$, where the clipped training never put data. The original's training
# clip, $\beta \in [10^{-3}, 1 - 10^{-3}]$, bites only here: $1 - \beta < 10^{-3}$ for about a
# fifth of the draws at $N = 64$, $D = 1$, about 0.05 % at $D = 4$ and never at the
# original's $N = 3072$, $D \ge 64$; so the unclipped $D = 1$ penalty is a mismatch between
# trained and sampled radii that the paper's regime does not have. Since this round
# `rigid-small` and `sweet-spot` are decided under both priors (reproduced only if
# reproduced under each, *partly* if under one). The same three $D = 1$ models from the prior
# with β clipped as in training, per training seed (rows) and sampling seed (columns),
# 35 NFE, beside the unclipped ones; then the two rows' values with $D = 1$'s clean FDs from
# the clipped prior (only $D = 1$ depends on the prior), and the two rows scored:

# %%
if d1_clip:
    unclipped = table[(table.perturbation == "none") & (table.D == 1)].pivot_table(index="seed", columns="sampling_seed",
                                                                                  values="fd")
    display(pd.concat({"clipped prior": pd.DataFrame({s: v[0] for s, v in d1_clip.items()}).T,
                       "unclipped prior (scored)": unclipped}, axis=1).round(2))
    swapped = table.copy()
    for s, (fds, _) in d1_clip.items():
        for j, v in enumerate(fds):
            swapped.loc[(swapped.perturbation == "none") & (swapped.D == 1) & (swapped.seed == s)
                        & (swapped.sampling_seed == j), "fd"] = v
    print("rigid-small, clipped prior:", pe.rigidity(swapped))
    print("sweet-spot, clipped prior:", pe.sweet_spot(swapped))

# %%
priors = {"unclipped prior": table, "clipped prior": swapped if d1_clip else table}  # only D = 1 depends on it
seeds_note = f"training seeds {', '.join(map(str, cfg.seeds))}; {cfg.sampling_seeds} sampling seeds; both priors"
rigid = {p: pe.rigidity(t) for p, t in priors.items()}
if any(v is None for v in rigid.values()):
    card.not_testable("rigid-small", f"profile {profile} trains no D = 1 beside a larger D")
else:
    card.check("rigid-small", rigid, reason=seeds_note)
card.check("sweet-spot", {p: pe.sweet_spot(t) for p, t in priors.items()}, reason=seeds_note);

# %% [markdown]
# **What this shows.** Trained with EDM's scales unchanged, as the original does, $D = 4$
# samples badly (seed 0 preconditioned at σ: FD 4.89 over three sampling seeds, against
# 1.59 for the same seed preconditioned at the kernel's variance; three seeds gave 4.81,
# 5.12 and 5.10 in round 3). With the fixes every $D$ trains, and the clean panel does not
# show the paper's trade-off: $D = 4$ is the best model (1.63 over three training and three
# sampling seeds; every training seed below every $D = \infty$ seed), $D = 16$ next (1.76),
# the Gaussian limit 1.90, and $D = 1$, sampled from its unclipped prior, clearly worse
# (2.40). All are 4–7 times the floor (0.371 ± 0.052, independent draws of 1000 real
# digits), so model error, not the metric, sets these numbers. The sampler's own noise is
# small beside these gaps for $D \ge 4$ (clean FD per sampling seed: $D = 4$ 1.60–1.66,
# $D = \infty$ 1.85–1.92), not for $D = 1$ (2.14–2.75, its heavy-tailed prior). One anomaly:
# $D = 4$ samples *better* with fewer steps (11 NFE FD 1.36 [1.32, 1.40] against 1.66 at 35
# NFE, sampling seed 0; $D = \infty$ 1.79 against 1.92, $D = 16$ 1.81 against 1.81), which
# its exact denoiser does not do (0.47 against 0.42). Its 35-NFE baseline is thus
# inflated, which shrinks its $\Delta$s; measured from each model's best FD, $D = 4$
# still loses less at 7 NFE (2.64 against 4.89), and $D = 16$, whose 35- and 11-NFE FDs
# agree, 4.15 against 4.89 (sampling seed 0).

# %% [markdown]
# **At the original's noise levels nothing is told apart.** With α = 0.1 and 0.2 injected
# (`generate_alpha.py`'s levels) every model's $\Delta$ lies within ±0.11 of zero, and the
# Gaussian limit is the one that *gains*: $D = 16$, the matched comparator (clean 1.76
# against 1.90), loses −0.027 against $D = \infty$'s −0.106 (mean over the two levels,
# three training × three sampling seeds; $D = \infty$ ahead by 0.06–0.11 on every sampling
# seed, spread 0.045). Neither compared model degrades at these levels (every mean
# $\Delta \le 0$; $D = 4$ −0.061 and $D = 1$ −0.011, sampling seed 0), so the row has no
# power here: `robust-noise-original` is **not reproduced** by its registered rule, and
# inconclusive in substance. Only at α = 0.5, a level the original does not use, does the
# smaller $D$ lose less: $D = 4$ 1.24 against 4.06 (spread 0.86; ahead by 2.6–3.1 on each
# sampling seed), 2.95 against 4.06 with the noise scaled to each kernel's spread (ahead by
# 0.85–1.35), and $D = 16$ 2.38 against 3.84 (sampling seed 0): the `ours` rows
# `robust-noise` and `robust-noise-relative`.

# %% [markdown]
# **Coarse steps: the matched D = 16 ahead, within the spread.** At 7 NFE $D = 16$ loses
# 3.96 against $D = \infty$'s 4.65 (three training × three sampling seeds; ahead by
# 0.61–0.74 on each sampling seed, inside the spread 1.04): `robust-nfe` **partly**.
# $D = 4$, the better model clean, loses far less (2.22 against 4.65, ahead by 2.4 on each
# sampling seed; our context row `robust-nfe-d4` holds), but its exact-denoiser control goes
# the other way (28.7 against 2.36): the heavy kernel itself makes EDM's Heun sampler
# *worse* at coarse steps (diagnosed above), so that pass rests on the trained networks
# being smooth, not on the kernel; and $D = 4$'s 35-NFE baseline (1.66) is worse than its
# 11-NFE FD (1.36), which shrinks its $\Delta$ (2.64 against 4.89 from each model's best).
# "Smaller is more robust" does not extend to $D = 1$ (7 NFE: 6.14 against 4.76, sampling
# seed 0). **Weight rounding** of the original's parameter set is a tie for the matched pair:
# averaged over 5–9 bits $D = 16$ loses 0.031 against 0.029 (spread 0.027; behind on two of
# three sampling seeds; per bit, 5 bits 0.08 against 0.11, 6–9 bits within 0.08 of zero for
# both), and at 4 bits, below the original's range, 0.58 against 0.47 (behind on every
# sampling seed): both not reproduced. $D = 4$, as context (sampling seed 0), is no
# different: 0.035 against 0.035, and 0.49 against 0.47 at 4 bits. Out-of-range pixels
# (beyond half a grey level) are 22–28 % of clean samples and rise with every perturbation
# (to about 80 % at 5 NFE) for every $D$ alike; FD, whose classifier clips its inputs, does
# not see them.
#
# **D = 1 and the prior.** From the prior clipped as in training, regressing the datum
# (PFGM++) and regressing the whole training set's field (PFGM's target) give samples of
# the same quality: FD 1.47 against 1.39 over three training × three sampling seeds
# (`d1-vs-pfgm` holds: within 25 %), memorisation ratios 1.42 and 1.40 (samples sit farther
# from training digits than held-out digits do); notebook 07's PFGM, on the field target,
# reaches 1.28. From that prior $D = 1$ is the best clean model of the family (1.47, best
# training seed 1.44, against $D = 4$'s 1.63, worst seed 1.68; ahead of $D = 4$ by
# 0.11–0.19 on each sampling seed); from the original's unclipped prior it is the worst
# (2.40, best seed 2.37, against the larger $D$'s worst 1.68–1.97): about a fifth of its
# samples start beyond $31.6\,r$, where training never put data. So `rigid-small` and
# `sweet-spot`, decided under both priors since this round, are both **partly**: each holds
# training seed for training seed from the unclipped prior ($D = 4$'s worst 1.68 against
# $D = 1$'s best 2.37 and $D = \infty$'s 1.86) and fails from the clipped one.

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/generative/pfgmpp/claims.py`, before
# measuring. The kernel and the two limits are *method* checks, which hold if the code is
# right: every KS p-value ≥ 10⁻³; the distance to the Gaussian decreasing in $D$ and
# ≤ 0.01 at $D = 2048$ ($N = 64$); $D = 1$'s denoiser equals PFGM's field summed directly
# as eq. 3 to 10⁻⁶ (relative); the $D$-denoiser approaches EDM's, ≤ 10⁻³ at $D = 10^5$. The
# paper's claims, on the trained models (three training seeds, three sampling seeds for
# the compared settings), each against issue 23's matched comparator $D = 16$ (about as good
# clean as $D = \infty$): under injected noise at the original's levels (α = 0.1 and 0.2,
# averaged; `robust-noise-original`), at 7 NFE (`robust-nfe`), averaged over the original's
# 5–9 bits (its parameter set) and at 4 bits, $D = 16$ loses less quality than $D = \infty$,
# by more than the training-seed spread and on every sampling seed, each model measured
# from its own clean FD (*partly* if less on every sampling seed but by less than that, or
# if the two are not within 25 % of each other clean); clean, an intermediate $D$ (here 4
# or 16) beats *both* ends of the family, $D = 1$ and $D = \infty$, training seed for
# training seed (`sweet-spot`; *partly* if only on the mean, on every sampling seed); and
# the small end is rigid: $D = 1$ trains worse than every larger $D$, training seed for
# training seed (`rigid-small`). These two are read under both sampling priors, the
# original's unclipped one and the one clipped as in training: reproduced only if they hold
# under each, *partly* if under one. The paper does not claim that $D \to \infty$ is easier
# to train than every finite $D$ (its own table has every finite $D$ ahead of EDM), so that
# row is withdrawn. The robustness, rigidity and sweet-spot rows are decided on models
# preconditioned at the kernel's spread σ√k, which the original does not do (caveats). Our
# own rows: $D = 4$ against $D = \infty$ under noise α = 0.5, a level the original does not
# use, and its control scaled to each kernel's spread (`robust-noise`,
# `robust-noise-relative`), and at 7 NFE (`robust-nfe-d4`, the paper row until this round);
# with the original's preconditioning at σ, $D = 4$ trains worse than $D = \infty$
# (`d4-at-sigma`, a mismatch the paper's $D \ge 64$ does not have; one training seed; its
# outcome was known when it was registered); at $D = 1$, both sampled from the prior
# clipped as in training, the datum target is within 25 % of PFGM's field
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
# worst trainable model (FD 4.89, seed 0; 5.0 over three seeds in round 3) into the best
# (1.63). $D = 1$ needs the original's clip of β in training (unclipped, preconditioned the
# same: FD 12.8 against 2.68, one seed, round 3), and, at sampling, a prior clipped the
# same way, which the original does not have: with it the three $D = 1$ models reach 1.47
# (three sampling seeds) instead of 2.40, better clean than $D = 4$ and $D = \infty$.
#
# **Ours: the original's preconditioning at small D.** With $D = 4$ preconditioned at σ,
# $D = \infty$ is the easier to train (FD 1.90 against 4.89: `d4-at-sigma` holds, one
# training seed over three sampling seeds; an outcome known when the row was registered).
# That is a mismatch the paper's $D \ge 64$, $N = 3072$ does not have, not evidence for the
# paper's trade-off.

# %% [markdown]
# **The paper's robustness claim, on our preconditioning, against the matched D = 16.** At
# the original's own noise levels (α = 0.1, 0.2) nothing is told apart and the Gaussian
# limit, if anything, gains more: `robust-noise-original` is **not reproduced** ($D = 16$
# −0.027 against $D = \infty$ −0.106, three training × three sampling seeds), a row without
# power here, since neither model degrades at all. At 7 NFE $D = 16$ loses less, but inside
# the training-seed spread (3.96 against 4.65, spread 1.04, ahead on every sampling seed):
# `robust-nfe` **partly** (it was reproduced on $D = 4$, 2.22 against 4.65, now our context
# row `robust-nfe-d4`, whose exact-denoiser control goes the other way because EDM's Heun
# correction collapses the heavy kernel's exact sampler at coarse steps: that pass rests on
# the trained networks being smooth, and why they are is open). Weight rounding of the
# original's parameter set is a tie (0.031 against 0.029 over 5–9 bits; 0.58 against 0.47 at
# 4 bits): not reproduced. Only at α = 0.5, outside the original's levels, does the smaller
# $D$ clearly lose less ($D = 4$ 1.24 against 4.06; 2.95 against 4.06 at noise scaled to each
# kernel's spread): our own rows `robust-noise` and `robust-noise-relative` hold. "Smaller is
# more robust" does not extend to $D = 1$ (7 NFE: 6.14 against 4.76).

# %% [markdown]
# **Clean quality and the prior.** An intermediate $D$ beats both ends and the small end is
# rigid only from the original's unclipped prior ($D = 4$'s worst seed 1.68 against $D = 1$'s
# best 2.37 and $D = \infty$'s 1.86; $D = 1$ 2.40 against every larger $D$'s worst,
# 1.68–1.97); from the prior clipped as in training, which removes a train/sample mismatch
# that only our $N = 64$, $D = 1$ has, $D = 1$ is the best model (1.47, best seed 1.44) and
# both fail: `sweet-spot` and `rigid-small` **partly**. Where $D = 4$ beats $D = \infty$ it
# does so at a much smaller $D$ than CIFAR-10's 2048. These are findings about our
# preconditioning and prior more than about the paper's method; the paper's evidence is at
# $N = 3072$ with U-Nets, ours an MLP at $N = 64$.
#
# **Ours.** At $D = 1$, from the clipped prior, the perturbation objective and PFGM's
# whole-training-set field target give the same quality (1.47 against 1.39; `d1-vs-pfgm`
# holds), close to notebook 07's PFGM (1.28). CIFAR-10 and FFHQ FIDs need the U-Nets and a
# GPU.

# %% [markdown]
# **Changed in this round (before → after).** Round 5, the referee's fix round: registries
# 34bea43 (matched comparator), 9f9e641 (both priors) and 0c31bd6 (caveats, `fails_if`),
# each committed before this run. `robust-nfe`: $D = 4$, reproduced (2.22 against 4.65) →
# $D = 16$, **partly** (3.96 against 4.65, spread 1.04); the $D = 4$ comparison is kept as
# the `ours` row `robust-nfe-d4` (holds). `robust-quant` and `-4bit`: $D = 4$ (0.030 against
# 0.029; 0.42 against 0.47) → $D = 16$ (0.031 against 0.029; 0.58 against 0.47), not
# reproduced both times. `rigid-small` and `sweet-spot`: reproduced from the unclipped prior
# alone → **partly** under both priors (the clipped prior fails both, as known when the rule
# was registered). `robust-noise-original` stays not reproduced (−0.027 against −0.106),
# its reason now saying the row has no power at these levels; `d4-at-sigma` holds (4.89
# against 1.90) with a `fails_if`. Every value is round 4's (same models and
# seeds) except $D = 16$'s rounded weights, newly sampled, and the $D = 4$ weight rows, now
# sampling seed 0 only. Standard run 248.3 s (training 176 s; 263.3 s for the same
# computation minutes earlier, whose `robust-noise-original` reason read every $D$, not the
# compared pair). Round 4 (registry ed39752): `robust-noise-original` new; α = 0.5 rows paper → ours; `d1-vs-pfgm` from the clipped prior; `d4-at-sigma` on one
# training seed; the exact-denoiser collapse diagnosed. Round 3 (b2d1018): `easy-infinite`
# withdrawn; `rigid-small` new; `easy-infinite-original` → `d4-at-sigma`; `sweet-spot` on
# the stricter rule; floor drawn with replacement. Earlier rounds: limit-pfgm against eq. 3's
# plain sum; robust-quant on the original's parameter set; three sampling seeds;
# easy-infinite on a broken $D = 4$ (5.28 against 1.94); sweet-spot at $D = 128$ (1.82) →
# $D = 4$.

# %% [markdown]
# **Open.** Why the trained networks escape the Heun collapse that wrecks the exact $D = 4$
# sampler at 7 NFE (and whether the exact $D = 16$ sampler collapses too: the control is run
# for $D = 4$ and $D = \infty$ only), and $D = 4$'s inflated 35-NFE baseline; a stronger
# noise test at the original's levels, where no model degrades (more steps of injected noise,
# or larger models at the edge of their quality); $D = 16$ against $D = \infty$ at 7 NFE on
# more training seeds, where the gap (0.69) sits inside the spread (1.04); whether $D = 1$
# also needs our preconditioning (a clipped model at σ); the exact $D = \infty$ sampler's
# non-monotone step count (5 NFE 0.92 < 7 NFE 2.36).
