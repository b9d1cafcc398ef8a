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
# # Grokking as representation learning: an effective theory
#
# A network *groks* when it fits its training data long before it generalises, then
# generalises abruptly. Liu, Kitouni, Nolte, Michaud, Tegmark and Williams
# {cite}`liu2022grokking` explain it, on a toy problem, as the slow formation of a
# *structured representation*: generalisation happens when the embeddings arrange into the
# structure of the task, and an effective theory of that structure predicts (i) the
# accuracy from the representation alone, (ii) the critical training fraction below which
# the structure is not forced, (iii) the time the structure takes to form, and (iv) a phase
# diagram in which grokking occupies a "Goldilocks zone" between comprehension and
# memorization.
#
# This notebook re-implements the toy model (`physai.grokking`), checks each of these
# claims, and trains the whole phase diagram as one batched model.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import numpy as np
import pandas as pd
from IPython.display import display

from physai import fits, plotting, profiles, runtime
from physai.grokking import experiments as gx, plots
from physai.grokking.claims import CLAIMS
from physai.grokking.representation import critical_fraction, lambda3, p_linear
from physai.grokking.task import AdditionTask

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("01_grokking_effective_theory", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/grokking/claims.py, checked section by section

# %% [markdown]
# ## The toy model
#
# The task is addition of $p = 10$ numbers: the 55 samples are the pairs $(i, j)$,
# $i \le j$, and the answer $i + j$ is represented by a fixed random template
# $Y_{i+j} \in \mathbb{R}^{30}$. Each number gets a learnable embedding $E_i$ (one-dimensional
# here, initialised uniformly in $[-\tfrac12, \tfrac12]$); a decoder MLP
# ($1 \to 200 \to 200 \to 30$, tanh) reads $E_i + E_j$ and is trained with mean squared error
# to the template; a prediction is the nearest template. As in the original code: AdamW,
# embedding learning rate $10^{-3}$, decoder $10^{-4}$, no weight decay, 45 of the 55 samples
# for training, full batch. We reproduce the original's data and initialisation for its
# seed 58 exactly (the same templates, training set and initial weights).

# %%
task, train = AdditionTask.original(seed=58)
history, snapshots, _ = gx.train_toy(task, train[None], [58], steps=cfg.showcase_steps,
                                     width=cfg.showcase_width, log_every=50, snapshot_every=50,
                                     device=device, desc="seed 58")
along = gx.prediction_along_training(task, train, snapshots, history)
milestones = {name: int(fits.first_step(history, col, thr).fillna(-1).iloc[0]) for name, col, thr in
              [("train acc ≥ 0.9", "train_acc", 0.9), ("test acc ≥ 0.9", "test_acc", 0.9),
               ("RQI ≥ 0.95", "rqi", 0.95)]}
print("first step at which (−1: never)", milestones)
card.check("rqi-before-test", [milestones["RQI ≥ 0.95"], milestones["test acc ≥ 0.9"]]);

# %% mystnb={"figure": {"caption": "The seed-58 run. (a) Training accuracy rises first, the representation quality index (RQI, the share of parallelograms i+n = j+m the embeddings close) next, test accuracy last. (b) The ten one-dimensional embeddings spread out from their random start into an evenly spaced line, an arithmetic progression. (c) Accuracy predicted from the embeddings alone, Â, against the measured accuracy over all 55 samples.", "name": "grok-showcase"}}
plots.plot_showcase(history, snapshots, along);

# %% [markdown]
# The embeddings order themselves by value and space out evenly: the network has found the
# *linear* representation $E_i = a + b\,i$, for which $E_i + E_j$ depends on $i + j$ only.
# Its quality is measured by the RQI; the original run reaches RQI > 0.95 at step ~800,
# before test accuracy passes 0.9 at ~1530.
#
# ## Accuracy predicted from the representation
#
# If the embeddings close the parallelogram $E_i + E_j = E_m + E_n$ and $(m, n)$ is a
# training sample, the decoder must answer $(i, j)$ correctly too. Counting the test
# samples linked to the training set by closed parallelograms predicts the accuracy, $\hat A$,
# from the representation alone (the paper's Figure 3). $\hat A$ counts the training samples
# as correct, which they are only once they are fitted, so the comparison along the run is
# made, as decided before measuring, **over the steps after training accuracy reaches 1**.

# %%
fitted = along[along.train_acc >= 1.0]
gap_in_time = float((fitted.accuracy - fitted.predicted).abs().mean()) if len(fitted) else float("nan")
print(f"mean |Acc − Â| after the training set is fitted: {gap_in_time:.4f} over {len(fitted)} snapshots")
card.check("a-hat-in-time", gap_in_time, reason="window: steps after train accuracy reaches 1");

# %% [markdown]
# The paper's Figure 3 makes the comparison across training sets: one run per training-set
# size and seed, comparing $\hat A$ and the measured accuracy at the end. All these runs
# train together as one batched model.
#
# ```{note}
# At the standard profile the many-training-set runs and the phase diagram use a decoder of
# width 64 instead of 200, which makes them about four times cheaper; the single run above,
# and the paper profile, use the paper's width. The widths and step counts of each profile
# are in `src/physai/grokking/config.py`.
# ```

# %%
sets = [(n, s) for n in cfg.sizes for s in cfg.seeds]
masks = np.stack([task.split(n, s) for n, s in sets])
sets_history, sets_snapshots, _ = gx.train_toy(
    task, masks, [s for _, s in sets], steps=cfg.sets_steps, width=cfg.sets_width, log_every=50,
    snapshot_every=cfg.sets_steps, device=device, desc="training sets")
final = gx.accuracy_vs_prediction(task, masks, sets_snapshots[cfg.sets_steps], sets_history, cfg.sets_steps)
gap_across_sets = float((final.accuracy - final.predicted).abs().mean())
train_fitted = sets_history[sets_history.step == cfg.sets_steps].train_acc.to_numpy() >= 1  # by model
fitted_runs = final[train_fitted]
print(f"mean |Acc − Â| at the end, over {len(final)} runs: {gap_across_sets:.4f}; "
      f"over the {len(fitted_runs)} runs that fit their training set: "
      f"{(fitted_runs.accuracy - fitted_runs.predicted).abs().mean():.4f}")
card.check("a-hat-across-sets", gap_across_sets, reason=f"{len(final)} runs, width {cfg.sets_width}");

# %% mystnb={"figure": {"caption": "Measured accuracy against the accuracy predicted from the embeddings, at the end of training, for training sets of 5 to 54 samples (colour) and three seeds. Points on the dashed diagonal are predicted exactly.", "name": "grok-prediction"}}
plots.plot_prediction_scatter(final);

# %% [markdown]
# Most points lie on the diagonal: the accuracy is what the representation allows. The
# points below it are runs with many training samples whose decoder has not yet fitted its
# training set at this profile's width and step count; $\hat A$ counts training samples as
# correct, so those runs fall short of it. The line above gives the gap over the fitted
# runs too; the scorecard keeps the rule fixed in advance, over all runs.
#
# ## The effective theory: when is the structure forced?
#
# Each training pair of samples with equal sums imposes $E_i + E_j = E_m + E_n$. Together
# these linear constraints either leave only the two trivial directions (a shift and a
# scale of the linear representation) — then the structure is *forced* and a network that
# satisfies them generalises — or leave other directions free. Sampling random training sets
# gives the probability that the structure is forced; the paper's table has 0.43 at 22
# samples and 0.70 at 24, and the critical fraction $r_c \approx 0.4$ where it crosses ½.
# Beside it, the mean final test accuracy of our trained networks of each size.

# %%
rc = pd.DataFrame({"n_train": cfg.rc_sizes})
rc["p_linear"] = [p_linear(task, n, cfg.rc_sets, seed=seed + n) for n in rc.n_train]
rc["fraction"] = rc.n_train / len(task.pairs)
r_c = critical_fraction(task, rc.n_train, rc.p_linear)
at_end = sets_history[sets_history.step == cfg.sets_steps].assign(n_train=masks.sum(1))
generalised = (at_end.groupby("n_train").test_acc.mean().reset_index()
               .assign(fraction=lambda d: d.n_train / len(task.pairs)))
p_at = dict(zip(rc.n_train, rc.p_linear))
print(f"P(22) = {p_at.get(22, float('nan')):.3f}, P(24) = {p_at.get(24, float('nan')):.3f}, r_c = {r_c:.3f}")
card.check("p-linear-22", p_at.get(22))
card.check("p-linear-24", p_at.get(24))
card.check("r-c", r_c);

# %% mystnb={"figure": {"caption": "Probability that a random training set forces the linear representation (line), and the mean final test accuracy of the trained networks (points), against the training fraction. The dashed line marks r_c, where the probability crosses one half.", "name": "grok-rc"}}
plots.plot_rc(rc, generalised, r_c);

# %% [markdown]
# ## The effective theory: how fast does the structure form?
#
# The effective loss $\ell_{\rm eff} = \sum_{P_0(D)} |E_i + E_j - E_m - E_n|^2 / \sum_k |E_k|^2$
# over the training parallelograms is quadratic near the linear solution; its Hessian's
# smallest non-trivial eigenvalue $\lambda_3$ sets the slowest relaxation rate, so the time
# to form the representation should scale as $1/(\lambda_3\,\eta)$ (the paper's Figure 4). We
# measure it two ways: the steps our networks (AdamW) take to reach RQI ≥ 0.95, and the steps
# plain gradient descent on $\ell_{\rm eff}$ itself takes, both against $1/\lambda_3$ for the
# same training sets. Rule fixed before measuring: a log–log slope of $-1 \pm 0.3$.

# %%
network = gx.representation_time(task, masks, sets_history)
forced = masks[[lambda3(task, m) > 0 for m in masks]][: cfg.effective_sets]
effective = pd.DataFrame({"lambda3": [lambda3(task, m) for m in forced],
                          "steps": [gx.effective_descent_time(task, m, seed=k) for k, m in enumerate(forced)]})
slopes = {"network, AdamW": fits.loglog_slope(network.lambda3, network.steps)[0],
          "gradient descent on ℓ_eff": fits.loglog_slope(effective.lambda3, effective.steps)[0]}
print({k: round(v, 2) for k, v in slopes.items()},
      f"| networks reaching RQI ≥ 0.95: {network.steps.notna().sum()} of {len(network)}")
for which, label in [("effective", "gradient descent on ℓ_eff"), ("network", "network, AdamW")]:
    card.check(f"lambda3-{which}", slopes[label], reason="log–log slope of steps against λ₃")

# %% mystnb={"figure": {"caption": "Steps to form the representation (RQI ≥ 0.95) against 1/λ₃, the inverse of the effective loss's slowest non-trivial curvature, on log axes. Left: the networks trained with AdamW. Right: gradient descent on the effective loss itself. The theory predicts slope 1 (time ∝ 1/λ₃); the titles give the fitted slope of steps against λ₃.", "name": "grok-lambda3"}}
plots.plot_lambda3(network, effective, slopes);

# %% [markdown]
# Gradient descent on the effective loss follows the theory: the time to form the
# representation grows close to linearly with $1/\lambda_3$. The networks trained with AdamW
# follow it only weakly (a slope near −0.4): Adam rescales every coordinate's step by the
# size of its recent gradients, which loosens the tie between curvature and speed (when this
# replication was planned, Adam on the effective loss alone gave a slope of −0.36). The
# paper's claim holds for the dynamics it derives, gradient descent on $\ell_{\rm eff}$, not
# for the optimizer the networks are trained with.
#
# ## The phase diagram
#
# Varying the decoder's learning rate and weight decay, each run falls into one of four
# phases (Section 5, Figure 5b): **comprehension** (train and test accuracy reach 90 %
# together), **grokking** (test accuracy reaches 90 % at least $10^3$ steps after train),
# **memorization** (only train) and **confusion** (neither). The paper finds grokking in a
# band between comprehension and memorization. All runs share the seed-58 task and
# initialisation and train as one batched model: the grid goes through the book's sweep
# engine (`physai.sweep.run_chunked`), which at the standard profile runs it as a single
# in-process chunk; the paper profile cuts it into chunks that are cached on disk (an
# interrupted grid resumes) and can run on a Ray cluster (`RAY_ADDRESS`).

# %%
grid = gx.phase_diagram(gx.toy_phase_cells, cfg.phase_lrs, cfg.phase_wds, seed=58, steps=cfg.phase_steps,
                        width=cfg.phase_width, log_every=50, device=str(device),
                        chunk_size=cfg.phase_chunk, cache=cfg.phase_cache)
phases = gx.phases_grid(grid, cfg.phase_lrs, cfg.phase_wds)
counts = {p: int((phases == p).sum()) for p in gx.PHASES}
goldilocks = gx.goldilocks_fraction(phases)
print(counts, f"| grokking cells with comprehension and memorization within 2 cells: {goldilocks:.2f}")
card.check("phases-all-four", counts, reason=f"{len(grid)} runs, {cfg.phase_steps} steps, width {cfg.phase_width}")
card.check("phases-goldilocks", goldilocks, reason="share of grokking cells with both neighbours within 2 cells");

# %% mystnb={"figure": {"caption": "Phase of each run over decoder learning rate and decoder weight decay, trained as one batched model.", "name": "grok-phases"}}
plots.plot_phases(phases, cfg.phase_lrs, cfg.phase_wds);

# %% [markdown]
# ## Transformers
#
# The paper repeats the phase diagram with a transformer on modular addition. Its
# grid is not in the code release, so ours is: notebook 05's one-layer transformer
# ($d = 128$, four heads, standard attention) on $a + b \bmod 53$ from half of the pairs,
# seven learning rates from $10^{-5}$ to $10^{-2}$ × six weight decays from 0 to 30, $10^4$
# steps, every cell one member of a stacked model (`gx.transformer_phase_cells`, in chunks). That is about
# nine CPU-hours here, so the standard profile does not run it; the paper profile does
# (`make execute NB=01 PROFILE=paper DEVICE=cuda`), and the smoke profile runs a 2 × 2 toy
# of it to keep the code path tested. When it runs, the cell below draws its phases with the
# colours of the figure above.

# %%
if cfg.transformer_lrs:
    t_grid = gx.phase_diagram(gx.transformer_phase_cells, cfg.transformer_lrs, cfg.transformer_wds,
                              lr_name="lr", wd_name="wd", p=cfg.transformer_p,
                              train_fraction=cfg.transformer_frac, width=cfg.transformer_width, seed=seed,
                              steps=cfg.transformer_steps, log_every=50, chunk_size=cfg.transformer_chunk,
                              cache=cfg.transformer_cache)
    t_phases = gx.phases_grid(t_grid, cfg.transformer_lrs, cfg.transformer_wds)
    t_counts = {p: int((t_phases == p).sum()) for p in gx.PHASES}
    print(t_counts)
    plots.plot_phases(t_phases, cfg.transformer_lrs, cfg.transformer_wds, "learning rate", "weight decay")
    card.check("transformer-phases", t_counts,
               reason=f"{len(cfg.transformer_lrs) * len(cfg.transformer_wds)} runs, p = {cfg.transformer_p}, "
                      f"{cfg.transformer_steps} steps, width {cfg.transformer_width}")
else:
    print(f"profile {profile}: the transformer phase diagram runs at the paper profile only")
    card.not_testable("transformer-phases", "a 42-run grid of d = 128 transformers for 10⁴ steps is ~9 CPU-hours "
                      "here; run it with: make execute NB=01 PROFILE=paper DEVICE=cuda")

# %% [markdown]
#
# ## Scorecard
#
# The claims and their rules are declared in `physai/grokking/claims.py`, before measuring:
# Â within 0.03 of the accuracy (mean absolute difference) after the training set is fitted,
# and across training sets at the end of training; time to form the representation ∝ 1/λ₃,
# log–log slope −1 ± 0.3; all four phases present; at least half of the grokking cells with
# both comprehension and memorization within two grid cells. P(linear) within 0.05 of the
# paper's 0.43 (22 samples) and 0.70 (24) and r_c within 0.05 of 0.4 are *method* checks:
# they test the counting of forced training sets, not the training of a network. So is the
# slope under gradient descent on $\ell_{\rm eff}$, which the theory fixes for its own
# dynamics; the trained networks' slope is the paper claim.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();
