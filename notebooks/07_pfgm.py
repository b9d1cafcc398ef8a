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
# same network and budget, with four diffusion samplers of one denoiser. The sampling
# claims are also scored on a *solver benchmark* with no network in it (the exact field
# and the exact denoiser of the digits), so that what is measured is the sampler, not the
# model. It runs in under five minutes on two CPU cores.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import math

import numpy as np
import pandas as pd
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
# The distance falls by a factor of about 0.55 each time the radius doubles (slope −0.85),
# down to a few $10^{-3}$ at the largest radius. How much of that remainder is the finite
# number of lines we did not check (one number of lines per charge was run), and the 0.02
# bound is loose: the figure shows
# R = 16 already under it.
#
# ## Why the extra dimension
#
# Why not use the data's own $N$-dimensional field? The paper's Figure 2 answers: without
# $z$ the backward flow collapses. A smooth density is its own charge distribution, so
# field lines begin *inside* it (the field's divergence is the density) and, run backwards
# from far away, they climb the potential and stop where the field vanishes — at a few
# maxima of the potential, not spread like the data. Lifting the data onto the plane
# $z = 0$ of one more dimension puts all the charge on a surface the lines can only leave,
# and $z$ tells the backward flow when it has arrived. Below, one 2-D density (a Gaussian
# kernel density on two moons, width 0.1): on the left the exact 2-D field of that density
# (Gauss's law gives each kernel's field in closed form), followed backwards from a circle
# of radius 20; on the right PFGM's backward ODE on the exact 3-D field of the *same*
# density lying on the plane $z = 0$, as in the paper's figure. That field has no closed
# form, but writing $1/r^3$ as a Gaussian integral leaves one integral over a scale, done by
# quadrature (`ex.SmoothSheetField`, tested against the point-charge limit). The *coverage
# ratio* asks how far a fresh draw of the density is from the nearest end point, relative
# to how far it is from an independent draw of as many points: about 1 for a faithful
# sampler, large for a collapsed one.

# %% mystnb={"figure": {"caption": "Fig. 2 of the paper on a 2-D density (grey): left, field lines of the density's own 2-D field followed backwards from a circle (blue) end on a few points (green); right, PFGM's backward flow with the extra dimension, on the exact 3-D field of the same density (300 lines), ends spread like the density.", "name": "pfgm-collapse"}}
from physai.generative.pfgm import benchmark as bm

centres, density = ex.moons_density(cfg.moons_centres, cfg.moons_width, seed, device=device)
g2 = torch.Generator().manual_seed(seed)
reference, fresh = (density(cfg.collapse_points, g2) for _ in range(2))
ends_2d, paths_2d = ex.flow_without_z(centres, cfg.moons_width, cfg.collapse_points, radius=20.0, seed=seed)
ends_z = ex.flow_with_z_smooth(centres, cfg.moons_width, cfg.collapse_points_z, steps=cfg.collapse_steps_z,
                               seed=seed, quad=cfg.collapse_quad)
coverage = {k: bm.coverage_ratio(v, reference, fresh[:len(v)]) for k, v in (("2-D", ends_2d), ("with z", ends_z))}
plots.collapse(reference, paths_2d, ends_2d, ends_z);
print("coverage ratio: " + ", ".join(f"{k} {v:.2f}" for k, v in coverage.items()))

# %%
card.check("collapse-2d", round(coverage["2-D"], 2), control=round(coverage["with z"], 2),
           reason=f"end points of the 2-D flow: {len(torch.unique(ends_2d.round(decimals=2), dim=0))} distinct "
                  "places (to 0.01)");

# %% [markdown]
# The 2-D flow ends on a handful of points along the moons' ridges; with $z$, on the same
# smooth density, the end points cover it like a fresh sample of their size. Gauss's law is
# why: with the charge on a surface every line reaches the plane and the flux through it
# is spread as the charge is, while in 2-D the lines of a smooth density start inside it
# and, run backwards, pile up where the field vanishes. (A finite set of point charges
# would not collapse in 2-D either: each charge takes its share of the flux; the earlier
# version of this control used point charges, so it held by construction.)
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
matched = round(len(d.train) * cfg.original_batch / cfg.original_data)  # the original's fraction: 4096 of 50 000
cosines = ex.batch_field_cosine(d.train, hyper, sorted({*cfg.cosine_batch_sizes, matched}), cfg.cosine_points,
                                np.linspace(0, hyper.M, 11).tolist(), seed)
plots.batch_cosine(cosines);

# %%
worst = cosines.groupby("batch").cosine.min()
print("figure's draw, worst-radius mean cosine: " + ", ".join(f"batch {b}: {c:.3f}" for b, c in worst.items()))
per_seed = ex.batch_field_seeds(d.train, hyper, matched, cfg.cosine_points, np.linspace(0, hyper.M, 11).tolist(),
                                [seed + k for k in range(cfg.batch_seeds)])
display(per_seed.round(4))  # error_ratio = (1 − cos(batch)) / (1 − cos(1)); the rule asks ≤ 0.5 on each seed
card.check("batch-field", per_seed.cosine_b.round(4).tolist(), control=per_seed.cosine_1.round(4).tolist(),
           reason=f"batch {matched} vs 1, worst-radius error ratio per seed: "
                  + ", ".join(f"{r:.3f}" for r in per_seed.error_ratio));

