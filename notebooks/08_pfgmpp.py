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
# model — and measures sample quality under the paper's three perturbations. It runs in
# about four minutes on two CPU cores.

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

# %% mystnb={"figure": {"caption": "Radial density of the PFGM++ kernel at r = \u03c3\u221aD (\u03c3 = 1) in N = 64 dimensions, analytic (lines) and sampled (histograms) for D = 1, 4, 128, 2048 and the Gaussian limit. Small D has a heavy tail; large D approaches the Gaussian's \u03c7 law.", "name": "pfgmpp-kernel"}}
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

# %%
denoisers, history, train_seconds = pe.train_family(d, cfg.D_values, cfg.seeds, cfg)
print(f"{len(denoisers)} models ({len(cfg.D_values)} D × {len(cfg.seeds)} seeds), {cfg.steps} steps, "
      f"{train_seconds:.0f} s")

# %% mystnb={"figure": {"caption": "Training loss (EDM's weighted denoising loss, mean over seeds) for each D. The losses are not comparable across D, since each model regresses under its own kernel; each curve shows its model has converged.", "name": "pfgmpp-training"}}
fig, ax = plt.subplots(figsize=(4.6, 3.0))
for D, color in zip(cfg.D_values, plotting.colors(len(cfg.D_values))):
    h = history[history.D == D].groupby("step").loss.mean()
    ax.plot(h.index, h.rolling(4, min_periods=1).mean(), color=color, label=f"D = {pe.d_label(D)}")
ax.set(xlabel="step", ylabel="loss", yscale="log")
ax.legend(fontsize="small");

# %% [markdown]
# ## Robustness
#
# Sample quality is the Fréchet distance between classifier features of generated and
# held-out digits (as in notebook 07, with its real-vs-real floor). Each model samples
# with EDM's Heun sampler from its own kernel's prior, clean and under the paper's three
# perturbations: noise $\alpha\,\sigma\,n$ injected before every step (the original's
# `generate_alpha.py`), every weight matrix rounded to $2^{\text{bits}}$ levels
# (`generate_quant.py`), and fewer steps.

# %%
features = metrics.ClassifierFeatures(d.train, d.train_labels, seed=seed, max_iter=cfg.classifier_iters)
floor = features.frechet(d.train[: len(d.test)], d.test)
table, clean = pe.robustness(denoisers, d, features, cfg, seed)
print(f"floor (real vs real): FD {floor:.3f}")
display(table.pivot_table(index=["perturbation", "level"], columns="D", values="fd", aggfunc="mean").round(2))

# %% mystnb={"figure": {"caption": "Samples of the seed-0 model for each D (clean Heun sampling, 35 NFE).", "name": "pfgmpp-samples"}}
plots.sample_grids({f"D = {pe.d_label(D)}": clean[D, cfg.seeds[0]] for D in cfg.D_values}, d.shape, nrow=8);

# %% mystnb={"figure": {"caption": "Fr\u00e9chet distance (lower is better) against the strength of each perturbation, one line per D; bands span the seeds. Left to right: clean quality, injected noise \u03b1, weight precision in bits, and the number of network evaluations.", "name": "pfgmpp-robustness"}}
plots.robustness(table, floor);

# %%
for kind, level in [("noise α", 0.5), ("NFE", 7)]:
    claim_id, fds = f"robust-{kind.split()[0].lower()}", pe.versus(table, kind, level)
    if fds is None:
        card.not_testable(claim_id, f"profile {profile} does not run D = 4 at {kind} {level}")
    else:
        card.check(claim_id, fds)
quant = table[table.perturbation == "weight bits"].groupby("D").fd.mean()
card.check("robust-quant", {"D=4": round(float(quant.get(4, np.nan)), 2),
                            "D=∞": round(float(quant.get(math.inf, np.nan)), 2)})
clean_fd = table[table.perturbation == "none"].groupby("D").fd.agg(["mean", "min", "max"])
card.check("easy-infinite", {"D=4": round(float(clean_fd.loc[4, "mean"]), 2) if 4 in clean_fd.index else None,
                             "D=∞": round(float(clean_fd.loc[math.inf, "mean"]), 2)})
finite = clean_fd.drop(index=math.inf)
best = finite["mean"].idxmin()
card.check("sweet-spot", {"best D": pe.d_label(best), "FD": round(float(finite.loc[best, "mean"]), 2),
                          "D=∞": round(float(clean_fd.loc[math.inf, "mean"]), 2),
                          "best D worst seed": float(finite.loc[best, "max"]),
                          "D=∞ best seed": float(clean_fd.loc[math.inf, "min"])},
           reason="seeds: " + ", ".join(map(str, cfg.seeds)))
card.not_testable("cifar-ffhq", "needs the DDPM++/NCSN++ U-Nets and a GPU");

# %% [markdown]
# **What this shows.** The clean panel is the paper's trade-off at small scale. $D = 1$
# does not train with EDM's preconditioning: its kernel's heavy tail puts many training
# inputs far outside the range the network otherwise sees, and its samples are poor.
# $D = 4$ is mediocre, and from $D = 16$ on the quality matches the Gaussian limit. Under
# perturbation the small-$D$ models lose the least *relative* to their clean quality:
# $D = 4$ is no worse with injected noise ($\alpha = 0.5$) or with 7 evaluations than
# clean, while $D = \infty$ loses most of its advantage. Weight rounding barely matters
# above 5 bits for any $D$; at 4 bits $D = 4$ never catches up with $D = \infty$'s better
# start, so the quantisation rule (absolute quality, fixed in advance) fails. Without
# perturbation $D = 128$ comes out slightly ahead of $D = \infty$, beyond the spread of
# the two seeds: the paper's sweet spot, though two seeds make that a weak test.

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/generative/pfgmpp/claims.py`, before
# measuring. The kernel and the two limits are *method* checks, which hold if the code is
# right: every KS p-value ≥ 10⁻³; the distance to the Gaussian decreasing in $D$ and
# ≤ 0.01 at $D = 2048$ ($N = 64$); $D = 1$ equals PFGM's field to 10⁻⁶ (relative: the same
# formula computed two ways); the $D$-denoiser approaches EDM's, ≤ 10⁻³ at $D = 10^5$. The
# paper's claims, on the trained models (means over seeds): $D = 4$ beats $D = \infty$ with
# injected noise α = 0.5, at 7 NFE and averaged over the weight precisions; clean,
# $D = \infty$ is at least as good as $D = 4$; some finite $D$ beats $D = \infty$ by more
# than the spread over seeds. CIFAR-10 and FFHQ need U-Nets and GPUs.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();
