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
# runs in about four minutes on two CPU cores.

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
from physai.generative import data, field, kernels, metrics, pfgmpp
from physai.generative.pfgmpp import experiments as pe, plots
from physai.generative.pfgmpp.claims import CLAIMS

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
# $z$ part is $r$, so the two ODEs are one. As $D \to \infty$ the weights become
# $e^{-\lVert x - y_i\rVert^2/2\sigma^2}$, EDM's. Both, on the digits:

# %%
d = data.digits(device=device) if cfg.dataset == "digits" else data.cifar10(cfg.cifar10_root, device=device)
y = d.train.double()
gx = torch.Generator().manual_seed(seed)
probe = y[torch.randint(len(y), (200,), generator=gx)] + 0.5 * torch.randn(200, d.dim, generator=gx, dtype=torch.float64).to(device)
r = 0.5
pfgm_dir = field.mean_displacement(field.augment(probe, r), y)[:, :-1]
pfgm_gap = float(((probe - pfgmpp.optimal_denoiser(probe, r, y, 1)) - pfgm_dir).abs().max() / pfgm_dir.abs().max())
gauss = pfgmpp.optimal_denoiser(probe, r, y, math.inf)
edm_gaps = {D: float((pfgmpp.optimal_denoiser(probe, r, y, D) - gauss).abs().max()) for D in [16, 128, 2048, 10**5]}
print(f"D = 1 vs PFGM's field: largest relative difference {pfgm_gap:.1e}")
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
# not clipped). Two extra models, trained in the same batch, undo one fix each: $D = 4$
# preconditioned at $\sigma$ as in the original, and $D = 1$ unclipped at $\sigma$.

# %%
ks = {pe.d_label(D): round(pfgmpp.variance_factor(D, d.dim, cfg.beta_clip), 3) for D in cfg.D_values}
print("variance factor k per D (clipped training kernel):", ks)
denoisers, history, train_seconds = pe.train_family(d, cfg.D_values, cfg.seeds, cfg, cfg.ablations)
print(f"{len(denoisers)} models ({len(cfg.D_values)} D × {len(cfg.seeds)} seeds + {len(cfg.ablations)} ablations), "
      f"{cfg.steps} steps, {train_seconds:.0f} s")

# %% mystnb={"figure": {"caption": "Training loss (EDM's weighted denoising loss, mean over seeds, a rolling mean of four log points) for each D, and the two ablations (dashed). The losses are not comparable across D, since each model regresses under its own kernel and weight. The unclipped D = 1 model's loss swings between 10⁴ and 10⁶ and never settles; D = 4 preconditioned at σ (the original's scales) stays above its fixed twin. The others flatten but are still drifting down at 4000 steps: the models are trained to a budget, not to convergence.", "name": "pfgmpp-training"}}
fig, ax = plt.subplots(figsize=(4.8, 3.0))
for D, color in zip(cfg.D_values, plotting.colors(len(cfg.D_values))):
    h = history[(history.D == D) & (history.run == "")].groupby("step").loss.mean()
    ax.plot(h.index, h.rolling(4, min_periods=1).mean(), color=color, label=f"D = {pe.d_label(D)}")
for name, color in zip([a[0] for a in cfg.ablations], ["black", "grey"]):
    h = history[history.run == name].groupby("step").loss.mean()
    ax.plot(h.index, h.rolling(4, min_periods=1).mean(), color=color, ls="--", lw=1, label=name)
ax.set(xlabel="step", ylabel="loss", yscale="log")
ax.legend(fontsize="x-small");

# %% [markdown]
# ## Robustness
#
# Sample quality is the Fréchet distance between classifier features of generated and
# held-out digits (as in notebook 07), beside its floor: the FD of 1000 real training
# digits against the held-out ones, over random subsets, with its spread. Each model samples
# with EDM's Heun sampler from its own kernel's prior, clean and under the paper's three
# perturbations: noise $\alpha\,\sigma\,n$ injected before every step (the original's
# `generate_alpha.py`), every weight matrix rounded to $2^{\text{bits}}$ levels
# (`generate_quant.py`), and fewer steps.

# %%
features = metrics.ClassifierFeatures(d.train, d.train_labels, seed=seed, max_iter=cfg.classifier_iters)
floor = metrics.fd_floor(features, d.train, d.test, cfg.n_samples, draws=cfg.floor_draws, seed=seed)
table, clean = pe.robustness(denoisers, d, features, cfg, seed)
print(f"floor (real vs real, {cfg.n_samples} training digits vs the {len(d.test)} held out, "
      f"{cfg.floor_draws} random subsets): FD {floor}")
print("mean FD over seeds [min, max]:")
spread = table.groupby(["perturbation", "level", "D"]).fd.agg(["mean", "min", "max"])
display(spread.apply(lambda r: f"{r['mean']:.2f} [{r['min']:.2f}, {r['max']:.2f}]", axis=1)
        .unstack("D").rename(columns=pe.d_label))