# %% [markdown]
# Close to the data the point's own datum dominates the field; far away every datum pulls
# the same way. So even a "batch" of one datum — the point's own — scores a high cosine
# everywhere, and a rule on the cosine alone could not fail. The row therefore asks how
# much of that batch-of-one's error (1 − cosine, at the worst radius) a batch at the
# original's fraction of the data removes — 4096 of CIFAR-10's 50 000 is 8 %, here 99 of
# 1203 digits: at least half, for the batch to be doing the work. Last round one draw of
# points and batches put it just short (error 0.020 against a threshold of 0.019), a gap
# with no error bar; the row now reads five fresh draws of points and batches (the table;
# the figure is a sixth), each against the same rule. On every seed the batch removes
# 43–49 % of the batch-of-one's error (error ratios 0.51–0.57 against the required 0.5), so
# the row is **not reproduced** on every seed, by a small margin: a fraction of about a
# fifth (batch 256, 0.012 on the figure's draw) would pass. The half-the-error threshold
# was written in an earlier round with these cosines roughly known, and the earlier
# numbers already put 99 digits near it, so this verdict says the original's fraction sits
# just past the edge of this rule on digits, not that the batch field is poor: at
# every radius its mean cosine to the full field is at least 0.98 (about 11°).
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
# Fréchet distance between real training digits and the held-out set, at the sample size
# compared, with its spread over random subsets. Those subsets come from one pool of 1203
# digits (two subsets of 1000 share at least 797), so their spread (± 0.006) understates
# the noise of independent samples; draws *with* replacement are independent, and their
# spread (printed below: ± 0.05 at 1000, ± 0.04 at 500) is the scale at which two samplers'
# FDs differ by chance (their mean sits higher because of the repeats). The classifier sees pixels clipped to
# $[-1, 1]$, so beside FD we report the fraction of pixels more than half a grey level
# (1/16) outside that range, which FD cannot see.

# %%
features = metrics.ClassifierFeatures(d.train, d.train_labels, seed=seed, max_iter=cfg.classifier_iters)
floor = metrics.fd_floor(features, d.train, d.test, cfg.n_samples)
floor_iid = metrics.fd_floor(features, d.train, d.test, cfg.n_samples, replace=True)  # independent draws
OOR = metrics.HALF_GREY_LEVEL  # 1/16: smaller excursions are a sampler stopping just short of the data
quality, samples = pipeline.quality_table(ex.sampler_runs(pf.model, hyper, df.model, cfg, cfg.n_samples, seed),
                                          d, features, OOR)
pfgm_rk45 = quality[(quality.method == "PFGM") & (quality.sampler == "RK45")].iloc[0]
x_rk45 = samples["PFGM", "RK45", pfgm_rk45.nfe]
finite = bool(torch.isfinite(x_rk45).all())  # an untrained (smoke) model can make RK45 diverge
shares = metrics.class_shares(features.predict(x_rk45)) if finite else np.full(10, np.nan)
memo = metrics.memorisation_ratio(x_rk45, d.train, d.test) if finite else math.nan
print(f"floor (real vs real, {cfg.n_samples} vs {len(d.test)}): FD {floor} over subsets of the {len(d.train)} "
      f"training digits; drawn with replacement (independent draws): {floor_iid}")
print(f"PFGM, RK45: {pfgm_rk45.nfe} NFE, FD {pfgm_rk45.fd:.3f}, out of range {pfgm_rk45.out_of_range:.2%}; "
      f"memorisation ratio {memo:.2f}; classes {np.round(shares, 2)}")

# %% [markdown]
# Two memorisation rows. The paper claims novelty: its row asks for a ratio of at least
# 0.9, and its control is a sampler that *does* copy — the exact field of the training
# digits, whose lines land on training digits, sampled with the same RK45 solver. Our own
# row asks more, that the samples sit no farther from the training digits than held-out
# real digits do (ratio within ±0.1 of their 1), with a control on each side: the copies
# below and held-out digits with Gaussian pixel noise of sd 0.25 above. The original clips
# its outputs to the image range, so the ratio on samples clipped to $[-1, 1]$ is printed
# beside the scored, unclipped one. The quality row compares PFGM's converged sampler with
# the converged diffusion sampler trained the same way (EDM Heun at its largest step
# count), over three sampling seeds.

# %%
exact_field = pfgm.EmpiricalField(d.train, cfg.gamma)
x_copy, _ = ex.rk45_run(exact_field, hyper, cfg, cfg.n_samples, seed)
memo_copy = metrics.memorisation_ratio(x_copy, d.train, d.test)
noisy = d.test + 0.25 * torch.randn(d.test.shape, generator=torch.Generator().manual_seed(seed)).to(d.test.device)
memo_noisy = metrics.memorisation_ratio(noisy, d.train, d.test)
memo_boot = ex.heldout_ratio_spread(d.train, d.test, seed=seed)
x_edm = samples["EDM", "Heun", 2 * max(cfg.ode_steps) - 1]
memo_edm = metrics.memorisation_ratio(x_edm, d.train, d.test)
clip = lambda x: metrics.memorisation_ratio(x.clamp(-1, 1), d.train, d.test)  # noqa: E731  the data range
memo_clip, memo_edm_clip = (clip(x_rk45) if finite else math.nan), clip(x_edm)
print(f"memorisation ratio: PFGM {memo:.2f} (clipped to [-1, 1]: {memo_clip:.2f}), EDM Heun {memo_edm:.2f} "
      f"(clipped {memo_edm_clip:.2f}); copies {memo_copy:.2f}, noisy held-out {memo_noisy:.2f}; held-out digits "
      f"resampled: sd {memo_boot:.3f}")
rk45_seeds = {seed: x_rk45}  # PFGM's RK45 samples per sampling seed, for euler-vs-vp-ode below
qual = ex.quality_seeds(pf.model, hyper, df.model, d, features, cfg, [seed, seed + 1, seed + 2], quality, rk45_seeds)
display(qual.round(3))
edm_conv = float(qual.edm.iloc[0])  # the converged EDM Heun on sampling seed 0 (quality-gamma's denominator)
card.check_seeds("quality", qual.ratio.round(3), reason="per sampling seed: " + "; ".join(
    f"{r.pfgm:.3f} vs {r.edm:.3f}" for r in qual.itertuples()) + f"; floor {floor}")
card.check("all-classes", round(float(shares.min()), 3))
card.check("no-copies", round(memo, 2), control=round(memo_copy, 2),
           reason=f"unclipped; clipped to [-1, 1]: {memo_clip:.2f} (copies {clip(x_copy):.2f})")
band_controls = {"copies": round(memo_copy, 2), "noisy held-out": round(memo_noisy, 2)}
card.check("no-copies-band", round(memo, 2), control=band_controls,
           reason=f"unclipped; clipped to [-1, 1]: {memo_clip:.2f}; EDM Heun {memo_edm:.2f} (clipped "
                  f"{memo_edm_clip:.2f}); out-of-range pixels: PFGM {pfgm_rk45.out_of_range:.1%}");

