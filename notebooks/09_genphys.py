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
# # GenPhys: which physical processes make generative models?
#
# Diffusion models run the heat equation backwards; PFGM (notebook 07) runs electrostatics
# backwards. Liu, Luo, Xu, Jaakkola and Tegmark {cite}`liu2023genphys` ask which other
# physical processes would do. Their answer has two conditions. The process must move
# probability mass around — a density flow $\partial_t\rho + \nabla\cdot(\rho v) = 0$ with a
# velocity computable from $\rho$, possibly with extra dimensions or a source term — and it
# must be **smoothing**: for plane waves $e^{i(k\cdot x - \omega t)}$, $\operatorname{Im}\omega(k)$
# must fall as $|k|$ grows, so that fine detail dies faster than the bulk and every data
# set ends up looking the same (the prior). The paper tabulates verdicts for a list of
# equations and introduces a new family, the **Yukawa** (screened Poisson) model.
#
# The paper has no public code. This notebook builds the test as a symbolic analyser
# (`physai.generative.genphys.dispersion`), reproduces the verdict table, shows what smoothing and
# its absence look like, checks the Yukawa kernel, and trains Yukawa models — on a 2-D
# toy and on digits — as our own experiment beyond the paper. It runs in under three
# minutes on two CPU cores.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import display
from scipy import stats

