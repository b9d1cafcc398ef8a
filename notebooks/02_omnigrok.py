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
# # Omnigrok: grokking beyond algorithmic data
#
# Grokking — a network fits its training set long before it generalises — was first seen
# on algorithmic tasks. Liu, Michaud and Tegmark {cite}`liu2023omnigrok` explain it with one
# quantity, the **weight norm**, and then produce grokking on images, text and molecules at
# will. Their "LU mechanism":
#
# - at a fixed weight norm, the training loss is low for every norm above some value (an
#   **L**), while the test loss is low only in a band of norms, the *Goldilocks zone* (a
#   **U**);
# - a network started at a large norm fits the training set at once, outside the zone; weight
#   decay then shrinks the norm slowly into the zone, and the network generalises late —
#   grokking — after a time that scales as 1/γ with the weight decay γ;
# - so grokking can be *induced* (large initialisation) and *removed* (hold the norm in the
#   zone), and it weakens with more training data.
#
# This notebook checks each step on four families of networks, each trained as one
# stacked model (`physai.batched`): a teacher–student regression, an image classifier, a
# transformer on modular addition and, as a labelled stand-in for the paper's molecules, a
# tabular regression. It uses two CPU cores (one thread each: the two transformer families
# train in a second process from the start, while the others train here). How long the
# standard profile takes depends on what else the machine runs: 168 s alone in round 3
# (before round 4 added the quarter-octave spheres and the held transformers), 435 s in
# round 4 beside another notebook; this run's time and the load average are printed at the
# end.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import os
import time
from functools import partial

import numpy as np
from IPython.display import display