# %% mystnb={"figure": {"caption": "Held-out real digits, PFGM samples (RK45) and diffusion samples (EDM's sampler at its best step count); the same seed for both models' priors.", "name": "pfgm-samples"}}
best_edm = quality[quality.method == "EDM"].sort_values("fd").iloc[0]
plots.sample_grids({"real (held out)": d.test, f"PFGM, RK45 ({pfgm_rk45.nfe} NFE)": x_rk45,
                    f"EDM, {best_edm.sampler} ({best_edm.nfe} NFE)":
                        samples["EDM", best_edm.sampler, best_edm.nfe]}, d.shape);

# %% [markdown]
# PFGM's samples do not copy: ratio 1.47 against the exact field's copies' 0.00, so the
# paper's claim of novelty is **reproduced**. But their nearest training digits are
# farther away than held-out real digits' (1.47, outside the band 0.9–1.1, where
# resampling the held-out digits moves their own ratio by only ± 0.012): the models add
# grey speckle, as the grids show, and sit off the data about as far as held-out digits
# with pixel noise of sd 0.25 (1.34). Our two-sided row therefore **fails** — the samples
# are new but not digits as close to the data as real ones; clipping them to the data
# range, as the original does, lowers this only to 1.35, and the diffusion model's
# converged samples fail it too (EDM Heun 1.38, clipped 1.29). (The split into a one-sided
# paper row and a two-sided row of ours was made this round, after these values were
# known.) On quality,
# over three sampling seeds PFGM's RK45 scores FD 1.28, 1.13, 1.11 against EDM Heun's
# converged 1.23, 1.22, 1.23: ratios 1.04, 0.92, 0.90, median 0.92, inside the paper's
# own gap (≤ 1.1): **reproduced**, on one training seed of each model — provisional:
# against the grid's lowest diffusion point (EDM Heun at 19 NFE, 0.92, not converged),
# the denominator before this round, the ratio would be 1.38, outside the band.
#
# ## How a fixed step should move along a field line
#
# PFGM's backward ODE is $dx/dz = v_x/v_z$, integrated from $z_{\max}$ down to
# $z_{\min} = 10^{-3}$ on a grid uniform in $\ln z$. Far from the data a field line is
# straight, $x - y_0 \propto z$. The original's Euler sampler (its `euler_maruyama`
# predictor) moves $x$ by $\Delta z\,dx/dz$, which lands on a straight line exactly however
# coarse the grid; a step of $\Delta \ln z \cdot z\,dx/dz$ (the original's
# `forward_euler`/`improved_euler` ODE solvers, and this notebook's former rule) shrinks
# $x - y_0$ by $1 - \Delta$ instead of $e^{-\Delta}$ — at 10 steps from 17.9 to $10^{-3}$,
# $\Delta \approx 0.98$, so the line is all but lost in the first step. The original also
# replaces $v_z$ below $z_{\exp}$ by the value the geometry implies (App. B.2.3) inside its
# ODE, so for every solver; so do we. Below, Euler with both rules, on the exact field of the
# training digits (no model error) and on the trained network.

# %%
rule_runs = (ex.step_rule_runs(exact_field, hyper, cfg, cfg.bench_samples, "exact field", seed)
             + ex.step_rule_runs(pf.model, hyper, cfg, cfg.bench_samples, "network", seed))
rules, rule_samples = pipeline.quality_table(rule_runs, d, features, OOR)
rules["field"], rules["rule"] = rules.method.str[0], rules.method.str[1]
floor_bench = metrics.fd_floor(features, d.train, d.test, cfg.bench_samples)
x_conv, _ = ex.rk45_run(exact_field, hyper, cfg, cfg.bench_samples, seed)  # the exact flow, converged
coarse = sorted(cfg.ode_steps)[1]
same = {r: bm.same_digit(rule_samples[("exact field", r), "Euler", coarse], x_conv, d.train) for r in pfgm.STEP_RULES}
print(f"exact field, {coarse} Euler steps: FD " + ", ".join(
    f"Δ{r} {rules[(rules.field == 'exact field') & (rules.rule == r) & (rules.nfe == coarse)].fd.iloc[0]:.2f}"
    for r in pfgm.STEP_RULES)
    + f" (floor at n = {cfg.bench_samples}: {floor_bench}); same training digit as the converged flow: "
    + ", ".join(f"Δ{r} {v:.0%}" for r, v in same.items()))

# %% mystnb={"figure": {"caption": "PFGM's Euler sampler: Fr\u00e9chet distance against the number of steps with the original's \u0394z steps (solid) and the former \u0394 ln z steps (dashed), on the exact field of the training digits and on the trained network; grey: the real-vs-real floor \u00b1 its spread.", "name": "pfgm-step-rules"}}
plots.step_rules(rules, floor_bench);

# %%
display(rules.pivot_table(index=["field", "rule"], columns="nfe", values="fd").round(2))

# %% [markdown]
# With the exact field, the original's rule comes near converged (0.56) by ten steps —
# FD 0.65, though 30 % of the samples still end on a different training digit than the
# converged flow's — and reaches it by twenty (0.55), while the $\ln z$ rule is lost below
# twenty (31.8 at 5, 8.97 at 10); on the network the $\ln z$ rule needs about fifty (16.7 at 10,
# 1.50 at 50) against ten to twenty for the original's, and at every step count the
# network's curve sits above the exact field's by its own model error.
#
# ## A solver benchmark without a network
#
# The paper's two sampling claims — *the same quality as SDE diffusion with 10–20× fewer
# evaluations*, and *better than the VP-ODE with coarse Euler steps* — are about samplers.
# On trained models a sampler's error hides behind the model's (below: every converged
# sampler stalls several times above the floor), so we score both claims on exact
# quantities instead: PFGM on the exact field of the training digits, and every
# diffusion sampler on the exact denoiser $D(x;\sigma) = \sum_i \mathrm{softmax}_i
# (-\lVert x - y_i\rVert^2/2\sigma^2)\, y_i$ of the same digits. Both are what the networks
# are trained to approximate; converged, both return training digits, drawn with
# replacement. Each sampler runs from three prior seeds with 500 samples.

# %%
bench, bench_x = [], {}
for s_ in cfg.bench_seeds:
    t_, x_ = pipeline.quality_table(bm.solver_runs(d.train, hyper, cfg, cfg.bench_samples, s_), d, features, OOR)
    bench.append(t_.assign(seed=s_, fd_own=bm.fd_to_own(t_, x_, features)))  # FD to its own converged output
    bench_x[s_] = x_