# %% [markdown]
# Out-of-range pixels, which the classifier's features cannot see (its inputs are clipped to
# $[-1, 1]$), as a fraction of all pixels, clean samples. The digits' background sits at
# exactly $-1$, so a clean sampler leaves a share of pixels just below it; the fraction is
# close for every $D$:

# %%
oor = table[table.perturbation == "none"].groupby("D").out_of_range.mean()
print({pe.d_label(D): round(float(v), 3) for D, v in oor.items()})

# %% [markdown]
# The two ablations, clean (seed 0, 35 NFE), beside the fixed models of the same $D$ and
# seed:

# %%
ablation_fd = {}
for name, D, s, *_ in cfg.ablations:
    x, _ = pfgmpp.sample(denoisers[name], cfg.n_samples, D, steps=cfg.steps_clean,
                         generator=torch.Generator().manual_seed(seed))
    fixed = table[(table.perturbation == "none") & (table.D == D) & (table.seed == s)].fd
    ablation_fd[name] = (features.frechet(x, d.test), float(fixed.iloc[0]) if len(fixed) else math.nan)
    print(f"{name}: FD {ablation_fd[name][0]:.2f}   (fixed D = {pe.d_label(D)}, seed {s}: {ablation_fd[name][1]:.2f})")

# %% mystnb={"figure": {"caption": "Samples of the seed-0 model for each D (clean Heun sampling, 35 NFE). Every D starts from the same sampling seed, so the prior's directions are shared across the grids (only the radii differ with D): cells in the same place of two grids start on the same ray, which is why the D = 1, 4 and 16 grids often show the same digit in the same place; the D = ∞ prior is a Gaussian, drawn differently.", "name": "pfgmpp-samples"}}
plots.sample_grids({f"D = {pe.d_label(D)}": clean[D, cfg.seeds[0]] for D in cfg.D_values}, d.shape, nrow=8);

# %% mystnb={"figure": {"caption": "Fréchet distance (lower is better) against the strength of each perturbation, one line per D; bands span the three seeds; the dotted line is the real-vs-real floor at 1000 samples. Left to right: clean quality, injected noise α, weight precision in bits (noise-embedding weights not rounded), and the number of network evaluations.", "name": "pfgmpp-robustness"}}
plots.robustness(table, floor.mean);

# %% [markdown]
# The robustness rules read each model's **degradation** $\Delta$ = perturbed − clean FD
# (seed by seed, then the mean), $D = 4$ against $D = \infty$, and count as a matched
# comparison only if the two are about as good clean (within 25 %). Mean $\Delta$ over
# seeds, every $D$:

# %%
deg = pe.degradation(table)
deg = deg[deg.perturbation != "none"]
display(deg.pivot_table(index=["perturbation", "level"], columns="D", values="delta", aggfunc="mean")
        .rename(columns=pe.d_label).round(2))

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

# %%
for claim_id, kind, levels in [("robust-noise", "noise α", [0.5]), ("robust-nfe", "NFE", [7]),
                               ("robust-quant", "weight bits", None)]:
    value = pe.less_degraded(table, kind, levels)
    if value is None:
        card.not_testable(claim_id, f"profile {profile} does not run D = 4 and D = ∞ under {kind} {levels}")
    else:
        card.check(claim_id, value, reason=f"{len(cfg.seeds)} seeds"
                   + ("; bits " + ", ".join(map(str, cfg.bits)) if levels is None else ""))
clean_fd = table[table.perturbation == "none"].groupby("D").fd.agg(["mean", "min", "max"])
card.check("easy-infinite", {"D=4": round(float(clean_fd.loc[4, "mean"]), 2) if 4 in clean_fd.index else None,
                             "D=∞": round(float(clean_fd.loc[math.inf, "mean"]), 2)})