from physai import datasets, fits, plotting, profiles, runtime
from physai.modular import ModAddTransformer, addition_split
from physai.omnigrok import data, plots
from physai.omnigrok.claims import CLAIMS, check_removal, check_seeds_bounded
from physai.omnigrok import experiments as og
from physai.omnigrok.models import MLPFamily

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("02_omnigrok", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/omnigrok/claims.py, checked section by section
cfg

# %% [markdown]
# The two transformer families of section 3 take the longest; they start now in a second
# process (one worker, one after the other: the same numbers as here, tested) and are
# collected in section 3.

# %%
def addition_task(fraction):
    split = addition_split(cfg.mod_p, fraction, seed)
    return datasets.one_hot_task(split.x_train, split.y_train, split.x_test, split.y_test, cfg.mod_p)


transformer = partial(ModAddTransformer, cfg.mod_p, cfg.mod_width, 4, attn_rate=1.0)
started = time.perf_counter()
worker = og.second_process()
mod_future = og.train_family_elsewhere(transformer, addition_task(cfg.mod_frac), cfg.mod_free_alphas,
                                       steps=cfg.mod_steps, lr=cfg.mod_lr, betas=(0.9, 0.98),
                                       weight_decay=cfg.mod_wd, seeds=[seed] * len(cfg.mod_free_alphas),
                                       loss="cross_entropy", log_every=cfg.mod_log_every,
                                       desc="modular addition", pool=worker)
# held on spheres c × the default: α = 3's start rescaled onto them is c·w₀ (no weight decay)
rm_future = og.train_family_elsewhere(transformer, addition_task(cfg.mod_removal_frac), cfg.mod_held_alphas,
                                      steps=cfg.mod_removal_steps, lr=cfg.mod_lr, betas=(0.9, 0.98),
                                      constrained=True, seeds=[seed] * len(cfg.mod_held_alphas),
                                      loss="cross_entropy", log_every=cfg.mod_log_every,
                                      desc="modular addition, held", pool=worker)
worker.shutdown(wait=False)  # the worker exits once both families are trained

# %% [markdown]
# ## The knob: the weight norm
#
# Every network starts from its default initialisation $w_0$ scaled by a factor α,
# $w = \alpha w_0$, so its weight norm starts at α times the default. Two ways to train:
#
# - **free**, with AdamW's decoupled weight decay, $w \leftarrow w - \eta\gamma w$ before
#   each Adam step: with nothing else acting, the norm decays as $e^{-\eta\gamma t}$, so
#   the time to travel from a large norm into the Goldilocks zone is $\propto 1/(\eta\gamma)$;
# - **on a sphere**: after every step the weights are rescaled to their initial norm
#   (`physai.omnigrok.project_norm_`), so α labels the norm for good.
#
# We plot norms in units of the default, $\lVert w\rVert / \lVert w_0\rVert$: the α a
# norm corresponds to. A run has *fitted* its training set, or *generalised*, at the first
# logged step where its train, or test, accuracy reaches 90 %; the *gap* (the grokking
# delay) is the steps between the two.
#
# Choices where the original code is ambiguous: weight decay is applied once (AdamW only,
# no extra L2 term in the loss); landscape values are the *final* ones, not the best over
# training; the norm counts every weight and bias once (the original's helper counts the
# first layer twice); everything is float32.
#
# ## 1. Teacher and student
#
# A random tanh network 5 → 100 → 100 → 5 (the teacher) labels 100 Gaussian inputs; a
# student of the same shape learns them (Sec. 3, Fig. 2). First the landscape: students
# held on spheres of radius α × default, for α from 0.1 to 10.

# %%
ts_task, teacher = data.teacher_student(seed=seed)
student = MLPFamily([5, 100, 100, 5], "tanh")  # natively stacked: the same numbers as vmap, faster
alphas = cfg.ts_landscape_alphas
with runtime.timer() as t_land:
    _, land = og.train_family(student, ts_task, alphas, steps=cfg.ts_landscape_steps, lr=cfg.ts_landscape_lr,
                              constrained=True, seeds=[cfg.ts_seed] * len(alphas),
                              log_every=cfg.ts_landscape_steps, desc="teacher-student sphere")
land_last = fits.last_row(land)
teacher_alpha = float(og.weight_norm({n: p.detach()[None] for n, p in teacher.named_parameters()})[0]
                      / land_last.norm.iloc[0] * land_last.alpha.iloc[0])
print(f"{len(alphas)} students in {t_land['seconds']:.0f} s; the teacher's norm is α = {teacher_alpha:.2f} × default")

# %% mystnb={"figure": {"caption": "Students held at weight norm \u03b1 \u00d7 default (log scales). Left: the final training loss is small for every norm above ~1 \u2014 the L. Right: the test loss is small only in a band around the teacher's own norm (dashed) \u2014 the U.", "name": "omnigrok-ts-landscape"}}
plots.plot_landscape(land_last, "test_loss", marker=teacher_alpha);

# %% [markdown]
# The claims: the test loss has its minimum at an α in [0.5, 2] and is at least 3× larger
# at both ends of the range (the U); the training loss at α = 0.1 is at least 10× its
# largest value over α ≥ 1 (the L).

# %%
by_alpha = land_last.set_index("alpha")
interior = by_alpha.test_loss.idxmin()
card.check("ts-u", {"α at minimum": round(float(interior), 2),
                    "ends / min": round(float(min(by_alpha.test_loss.iloc[[0, -1]]) / by_alpha.test_loss.min()), 1)})
card.check("ts-l", round(float(by_alpha.train_loss.iloc[0] / by_alpha.train_loss[by_alpha.index >= 1].max()), 1));

# %% [markdown]
# The LU picture, as in the paper's Figs. 1b and 2: below the default norm a student cannot
# even fit the training set; above it, it fits it ever better, but the test loss climbs by
# orders of magnitude. The best test loss sits near the teacher's own norm (α ≈ 1): the
# Goldilocks zone.
#
# Now free students started at α = 2 (the paper's student) with weight decay γ. A sample
# counts as learned when its squared error is below 10⁻³ (the original's criterion), and the
# student has generalised when 90 % of the test samples are learned. The claim: the
# log-log slope of the time to generalise against γ is −1 ± 0.4. Halving γ should then
# double the time; the three ratios t(γ)/t(2γ) are printed but not scored apart, since the
# same four times decide them (an earlier version scored their mean as a second row).

# %%
gammas = cfg.ts_gammas
with runtime.timer() as t_ts:
    _, ts = og.train_family(student, ts_task, [cfg.ts_alpha] * len(gammas), steps=cfg.ts_steps, lr=cfg.ts_lr,
                            weight_decay=gammas, seeds=[cfg.ts_seed] * len(gammas), mse_threshold=cfg.ts_threshold,
                            log_every=cfg.ts_log_every, desc="teacher-student γ")
ts_times = og.grokking_gaps(ts, cfg.threshold)
ts_slope = fits.loglog_slope(ts_times.weight_decay, ts_times.test_step)[0]
ratios = ts_times.test_step.to_numpy()[:-1] / ts_times.test_step.to_numpy()[1:]  # t(γ) / t(2γ)
mean_ratio = float(np.mean(ratios[np.isfinite(ratios)])) if np.isfinite(ratios).any() else float("nan")
display(ts_times[["weight_decay", "train_step", "test_step", "gap"]])
print(f"{len(gammas)} students in {t_ts['seconds']:.0f} s; slope of log t vs log γ: {ts_slope:.2f}; "
      f"t(γ)/t(2γ): {', '.join(f'{r:.2f}' for r in ratios)} (mean {mean_ratio:.2f}; 2^(−slope) = {2 ** -ts_slope:.2f})")
card.check("ts-slope", round(ts_slope, 2));

# %% mystnb={"figure": {"caption": "Students started at \u03b1 = 2 with weight decay \u03b3. Left: train (dashed) and test accuracy; the training set is fitted within a few hundred steps, the test set much later, the later the smaller \u03b3. Right: steps to generalise against \u03b3 (log-log), with the fitted power law and slope \u22121 for reference.", "name": "omnigrok-ts-gamma"}}
plots.plot_time_vs_decay(ts, ts_times, ts_slope);

# %% [markdown]
# Every student fits the training set within ~200 steps; generalising takes 4520 steps at
# γ = 0.1 and 720 at γ = 0.8, and each doubling of γ roughly halves the wait (ratios
# 1.78–1.90, mean 1.85 = 2^0.88, the slope read another way; slope −0.88): the delay is
# the time weight decay needs to shrink the norm from α = 2 into the zone. It is a little shorter than 1/γ at large γ because the norm
# also has to *get* somewhere — the last few hundred steps do not scale.
#
# ## 2. Grokking on images
#
# The paper's MNIST experiment (1000 training images, MLP 784-200-200-10, MSE on one-hot
# labels, α = 8, AdamW lr 10⁻³, wd 0.01, batch 200, 10⁵ steps; Fig. 3) is a GPU-hour; MNIST
# is also not available offline.
#
# ```{note}
# The standard profile uses scikit-learn's 8×8 digits with the same recipe on a narrower
# MLP (64-100-100-10, to fit the budget): 300 training images (1000 for the data-size
# runs below) and lr 10⁻² (at 10⁻³ the delay is ten times longer than the budget). The
# paper profile reads MNIST's IDX files (`datasets.mnist`, set `PHYSAI_MNIST`).
# ```
#
# Three stacked families: free runs at α = 1 and α = 8 (three seeds at α = 8, for medians
# below); runs held on spheres an octave apart, α = 0.25 … 8; and, to locate the
# Goldilocks zone's upper edge more finely, spheres every quarter octave between 2 and 8
# (α = 2.83, 3.36, 4.76, 5.66; a family of their own, so that the octave spheres' numbers
# do not move). The free runs train 12 000 steps, the spheres 10 000: at 10 000 one free
# α = 8 seed was still at 0.897 test accuracy in an earlier version of this chapter, so the
# claims about when it generalises could not be decided; the spheres keep the 10 000 steps
# their landscape rows were first run at. All share one minibatch sampler, seeded by seed 0.

# %%
img_task = (datasets.mnist(cfg.mnist_root, cfg.n_train_images, seed) if cfg.image_data == "mnist"
            else datasets.digits_task(cfg.n_train_images, seed))
big = max(cfg.img_free_alphas)
free = [(a, seed) for a in cfg.img_free_alphas] + [(big, seed + s) for s in cfg.img_seeds[1:]]
held = [(a, seed) for a in cfg.img_constrained_alphas]
mlp = MLPFamily(cfg.img_widths)
with runtime.timer() as t_img:
    _, img_free = og.train_family(mlp, img_task, [a for a, _ in free], seeds=[s for _, s in free],
                                  steps=cfg.img_free_steps, lr=cfg.img_lr, weight_decay=cfg.img_wd,
                                  batch_size=cfg.img_batch, log_every=cfg.img_log_every, desc="images, free")
    _, img_sph = og.train_family(mlp, img_task, [a for a, _ in held], seeds=[s for _, s in held],
                                 steps=cfg.img_steps, lr=cfg.img_lr, constrained=True, batch_size=cfg.img_batch,
                                 log_every=cfg.img_log_every, desc="images, spheres")
    _, img_fine = og.train_family(mlp, img_task, cfg.img_fine_alphas, seeds=[seed] * len(cfg.img_fine_alphas),
                                  steps=cfg.img_steps, lr=cfg.img_lr, constrained=True, batch_size=cfg.img_batch,
                                  log_every=cfg.img_log_every, desc="images, quarter-octave spheres")
img = og.join_families(img_free, img_sph, img_fine)  # models 0 … 3 free, 4 … 9 on the octave spheres, then the fine ones
img_gaps = og.grokking_gaps(img, cfg.threshold)
display(img_gaps)
print(f"{len(free) + len(held) + len(cfg.img_fine_alphas)} image models in {t_img['seconds']:.0f} s")

# %% [markdown]
# The claim (Fig. 3): started at α = 8, test accuracy reaches 90 % at least 2000 steps after
# train accuracy does; at α = 1 within 200 steps (seed 0 of each).

# %%
is_free = ~img_gaps.constrained
m1 = img_gaps.index[is_free & (img_gaps.alpha == 1.0) & (img_gaps.seed == seed)][0]
free_big = img_gaps.index[is_free & (img_gaps.alpha == big)]  # the α = 8 seeds, seed 0 first
m8 = free_big[0]
run8 = img[img.model == m8].set_index("step")
if np.isfinite(img_gaps.test_step[m8]):  # it fitted and generalised within the run
    print(f"free α = 8, seed 0: test accuracy {run8.test_acc[img_gaps.train_step[m8]]:.2f} when it fitted (step "
          f"{img_gaps.train_step[m8]:.0f}); norm {run8.norm[0]:.0f} at the start, "
          f"{run8.norm[img_gaps.test_step[m8]]:.0f} when it generalised (step {img_gaps.test_step[m8]:.0f})")
card.check("img-grok", {"α=8": float(img_gaps.gap[m8]), "α=1": float(img_gaps.gap[m1])});

# %% [markdown]
# At α = 8 (seed 0) the training set is fitted by step 800 while the test accuracy is 0.30;
# it reaches 90 % only 7100 steps later, as weight decay brings the norm down from 67 to 35
# — grokking on images. At α = 1 train and test reach 90 % together, by step 100. The
# spheres show the landscape behind it:

# %% mystnb={"figure": {"caption": "Digits held on spheres of radius \u03b1 \u00d7 default: the final training loss against \u03b1 (left, the L) and the final test accuracy (right, an inverted U).", "name": "omnigrok-images-landscape"}}
img_last = og.final_rows(img)  # free runs at their step 12 000, spheres at 10 000
img_held = img_last[img_last.constrained].sort_values("alpha")
plots.plot_landscape(img_held, "test_acc");

# %% [markdown]
# The claims: the final training loss is below 10⁻² on every sphere with α ≥ 1 and at least
# 10× the largest of those at α = 0.25 (the L, both arms; the factor is ts-l's, and this
# contrast was added in this round knowing that the last run's α = 0.25 ended 19× higher);
# the test accuracy peaks at an α in [0.5, 4] and is at least 0.3 lower at α = 0.25 and at
# α = 8 (the inverted U).

# %%
held_acc = img_held.set_index("alpha").test_acc
display(img_held.set_index("alpha")[["train_loss", "test_acc"]].T.round(4))  # every sphere, final values
flat = img_held[img_held.alpha >= 1].train_loss.max()
print(f"final train loss: largest over α ≥ 1 {flat:.1e}; α = 0.25 {img_held.train_loss.iloc[0]:.1e} "
      f"({img_held.train_loss.iloc[0] / flat:.0f} × it); α = 0.5 {img_held.train_loss.iloc[1]:.1e}")
card.check("img-l", {"largest α≥1": float(f"{flat:.2e}"),
                     "α=0.25 / largest": round(float(img_held.train_loss.iloc[0] / flat), 1)})
card.check("img-u", {"best α": float(held_acc.idxmax()), "best": round(float(held_acc.max()), 3),
                     "α=0.25": round(float(held_acc.iloc[0]), 3), "α=8": round(float(held_acc.iloc[-1]), 3)});

# %% [markdown]
# Too small a norm cannot fit the training set (α = 0.25 never reaches 90 % train
# accuracy and ends at 0.39 test; α = 0.5 fits, late, and ends at 0.85 test); too large
# a one (α = 8) fits it and stays at 0.54 test accuracy: with the norm frozen there, the
# network never gets to generalise. The paper's Fig. 3 shows the same shape on MNIST. Every
# sphere from α = 1 up ends below 10⁻² train loss (largest 4.3 × 10⁻³, at α = 1), though the
# flat arm is not flat: the loss is lowest between α = 2 and 4 and rises again towards α = 8
# (2.4 × 10⁻³). The vertical arm: α = 0.25 ends at 7.7 × 10⁻², 18 × the largest over α ≥ 1
# (the rule asks 10×), and α = 0.5 at 3.5 × 10⁻²: **reproduced**. The quarter-octave
# spheres fill in the right-hand side of the inverted U: test accuracy falls from 0.96 at
# α = 2 through 0.93 at 4 and 0.90 at 4.76 to 0.87 at 5.66 and 0.54 at 8.
#
# ### The Goldilocks zone, entered
#
# The LU picture says *where* the free α = 8 run should generalise: when weight decay has
# brought its norm into the zone the spheres mark out. We measure the zone on the spheres
# (held test accuracy ≥ 90 %, its upper edge interpolated in log α between neighbouring
# spheres) and read each free α = 8 run's norm at the step it generalised. The claim
# (Fig. 1, Sec. 2): that norm lies within half a grid step of the zone's upper edge — with
# the quarter-octave spheres there, a factor 2^(1/8) = 1.09 either way (median of three
# seeds). Control: the same runs' norm when they fitted the training set, which the
# picture places outside the zone; judged by the same rule, it must fail. (The previous
# round's window was √2 either way, half the octave grid's step; the round-3 review found
# it contained the norm at which every free run *ends*, so it could hardly fail. This rule
# and the finer grid were registered before this run, knowing the norms at which the free
# runs had generalised in the last run, 4.05, 3.74 and 4.48 × the default, but not where
# the finer grid would put the edge.)

# %%
zone = og.zone_edges(img_held.alpha, img_held.test_acc, cfg.threshold)
at_test = og.norm_ratio_at(img, "test_acc", cfg.threshold)[free_big]
at_train = og.norm_ratio_at(img, "train_acc", cfg.threshold)[free_big]
print(f"zone on the spheres: α from {zone[0]:.2f} to {zone[1]:.2f}; free α = {big:g}, "
      f"seeds {list(img_gaps.seed[free_big])}: norm (× default) at fitting {np.round(at_train.to_numpy(), 2)}, "
      f"at generalising {np.round(at_test.to_numpy(), 2)}, final test accuracy "
      f"{np.round(img_last.test_acc[free_big].to_numpy(), 3)}, final norm {np.round(img_last.norm_ratio[free_big].to_numpy(), 2)}")
gold = (at_test / zone[1]).round(3)
# a seed still short of 90 % at the end would generalise (if at all) below its final norm: a bound, not a NaN
gold_upper = (img_last.norm_ratio[free_big] / zone[1]).to_numpy()
check_seeds_bounded(card, "img-goldilocks", gold, [-np.inf] * len(gold), gold_upper,
                    control=round(float((at_train / zone[1]).median()), 3),
                    reason=f"per seed {list(img_gaps.seed[free_big])}: {gold.tolist()} (NaN: not generalised in the run)");

# %% mystnb={"figure": {"caption": "The free \u03b1 = 8 runs (three seeds) travel right to left as weight decay shrinks their norm (x, in units of the default). Circles: the step each fitted its training set; stars: the step it generalised. Grey squares: the spheres' final test accuracy; shaded, the Goldilocks zone where it is at least 90 %.", "name": "omnigrok-goldilocks"}}
plots.plot_goldilocks(img[img.model.isin(free_big)], img_held, zone, cfg.threshold);

# %% [markdown]
# The spheres put the zone between α = 0.76 and α = 4.86: held test accuracy crosses 90 %
# between the 4.76 sphere (0.90, and only from step 9500 of its 10 000) and the 5.66 one
# (0.87). All three free runs fitted their training set at 7.2–7.4 × the default norm, far
# outside the zone: the control, 1.50 × the edge, fails the rule as it should. They
# generalised at 4.11, 3.90 and 4.48 × the default (seeds 0, 1, 2): 0.85, 0.80 and 0.92 ×
# the edge, median 0.85, below the window [0.917, 1.091]. The row is **not reproduced**
# (it was reproduced at 0.95 against the octave grid's edge, 4.27, in the previous round):
# the free runs generalise inside the zone, some 15 % below its edge, not at it. Seed 1 is
# the slow one (90 % at step 9700); all three end at 0.92–0.94 test accuracy and 3.3–3.5 ×
# the default norm.
#
# What this says about the paper is limited by how the edge is measured. Near the edge the
# held runs themselves generalise late — the 4.76 sphere's gap is 9300 steps — so the
# spheres' run length sets where the edge falls: run longer, the 5.66 sphere might get
# there too and the ratio would fall further; stopped before step 9500, the edge would have
# sat below 4.76. The verdict turns on that one sphere, on one seed: it ends at 0.9045 test
# accuracy; had it ended at 0.881 or below, the edge would sit at 4.46 (between the 4 and
# 4.76 spheres) and the median ratio would be 0.921, inside the window. Since longer sphere
# runs only push the edge out, "not reproduced" is robust to run length; the risk is seed
# noise in the spheres. The next round should run the fine spheres on three seeds, or
# register a one-sided rule first. The ordering the LU picture predicts does hold: the runs fit far outside
# the zone (7.2–7.4 ×) and generalise only once inside it (3.9–4.5 ×).
#
# The free runs' numbers differ slightly from the previous round's with the same settings
# (seed 0's gap 7100 against 7300; seed 1 generalising at step 9700 against 10 400): the
# core's training engine has changed since (c6c9d55; notebook 05 saw the same at its
# standard configuration). We have not traced it further.
#
# ### Removing the delay on images
#
# If the zone is where the network generalises, a network *held* there should fit and
# generalise together. The held run scored is the sphere nearest the norm where free α = 8
# (seed 0) generalised: the α = 8 start rescaled onto that sphere (rescaling α·w₀ gives a
# multiple of w₀). The paper removes grokking on algorithmic data; on images this is our
# test of its mechanism (an `ours` row). The rule: the held gap is at most a quarter of the
# free α = 8 gap, and the free gap is at least 1000 steps.

# %%
img_rm = og.held_nearest(img, img_gaps, m8, img_gaps.index[img_gaps.constrained], cfg.threshold)
print({k: round(v, 2) if isinstance(v, float) else v for k, v in img_rm.items()})
check_removal(card, "img-removed", img_rm["held gap"], img_rm["free gap"], cfg.img_free_steps);

# %% mystnb={"figure": {"caption": "Digits: train (dashed) and test accuracy (log step axis) of the free runs at \u03b1 = 1 and \u03b1 = 8 (seed 0) and of the sphere nearest the norm where free \u03b1 = 8 generalised; last panel, the weight norms.", "name": "omnigrok-images"}}
shown = {m1: "free, α = 1", m8: f"free, α = {big:g}"}
if img_rm["held model"] is not None:
    shown[img_rm["held model"]] = f"held, α = {img_rm['held α']:g}"
plots.plot_runs(img, shown);

# %% [markdown]
# The free α = 8 run (seed 0) generalised at 4.11 × the default norm; the nearest sphere
# (of the octave and quarter-octave ones) is α = 4. The pick has a 6 % margin: the 4 and
# 4.76 spheres' log-midpoint is 4.36, and a free run generalising above it would have named
# the 4.76 sphere, whose 9300-step gap fails the rule (the quarter-octave spheres joined the
# candidates in round 4, for the Goldilocks row). Held at α = 4, the network fits by step
# 100 and reaches 90 % test accuracy by step 400: a gap of 300 steps against the free run's
# 7100. Holding the norm in the zone removes the delay on images too. The sphere is inside
# the upper edge (4.86) and ends at 0.93 test accuracy; the next ones out generalise late
# (4.76: gap 9300) or not at all (5.66, 8). (The free α = 1 run's norm drifts up in jumps to ~3 × the
# default — Adam at lr 10⁻² — without leaving the zone; its test accuracy stays above 0.9.)
#
# ### More data, less grokking
#
# The LU mechanism explains the data-size dependence of grokking (abstract; Sec. 3): with
# more training data, large norms fit the training set less easily and the delay shrinks.
# The same α = 8 runs (three seeds) on 1000 training digits instead of 300. The claim: the
# median over seeds of the gap with 1000 digits over the gap with 300 is at most 0.5.

# %%
more_task = (datasets.mnist(cfg.mnist_root, cfg.n_train_images_more, seed) if cfg.image_data == "mnist"
             else datasets.digits_task(cfg.n_train_images_more, seed))
big_seeds = list(img_gaps.seed[free_big])
with runtime.timer() as t_more:
    _, more = og.train_family(mlp, more_task, [big] * len(big_seeds), seeds=big_seeds, steps=cfg.img_free_steps,
                              lr=cfg.img_lr, weight_decay=cfg.img_wd, batch_size=cfg.img_batch,
                              log_every=cfg.img_log_every, desc="images, more data")
more_gaps = og.grokking_gaps(more, cfg.threshold)
gap300, gap1000 = img_gaps.gap[free_big].to_numpy(), more_gaps.gap.to_numpy()
data_ratio = gap1000 / gap300
# an unfinished run's gap is at least the steps left after it fitted (NaN if it never fitted: unbounded)
left300 = cfg.img_free_steps - img_gaps.train_step[free_big].to_numpy()
left1000 = cfg.img_free_steps - more_gaps.train_step.to_numpy()
low = np.where(np.isnan(gap1000), left1000 / gap300, -np.inf)
high = np.where(np.isnan(gap300), gap1000 / left300, np.inf)
print(f"{len(big_seeds)} models in {t_more['seconds']:.0f} s; gaps with {cfg.n_train_images} digits: "
      f"{img_gaps.gap[free_big].tolist()}, with {cfg.n_train_images_more}: {more_gaps.gap.tolist()}")
check_seeds_bounded(card, "img-data", data_ratio.round(3), np.nan_to_num(low, nan=-np.inf), np.nan_to_num(high, nan=np.inf),
                    reason=f"per seed {big_seeds}: {data_ratio.round(3).tolist()} (NaN: a run that never generalised)");

# %% mystnb={"figure": {"caption": "Free \u03b1 = 8 on 300 (left) and 1000 (right) training digits, three seeds: train (dashed) and test accuracy against step (log), the 90 % line dotted.", "name": "omnigrok-data-size"}}
plots.plot_data_size({f"{cfg.n_train_images} training digits": img[img.model.isin(free_big)],
                      f"{cfg.n_train_images_more} training digits": more});

# %% [markdown]
# With 1000 training digits the delay shrinks in every seed: gaps of 1400, 200 and 1100
# steps against 7100, 8600 and 5800 with 300 digits (ratios 0.20, 0.02 and 0.19 for seeds
# 0, 1, 2; median 0.19): **reproduced**. Seed 1's ratio is the smallest for two reasons
# that do not both belong to the claim: its 300-digit run is the slowest to generalise
# (above), and on 1000 digits its train and test accuracy rise late and together (right
# panel): a slow fit rather than grokking, so its "gap" of 200 steps is short by
# construction. The median does not rest on it: seeds 0 and 2 give 0.20 and 0.19.
#
# ## 3. Modular addition: induced and removed
#
# The same story on the algorithmic task: a one-layer transformer (notebook 05's model,
# standard attention, width 32) learns $a + b \bmod 31$ with cross-entropy and AdamW
# (lr 10⁻³, β = (0.9, 0.98), γ = 1: the original's recipe, Fig. 6). Free runs from α = 1
# and α = 3 on 80 % of the pairs, run long enough to see whether α = 3 generalises. The
# claim: α = 3's gap is more than twice α = 1's, both observed (a run that never reaches
# 90 % test accuracy is still memorising, which is not grokking).

# %%
mod = mod_future.result()  # trained in the second process since the start of the notebook
mod_gaps = og.grokking_gaps(mod, cfg.threshold)
display(mod_gaps)
print(f"{len(cfg.mod_free_alphas)} transformers; collected {time.perf_counter() - started:.0f} s after the start")
mgap = mod_gaps.set_index("alpha").gap
run3 = mod[mod.alpha == max(cfg.mod_free_alphas)].set_index("step")
if 3000 in run3.index and np.isfinite(mod_gaps.test_step.max()):  # the standard profile's run; smoke stops earlier
    print(f"free α = 3: norm {run3.norm[0]:.0f} at the start, {run3.norm[2000]:.0f} at step 2000, "
          f"{run3.norm[mod_gaps.test_step.max()]:.0f} when it generalised; test accuracy "
          f"{run3.test_acc[2000]:.2f} at step 2000, {run3.test_acc[3000]:.2f} at 3000")
card.check("mod-induced", {"α=3": float(mgap[max(cfg.mod_free_alphas)]), "α=1": float(mgap[1.0])});

# %% mystnb={"figure": {"caption": "Modular addition (p = 31, 80 % of pairs): train (dashed) and test accuracy of free runs at \u03b1 = 1 and \u03b1 = 3; last panel, the weight norms.", "name": "omnigrok-modadd"}}
plots.plot_runs(mod, {m: f"free, α = {a:g}" for m, a in zip(mod_gaps.index, mod_gaps.alpha)}, log_x=False);

# %% [markdown]
# From the default norm the transformer generalises 400 steps after it fits (train accuracy
# 90 % at step 250, test at 650). From α = 3 it fits by step 500; its test accuracy is 0.07
# at step 2000 and 0.15 at 3000, then climbs to 90 % at step 6200: a gap of 5700 steps,
# observed, while the norm falls from 57 to 29. (The norm is near 36 at step 2000, where
# weight decay and Adam's updates balance while the network memorises; an earlier version
# of this chapter stopped there.) The large initialisation induces grokking. The row tests the paper's
# general statement (Secs. 2–3: a large initial norm delays generalisation), not a figure:
# the original's modular-addition transformer groks free from the standard init and has no
# α = 3 run. Here α = 1 does not grok because it trains on 80 % of the pairs.
#
# To *remove* grokking there has to be some, and here it is: free α = 3 on 80 % of the
# pairs. Beside it (in the second process, on the same pairs and seed) five runs start
# from α = 3's weights rescaled onto spheres of 1, 1.19, 1.41, 1.68 and 2 × the default norm
# — a quarter-octave grid; rescaling α·w₀ gives c·w₀ — and are held there without weight
# decay. This follows the original, which rescales its transformer's initial weights to
# 0.8 × and holds them (Fig. 8): below the norm its free run ends at after generalising.
# The held run scored is named by a rule, not chosen after the fact: the sphere nearest
# the norm at which free α = 3 generalised — the zone, as the free run found it. The
# claim: its gap is at most a quarter of the free run's, and the free run's is at least
# 1000 steps (a held run that never generalises fails). This version of the row was
# registered before its run; the previous one held free α = 1 on 40 % of the pairs, which
# never generalised (not testable here), and is replaced.

# %%
free3 = mod[mod.alpha == max(cfg.mod_free_alphas)].assign(model=0)  # free α = 3, from the family above
rm = og.join_families(free3, rm_future.result())  # model 0 free α = 3; 1 … 5 held (second process)
rm_gaps = og.grokking_gaps(rm, cfg.threshold)
display(rm_gaps)
mod_rm = og.held_nearest(rm, rm_gaps, 0, rm_gaps.index[1:], cfg.threshold)
rm_last = og.final_rows(rm)
print(f"{len(cfg.mod_held_alphas)} held transformers, collected {time.perf_counter() - started:.0f} s after the start; "
      "final test accuracy", rm_last.test_acc.round(3).tolist(), "and norm (× default)",
      rm_last.norm_ratio.round(2).tolist(), ";", {k: round(v, 2) if isinstance(v, float) else v for k, v in mod_rm.items()})
w_c, grid = mod_rm["free norm at generalisation"], np.sort(cfg.mod_held_alphas)
mids = np.sqrt(grid[:-1] * grid[1:])  # where the rule's pick switches from one sphere to the next
mid = mids[np.argmin(np.abs(np.log(mids / w_c)))] if np.isfinite(w_c) else np.nan
print("final train accuracy", rm_last.train_acc.round(3).tolist(), f"; the nearest log-midpoint between spheres is "
      f"{mid:.3f}: free α = 3's norm at generalisation is {100 * (w_c / mid - 1):+.1f} % from it")
check_removal(card, "mod-removed", mod_rm["held gap"], mod_rm["free gap"], cfg.mod_steps,
              reason=f"free α = 3's norm at 90 % test {mod_rm['free norm at generalisation']:.2f} × default; gaps by "
                     f"held α: {dict(zip(rm_gaps.alpha[1:], rm_gaps.gap[1:]))}");

# %% mystnb={"figure": {"caption": "Modular addition on 80 % of the pairs: the free \u03b1 = 3 run (as above) and runs held at 1, 1.19, 1.41, 1.68 and 2 \u00d7 the default norm, train (dashed) and test accuracy; last panel, the weight norms.", "name": "omnigrok-modadd-removed"}}
plots.plot_runs(rm, {m: f"{'held' if c else 'free'}, α = {a:g}" for m, a, c in
                     zip(rm_gaps.index, rm_gaps.alpha, rm_gaps.constrained)}, log_x=False, ncols=3);

# %% [markdown]
# Free α = 3 generalised at 1.53 × the default norm, so the rule scores the 1.41 sphere.
# Held there the transformer fits by step 300 and generalises by step 850: a gap of 550
# steps against the free run's 5700 (under a quarter, 1425): **reproduced** — holding the
# norm where the free run generalises removes most of the delay. (The previous round's
# version of this row, free α = 1 on 40 % of the pairs, was not testable here: that run
# memorised and never generalised.)
#
# The result is fragile, and the other spheres show why. The zone on this task is narrow:
# held at 1.19 × the transformer generalises almost at once (gap 50), at 1.41 × with a
# 550-step gap, but at 1.68 × and 2 × it never does within 5000 steps (final test
# accuracy 0.74 and 0.26). Free α = 3's norm at generalisation, 1.53, lies 0.8 % below
# the log-midpoint between the 1.41 and 1.68 spheres, √(1.41 × 1.68) = 1.542. That margin
# is small against how the free run moves: its norm falls in saw-tooth drops (last panel,
# near steps 3200, 5000 and 6500), and its 90 % crossing moved from step 6050 in round 3 to
# 6200 in round 4 with no change of settings. A crossing a couple of hundred steps earlier,
# at a norm above 1.542, would have named the 1.68 sphere and the row would not have been
# reproduced. One seed; the registry's caveat says the 1.41 sphere was the likely pick when
# the rule was set (the last run's free α = 3 generalised near 1.4–1.5 ×), but no held run
# at 80 % of the pairs had been run.

# %% [markdown]
# What the rule scores, and what it does not: the control, free α = 3's gap, is the rule's
# denominator (a delay to remove), not a run that must fail. The 1.0, 1.68 and 2 spheres
# fail the rule but are not scored; they show the held zone's extent, not a control.
#
# One of them goes against the paper. Held at the default norm (1.0 ×) the transformer fits
# (final train accuracy 0.96) but ends at 0.78 test accuracy, while in the paper's Fig. 8
# the transformer held at 0.8 × its default norm generalises. Our setting differs — p = 31
# on 80 % of the pairs, a width-32 one-layer model started from α = 3's weights rescaled,
# held without weight decay — and we have not traced which difference matters. On this
# task holding the norm removed the delay only in a narrow band, 1.19–1.41 × the default
# (nothing was held below 1.0 ×).
#
# ## 4. A tabular stand-in for the molecules
#
# The paper induces grokking on QM9 molecular properties with a graph network (Fig. 5), a
# regression tracked by its losses. QM9 cannot be downloaded here.
#
# ```{warning}
# This section is **not** the paper's experiment: it uses scikit-learn's bundled diabetes
# regression (442 patients, 10 features; 150 for training), an MLP 10-100-100-1 with MSE on
# the standardised target (predicting the mean scores ≈ 1), AdamW lr 10⁻³, γ = 0.5, 5000
# full-batch steps — sized in one exploratory run on another seed. Its two rows are `ours`.
# ```
#
# Free runs from α = 1 and α = 8 (three seeds) and runs held at α = 1 and α = 8. The claims:
# held α = 8 fits the training set (train MSE ≤ 0.1) yet its test MSE is at least 3× held
# α = 1's (the LU at two norms); free α = 8's test MSE comes within 10 % of the best test
# MSE free α = 1 reaches in its run (same seed) at least 500 steps after it fitted the
# training set (median of three seeds). Control: predicting the training mean must not
# meet that target, or a network that learned nothing would pass. (An earlier version
# compared with free α = 1's test MSE at the same step, which rises as that run overfits
# towards the mean predictor's; the round-3 review found a network that learned nothing
# could pass it, and the rule was re-registered before this run.)

# %%
tab_seeds = [seed + s for s in cfg.tab_seeds]
members = ([(a, s, False) for s in tab_seeds for a in cfg.tab_alphas]  # free, three seeds
           + [(a, seed, True) for a in cfg.tab_alphas])  # held, seed 0
with runtime.timer() as t_tab:
    tab_task = data.diabetes_task(cfg.tab_n_train, seed)
    _, tab = og.train_family(MLPFamily(cfg.tab_widths), tab_task,
                             [a for a, _, _ in members], seeds=[s for _, s, _ in members], steps=cfg.tab_steps,
                             lr=cfg.tab_lr, weight_decay=[0.0 if c else cfg.tab_wd for *_, c in members],
                             constrained=[c for *_, c in members], log_every=cfg.tab_log_every, desc="diabetes")
runs = {member: m for m, member in enumerate(members)}  # (α, seed, held) -> model
tab_last = fits.last_row(tab)
print(f"{len(members)} regression MLPs in {t_tab['seconds']:.0f} s; final train / test MSE:")
display(tab_last.assign(held=tab_last.constrained)[["alpha", "seed", "held", "train_loss", "test_loss"]])

# %%
h1, h8 = runs[(1.0, seed, True)], runs[(8.0, seed, True)]
card.check("tab-lu", {"α=8 train": float(f"{tab_last.train_loss[h8]:.2e}"),
                      "test α=8 / α=1": round(float(tab_last.test_loss[h8] / tab_last.test_loss[h1]), 1)})
free1 = {s: tab[tab.model == runs[(1.0, s, False)]] for s in tab_seeds}
targets = [round(cfg.tab_tolerance * float(free1[s].test_loss.min()), 3) for s in tab_seeds]
mean_mse = float((tab_task.y_test ** 2).mean())  # predicting the training mean (0 after standardising)
delays = [og.catch_up_delay(tab, runs[(8.0, s, False)], runs[(1.0, s, False)], cfg.tab_fit_loss, cfg.tab_tolerance,
                            best=True) for s in tab_seeds]
print(f"seeds {tab_seeds}: free α = 1's best test MSE at steps "
      f"{[int(free1[s].step.iloc[free1[s].test_loss.argmin()]) for s in tab_seeds]}; targets (1.1 × it) {targets}; "
      f"mean predictor's test MSE {mean_mse:.3f} ({mean_mse / max(targets):.2f} × the largest target); "
      f"steps from fitting to reaching the target: {delays}")
fit8 = [float(tab.step[(tab.model == runs[(8.0, s, False)]) & (tab.train_loss <= cfg.tab_fit_loss)].min()) for s in tab_seeds]
print(f"free α = 8: train MSE first ≤ {cfg.tab_fit_loss:g} (fitted) at steps "
      f"{[int(x) if np.isfinite(x) else 'never' for x in fit8]}; final train MSE "
      f"{[round(float(tab_last.train_loss[runs[(8.0, s, False)]]), 2) for s in tab_seeds]}")
card.check_seeds("tab-grok", delays, control=round(mean_mse / max(targets), 3), reason=f"per seed {tab_seeds}: {delays}");

# %% mystnb={"figure": {"caption": "Diabetes regression (a stand-in, not the paper's data): train (dashed) and test MSE against step, log-log; dotted, the MSE of predicting the mean. Left: free runs (seed 0) at \u03b1 = 1 and 8 with weight decay; right: runs held at \u03b1 = 1 and 8.", "name": "omnigrok-tabular"}}
plots.plot_losses(tab, {"free, γ = 0.5": {runs[(1.0, seed, False)]: "α = 1", runs[(8.0, seed, False)]: "α = 8"},
                        "held on the sphere": {h1: "α = 1", h8: "α = 8"}});

# %% [markdown]
# On the spheres the L and the U show at two norms: held α = 8 fits the training set to
# 2 × 10⁻¹¹ yet its test MSE is 53.5, 72 × held α = 1's 0.74. Free, the α = 8 runs are at
# test MSE ~100 after 50 steps. They fit the training set (train MSE first ≤ 0.1, the
# step the delay counts from) at steps 4900, 700 and 800 (seeds 0, 1, 2): seed 0 only
# 100 steps before the end (final 0.09), while seeds 1 and 2 end above it again, at 0.18
# and 0.12. They do not catch up with free α = 1 at its best: the α = 1 runs reach their lowest test MSE at step
# 50 (targets, 1.1 × it: 0.638, 0.629, 0.645) and then overfit the noisy target (train MSE
# ~10⁻⁴, final test MSE 0.85–0.94). Only seed 1's α = 8 run reaches its target, 2100 steps
# after fitting; seeds 0 and 2 end at 0.81 and 0.77, never within it. The median is
# undefined and tab-grok **fails** (it "held" in the previous version, against free α = 1's
# test MSE at the same step — a bar that rose as α = 1 overfitted, to 1.1 × 0.85–0.94 =
# 0.94–1.03, within 12 % of what a network that learned nothing scores). The control is sound:
# predicting the training mean scores 1.158, 1.8 × the largest target. What the stand-in
# does show is the end state: weight decay leaves the α = 8 runs at final test MSE
# 0.73–0.81, better than free α = 1's 0.85–0.94, and near held α = 1's 0.74, but not the
# delayed *arrival* at the best α = 1 generalisation that grokking would be. On 150 noisy
# patients no MLP here does much better than predicting the mean: the stand-in shows the
# mechanism at two norms, not a useful model, and not grokking.
#
# ## 5. Sentiment and molecules
#
# The paper shows induced grokking on IMDb reviews (an LSTM, Fig. 4) and on QM9 molecules
# (a graph network, Fig. 5). Neither data set can be downloaded here, and no profile loads
# them yet.

# %%
for key in ("imdb", "qm9"):
    card.not_testable(key, "the data set cannot be downloaded here (no internet); the paper profile has no loader "
                           "for it yet")

# %% [markdown]
# ## What holds, what does not, and why
#
# - **The LU picture** holds wherever we measured it: teacher–student (test-loss minimum at
#   α = 0.63, ends 128 × higher; train loss at α = 0.1 1449 × the largest above α = 1),
#   digits on spheres (an L below 10⁻² for α ≥ 1 and 18 × higher at α = 0.25 — both arms now
#   scored — and test accuracy 0.96 at α = 2 against 0.39 and 0.54 at the ends) and the
#   tabular stand-in (72 × the test loss at α = 8).
# - **The weight-decay law** holds: time to generalise ∝ γ^−0.88 (halving γ multiplies it
#   by 1.85, the same four times read another way).
# - **Induced grokking** holds on digits (a 7100-step gap at α = 8) and on modular addition,
#   decided on observed generalisation: α = 3 generalises 5700 steps after fitting, α = 1
#   after 400 — the paper's general statement (Secs. 2–3); the original's transformer has
#   no α = 3 run, and our α = 1 does not grok because it trains on 80 % of the pairs.
# - **The Goldilocks zone, entered**: reproduced → **not reproduced** this round, on a
#   tighter test registered before the run. With spheres every quarter octave the zone's
#   edge is at 4.86 × the default, and the free α = 8 runs generalise at 0.80–0.92 × it
#   (median 0.85), inside the zone rather than on its edge (window 0.917–1.091). They do fit
#   far outside it (1.50 × the edge, the control) and generalise only inside it; the edge
#   itself depends on how long the spheres train, since near it they generalise late; the
#   verdict turns on the one-seed 4.76 sphere (0.9045 at the end; at ≤ 0.881 the median
#   would be 0.921, inside the window).
# - **More data, less grokking**: 1000 digits cut the delay in every seed (ratios 0.20,
#   0.02, 0.19; median 0.19) — reproduced. Seed 1's 1000-digit run is a slow fit rather
#   than grokking; the median rests on seeds 0 and 2.
# - **Removing grokking** holds on digits (held at α = 4: 300 steps against 7100; our row)
#   and is now **reproduced** on modular addition (was not testable here): the α = 3
#   transformer held at 1.41 × the default, the sphere nearest where its free run
#   generalised (1.53 ×), has a 550-step gap against the free run's 5700. It is fragile:
#   1.53 fell 0.8 % below the log-midpoint (1.542) to the 1.68 sphere, which never
#   generalises, and the held zone is narrow (1.19 and 1.41 generalise; 1.0, 1.68 and 2 do
#   not — held at 1.0 ×, against the paper's Fig. 8, where 0.8 × generalises). One seed.
# - **Grokking on the tabular stand-in fails** (our row): free α = 8 ends as good as held
#   α = 1 (test MSE 0.73–0.81 against 0.74), but two of three seeds never come within 10 %
#   of free α = 1's best (0.57–0.59, at step 50).
# - **IMDb and QM9** are not testable offline.
#
# What the runs cannot tell: the modular-addition rows rest on one seed each, and the
# Goldilocks, data-size and tabular medians on three; every "never" here means "not within
# the run" (12 000 steps for free digits, 10 000 for the spheres, 9000 and 5000 for the
# free and held transformers, 5000 for the regression). The free digit runs' length
# (12 000) was chosen after a probe had seen seed 1 cross 90 % at 10 400 in an earlier
# version (it now crosses at 9700), to let the registered rules decide. The digits runs use
# lr 10⁻² (ten times the paper's) on a narrower MLP and 8×8 digits, not MNIST; the paper
# profile carries the paper's settings.

# %% [markdown]
# ### Rounds
#
# Changed in round 4, all rules registered before the run: mod-removed now holds
# α = 3 on the pairs where it groks (not testable here → reproduced); img-goldilocks has the
# quarter-octave spheres and a window of half their step (reproduced, 0.95 → not
# reproduced, 0.85); img-l also scores α = 0.25's contrast (reproduced, 18×); an unfinished
# seed now counts as a bound in img-goldilocks and img-data instead of a failing median (no
# seed was unfinished in this run). These verdicts were first read on an earlier run of the
# same code: the caveat commit that quotes them (5e31c3a) precedes the recorded round-4 run
# (c86bbc4), whose outputs give the numbers it quotes.
#
# Round 5 (this run, after a referee's review): no rule changed. Caveats only, each
# committed before this run: mod-removed gives its flip margin in numbers (0.8 % below the
# 1.542 midpoint), img-goldilocks its flip point (the 4.76 sphere at 0.881), img-removed
# is brought up to round 4's spheres (edge 4.86; 6 % margin to the 4.76 sphere, which
# would fail); ts-u and ts-l cite Figs. 1b and 2. Text: the held-at-1.0 × outcome against
# the paper's Fig. 8, the tabular fit steps, the measured run time.
#
# Next round: register the 2 × sphere as a must-fail control for mod-removed and run it on
# more seeds; run the fine spheres on three seeds, or register a one-sided Goldilocks rule
# first.
#
# ## Scorecard
#
# Each claim was checked in the section that measures it, against the rule declared in
# `physai/omnigrok/claims.py` before the run.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save()
print(f"{time.perf_counter() - started:.0f} s from the start of training to here; load average over 1, 5 and 15 min: "
      f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")