bench = pd.concat(bench, ignore_index=True)
copies = metrics.fd_floor(features, d.train, d.test, cfg.bench_samples, replace=True)
converged_level = copies.mean + copies.sd  # rounds 3–4's shared target (context now)
indep = bm.independent_fd(features, d.train, cfg.bench_samples, seed=seed)
eps = indep[0] + indep[1]  # the speed rule's noise level: two independent converged outputs differ by this
print(f"floor at n = {cfg.bench_samples}: {floor_bench}; training digits drawn with replacement (the exact "
      f"samplers' converged output): FD {copies}; two independent such draws: FD {indep[0]:.3f} ± {indep[1]:.3f}, "
      f"ε = {eps:.3f}")

# %% mystnb={"figure": {"caption": "The solver benchmark: Fr\u00e9chet distance against NFE for every sampler on the exact field (PFGM) or the exact denoiser (diffusion); lines are medians over three prior seeds, bands span min to max; the star is PFGM with RK45; grey: the real-vs-real floor \u00b1 its spread.", "name": "pfgm-benchmark"}}
plots.benchmark(bench, floor_bench);

# %%
display(bench.pivot_table(index=["method", "sampler"], columns="nfe", values="fd", aggfunc="median").round(2))
print("out-of-range pixels (median over seeds, largest NFE): " + ", ".join(
    f"{m} {g[g.nfe == g.nfe.max()].out_of_range.median():.1%}" for m, g in bench.groupby("method")))

# %% [markdown]
# The speed rule, seed by seed. Each sampler is scored against *its own* converged output
# on the same prior seed — PFGM's RK45 solve, the VP-SDE at 1000 steps — by the Fréchet
# distance between the two sample sets, so model error and each seed's converged level
# drop out. Both races are now coupled the same way (this round, registered before the
# run): PFGM's coarse runs start from the prior draw of its RK45 solve, and the VP-SDE's
# runs at every step count start from the prior draw of its 1000-step run *and* follow its
# Brownian path — each coarse step adds the sum of the fine path's increments it spans — so
# both distances fall to 0 at convergence. (Before, each SDE run drew fresh noise, so its
# distance could not fall below that of two independent samples, 0.55, while PFGM's fell
# to 0.) A sampler's NFE is where that distance first falls below ε (the distance between
# two independent draws of 500 training digits plus its spread), read off its curve in
# log–log; PFGM's is the fewer of Euler and Heun. The SDE's grid starts at 5 steps, so it
# could tie or beat PFGM's fewest (5).

# %%
speed = pd.DataFrame([{"seed": s_, **bm.speedup_own(bench[bench.seed == s_], eps)} for s_ in cfg.bench_seeds])
display(speed.round(3))
display(bench[bench.method.isin(["PFGM", "VP-SDE"])].pivot_table(
    index=["method", "sampler", "seed"], columns="nfe", values="fd_own").round(3))  # per-seed, to own converged
old_rule = [bm.speedup(bench[bench.seed == s_], target=converged_level)["speedup"] for s_ in cfg.bench_seeds]
print(f"rounds 3–4's reading (shared target {converged_level:.3f}), per seed: "
      + ", ".join(f"{v:.1f}×" for v in old_rule) + " (context, not scored)")
card.check_seeds("speed-vs-sde", speed.speedup.round(2),
                 reason=f"NFE to come within ε = {eps:.3f} of its own converged output (VP-SDE on one Brownian path "
                        "per seed), per seed: " + "; ".join(
                     f"SDE {r.nfe_sde:.0f} vs PFGM {r.nfe_pfgm:.0f} ({r.pfgm_sampler})" for r in speed.itertuples()));

# %%
coarse_steps = sorted(cfg.ode_steps)[1:3]
own = bm.euler_own(bench, coarse_steps)  # context now: euler-vs-vp-ode is scored on the trained models below
display(own.round(3))  # exact benchmark, Euler output at k steps: FD to the sampler's own converged output
s0 = cfg.bench_seeds[0]
x0, k_ode = bench_x[s0], max(cfg.bench_ode_steps)
conv0 = {m: x0[bm.converged_key(bench[bench.seed == s0], m)] for m in ("PFGM", "VP-ODE")}
snap = {m: bm.same_digit(x0[m, "Euler", coarse_steps[0]], conv0[m], d.train) for m in conv0}
print(f"exact benchmark, seed {s0}: {coarse_steps[0]}-step Euler samples on the same nearest training digit as the "
      f"converged run (PFGM: RK45; VP-ODE: {k_ode} steps): " + ", ".join(f"{k} {v:.0%}" for k, v in snap.items()))

# %% [markdown]
# **What this shows.** With both races coupled, every distance to its own converged
# output falls towards 0 (the table: the VP-SDE is 0.10–0.11 from its 1000-step run at 50
# steps, 0.01 at 200). Against ε = 0.646 (two independent draws of 500 training digits
# differ by FD 0.547 ± 0.099), PFGM's Euler comes within noise after about 6 evaluations on
# every seed (between its 5- and 10-step runs, 0.86–1.10 and 0.24–0.28), and the VP-SDE
# after about 20 steps (between 10 and 20: 2.5–2.9 and 0.59–0.65). Per seed 3.3, 3.1 and
# 3.2×: the median, **3.2×, is partly** — faster, but not the paper's 10–20×. Round 5's
# 7.3× came from the uneven race: each fresh-noise SDE run had to come within ε of an
# independent 1000-step draw, which it crossed only at 43–133 steps. ε is still
# coarse at 500 samples: PFGM's 6-NFE output counts as within noise although its FD to
# held-out digits is 1.25 at 5 steps and 0.67 at 10 (median; converged 0.51), and the
# SDE's 20-step output likewise (0.85; converged 0.48); the crossings are interpolated
# between grid points. The previous rounds' shared-target reading on this run is printed
# above (0, 10.8, 4.9×), context only. On the exact denoiser the SDE is converged by
# about 50–100 steps, far fewer than the 1000 the paper runs on CIFAR-10 networks; in the
# paper's own framing (RK45's NFE against the SDE's default 1000 steps: 98 NFE here) PFGM
# is about 10× faster, but that compares against an SDE run far past convergence here
# (reported, not scored).
# *Coarse Euler steps* on this benchmark (context now; the row is scored on the trained
# models below): at 10 steps PFGM's Euler output is 0.24–0.28 from its RK45 output, the
# VP-ODE's 0.03–0.05 from its 50-step output; at 20 steps 0.07–0.12 against 0.01. The
# comparison cannot go PFGM's way here: with the exact denoiser the VP-ODE's last step
# returns the denoiser's output, which at small noise snaps onto a training digit, so 92 %
# of its 10-step samples end on the same training digit as its 50-step ones (PFGM's Euler:
# 70 % on RK45's), printed above.
#
# ## The trained models against NFE
#
# The same samplers on the trained networks: PFGM with the original's Euler and Heun
# steps and RK45 (tolerance $10^{-4}$), the denoiser with EDM's Euler and Heun samplers on
# EDM's noise schedule, the VP probability-flow ODE (Euler, uniform in $t$) and the reverse
# VP-SDE (Euler–Maruyama), the samplers of {cite}`song2021sde`.

