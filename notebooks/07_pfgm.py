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
# # PFGM: generating data by following an electric field
#
# Xu, Liu, Tegmark and Jaakkola {cite}`xu2022pfgm` turn electrostatics into a generative
# model. Put the N-dimensional data as positive charges on the $z = 0$ plane of an
# $(N+1)$-dimensional space. Far away their field is that of one point charge, so its lines
# leave the data and cross a large hemisphere *uniformly*. Run the lines backwards and any
# uniform draw on the hemisphere flows onto the data distribution. A network learns the
# field; an ODE solver follows it. The paper reports CIFAR-10 quality on a par with the
# best diffusion models of the time and sampling **10–20× faster than SDE-based diffusion**.
#
# This notebook builds the method from scratch (`physai.generative.pfgm`), checks the physics
# on 2-D data, trains PFGM on scikit-learn's 8×8 digits ($N = 64$) and compares it, on the
# same network and budget, with four diffusion samplers of one denoiser. It runs in under
# four minutes on two CPU cores.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import math

import numpy as np
import torch
from IPython.display import display

from physai import fits, plotting, profiles, runtime
from physai.generative import data, kernels, metrics, pipeline
from physai.generative.pfgm import experiments as ex, model as pfgm, plots
from physai.generative.pfgm.claims import CLAIMS

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("07_pfgm", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # declared in physai/generative/pfgm/claims.py, checked section by section

# %% [markdown]
# ## The field of the data
#
# Augment each datum $y \in \mathbb{R}^N$ to $\tilde y = (y, 0)$. The charges' field at
# $\tilde x = (x, z)$ solves Poisson's equation in $N+1$ dimensions,
#
# $$
# E(\tilde x) = \frac{1}{S_N(1)} \int \frac{\tilde x - \tilde y}{\lVert \tilde x - \tilde y\rVert^{N+1}}\,
#   p(y)\,dy ,
# $$
#
# with $S_N(1)$ the area of the unit sphere. It is symmetric about the data plane, so a
# line that starts upwards stays in $z > 0$, and by Gauss's law every charge sends the
# same flux to infinity. Near a charge the lines leave evenly in all directions; far away
# the field is radial and the flux through a hemisphere of radius $R$ is spread evenly
# over it. The paper's Figure 1 shows this for 2-D data; here are two moons of 16 charges,
# each emitting 256 lines (`field.trace_field_lines` follows $d\tilde x/ds = E/\lVert E\rVert$).

# %% mystnb={"figure": {"caption": "Field lines (blue) of two-moon data (black) on the z = 0 plane of 3-D space, traced until they reach a hemisphere of radius 4, where their end points (green) already spread nearly evenly.", "name": "pfgm-field-lines"}}
charges, traced, ks = ex.field_line_demo(cfg.field_line_charges, cfg.lines_per_charge, cfg.field_line_radii, seed,
                                         device=device)
plots.field_lines(charges, traced, R=min(cfg.field_line_radii));

# %% [markdown]
# How evenly? For points uniform on a hemisphere of $S^2$, $\cos\theta$ is uniform on
# $[0, 1]$ and the azimuth on $[0, 2\pi)$; we take the larger Kolmogorov–Smirnov distance
# of the two. The two moons are not centred on the origin, so the leading correction is a
# dipole term and the distance should fall as $1/R$.

# %% mystnb={"figure": {"caption": "Distance of the field lines' end points from the uniform distribution against the hemisphere's radius (log-log), with a 1/R guide.", "name": "pfgm-uniformity"}}
ks_slope = fits.loglog_slope(ks.R, ks.ks)[0]
plots.uniformity(ks, ks_slope);

# %%
card.check("uniform-rate", round(ks_slope, 2),
           reason="log-log slope of the KS distance over R = " + ", ".join(map(str, cfg.field_line_radii)))
card.check("uniform-limit", round(float(ks.ks.iloc[-1]), 4), reason=f"KS distance at R = {max(cfg.field_line_radii)}");

# %% [markdown]
# The distance halves each time the radius doubles, down to a floor of a few $10^{-3}$
# that is sampling, not physics: it falls as the number of lines per charge grows.
#
# ## Learning the field from batches
#
# The field's magnitude spans hundreds of decades in 64 dimensions, so PFGM regresses the
# network on a normalised field. With the empirical field of the data
# $\hat E(\tilde x) \propto \sum_i (\tilde x - \tilde y_i)/\lVert \tilde x - \tilde y_i\rVert^{N+1}$,
# the target is
#
# $$
# v(\tilde x) = -\sqrt{N}\,\frac{\hat E(\tilde x)}{\lVert \hat E(\tilde x)\rVert + \gamma},
# $$
#
# at points $\tilde x$ perturbed from the data by a radius that grows as $(1+\tau)^m$,
# $m \sim U[0, M]$ (the paper's Algorithm 2; $\sigma = 0.01$, $\tau = 0.03$, and $M$,
# $z_{\max}$ from the original's rule on the data's mean norm). The original computes
# $\hat E$ from a "large batch" of 4096 images rather than the whole data set. Is a batch's
# field close to the full one? Below, the cosine between them at points perturbed with
# fixed $m$; as in training, the batch contains the datum the point came from.

# %%
d = data.digits(device=device) if cfg.dataset == "digits" else data.cifar10(cfg.cifar10_root, device=device)
hyper = pfgm.hyperparameters(d.data_norm, d.dim, cfg.sigma, cfg.tau)
print(f"N = {d.dim}, {len(d.train)} training and {len(d.test)} held-out images, mean norm {d.data_norm:.2f}")
print(f"M = {hyper.M}, z_max = {hyper.z_max:.1f}, upper norm = {hyper.upper_norm:.0f}")

# %% mystnb={"figure": {"caption": "Mean cosine between the field of a batch (containing the point's own datum) and the field of the whole training set, against the norm of the perturbed points; one line per batch size.", "name": "pfgm-batch-field"}}
cosines = ex.batch_field_cosine(d.train, hyper, cfg.cosine_batch_sizes, cfg.cosine_points,
                                np.linspace(0, hyper.M, 11).tolist(), seed)
plots.batch_cosine(cosines);

# %%
at_256 = cosines[cosines.batch == 256].cosine.min() if 256 in cfg.cosine_batch_sizes else None
if at_256 is not None:
    card.check("batch-field", round(float(at_256), 4))
else:
    card.not_testable("batch-field", f"profile {profile} has no batch of 256")

# %% [markdown]
# Close to the data the point's own datum dominates the field; far away every datum pulls
# the same way. In between, where the perturbed point is a few data norms out, the batch
# field is least accurate; even there a batch of a few hundred is within a degree or two.
#
# ## The prior on the hemisphere
#
# Sampling starts on the hyperplane $z = z_{\max}$, where the field lines' density in $x$
# has the radial law $p(R) \propto R^{N-1}/(R^2 + z_{\max}^2)^{(N+1)/2}$ (App. A.4) — the
# $D = 1$ member of PFGM++'s kernel family, drawn exactly as
# $R = z_{\max}\sqrt{\beta/(1-\beta)}$, $\beta \sim \mathrm{Beta}(N/2, 1/2)$. Training only
# ever sees points out to the norm reached at $m = M$ (the "upper norm"), and like the
# original we clip the prior's radii to $[1, \text{upper norm}]$. How much of the law does
# the clip move?

# %%
cut = 1 - kernels.radial_cdf(hyper.upper_norm, d.dim, 1, hyper.z_max) + kernels.radial_cdf(1.0, d.dim, 1, hyper.z_max)
print(f"prior mass outside [1, {hyper.upper_norm:.0f}]: {cut:.1%}")

# %% [markdown]
# More than half. The density falls only as $R^{-2}$ at large $R$ (β ~ Beta(N/2, 1/2) piles up near 1),
# so with $D = 1$ most field lines cross the plane $z = z_{\max}$ far beyond the norms the
# network was trained on, and the original's sampler starts those lines on the sphere of
# radius upper norm instead. The sampler still works (below),
# but the prior is not the one the theory prescribes. This heavy tail is what PFGM++
# (notebook 08) tames by raising $D$.
#
# ## Training PFGM and a diffusion baseline on the same budget
#
# Both models use the same 4-layer SiLU MLP body, conditioned on one scalar (ln z for
# PFGM, the noise level for diffusion) and trained with Adam for the same number of steps
# and batch size, with an exponential moving average of the weights for sampling. The
# diffusion model is EDM's denoiser {cite}`karras2022edm` (its preconditioning and loss);
# one trained denoiser gives every diffusion sampler below. PFGM's "large batch" is the
# whole training set.
#
# ```{note}
# The paper trains on CIFAR-10 with U-Nets (NCSN++, DDPM++). The digits here have $N = 64$,
# so the augmented dimension still matters at the scale of the data. On 2-D data the
# original formulation is unstable (the authors' later PFGM++ fixes this), which is why the
# 2-D data above only illustrate the field and nothing is trained on them.
# ```

# %%
pf, _ = ex.train_pfgm(d, cfg, seed)
df = ex.train_diffusion(d, cfg, seed)
print(f"PFGM trained in {pf.seconds:.0f} s, diffusion in {df.seconds:.0f} s ({cfg.steps} steps each)")

# %% mystnb={"figure": {"caption": "Training losses (PFGM: squared error of the normalised field; diffusion: EDM's weighted denoising loss).", "name": "pfgm-training"}}
fig, axes = plotting.panels(2)
for ax, (name, t) in zip(axes, {"PFGM": pf, "diffusion (EDM)": df}.items()):
    ax.plot(t.history.step, t.history.loss)
    ax.set(xlabel="step", ylabel="loss", yscale="log", title=name)

# %% [markdown]
# ## Does it generate?
#
# Quality is measured against the held-out digits with a Fréchet distance on the hidden
# features of a small classifier trained on the training digits (the analogue of FID),
# a sliced Wasserstein distance in pixel space, and a memorisation check: the median
# distance from a sample to its nearest training digit, relative to the same for held-out
# real digits (about 1 for new digits, near 0 for copies). The *floor* is the same
# Fréchet distance between as many real training digits and the held-out set.

# %%
features = metrics.ClassifierFeatures(d.train, d.train_labels, seed=seed, max_iter=cfg.classifier_iters)
floor = features.frechet(d.train[: len(d.test)], d.test)
quality, samples = pipeline.quality_table(ex.sampler_runs(pf.model, hyper, df.model, cfg, cfg.n_samples, seed),
                                          d, features)
pfgm_rk45 = quality[(quality.method == "PFGM") & (quality.sampler == "RK45")].iloc[0]
x_rk45 = samples["PFGM", "RK45", pfgm_rk45.nfe]
finite = bool(torch.isfinite(x_rk45).all())  # an untrained (smoke) model can make RK45 diverge
shares = metrics.class_shares(features.predict(x_rk45)) if finite else np.full(10, np.nan)
memo = metrics.memorisation_ratio(x_rk45, d.train, d.test) if finite else math.nan
print(f"floor (real vs real): FD {floor:.3f}")
print(f"PFGM, RK45: {pfgm_rk45.nfe} NFE, FD {pfgm_rk45.fd:.3f}; memorisation ratio {memo:.2f}; "
      f"classes {np.round(shares, 2)}")

# %%
diff_best = quality[quality.method != "PFGM"].fd.min()
card.check("quality", round(float(pfgm_rk45.fd / diff_best), 2),
           reason=f"FD {pfgm_rk45.fd:.2f} vs {diff_best:.2f}; floor {floor:.2f}")
card.check("all-classes", round(float(shares.min()), 3))
card.check("no-copies", round(memo, 2));

# %% mystnb={"figure": {"caption": "Held-out real digits, PFGM samples (RK45) and diffusion samples (EDM's sampler at its best step count); the same seed for both models' priors.", "name": "pfgm-samples"}}
best_edm = quality[quality.method == "EDM"].sort_values("fd").iloc[0]
plots.sample_grids({"real (held out)": d.test, f"PFGM, RK45 ({pfgm_rk45.nfe} NFE)": x_rk45,
                    f"EDM, {best_edm.sampler} ({best_edm.nfe} NFE)":
                        samples["EDM", best_edm.sampler, best_edm.nfe]}, d.shape);

# %% [markdown]
# ## Fewer function evaluations?
#
# The paper's speed claim compares PFGM's ODE (RK45) with the 1000-step predictor of
# SDE-based diffusion; it also shows PFGM tolerating coarse Euler steps better than the
# VP-ODE. We sample the same trained models with every sampler at several step counts:
# PFGM with Euler and Heun steps uniform in $\ln z$ and with RK45 (tolerance $10^{-4}$);
# the diffusion denoiser with EDM's Euler and Heun samplers on EDM's noise schedule, with
# the VP probability-flow ODE (Euler, uniform in $t$) and with the reverse VP-SDE
# (Euler–Maruyama), the samplers of {cite}`song2021sde`.

# %% mystnb={"figure": {"caption": "Fr\u00e9chet distance to held-out digits against the number of network evaluations for every method and sampler (log-log); the star is PFGM with RK45; the dotted line is the real-vs-real floor.", "name": "pfgm-nfe"}}
plots.quality_vs_nfe(quality, floor);

# %%
display(quality.pivot_table(index=["method", "sampler"], columns="nfe", values="fd").round(2))

# %% [markdown]
# Two comparisons decide the paper's claims. *Speed against the SDE*: the SDE's quality is
# its best over the step grid, and we ask how many evaluations each method needs to come
# within 10 % of it. *Robustness to Euler steps*: PFGM against the VP-ODE at the same
# coarse step counts.

# %%
sde_best = quality[quality.method == "VP-SDE"].fd.min()
nfe_sde, nfe_pfgm = (ex.nfe_to_reach(quality, m, 1.1 * sde_best) for m in ("VP-SDE", "PFGM"))
speedup = nfe_sde / nfe_pfgm
euler = quality[quality.sampler == "Euler"].pivot_table(index="nfe", columns="method", values="fd")
coarse = sorted(cfg.ode_steps)[1:3]
print(f"VP-SDE best FD {sde_best:.2f}: VP-SDE needs {nfe_sde:.0f} NFE, PFGM {nfe_pfgm:.0f} NFE to reach 1.1× it")
display(euler.loc[coarse].round(2))

# %%
card.check("speed-vs-sde", round(speedup, 1),
           reason=f"NFE to reach 1.1× the VP-SDE's best FD: VP-SDE {nfe_sde:.0f}, PFGM {nfe_pfgm:.0f}; "
                  f"the SDE's 1000-step default vs PFGM's RK45 ({pfgm_rk45.nfe} NFE) would be "
                  f"{1000 / pfgm_rk45.nfe:.1f}×")
card.check("euler-vs-vp-ode", {int(n): bool(euler.loc[n, "PFGM"] < euler.loc[n, "VP-ODE"]) for n in coarse})
card.not_testable("cifar10", "needs the U-Net backbones and a GPU; the paper profile loads CIFAR-10 but our MLP is "
                             "no substitute for NCSN++");

# %% [markdown]
# **What this shows.** On digits neither of the paper's speed claims survives a fair
# comparison, for two reasons that have to do with the scale, not with the physics.
# *The SDE converges quickly here*: its quality stops improving after about a hundred
# steps, so at equal quality PFGM saves nothing; the paper's 10–20× compares PFGM's RK45
# (100–150 evaluations, as here) with the SDE's customary 1000 steps, a ratio the
# scorecard reports beside the fair one. *The VP-ODE's coarse Euler steps are not bad on
# digits*: its last step jumps almost all the way to the denoiser's estimate of the clean
# image, and for a data set this small that estimate is already a plausible digit; on
# CIFAR-10 such estimates are blurry, which is where the paper sees the VP-ODE fail. PFGM's
# Euler and Heun steps in ln z, by contrast, need about fifty evaluations before its
# samples settle, and EDM's Heun sampler on the same denoiser gives the best samples of
# any method here, with about twenty — the ordering PFGM++ (notebook 08) explains by
# placing PFGM and EDM at the two ends of one family.
# The samples' nearest training digits are farther away than held-out real digits'
# (memorisation ratio above 1): the models add grey speckle rather than copy, as the grids
# show.

# %% [markdown]
# The RK45 solver adapts its steps; close to the data the backward ODE is stiff, and the
# original replaces the network's $z$-component below $z_{\exp}$ by the value the geometry
# implies (App. B.2.3). Without that substitution, on a smaller batch of samples:

# %%
rk45 = dict(solver="rk45", gamma=cfg.gamma, z_min=cfg.z_min, rtol=cfg.rk45_tol, max_nfe=cfg.rk45_max_nfe)
no_sub = pfgm.sample(pf.model, cfg.rk45_samples, hyper, **rk45, generator=torch.Generator().manual_seed(seed))[1]
with_sub = pfgm.sample(pf.model, cfg.rk45_samples, hyper, **rk45, z_exp=cfg.z_exp,
                       generator=torch.Generator().manual_seed(seed))[1]
print(f"RK45 on {cfg.rk45_samples} samples: {no_sub} NFE without the substitution, {with_sub} with z_exp = {cfg.z_exp}")

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/generative/pfgm/claims.py`, before
# measuring. Two rows are *method* checks of the field-line tracer: the end points'
# distance from uniform falls as $1/R$ (a log-log slope within ±0.4 of −1: the dipole term,
# our derivation) and is below 0.02 at the largest radius (the paper's theorem). The
# paper's claims: a batch of 256 has a mean cosine of at least 0.95 with the full field at
# every radius; PFGM (RK45) comes within a factor 2 of the best diffusion sampler's Fréchet
# distance, puts at least 5 % of samples in every class and does not copy its training set
# (memorisation ratio ≥ 0.9); it reaches the SDE's quality with at least 10× fewer
# evaluations (counted in network evaluations, not seconds), and with Euler steps beats the
# VP-ODE at the two coarsest step counts above the smallest. CIFAR-10 needs a U-Net and a
# GPU.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();