finite = clean_fd.drop(index=math.inf)
best = finite["mean"].idxmin()
card.check("sweet-spot", {"best D": pe.d_label(best), "FD": round(float(finite.loc[best, "mean"]), 3),
                          "D=∞": round(float(clean_fd.loc[math.inf, "mean"]), 3),
                          "best D worst seed": float(finite.loc[best, "max"]),
                          "D=∞ best seed": float(clean_fd.loc[math.inf, "min"])},
           reason="seeds: " + ", ".join(map(str, cfg.seeds)))
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
# **What this shows.** Trained with EDM's scales unchanged, as the original does, $D = 4$
# samples badly (the ablation: FD 4.83 against 1.66 for the same seed preconditioned at its
# kernel's variance) and unclipped $D = 1$ does not train at all (16.4; its loss swings over
# decades). With the two fixes every $D$ trains, and the clean panel no longer shows the
# paper's trade-off: $D = 4$ is the best model (1.63, every seed below every $D = \infty$
# seed, 1.84–2.01), $D = 16$ next (1.80), the Gaussian limit 1.91, and only $D = 1$, with a
# fifth of its kernel clipped, is clearly worse (2.92). All are 6–11 times the floor
# (0.260 ± 0.006), so model error, not the metric, sets these numbers.
#
# Under perturbation the smallest $D$ loses least, each model measured from its own clean
# FD: with noise α = 0.5 injected, $D = 1$ loses 0.62, $D = 4$ 1.09, $D = 16$ 2.49 and
# $D = \infty$ 3.73, in the paper's order; at 7 NFE $D = 4$ loses 1.87 against 4.84. That
# coarse-step advantage belongs to the trained network, not to the sampler: with the
# exact denoiser the same Heun sampler at 7 NFE wrecks $D = 4$ (FD 28.7) and barely hurts
# $D = \infty$ (2.4), so it lies in how the learned $D = 4$ field errs, not in how its
# exact field integrates. Weight rounding (the noise-embedding weights left as trained, as in the original)
# costs little above 4 bits; averaged over 4–8 bits $D = 4$ loses 0.31 and $D = \infty$
# 0.39, a difference well inside the spread over seeds of the 4-bit runs, so that row is
# reproduced by its rule but is a weak result.
#
# At $D = 1$, regressing the datum (PFGM++) and regressing the whole training set's field
# (PFGM's target, what notebook 07 trains on) give samples of the same quality (FD 2.92
# against 2.72; the field-target seeds spread over 2.23–3.13) and the same memorisation
# ratio (1.41: samples sit farther from training digits than held-out digits do, as
# notebook 07 finds for PFGM). The objective is not what limits $D = 1$ here.

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/generative/pfgmpp/claims.py`, before
# measuring. The kernel and the two limits are *method* checks, which hold if the code is
# right: every KS p-value ≥ 10⁻³; the distance to the Gaussian decreasing in $D$ and
# ≤ 0.01 at $D = 2048$ ($N = 64$); $D = 1$ equals PFGM's field to 10⁻⁶ (relative: the same
# formula computed two ways); the $D$-denoiser approaches EDM's, ≤ 10⁻³ at $D = 10^5$. The
# paper's claims, on the trained models (three seeds): under injected noise α = 0.5, at
# 7 NFE and averaged over the weight precisions, $D = 4$ loses less quality than
# $D = \infty$, each measured from its own clean FD (*partly* if the two are not within 25 %
# of each other clean); clean, $D = \infty$ is at least as good as $D = 4$; the best finite
# $D$ beats $D = \infty$ seed for seed (*partly* if only on the mean). Our own row: at
# $D = 1$ the datum target is within 25 % of PFGM's field target. CIFAR-10 and FFHQ need
# U-Nets and GPUs.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();

# %% [markdown]
# ## What holds, what does not, and why
#
# **Holds exactly.** The kernel sampler draws eq. 4's law, the kernel approaches the
# Gaussian as $D$ grows, $D = 1$ is PFGM's field and $D \to \infty$ is EDM's denoiser.
#
# **A finding about training small D.** The original reuses EDM's preconditioning with
# $\sigma = r/\sqrt D$. That is right only for large $D$: the kernel's variance is
# $\sigma^2 D/(D-2)$, a factor below 1.03 at the paper's $D \ge 64$ but 2 at $D = 4$ and
# infinite at $D \le 2$. Preconditioning at the kernel's own spread turns $D = 4$ from the
# worst trainable model (FD 4.8) into the best (1.6); the original's clip of $\beta$ is what
# lets $D = 1$ train at all, at the cost of a fifth of its kernel. An audit had found
# $D = 4$ broken clean (FD 5.28); this was why.
#
# **Reproduced.** Robustness, scored as each model's degradation from its own clean
# quality against $D = \infty$ with matched clean quality: to injected noise (1.09 vs
# 3.73), to large steps (1.87 vs 4.84 at 7 NFE; the exact denoiser shows the opposite, so
# this is the learned field's robustness, not the sampler's) and, narrowly, to weight
# rounding (0.31 vs 0.39, within seed noise). A finite $D$ beats $D = \infty$ on all
# three seeds ($D = 4$: 1.63 vs 1.91), the paper's sweet spot, here at a much smaller $D$
# than CIFAR-10's 2048.
#
# **Not reproduced.** "$D \to \infty$ is the easiest to train": once preconditioned for its
# kernel, $D = 4$ trains better than the Gaussian limit on digits; only $D = 1$ (clipped)
# is harder. The paper's evidence is at $N = 3072$ with U-Nets; ours is an MLP at $N = 64$.
#
# **Ours.** At $D = 1$ the perturbation objective and PFGM's whole-training-set field
# target give the same quality (2.92 vs 2.72). CIFAR-10 and FFHQ FIDs need the U-Nets and a
# GPU.