# %% mystnb={"figure": {"caption": "Fr\u00e9chet distance to held-out digits against the number of network evaluations for every method and sampler on the trained networks (log-log); the star is PFGM with RK45; grey: the real-vs-real floor \u00b1 its spread.", "name": "pfgm-nfe"}}
plots.quality_vs_nfe(quality, floor);

# %% [markdown]
# The first table below is each trained sampler's FD to the held-out digits. The second is
# each sampler's distance from its own model's converged output (FD between its samples
# and the reference sampler's: PFGM's RK45, EDM's Heun at the most steps, the VP-SDE at the
# most steps) separates discretisation from model error: a sampler close to its
# converged output is limited by the model, not the steps.

# %%
refs = {"PFGM": samples["PFGM", "RK45", pfgm_rk45.nfe],
        "EDM": samples["EDM", "Heun", 2 * max(cfg.ode_steps) - 1],
        "VP-SDE": samples["VP-SDE", "Euler–Maruyama", max(cfg.sde_steps)]}
refs["VP-ODE"] = refs["EDM"]
ok = lambda x: bool(torch.isfinite(x).all())  # noqa: E731  a diverged (smoke) solve scores NaN
display(quality.pivot_table(index=["method", "sampler"], columns="nfe", values="fd").round(2))  # FD to held-out
quality["fd_to_converged"] = [features.frechet(x, refs[r.method]) if ok(x) and ok(refs[r.method]) else math.nan
                              for r in quality.itertuples() for x in [samples[r.method, r.sampler, r.nfe]]]
last = quality.sort_values("nfe").groupby(["method", "sampler"]).tail(1).set_index(["method", "sampler"])
display(quality.pivot_table(index=["method", "sampler"], columns="nfe", values="fd_to_converged").round(2))
display(last[["nfe", "fd", "out_of_range"]].round(3))
converged_fd = quality.groupby("method").fd.min()
print(f"best FD per method: " + ", ".join(f"{m} {v:.2f}" for m, v in converged_fd.items())
      + f"; floor {floor.mean:.2f}: {converged_fd.min() / floor.mean:.1f}× to {converged_fd.max() / floor.mean:.1f}×")

# %%
euler_tr = ex.euler_seeds(pf.model, hyper, df.model, features, cfg, rk45_seeds, coarse_steps)
wins = {int(n): bool((euler_tr.loc[n, "PFGM"] < euler_tr.loc[n, "VP-ODE"]).all()) for n in coarse_steps}
display(euler_tr.round(3))  # trained models: PFGM Euler to its RK45 output, VP-ODE Euler to its own at the most steps
card.check("euler-vs-vp-ode", wins, reason="trained models, FD to own converged output per sampling seed: " + "; ".join(
    f"{n} steps PFGM {euler_tr.loc[n, 'PFGM'].min():.3f}–{euler_tr.loc[n, 'PFGM'].max():.3f} vs VP-ODE "
    f"{euler_tr.loc[n, 'VP-ODE'].min():.3f}–{euler_tr.loc[n, 'VP-ODE'].max():.3f}" for n in coarse_steps));

# %% [markdown]
# Every sampler stalls well above the floor: the best points are EDM 0.92 (Heun at 19 NFE,
# not converged: it is 0.11 from EDM's converged output, whose FD is 1.23), PFGM 1.25,
# VP-ODE 1.25, VP-SDE 1.36 against 0.26, 3.5–5.2× — and the ODE samplers are within
# about 0.01 of their
# own converged output from 20–50 evaluations: on the trained models the limit is the
# network, not the steps, which is why the speed claim is scored on the benchmark
# above. The coarse-Euler claim is scored here instead (table above, three sampling
# seeds; registered this round with last round's seed-0 numbers known): at 10 Euler steps
# PFGM's output is 0.059–0.067 from its RK45 output, the VP-ODE's 0.025–0.030 from its own
# 100-step output; at 20 steps 0.015–0.016 against 0.004. The VP-ODE is closer on every
# seed at both step counts: **not reproduced**, as expected. Which Euler rule the paper
# used is unresolved (the original also has a forward Euler in $\Delta\ln z$, far worse:
# FD 8.97 at 10 steps on the exact field), and ours is the kinder one to PFGM. The paper
# sees the VP-ODE fail at few steps on CIFAR-10; on digits, with these rules, it does not. PFGM's samples also put about a fifth of their pixels (21 %) more than half a grey
# level outside $[-1, 1]$, the diffusion samplers 12–14 %, which the clipped features cannot
# see (on the exact benchmark: none); the grey speckle in the grids is part of it.
#
# ## γ, the field's softening
#
# The regression target $-\sqrt{N}\hat E/(\lVert\hat E\rVert + \gamma)$ caps the field's
# size near the data. The original's $\gamma = 5$ goes with CIFAR-10's data norm (about 30);
# scaled to the digits' norm 6.77 it is 1.13. We retrain PFGM at $\gamma = 1.13$ with
# everything else the same, and compare its RK45 samples with the converged diffusion
# sampler (EDM Heun at 199 NFE, sampling seed 0, as the quality row).

