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
#   zone).
#
# This notebook checks each step on three families of networks, each trained as one
# stacked model (`physai.batched`): a teacher–student regression, an image classifier and a
# transformer on modular addition. At the standard profile it runs in about four minutes
# on two CPU cores.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import numpy as np
from IPython.display import display

from physai import datasets, fits, plotting, profiles, runtime
from physai.modular import ModAddTransformer, addition_split
from physai.omnigrok import data, plots
from physai.omnigrok.claims import CLAIMS
from physai.omnigrok import experiments as og

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("02_omnigrok", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/omnigrok/claims.py, checked section by section
cfg

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
# Choices where the original code is ambiguous: weight decay is applied once (AdamW only,
# no extra L2 term in the loss); landscape values are the *final* ones, not the best over
# training; the norm counts every weight and bias once (the original's helper counts the
# first layer twice); everything is float32.
#
# ## 1. Teacher and student
#
# A random tanh network 5 → 100 → 100 → 5 (the teacher) labels 100 Gaussian inputs; a
# student of the same shape learns them (Sec. 3). First the landscape: students held on
# spheres of radius α × default, for α from 0.1 to 10.

# %%
ts_task, teacher = data.teacher_student(seed=seed)
alphas = cfg.ts_landscape_alphas
with runtime.timer() as t_land:
    _, land = og.train_family(lambda: data.tanh_mlp(5, 100, 5), ts_task, alphas, steps=cfg.ts_landscape_steps,
                              lr=cfg.ts_landscape_lr, constrained=True, seeds=[cfg.ts_seed] * len(alphas),
                              log_every=cfg.ts_landscape_steps, desc="teacher-student sphere")
land_last = fits.last_row(land)
teacher_alpha = float(og.weight_norm({n: p.detach()[None] for n, p in teacher.named_parameters()})[0]
                      / land_last.norm.iloc[0] * land_last.alpha.iloc[0])
print(f"{len(alphas)} students in {t_land['seconds']:.0f} s; the teacher's norm is α = {teacher_alpha:.2f} × default")

# %% mystnb={"figure": {"caption": "Students held at weight norm α × default (log scales). Left: the final training loss is small for every norm above ~1 — the L. Right: the test loss is small only in a band around the teacher's own norm (dashed) — the U.", "name": "omnigrok-ts-landscape"}}
plots.plot_landscape(land_last, "test_loss", marker=teacher_alpha);

# %%
by_alpha = land_last.set_index("alpha")
interior = by_alpha.test_loss.idxmin()
card.check("ts-u", {"α at minimum": round(float(interior), 2),
                    "ends / min": round(float(min(by_alpha.test_loss.iloc[[0, -1]]) / by_alpha.test_loss.min()), 1)})
card.check("ts-l", round(float(by_alpha.train_loss.iloc[0] / by_alpha.train_loss[by_alpha.index >= 1].max()), 1));

# %% [markdown]
# The LU picture, as in the paper's Fig. 1: below the default norm a student cannot even
# fit the training set; above it, it fits it ever better, but the test loss climbs by
# orders of magnitude. The best test loss sits near the teacher's own norm (α ≈ 1): the
# Goldilocks zone.
#
# Now free students started at α = 2 (the paper's student) with weight decay γ. A sample
# counts as learned when its squared error is below 10⁻³ (the original's criterion), and the
# student has generalised when 90 % of the test samples are learned.

# %%
gammas = cfg.ts_gammas
with runtime.timer() as t_ts:
    _, ts = og.train_family(lambda: data.tanh_mlp(5, 100, 5), ts_task, [cfg.ts_alpha] * len(gammas),
                            steps=cfg.ts_steps, lr=cfg.ts_lr, weight_decay=gammas, seeds=[cfg.ts_seed] * len(gammas),
                            mse_threshold=cfg.ts_threshold, log_every=cfg.ts_log_every, desc="teacher-student γ")
ts_times = og.grokking_gaps(ts, cfg.threshold)
ts_slope = fits.loglog_slope(ts_times.weight_decay, ts_times.test_step)[0]
ratios = ts_times.test_step.to_numpy()[:-1] / ts_times.test_step.to_numpy()[1:]  # t(γ) / t(2γ)
mean_ratio = float(np.mean(ratios[np.isfinite(ratios)])) if np.isfinite(ratios).any() else float("nan")
display(ts_times[["weight_decay", "train_step", "test_step", "gap"]])
print(f"{len(gammas)} students in {t_ts['seconds']:.0f} s; slope of log t vs log γ: {ts_slope:.2f}; "
      f"t(γ)/t(2γ): {', '.join(f'{r:.2f}' for r in ratios)}")
card.check("ts-slope", round(ts_slope, 2))
card.check("ts-halving", round(mean_ratio, 2));

# %% mystnb={"figure": {"caption": "Students started at α = 2 with weight decay γ. Left: train (dashed) and test accuracy; the training set is fitted within a few hundred steps, the test set much later, the later the smaller γ. Right: steps to generalise against γ (log-log), with the fitted power law and slope −1 for reference.", "name": "omnigrok-ts-gamma"}}
plots.plot_time_vs_decay(ts, ts_times, ts_slope);

# %% [markdown]
# Every student fits the training set within ~200 steps; generalising takes 4500 steps at
# γ = 0.1 and 720 at γ = 0.8, and each doubling of γ roughly halves the wait (ratios
# 1.78–1.89, slope −0.88): the delay is the time weight decay needs to shrink the norm
# from α = 2 into the zone. It is a little shorter than 1/γ at large γ because the norm
# also has to *get* somewhere — the last few hundred steps do not scale.
#
# ## 2. Grokking on images
#
# The paper's MNIST experiment (1000 training images, MLP 784-200-200-10, MSE on one-hot
# labels, α = 8, AdamW lr 10⁻³, wd 0.01, batch 200, 10⁵ steps) is a GPU-hour; MNIST is
# also not available offline. The standard profile uses scikit-learn's 8×8 digits with the
# same recipe on a narrower MLP (64-100-100-10, to fit the budget): 300 training images
# (with 1000 the delay is mild, measured here) and lr 10⁻² (at 10⁻³ the delay is ten times
# longer than the budget).
# Free runs start at α = 1 and 8; sphere runs cover α = 0.25 … 8. The paper profile reads
# MNIST's IDX files (`datasets.mnist`, set `PHYSAI_MNIST`).

# %%
if cfg.image_data == "mnist":
    img_task = datasets.mnist(cfg.mnist_root, cfg.n_train_images, seed)
else:
    img_task = datasets.digits_task(cfg.n_train_images, seed)
free, held = cfg.img_free_alphas, cfg.img_constrained_alphas
with runtime.timer() as t_img:
    _, img = og.train_family(lambda: og.relu_mlp(cfg.img_widths), img_task, free + held, steps=cfg.img_steps,
                             lr=cfg.img_lr, weight_decay=[cfg.img_wd] * len(free) + [0.0] * len(held),
                             constrained=[False] * len(free) + [True] * len(held), seeds=[seed] * (len(free) + len(held)),
                             batch_size=cfg.img_batch, log_every=cfg.img_log_every, desc="images")
img_gaps = og.grokking_gaps(img, cfg.threshold)
display(img_gaps)
print(f"{len(free) + len(held)} image models in {t_img['seconds']:.0f} s")
gap = img_gaps.set_index(["alpha", "constrained"]).gap
card.check("img-grok", {"α=8": float(gap.get((8.0, False), np.nan)), "α=1": float(gap.get((1.0, False), np.nan))});

# %% mystnb={"figure": {"caption": "Digits: train (dashed) and test accuracy (log step axis) of the free runs at α = 1 and α = 8 and of the α = 1 run held on its sphere; last panel, the weight norms. At α = 8 the training set is fitted early while the test accuracy creeps up only as weight decay brings the norm down.", "name": "omnigrok-images"}}
label = {m: f"{'held' if c else 'free'}, α = {a:g}" for m, a, c in zip(img_gaps.index, img_gaps.alpha, img_gaps.constrained)}
shown = {m: label[m] for m in img_gaps.index if not img_gaps.constrained[m]}
shown |= {m: label[m] for m in img_gaps.index if img_gaps.constrained[m] and img_gaps.alpha[m] == 1.0}
plots.plot_runs(img, shown);

# %% [markdown]
# At α = 8 the training set is fitted by step ~800 while the test accuracy is 0.3; it
# reaches 90 % only ~7300 steps later, as weight decay brings the norm down from 67 towards
# the zone — grokking on images. At α = 1 nothing is delayed; the same network held at α = 1 behaves the same
# (the free α = 1 run has one loss spike near step 5600, the learning rate of 10⁻² being
# large for Adam; it recovers). The sphere runs show the landscape behind it:

# %% mystnb={"figure": {"caption": "Digits held on spheres of radius α × default: the final training loss is low (below 10⁻²) for every α ≥ 1 and high below (left, the L); the test accuracy is high only for α between about 0.5 and 4 (right, an inverted U).", "name": "omnigrok-images-landscape"}}
img_last = fits.last_row(img)
img_held = img_last[img_last.constrained]
plots.plot_landscape(img_held, "test_acc");

# %%
held_acc = img_held.set_index("alpha").test_acc
card.check("img-l", float(f"{img_held[img_held.alpha >= 1].train_loss.max():.2e}"))
card.check("img-u", {"best α": float(held_acc.idxmax()), "best": round(float(held_acc.max()), 3),
                     "α=0.25": round(float(held_acc.iloc[0]), 3), "α=8": round(float(held_acc.iloc[-1]), 3)})
held_gap = gap.get((1.0, True), np.nan)
at_5k = img[(img.step == min(5000, cfg.img_steps)) & (img.alpha == max(free)) & ~img.constrained].test_acc
card.check("img-removed", {"held gap": float(held_gap), "free α=8 at 5k": round(float(at_5k.iloc[0]), 3)});

# %% [markdown]
# Too small a norm cannot fit even the training set (α = 0.25; α = 0.5 only barely); too large a one
# (α = 8) fits it and stays at about half the test accuracy: with the norm frozen there,
# the network never gets to generalise. The paper's Fig. 3 shows the same shape on MNIST.
#
# ## 3. Modular addition: induced and removed
#
# The same story on the algorithmic task: a one-layer transformer (notebook 05's model,
# standard attention, width 32) learns $a + b \bmod 31$ from 80 % of the pairs with
# cross-entropy, AdamW (lr 10⁻³, β = (0.9, 0.98), γ = 1). Free runs start at α = 1 and
# α = 3; a third run is held at 1.3 × the default norm — about where the free α = 1 run
# settles (its norm goes from 19 to 23–26 in a trial run), our Goldilocks value. (The
# original uses a p = 113 transformer and a 0.8 × norm sphere; here 0.8 × and 1 × cannot fit
# the training set, measured in trial runs, and 1.6 × groks late: the zone is narrow.)

# %%
split = addition_split(cfg.mod_p, cfg.mod_frac, seed)
mod_task = datasets.one_hot_task(split.x_train, split.y_train, split.x_test, split.y_test, cfg.mod_p)
mod_alphas = cfg.mod_free_alphas + [cfg.mod_goldilocks_alpha]
n_free = len(cfg.mod_free_alphas)
with runtime.timer() as t_mod:
    _, mod = og.train_family(lambda: ModAddTransformer(cfg.mod_p, cfg.mod_width, 4, attn_rate=1.0), mod_task,
                             mod_alphas, steps=cfg.mod_steps, lr=cfg.mod_lr, betas=(0.9, 0.98),
                             weight_decay=[cfg.mod_wd] * n_free + [0.0], constrained=[False] * n_free + [True],
                             seeds=[seed] * len(mod_alphas), loss="cross_entropy", log_every=cfg.mod_log_every,
                             desc="modular addition")
mod_gaps = og.grokking_gaps(mod, cfg.threshold)
display(mod_gaps)
print(f"{len(mod_alphas)} transformers in {t_mod['seconds']:.0f} s")
mgap = mod_gaps.set_index(["alpha", "constrained"]).gap
big = max(cfg.mod_free_alphas)
big_end = fits.last_row(mod).set_index(["alpha", "constrained"]).test_acc[(big, False)]
card.check("mod-induced", {"α=3": float(mgap.get((big, False), np.nan)),
                           "α=1": float(mgap.get((1.0, False), np.nan))})
card.check("mod-removed", {"held gap": float(mgap.get((cfg.mod_goldilocks_alpha, True), np.nan)),
                           "free α=3 final": round(float(big_end), 3)});

# %% mystnb={"figure": {"caption": "Modular addition (p = 31): train (dashed) and test accuracy of free runs at α = 1 and α = 3 and of a run held at 1.3 × the default norm; last panel, the weight norms. The large start fits at once and generalises only as the norm shrinks; on the Goldilocks sphere train and test rise together.", "name": "omnigrok-modadd"}}
plots.plot_runs(mod, {m: f"{'held' if c else 'free'}, α = {a:g}" for m, a, c in
                      zip(mod_gaps.index, mod_gaps.alpha, mod_gaps.constrained)}, log_x=False);

# %% [markdown]
# From the default norm the transformer generalises ~400 steps after it fits; from α = 3
# it fits by step ~500 and its test accuracy is still below 20 % at the end: the large
# initialisation induces grokking, as the paper shows for its p = 113 transformer. On the
# sphere at 1.3 × the default norm, test follows train within 200 steps: holding the norm
# in the Goldilocks zone removes the delay.
#
# ## 4. Sentiment and molecules
#
# The paper shows the same induced and removed grokking on IMDb reviews (an LSTM) and on
# QM9 molecules (a graph network), Figs. 3 and 6. Neither data set can be downloaded here,
# and no profile loads them yet.

# %%
for key in ("imdb", "qm9"):
    card.not_testable(key, "the data set cannot be downloaded here (no internet); the paper profile has no loader "
                           "for it yet")

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/omnigrok/claims.py`, before measuring;
# every row is one of the paper's claims. Teacher–student: on the sphere the final test loss
# has its minimum at an interior α in [0.5, 2] and is ≥ 3× larger at both ends (the U), and the
# training loss at α = 0.1 is ≥ 10× its largest value over α ≥ 1 (the L); free students at
# α = 2: slope of log(steps to generalise) against log γ within −1 ± 0.4, and every halving
# of γ multiplies the time by 2 ± 0.4 (mean ratio). Images: at α = 8 test accuracy reaches
# 90 % at least 2000 steps after train does, at α = 1 within 200; on the spheres the final
# training loss is below 10⁻² for every α ≥ 1 and the test accuracy peaks at α in [0.5, 4]
# and is ≥ 0.3 lower at α = 0.25 and α = 8. Removing grokking: the held run's gap is
# under 500 steps while the free large-α baseline's test accuracy at the end of its run
# is below 0.95 (modular addition) or at 5000 steps below 0.9 (digits, whose test plateau
# is only ~0.95). Modular addition at large α: gap at α = 3 more than twice the gap at
# α = 1 (never reaching 90 % counts as longer).

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();