from physai import plotting, profiles, runtime
from physai.generative import data, metrics
from physai.generative.genphys import dispersion, experiments as ge, plots, yukawa
from physai.generative.genphys.claims import CLAIMS

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("09_genphys", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # declared in physai/generative/genphys/claims.py, checked section by section

# %% [markdown]
# ## The dispersion test
#
# Substitute $\varphi = e^{i(kx - \omega t)}$ into a linear PDE with constant coefficients
# ($\partial_t \to -i\omega$, $\partial_x \to ik$) and solve the resulting polynomial for
# $\omega(k)$. Second-order equations in time have two branches; for the elliptic ones
# (Poisson, Yukawa, with the extra coordinate $z$ playing time) the growing branch is ruled
# out by the boundary condition at infinity. The analyser keeps the bounded branches,
# follows the slowest-decaying one, and asks on a $k$ grid whether its
# $\operatorname{Im}\omega$ decreases: everywhere (yes), on part of the axis
# (conditionally, with the region), or nowhere (no). $\operatorname{Im}\omega(0)$ is the rate
# at which total mass changes: zero for a density flow, negative when the process needs a
# sink.

# %%
verdicts = ge.verdict_frame()
display(verdicts)
card.check("verdicts", list(verdicts.verdict), reason=", ".join(verdicts.process));

# %% [markdown]
# Every verdict matches the list the check was registered with. That list is an earlier
# reading of the authors' table of examples, not the table itself (eight processes against
# the table's seven rows; the scorecard shows the table's column and a caveat), and since
# the verdicts follow from $\omega(k)$ in closed form this is a *method* check of the
# analyser, not an experiment. The wave, Klein–Gordon and Schrödinger equations
# conserve every mode's amplitude (real $\omega$): nothing is forgotten, so nothing can
# serve as a prior. Adding an imaginary part to Schrödinger's diffusion coefficient makes
# it a (complex) heat equation and rescues it. The Yukawa row needs a source term
# ($\operatorname{Im}\omega(0) = -m$): its field lines are absorbed as they go.
#
# The damped wave $\varphi_{tt} + \varepsilon\varphi_t = \varphi_{xx}$ is the subtle one:
# its slow branch $\omega = (-i\varepsilon + \sqrt{4k^2 - \varepsilon^2})/2$ decays faster
# with $k$ only while $k < \varepsilon/2$; beyond, every mode decays at the same rate
# $\varepsilon/2$ and the equation transports detail like a wave. Hence the paper's
# "conditionally yes": for small $k$, or large damping.

# %% mystnb={"figure": {"caption": "Im \u03c9(k) of the damped wave's slow branch for several damping rates \u03b5. The shaded part of each curve, k < \u03b5/2, is where it decreases (smoothing); beyond, it is flat at \u2212\u03b5/2.", "name": "genphys-damped"}}
damped = next(p for p in dispersion.PROCESSES if p[0] == "damped wave")
ks = np.linspace(0, 4, 400)
fig, ax = plt.subplots(figsize=(4.6, 3.0))
regions = {}
for e, color in zip(cfg.damping_values, plotting.colors(len(cfg.damping_values))):
    a = dispersion.analyse(damped[0], damped[1], {dispersion.eps: e}, k_max=4.0)
    regions[e] = a.region
    im = dispersion._im(a.branch, ks, a.values)
    ax.plot(ks, im, color=color, label=f"ε = {e:g}")
    if a.region:
        inside = (ks >= a.region[0]) & (ks <= a.region[1])
        ax.fill_between(ks[inside], im[inside], 0, color=color, alpha=0.15)
ax.set(xlabel="wavenumber k", ylabel="Im ω(k)")
ax.legend(fontsize="small");

# %%
card.check("damped-region", {f"ε={e:g}": None if r is None else list(r) for e, r in regions.items()});

# %% [markdown]
# ## What smoothing looks like
#
# Each process evolves the same 1-D profile — a broad bump carrying six narrow spikes —
# along its bounded branch (`dispersion.evolve_profile`: every Fourier mode times
# $e^{-i\omega(k)t}$). The smoothing processes wash the spikes out and leave a featureless
# bump, the same whatever the spikes were: a prior. The others keep the detail, moved or
# rephased; the damped wave damps everything at the same rate beyond $k = \varepsilon/2$.

# %% mystnb={"figure": {"caption": "A profile (left column) evolved by each process to the times (or heights z) above the columns. Rows are the eight processes of the verdict table, with their verdicts.", "name": "genphys-strips"}}
grid = np.linspace(-10, 10, 1024, endpoint=False)
dx = grid[1] - grid[0]
profile_1d = 0.5 * np.exp(-grid**2 / 8) + sum(np.exp(-(grid - c) ** 2 / (2 * 0.08**2)) for c in (-4, -3.5, -1, 0.3, 2.5, 4))
analyses = dispersion.verdict_table()
plots.process_strips(analyses, grid, [dispersion.evolve_profile(profile_1d, dx, a, cfg.picture_times) for a in analyses],
                     cfg.picture_times);

# %% [markdown]
# The fine-scale amplitude ($|k| > 5$) left at the last time, relative to the bulk:

# %%
detail = {a.name: dispersion.detail_left(profile_1d, dx, a, max(cfg.picture_times), 5.0) for a in analyses}
display(verdicts.assign(**{"detail left": [f"{detail[n]:.1e}" for n in verdicts.process]})[
    ["process", "verdict", "detail left"]])
smooth = [detail[a.name] for a in analyses if a.verdict == "yes"]
rough = [detail[a.name] for a in analyses if a.verdict == "no"]
card.check("pictures", {"yes: max": float(max(smooth)), "no: min": float(min(rough))});

# %% [markdown]
# ## The Yukawa kernel
#
# Put the data on the $z = 0$ plane of $\mathbb{R}^{N+1}$ as charges of the screened
# Poisson equation $(\nabla^2 - m^2)G = -\delta$. The flux a charge sends through the plane
# at height $z$ is, per unit area,
# $-\partial_z G = z\,(m/2\pi q)^{(N+1)/2} K_{(N+1)/2}(mq)$ with
# $q = \sqrt{\lVert x\rVert^2 + z^2}$; it integrates to $e^{-mz}/2$ and, normalised, is the
# normal-inverse-Gaussian (NIG) density with $\alpha = m$, $\delta = z$ — a Gaussian whose
# variance is itself inverse-Gaussian, $x = \sqrt W\,\varepsilon$, $W \sim \mathrm{IG}(z/m, z^2)$.
# At $m = 0$ it is PFGM's Poisson kernel. Three checks: the closed form against a direct
# integral of the Green's function, the sampler against scipy's NIG, and the $m \to 0$
# limit.

# %%
rng = np.random.default_rng(seed)
green_err = max(
    float(np.max(np.abs(yukawa.yukawa_flux(pts, 0.8, m, N) / yukawa.yukawa_flux_from_green(pts, 0.8, m, N) - 1)))
    for N in (1, 2) for m in (0.0, 0.5, 2.0) for pts in [rng.normal(size=(5, N))])
z_chk, m_chk = 1.2, 0.8
draws = yukawa.perturb(torch.zeros(3000, 1), z_chk, m_chk, torch.Generator().manual_seed(seed)).double().numpy()[:, 0]
nig_p = stats.kstest(draws, stats.norminvgauss(a=m_chk * z_chk, b=0, scale=z_chk).cdf).pvalue
probe = torch.randn(50, 8, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
m0_gap = float((yukawa.log_kernel(probe, 0.7, 1e-7) - yukawa.log_kernel(probe, 0.7, 0.0)).abs().max())
print(f"closed form vs Green's-function integral: largest relative error {green_err:.1e}")
print(f"NIG sampler vs scipy.stats.norminvgauss: KS p = {nig_p:.2f}")
print(f"m = 1e-7 vs the Poisson kernel: largest log-density difference {m0_gap:.1e}")

# %%
card.check("yukawa-green", float(f"{green_err:.2e}"))
card.check("yukawa-sampler", round(float(nig_p), 3))
card.check("yukawa-m0", float(f"{m0_gap:.2e}"));

# %% [markdown]
# ## A Yukawa generative model
#
# Field lines obey $dx/dz = E_x/E_z$, and since $G$ depends on $q$ alone,
# $E \propto \sum_i w_i\,(x - y_i,\, z)$ with $w_i$ the NIG density of $x - y_i$. So
#
# $$
# \frac{dx}{dz} = \frac{x - \mathbb{E}[y \mid x; z]}{z},
# $$
#
# PFGM++'s ODE with the NIG posterior mean: a denoiser trained on NIG-perturbed data
# gives the sampler. Two choices are ours, not the paper's. The NIG kernel is heavy-tailed
# (Cauchy-like at $m = 0$), so EDM's preconditioning uses the noise the input evidently
# carries: with noise independent of the data, $\mathbb{E}\lVert x\rVert^2/N = \overline{y^2} + \sigma^2$,
# so $\sigma_x^2 = \max(\sigma_{\rm eff}(z)^2, \lVert x\rVert^2/N - \overline{y^2})$ with
# $\sigma_{\rm eff} = z/\sqrt{1 + mz}$. (We tried two other estimates, from the data's
# largest mean square and from its largest norm; on digits at $m = 0$ they gave Fréchet
# distances of about 4.2 and 5.9 against this one's 2.4, so we kept this one.) And the
# sampler follows field lines only,
# dropping the sink, which the last section puts to the test.
#
# First a 2-D toy (two moons, $m = 1$): forward, the data smeared by the kernel at growing
# $z$; backward, the trained model's samples on their way from the plane $z_{\max}$ to
# the data.

# %%
toy = ge.moons(cfg.toy_points, seed, device=device)
toy_cfg = profiles.load("09_genphys", profile, steps=cfg.toy_steps, batch_size=256)
toy_model = ge.train_yukawa(toy, cfg.toy_m, cfg.toy_width, toy_cfg, seed)
zs, snaps = ge.trajectory(toy_model.model, 1000, cfg.toy_z_max, cfg.toy_m, cfg.sample_steps, seed)
toy_sw = metrics.sliced_wasserstein(snaps[-1], toy)
print(f"toy model trained in {toy_model.seconds:.0f} s; samples vs data: sliced W1 {toy_sw:.3f}")

# %% mystnb={"figure": {"caption": "Two moons under the Yukawa process (m = 1). Top: forward, the data perturbed by the NIG kernel at growing heights z. Bottom: backward, the trained model's samples following field lines from z_max down to the data plane.", "name": "genphys-yukawa-toy"}}
show = np.unique(np.linspace(0, len(zs) - 1, 5).round().astype(int))[::-1]
forward = [(zs[i], yukawa.perturb(toy[:1000], zs[i], cfg.toy_m, torch.Generator().manual_seed(seed))
            if zs[i] > 0 else toy[:1000]) for i in show]
plots.flow_strips(forward, [(zs[i], snaps[i]) for i in show[::-1]]);

# %% [markdown]
# On digits, a model per mass (the same 4-layer MLP as notebook 08, trained the same way),
# sampled with Heun steps from $z_{\max} = 17.9$ (notebook 07's), scored like notebooks
# 07–08.

# %%
d = data.digits(device=device)
features = metrics.ClassifierFeatures(d.train, d.train_labels, seed=seed, max_iter=cfg.classifier_iters)
floor = features.frechet(d.train[: len(d.test)], d.test)
yukawa_models = {m: ge.train_yukawa(d.train, m, cfg.width, cfg, seed) for m in cfg.digit_masses}
digits_table, digit_samples = ge.digits_quality(yukawa_models, d, features, cfg, seed)
print(f"floor (real vs real): FD {floor:.3f}")
display(digits_table.round(3))

# %% mystnb={"figure": {"caption": "Yukawa samples on digits for each mass m (Heun, from z_max = 17.9); m = 0 is PFGM's Poisson kernel with the same denoiser set-up.", "name": "genphys-yukawa-digits"}}
plots.sample_grids({f"m = {m:g}": x for m, x in digit_samples.items()}, d.shape);

# %% [markdown]
# ## Where dropping the sink is harmless
#
# The samples above are worse at $m = 1$ than at $m = 0$, and the toy's do not reach the
# moons. Is the network to blame, or the sampler? With $m > 0$ the field lines are
# absorbed on the way, by an amount that depends on the path, so following lines alone
# need not deliver every part of the data in proportion — and starting them from the
# kernel around the origin at a finite $z_{\max}$ ignores how much of the data's own
# spread survives there. We isolate the sampler from the network: the same flow with the
# *exact* posterior mean of the data. On the 2-D toy, against $m\,z_{\max}$:

# %%
sweep = ge.posterior_toy_sweep(toy, cfg.toy_sweep_masses, cfg.toy_z_max, cfg.toy_sweep_data, cfg.toy_sweep_data,
                               cfg.sample_steps, seed)
display(sweep.round(3))
exact_toy = sweep.set_index("m")["sliced W1"]
card.check("yukawa-toy", round(toy_sw, 3),
           reason=(f"the exact-posterior flow at m = {cfg.toy_m:g}: {exact_toy.get(cfg.toy_m, np.nan):.2f}, at m = 0: "
                   f"{exact_toy.get(0.0, np.nan):.2f} — the sink term we drop matters in 2-D"));

# %% [markdown]
# Already at $m\,z_{\max} \approx 1$ the exact flow misses the moons by several times
# its $m = 0$ error, so the trained toy model at $m = 1$ could not have done better: in
# two dimensions a faithful Yukawa model needs the sink (a birth/death step that
# resamples the particles), which the paper's density-flow form allows and we did not
# build. In 64 dimensions the damage is milder. The digits, flowed with the exact
# posterior of a set of training digits, keep their class proportions up to much larger
# $m\,z_{\max}$ (total-variation distance between the samples' and the data's class
# shares):

# %%
sub = slice(0, cfg.posterior_data)
balance = ge.posterior_balance(d.train[sub], d.train_labels[sub], cfg.posterior_masses, cfg.z_max,
                               cfg.posterior_samples, cfg.sample_steps, features, seed)
display(balance.round(3))

# %%
row = digits_table.set_index("m").loc[1.0] if 1.0 in cfg.digit_masses else None
if row is not None:
    card.check("yukawa-digits",
               {"fd": round(float(row.fd), 2), "smallest class": round(float(row["smallest class"]), 3)},
               reason=f"floor {floor:.2f}; m = 0: FD {digits_table.set_index('m').fd.iloc[0]:.2f}")
else:
    card.not_testable("yukawa-digits", f"profile {profile} trains no m = 1 model")
at_18 = balance[balance.m == 1.0]
if len(at_18):
    card.check("sink-dropped", round(float(at_18.tv.iloc[0]), 3),
               reason="TV at m·z_max = " + ", ".join(f"{r['m·z_max']:.0f}: {r.tv:.2f}"
                                                    for _, r in balance.iterrows()))
else:
    card.not_testable("sink-dropped", f"profile {profile} does not run m = 1")

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/generative/genphys/claims.py`, before
# measuring. The paper's claim is its table of verdicts: all eight as our list gives them
# (a reading of the table from an earlier issue; the reference shown is the verdict column
# of the authors' table as their talk shows it, seven rows). The rest are *method* checks,
# which hold if the analyser and the kernel code are right: the damped wave smoothing
# exactly on $k < \varepsilon/2$ (to 10⁻²) for every ε tried; the pictures (relative
# fine-scale detail below 10⁻² for every "yes" process and above 0.99 for every "no" —
# fixed by Im ω, so by the verdicts themselves); the Yukawa kernel's closed form =
# Green's-function integral to 10⁻⁶, its sampler at KS p ≥ 10⁻³ and its continuity at
# $m = 0$ (10⁻⁴). The Yukawa models are *our own* experiments, beyond the paper (holds /
# fails): the 2-D toy's samples within sliced W1 0.1 of the data; digits at $m = 1$ within
# FD 3 and every class ≥ 5 %; with the exact posterior at $m z_{\max} \approx 18$ the class
# shares within TV 0.1 of the data's.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();