# %%
pf_g, _ = ex.train_pfgm(d, cfg, seed, gamma=cfg.gamma_scaled)
x_g, nfe_g = ex.rk45_run(pf_g.model, hyper, cfg, cfg.n_samples, seed, gamma=cfg.gamma_scaled)
fd_g = features.frechet(x_g, d.test) if torch.isfinite(x_g).all() else math.nan
diff_best = quality[quality.method != "PFGM"].fd.min()  # the grid's lowest diffusion FD (the old denominator)
print(f"γ = {cfg.gamma_scaled}: RK45 {nfe_g} NFE, FD {fd_g:.3f} (γ = {cfg.gamma}: {pfgm_rk45.fd:.3f}); converged "
      f"EDM Heun {edm_conv:.3f} (ratio {fd_g / edm_conv:.2f}); the grid's best diffusion FD {diff_best:.3f} (ratio "
      f"{fd_g / diff_best:.2f}, the old denominator); floor {floor}")
card.check("quality-gamma", round(float(fd_g / edm_conv), 2), reason=f"FD {fd_g:.2f} vs converged EDM Heun {edm_conv:.2f}");

# %% [markdown]
# The digit-scaled $\gamma$ trains worse here (FD 4.93 against 1.28 at $\gamma = 5$, one
# training seed each): 4.93 / 1.23 = 3.99 against the converged EDM Heun (5.34 against the
# grid's best point, the denominator before this round), above 2, so the quality row's
# pass depends on keeping CIFAR-10's value: our sensitivity row fails. One guess at why (not tested, one seed): a smaller $\gamma$ leaves
# the target's size proportional to the field's near the data, where the field turns sharply
# from one digit to the next, and a larger one caps it. Notes made before this notebook
# (not rerun here, and not in any output below, so not evidence) had $\gamma = 1.13$ train
# well on a wider network (width 512) with more steps (8000); whether this is a matter of
# capacity and budget rather than of $\gamma$ is open.

# %% [markdown]
# ## A weaker network
#
# The abstract says PFGM "appears more tolerant of estimation errors on a weaker network
# architecture" (on CIFAR-10, DDPM++ against the deeper NCSN++). We retrain both models
# with the same recipe on a small network (width 64, depth 2 instead of
# 256 and 4) and compare how much each one's FD grows: PFGM's better of RK45 and Euler
# (100 steps) against diffusion's better of EDM Heun and the VP-SDE at their largest step
# counts, on each network. If a small model's loss were still falling at the end (the mean
# over the last quarter of steps more than 5 % below the quarter before), the row would
# measure the training budget, not the architecture, and would not be testable here.

# %%
pf_s, _ = ex.train_pfgm(d, cfg, seed, width=cfg.small_width, depth=cfg.small_depth)
df_s = ex.train_diffusion(d, cfg, seed, width=cfg.small_width, depth=cfg.small_depth)
euler_max = lambda net: pfgm.sample(net, cfg.n_samples, hyper, solver="euler", steps=max(cfg.ode_steps),  # noqa: E731
                                    gamma=cfg.gamma, z_min=cfg.z_min, z_exp=cfg.z_exp,
                                    generator=torch.Generator().manual_seed(seed))
small, _ = pipeline.quality_table([("PFGM", "RK45", lambda: ex.rk45_run(pf_s.model, hyper, cfg, cfg.n_samples, seed)),
                                   ("PFGM", "Euler", lambda: euler_max(pf_s.model))]
                                  + ex.diffusion_reference_runs(df_s.model, cfg, cfg.n_samples, seed), d, features, OOR)
pf_ref = lambda t: float(t[(t.method == "PFGM") & ((t.sampler == "RK45")  # noqa: E731
                                                   | ((t.sampler == "Euler") & (t.nfe == max(cfg.ode_steps))))].fd.min())
diff_ref = lambda t: float(t[((t.method == "EDM") & (t.sampler == "Heun") & (t.nfe == 2 * max(cfg.ode_steps) - 1))  # noqa: E731
                             | ((t.method == "VP-SDE") & (t.nfe == max(cfg.sde_steps)))].fd.min())
weak = pd.DataFrame({"standard": [pf_ref(quality), diff_ref(quality)], "small": [pf_ref(small), diff_ref(small)]},
                    index=["PFGM (best of RK45, Euler)", "diffusion (best of EDM Heun, VP-SDE)"])
weak["growth"] = weak.small / weak.standard
display(small[["method", "sampler", "nfe", "fd", "out_of_range"]].round(3))
display(weak.round(3))
r_weak = weak.growth.iloc[0] / weak.growth.iloc[1]
falling = {k: ex.still_falling(t.history) for k, t in (("PFGM", pf_s), ("diffusion", df_s))}
print("small models' loss still falling at the end (last quarter > 5 % below the one before): " + str(falling))
if any(falling.values()):
    card.not_testable("weak-network", "a small model's loss is still falling at the end: "
                      + ", ".join(k for k, v in falling.items() if v) + f" (r would be {r_weak:.2f})")
else:
    card.check("weak-network", round(float(r_weak), 2),
               reason=f"FD growth PFGM {weak.growth.iloc[0]:.2f}×, diffusion {weak.growth.iloc[1]:.2f}×");

# %% mystnb={"figure": {"caption": "Training losses of the standard (256 wide, 4 layers) and small (64 wide, 2 layers) networks, PFGM left, diffusion right; the weak-network row is not testable if a small model's loss is still falling at the end.", "name": "pfgm-weak-losses"}}
fig, axes = plotting.panels(2)
for ax, (name, big, sm) in zip(axes, (("PFGM", pf, pf_s), ("diffusion (EDM)", df, df_s))):
    ax.plot(big.history.step, big.history.loss, label=f"standard ({cfg.width} × {cfg.depth})")
    ax.plot(sm.history.step, sm.history.loss, label=f"small ({cfg.small_width} × {cfg.small_depth})")
    ax.set(xlabel="step", ylabel="loss", yscale="log", title=name)
    ax.legend(fontsize="small")

# %% [markdown]
# On the small network PFGM's FD grows 26× (1.28 → 33.6) and diffusion's 2.8× (1.23 →
# 3.50): the ratio is 9.25 and the claim is **not reproduced** at this scale (9.6 with RK45
# alone in round 2). The diagnosis the referee asked for: neither small model's loss is still
# falling by the registered criterion (figure above; registered before the curves were
# drawn) — the small PFGM's loss levels off about three times above the standard one's,
# the small denoiser's only about a third above its own — and the solver is not the culprit — 100 fixed Euler
# steps give FD 33.6 against RK45's 34.8 after 8306 evaluations, with the same 67 %
# of pixels out of range. The small network's field is wrong near the data, so every
# sampler follows it to the same poor digits; RK45's many evaluations are a symptom (a
# rough field makes the adaptive steps small), not the cause. Our reading, not tested: the
# normalised field has to turn sharply near every training digit, while the denoiser's
# output varies smoothly, and a width-64, two-layer MLP can fit the second far better. The
# paper's "weaker" architecture (DDPM++ against NCSN++) is still a large U-Net, so this is
# a test at far lower capacity than the paper's, on one training seed per network (more
# did not fit the time budget).
#
# ## RK45 and the substitution below $z_{\exp}$
#
# The RK45 solver adapts its steps; close to the data the backward ODE is stiff, and the
# substitution below $z_{\exp}$ keeps it tractable. Without it, on a smaller batch of samples:

# %%
rk45 = dict(solver="rk45", gamma=cfg.gamma, z_min=cfg.z_min, rtol=cfg.rk45_tol, max_nfe=cfg.rk45_max_nfe)
no_sub = pfgm.sample(pf.model, cfg.rk45_samples, hyper, **rk45, generator=torch.Generator().manual_seed(seed))[1]
with_sub = pfgm.sample(pf.model, cfg.rk45_samples, hyper, **rk45, z_exp=cfg.z_exp,
                       generator=torch.Generator().manual_seed(seed))[1]
print(f"RK45 on {cfg.rk45_samples} samples: {no_sub} NFE without the substitution, {with_sub} with z_exp = {cfg.z_exp}")

card.not_testable("cifar10", "needs the U-Net backbones and a GPU; the paper profile loads CIFAR-10 but our MLP is "
                             "no substitute for NCSN++");

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/generative/pfgm/claims.py`, before
# measuring. Two rows are *method* checks of the field-line tracer: the end points'
# distance from uniform falls as $1/R$ (a log-log slope within ±0.4 of −1: the dipole term,
# our derivation) and is below 0.02 at the largest radius (the paper's theorem). The
# paper's claims: without $z$ the 2-D flow collapses (coverage ratio ≥ 2, the flow with $z$
# on the same smooth density as the control that must not); a batch at the original's
# fraction of the data (99 digits) removes at least half of a batch-of-one's field error
# (read on each of five draws of points and batches); PFGM (RK45) comes within the paper's
# own gap (≤ 1.1×) of the converged diffusion sampler's Fréchet distance (median of three
# sampling seeds; our own row asks for 2× of the converged EDM Heun at
# $\gamma = 1.13$), puts at least 5 % of samples in every class, and does not copy its
# training set (memorisation ratio ≥ 0.9, which the exact field's copies must fail; our
# own row also asks it not to land farther from the training set than held-out digits,
# ratio in 0.9–1.1, which the copies and noisy held-out digits must fail); on the solver
# benchmark it comes within noise of its own converged output with at least 10× fewer
# evaluations than the SDE needs to come within noise of its own, the SDE driven at every
# step count by one Brownian path (partly: faster, but by less); on the trained models its coarse Euler output
# stays closer to its own converged output than the VP-ODE's on every sampling seed; its
# FD grows less than diffusion's on a small network.
# CIFAR-10 needs a U-Net and a GPU.

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
# **Holds.** The physics: field lines of 2-D data end uniformly on a large hemisphere,
# approaching it as $1/R$. Without the extra dimension the backward flow of a smooth 2-D
# density collapses onto a few points (coverage ratio 34.5); with $z$, on the *same*
# smooth density (its exact 3-D field by quadrature), the end points spread like the
# density (1.16), as in the paper's Fig. 2 — a structural check close to a known answer
# rather than an experiment (the with-z arm's settings were fixed in the run commit, not
# registered; its quadrature is now tested at the 24 points used). On digits PFGM (RK45)
# matches the converged diffusion sampler trained the same way (FD ratio to EDM Heun at
# 199 NFE 1.04, 0.92, 0.90 over three sampling seeds, median 0.92, inside the paper's own
# gap of 1.07; one training seed of each model, and only at $\gamma = 5$; provisional: the
# grid's unconverged best point, the denominator before this round, gives 1.38), covers
# every class, and does not copy its training digits (1.47 against the copies' 0.00).
#
# **Partly.** *Speed against the SDE*: on the exact benchmark, each sampler against its
# own converged output and both coupled to it (PFGM through its prior draw, the VP-SDE
# through its prior draw and Brownian path), PFGM's Euler comes within noise in about 6
# evaluations on every seed, the VP-SDE in about 20 steps: 3.2× at the median (per seed
# 3.3, 3.1, 3.2), not the 10–20× of the paper. The noise level is wide at 500 samples, so
# the numbers are coarse. The SDE on the exact denoiser converges in far fewer than the
# 1000 steps the paper gives it.
#
# **Does not hold here.** *Batch field*: a batch at the original's 8 % of the data removes
# 43–49 % of a batch-of-one's error on each of five draws of points and batches (error
# ratios 0.51–0.57), short of the registered half on every one, though its mean cosine to
# the full field is at least 0.98 at every radius. *Coarse Euler steps*, on the trained
# models: the VP-ODE's 10- and 20-step outputs stay closer to its own converged output
# than PFGM's on every sampling seed (0.025–0.030 against 0.059–0.067 at 10 steps); on the
# exact benchmark, where the VP-ODE's last step snaps onto a training digit, the gap is
# wider (0.03–0.05 against 0.24–0.28). *Our two-sided memorisation row*: PFGM's samples
# sit farther from the training digits than held-out digits do (1.47, outside 0.9–1.1;
# clipped to the data range 1.35; 20.5 % of its pixels more than half a grey level out of
# range), about as far as held-out digits with pixel noise of sd 0.25 (1.34); the
# diffusion model's samples fail too (1.38). *A weaker network*:
# PFGM degrades 26×, diffusion 2.8×; both small
# models finished training and a fixed-step Euler sampler does as badly as RK45, so it is
# the small network's field, not the training budget or the solver (one seed per network).
# This tests far less than the paper: at width 64 and depth 2 PFGM collapses (FD 33.6),
# where the paper's weaker network is still a DDPM++ U-Net compared with diffusion on the
# same backbone.
# *γ*: at the digit-scaled $\gamma = 1.13$ PFGM's FD is 4.93 (one seed), 3.99× the
# converged EDM Heun's, so the quality row holds only at CIFAR-10's $\gamma = 5$.
#
# **Verdicts in round 6 (referee; registries 1161d15, 0a997e9, b5aa164, 189ceff, a790b4d,
# each committed before this run), old → new.** *speed-vs-sde*: partly, 7.3× [7.1, 20.2]
# with fresh SDE noise at each step count → **partly**, 3.2× [3.1, 3.3], the VP-SDE driven
# by one Brownian path shared with its 1000-step reference (coupled values not computed
# before the registry; SDE grid from 5 steps so that ≤ 1× was reachable). *no-copies*: not
# reproduced, 1.47 outside a two-sided band → **reproduced**, 1.47 ≥ 0.9 (control, the
# copies, 0.00), the paper claiming novelty only; the band moves to our new row
# *no-copies-band*: **fails**, 1.47 (controls 0.00 and 1.34 outside it; clipped 1.35);
# the split was made with both outcomes known. *euler-vs-vp-ode*: not reproduced on the
# exact benchmark → **not reproduced** on the trained models over three sampling seeds
# (expected from last round's seed-0 table). *quality-gamma*: fails, 5.34 against the
# grid's best point → **fails**, 3.99 against the converged EDM Heun (known when
# registered). *quality*: unchanged, 0.92 [0.90, 1.04], its caveat now saying it would be
# 1.38 against the old denominator and is provisional on one training seed. Every other
# verdict and value is unchanged.
#
# **Verdicts in round 5 (registries 40e9024, cad18d4, a27d821, each committed before this
# run), old → new.** *speed-vs-sde*: partly, 5.2× [0, 7.6] against one shared converged
# level → **partly**, 7.3× [7.1, 20.2], each sampler against its own converged output
# (registered before any such distance was computed). *euler-vs-vp-ode*: not reproduced
# on degradation (differences of FDs to held-out digits) → **not reproduced** on each
# output's distance from its own converged output (0.24–0.28 against 0.03–0.05 at 10
# steps; expected from the trained models' same distances). *quality*: reproduced, 1.38
# against the grid's unconverged best (band 2×) → **reproduced**, 0.92 [0.90, 1.04]
# against the converged EDM Heun over three sampling seeds (band ≤ 1.1 from the paper's
# 1.07; seed 0's 1.04 was known when it was registered). *no-copies*: reproduced, 1.48 on
# a one-sided rule → **not reproduced**, 1.47 outside the two-sided band 0.9–1.1 (known
# when registered). Values moved by training's run-to-run float noise: *quality-gamma*
# 5.30 → 5.34, *weak-network* 9.29 → 9.25; every other verdict and value is unchanged.
#
# **Verdicts in round 4 (registry c056126 before the run), old → new.** *batch-field*: not
# reproduced (one draw, 0.980 against 0.962, error 0.020 against 0.019) → **not
# reproduced** on each of five draws (error ratios 0.51–0.57 against 0.5). Every other
# verdict is unchanged, and every value but two that moved by training's run-to-run float
# noise (*quality-gamma* 5.31 → 5.30, *weak-network* 9.28 → 9.29); the registry gained the
# referee's caveats (speed target
# and uneven race, the VP-ODE a near-null comparator on the exact benchmark, the quality
# band's width, the one-sided memorisation test, collapse-2d a structural check, the small
# network a collapse rather than the paper's weaker U-Net).
#
# **Verdicts in round 3 (rules registered in 686024e before the run), old → new.**
# *speed-vs-sde*: not reproduced (0 [0, 5.1], target 1.1× the SDE's best) → **partly**
# (5.2 [0, 7.6], target the converged level 0.545). *euler-vs-vp-ode*: not reproduced
# (levels) → **not reproduced** (degradation). *batch-field*: reproduced (batch 256, 0.987
# against 0.964) → **not reproduced** (batch 99, 0.980 against 0.962). *collapse-2d*:
# reproduced (34.5, control 1.24 on point charges) → **reproduced** (34.5, control 1.16 on
# the same smooth density). *weak-network*: not reproduced (r = 9.6, RK45 only) → **not
# reproduced** (r = 9.3, better of RK45 and Euler; loss-curve criterion passed). Every
# other verdict and value is unchanged: *uniform-rate*, *uniform-limit* hold; *quality*
# (1.38), *all-classes* (0.067), *no-copies* (1.48) reproduced; *quality-gamma* fails
# (5.31); *cifar10* not testable. The FD floor's spread is now reported for independent
# draws as well (1000 samples: 0.260 ± 0.006 over overlapping subsets, 0.371 ± 0.052 drawn
# with replacement; the benchmark's converged copies 0.502 ± 0.043 at 500).
#
# **What changed in earlier rounds.** PFGM's Euler and Heun step as the original's Euler
# sampler does (Δz on the $\ln z$ grid, exact on straight lines; Heun with these steps is
# our construction) with the $z_{\exp}$ substitution for every solver; the former
# $\Delta\ln z$ steps gave FD 8.97 at 10 Euler steps on the exact field against 0.65 now.
# The speed rows moved from the trained models (where model error hides the sampler) to the
# exact benchmark; the batch and memorisation rows gained controls that fail their rules;
# the floor is reported at the sample size compared, with its spread.
#
# **Open, for a next round.** Training seeds for *quality*, *quality-gamma* and
# *weak-network* (one each: two more trainings of both models cost ~140 s on this machine,
# batched or not, beyond the time budget; *quality*'s pass is provisional until then);
# the benchmark at more samples per seed (ε at
# 500 samples is 0.65, wide enough to call PFGM's 6-evaluation output converged); the
# paper's Euler rule settled; an intermediate network width for *weak-network* (two more
# trainings, which did not fit either); a tighter uniform-limit bound. (The standard run
# took 280 s this round beside another notebook on the second core; 269 s in round 5.)
