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
# memorization. (The abstract also places representation learning in a Goldilocks zone
# between memorization and confusion; that one has no row here. For grokking between
# comprehension and memorization we register a statistic that the original's own stored
# phase diagrams pass, but our standard grid is too coarse for it to decide, see the
# phase-diagram section.)
#
# This notebook re-implements the toy model (`physai.grokking`), checks each of these
# claims, and trains each phase diagram as one batched model; a reduced transformer phase
# diagram closes the chapter.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import numpy as np
import pandas as pd
from IPython.display import display

from physai import fits, plotting, profiles, runtime
from physai.grokking import experiments as gx, original as og, plots
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

# %% mystnb={"figure": {"caption": "The seed-58 run. (a) Training accuracy rises first, the representation quality index (RQI, the share of parallelograms i+n = j+m the embeddings close) next, test accuracy last. (b) The ten one-dimensional embeddings spread out from their random start into an evenly spaced line, an arithmetic progression. (c) Accuracy predicted from the embeddings alone, Â (dashed), and the measured accuracy (solid), over all 55 samples (blue) and over the 10 test samples (red), for the whole run.", "name": "grok-showcase"}}
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
# as correct, which they are only once they are fitted. The paper's Figure 3 compares final
# values across training sets (the original's figure script stores only the final $\hat A$
# and accuracy); that is the paper row below. During a single run we record the mean gap
# between $\hat A$ and the accuracy over all 55 samples at every snapshot, from step 0 to
# the end (shown, not scored: see below), and, as our own row, by how many steps $\hat A$ on
# the test samples runs ahead of the test accuracy (both to 0.9).

# %%
gap = (along.accuracy - along.predicted).abs()
gap_in_time, lead = float(gap.mean()), gx.lead_steps(along)
fitted = along.train_acc >= 1.0
print(f"mean |Acc − Â| over all {len(along)} snapshots: {gap_in_time:.4f} "
      f"(before train accuracy reaches 1: {gap[~fitted].mean():.3f}; after: {gap[fitted].mean():.3f})")
print(f"test-set Â reaches 0.9 {lead:.0f} steps before the test accuracy does")
card.not_testable("a-hat-in-time", f"decided by run length: mean gap {gap_in_time:.2f} over step 0 to "
                  f"{cfg.showcase_steps} ({gap[~fitted].mean():.2f} before the training set is fitted, "
                  f"{gap[fitted].mean():.2f} after)")
card.check("a-hat-lead", lead, reason="snapshots every 50 steps");

# %% [markdown]
# Over the whole run the mean gap is 0.15. Our row that bounded it (≤ 0.03) is now **not
# testable here**: the mean is decided by run length, not by the representation. All of
# the gap comes before the training set is fitted (0.30 before step 2500, 0.000 after), so
# the bound fails at 5000 steps and would pass from about 25 000 (the original code run the
# same way gives 0.12 at its length). It is not a paper claim either. The gap comes
# from two sources panel (c) shows. At step 0, $\hat A$ already counts the 45 training
# samples as correct (0.82) while the network answers almost none; and from about step 800
# the embeddings close enough parallelograms to predict every test sample (test-set
# $\hat A = 1$) while the decoder still answers most of them wrongly (test accuracy 0.3 at
# step 1000). $\hat A$ is the accuracy the representation allows, and the network reaches it
# once the decoder catches up: the test-set $\hat A$ reaches 0.9 800 steps before the test
# accuracy does. The representation leads and the accuracy follows; $\hat A$ predicts where
# the accuracy ends, not where it is during the run.
#
#
# The paper's Figure 3 makes the comparison across training sets: one run per training-set
# size and seed, comparing $\hat A$ and the measured accuracy at the end. All these runs
# train together as one batched model.
#
# ```{note}
# At the standard profile the many-training-set runs use a decoder of width 128 for 5000
# steps (the original's Figure 3 run length; width 64 left many training sets unfitted,
# which $\hat A$ assumes away), and the phase diagrams width 64 for 8000 steps on coarser
# grids than the original's; the single run above, and the paper profile, use the paper's
# width 200. The widths, steps and grids of each profile are in
# `src/physai/grokking/config.py`.
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
print(f"control: Â replaced by the training fraction (training samples right, no test sample): "
      f"{(final.accuracy - final.train_fraction).abs().mean():.4f}")
card.check("a-hat-across-sets", gap_across_sets, reason=f"{len(final)} runs, width {cfg.sets_width}");

# %% mystnb={"figure": {"caption": "Measured accuracy against the accuracy predicted from the embeddings, at the end of training, for training sets of 5 to 54 samples (colour) and three seeds. Points on the dashed diagonal are predicted exactly.", "name": "grok-prediction"}}
plots.plot_prediction_scatter(final);

# %% [markdown]
# With a decoder that fits its training set (32 of the 33 runs at width 128 by step
# 5000), the points lie on the diagonal: mean $|{\rm Acc} - \hat A| = 0.015$ over all 33
# runs (0.010 over the 32 fitted ones), within the rule's 0.03: **reproduced**. A null that
# predicts only the training samples right (Â = training fraction) scores the value printed
# as "control" above, 0.109, well outside 0.03. At width 64
# and 6000 steps, where only 19 runs had fitted, the same rule gave 0.045: the gap came from
# unfitted training sets, which $\hat A$ counts as correct.
#
# ## The effective theory: when is the structure forced?
#
# Each training pair of samples with equal sums imposes $E_i + E_j = E_m + E_n$. Together
# these linear constraints either leave only the two trivial directions (a shift and a
# scale of the linear representation) — then the structure is *forced* and a network that
# satisfies them generalises — or leave other directions free. Sampling random training sets
# gives the probability that the structure is forced; the paper's table has 0.43 at 22
# samples and 0.70 at 24, and the critical fraction $r_c \approx 0.4$ where it crosses ½.
# That counting is a *method* check. The physics is whether trained networks follow it:
# the paper's claim is that networks generalise above $r_c$ and not below. We score it on
# the runs above, counting only the runs that *can* reach test accuracy 0.9: a test sample
# whose sum never occurs in the training set asks for a template the decoder was never
# trained to produce, so no representation answers it, and a training set's *ceiling* is
# the share of its test samples whose sum does occur. Rule: among the forced training sets
# above $r_c$ whose ceiling is at least 0.9, at least half reach test accuracy 0.9 (and
# there are at least 5 such sets). Below $r_c$ no set of ours has a ceiling of 0.9, so the
# "not below" half cannot be tested on these runs.

# %%
rc = pd.DataFrame({"n_train": cfg.rc_sizes})
rc["p_linear"] = [p_linear(task, n, cfg.rc_sets, seed=seed + n) for n in rc.n_train]
rc["fraction"] = rc.n_train / len(task.pairs)
r_c = critical_fraction(task, rc.n_train, rc.p_linear)
at_end = sets_history[sets_history.step == cfg.sets_steps].assign(n_train=masks.sum(1))
at_end = at_end.assign(fraction=at_end.n_train / len(task.pairs), generalised=gx.reaches(at_end.test_acc))
generalised = (at_end.groupby("n_train").agg(test_acc=("test_acc", "mean"), share=("generalised", "mean"))
               .reset_index().assign(fraction=lambda d: d.n_train / len(task.pairs)))
shares = gx.generalisation_shares(at_end.test_acc, at_end.fraction, r_c)
at_end = at_end.assign(forced=[lambda3(task, masks[k]) > 0 for k in at_end.model],
                       ceiling=[task.ideal_test_accuracy(masks[k]) for k in at_end.model],
                       seed=[sets[k][1] for k in at_end.model])
can = gx.ceiling_counts(at_end.test_acc, at_end.forced, at_end.ceiling, at_end.fraction, r_c)
p_at = dict(zip(rc.n_train, rc.p_linear))
print(f"P(22) = {p_at.get(22, float('nan')):.3f}, P(24) = {p_at.get(24, float('nan')):.3f}, r_c = {r_c:.3f}")
print(f"share of runs with final test accuracy ≥ 0.9: below r_c {shares[0]:.2f}, above r_c {shares[1]:.2f}")
print("final test accuracy / ceiling (* forced), by training-set size and seed:")
print(at_end.assign(run=[f"{t:.2f}/{c:.2f}{'*' if f else ' '}" for t, c, f in
                         zip(at_end.test_acc, at_end.ceiling, at_end.forced)])
      .pivot(index="n_train", columns="seed", values="run").to_string())
print(f"forced sets above r_c with ceiling ≥ 0.9: {can[0]}; reaching test accuracy 0.9: {can[1]}")
card.check("p-linear-22", p_at.get(22))
card.check("p-linear-24", p_at.get(24))
card.check("r-c", r_c)
card.check("rc-generalisation", can, reason=f"{len(at_end)} runs, width {cfg.sets_width}, {cfg.sets_steps} steps");

# %% mystnb={"figure": {"caption": "Probability that a random training set forces the linear representation (line), and for the trained networks of each training-set size (three seeds) the mean final test accuracy (dots) and the share that generalise, test accuracy ≥ 0.9 (squares), against the training fraction. The dashed line marks r_c, where the probability crosses one half.", "name": "grok-rc"}}
plots.plot_rc(rc, generalised, r_c);

# %% [markdown]
# The counting reproduces the paper's table: P(22) = 0.427, P(24) = 0.701 and
# $r_c = 0.409$. None of the 12 runs below $r_c$ generalises, and 9 of the 21 above it do
# (0.43). That share cannot test the theory: 11 of the 21 forced sets above $r_c$ have a
# ceiling below 0.9 (0.57–0.87: the 25-sample sets, the 45-sample sets at 0.70–0.80, and
# one or two seeds at 30, 35 and 40 samples), so at most 10 could reach 0.9 whatever the
# network learns. The previous round's rule (at least ½ of all 21) could not pass, and its
# "not reproduced" said nothing about the networks; the round-3 referee found this, and the
# rule above was registered after that finding (the referee had counted these runs; the
# row's caveat says so). Of the 10 forced sets that can reach 0.9, 9 do: **reproduced**.
# The one that does not (30 samples, seed 1, ceiling 0.92) never forms the representation
# within 5000 steps. Forcing is necessary, and with a decoder that finds the structure it
# is nearly sufficient: the next section's table crosses forced, formed and generalised
# run by run. Below $r_c$ every set here has a ceiling of 0.22–0.74, so "not below" is not
# tested by these runs (see generalised-forced).
#
#
# ## The effective theory: how fast does the structure form?
#
# The effective loss $\ell_{\rm eff} = \sum_{P_0(D)} |E_i + E_j - E_m - E_n|^2 / \sum_k |E_k|^2$
# over the training parallelograms is quadratic near the linear solution; its Hessian's
# smallest non-trivial eigenvalue $\lambda_3$ sets the slowest relaxation rate, so the time
# to form the representation should scale as $1/(\lambda_3\,\eta)$ (the paper's Figure 4). We
# measure it three ways, each against $1/\lambda_3$: the steps our networks take to reach
# RQI ≥ 0.95 when trained as the paper trains them (AdamW on everything), the steps the same
# networks take when their embeddings follow plain gradient descent (the theory's dynamics;
# the decoder keeps AdamW), and the steps plain gradient descent on $\ell_{\rm eff}$ itself
# takes, with RQI checked after every step, on random training sets drawn until
# 60 of them (at the standard profile) force the structure. Rule fixed before measuring: a log–log
# slope of $-1 \pm 0.3$.
#
# ```{note}
# The embeddings' gradient-descent step, 1.0, was chosen before this run on six forced
# training sets (3000 steps, steps from 10⁻² to 10): it is the step at which the
# embeddings formed the structure most often (two of six); smaller steps barely move them,
# larger ones did no better. The slope was not looked at.
# ```

# %%
network = gx.representation_time(task, masks, sets_history)
on_forced = [k for k, m in enumerate(masks) if lambda3(task, m) > 0]  # the sets with a λ₃
gd_history, _, _ = gx.train_toy(task, masks[on_forced], [sets[k][1] for k in on_forced], steps=cfg.sets_steps,
                                width=cfg.sets_width, emb_sgd_lr=cfg.sgd_lr, log_every=50, device=device,
                                desc="GD on the embeddings")
network_gd = gx.representation_time(task, masks[on_forced], gd_history)
forced = gx.forced_sets(task, cfg.sizes, cfg.effective_sets, seed=seed)
effective = pd.DataFrame({"lambda3": [lambda3(task, m) for m in forced],
                          "steps": [gx.effective_descent_time(task, m, seed=k) for k, m in enumerate(forced)]})
tables = {"network, AdamW": network, "network, GD on embeddings": network_gd, "GD on ℓ_eff": effective}
slopes = {label: fits.loglog_slope(t.lambda3, t.steps)[0] for label, t in tables.items()}
print({k: round(v, 2) for k, v in slopes.items()})
print({k: f"{t.steps.notna().sum()} of {len(t)} reach RQI ≥ 0.95" for k, t in tables.items()})
for which, label in [("effective", "GD on ℓ_eff"), ("network", "network, AdamW"),
                     ("network-sgd", "network, GD on embeddings")]:
    card.check(f"lambda3-{which}", slopes[label], reason="log–log slope of steps against λ₃")

# %% mystnb={"figure": {"caption": "Steps to form the representation (RQI ≥ 0.95) against 1/λ₃, the inverse of the effective loss's slowest non-trivial curvature, on log axes. Left: the networks trained with AdamW. Middle: the same networks with plain gradient descent on the embeddings. Right: gradient descent on the effective loss itself. The theory predicts slope 1 (time ∝ 1/λ₃, the dashed grey line through the points' geometric mean); the titles give the fitted slope of steps against λ₃ and the number of runs that formed the representation.", "name": "grok-lambda3"}}
plots.plot_lambda3(tables, slopes);

# %% [markdown]
# Gradient descent on the effective loss follows the theory: with RQI checked after every
# step, the slope over 60 forced training sets is −0.89, within the rule. (In a probe
# during the audit, not repeated in this run, the same every-step measurement on the 21
# forced sets among the 33 training sets above gave −1.00: the slope moves by about 0.1
# between draws of training sets.) The networks trained as the paper trains them, with AdamW, follow it only weakly: slope −0.28
# over the 15 of 33 runs that form the representation within 5000 steps: **not
# reproduced**. Adam rescales every coordinate's step by the size of its recent gradients,
# which loosens the tie between curvature and speed (Adam on the effective loss alone gave a
# slope of −0.36 in a probe during the audit, not repeated here). The slope on networks is
# our operationalisation of Figure 4 (the original code computes no λ₃ for its networks),
# and it is censored: runs that never form the representation within the run are dropped,
# which pulls the fitted slope towards 0. With plain gradient descent on the embeddings, the theory's own dynamics
# inside the network (the decoder still AdamW), the slope steepens to −0.52 and 16 of the 21
# forced sets form the structure, but it does not reach −1: the decoder's fitting enters the
# embeddings' gradient, so the network's loss is not the effective loss. The claim holds for
# the dynamics the theory derives; inside a trained network the optimizer and the decoder
# weaken it.
#
# The paper's Figure 4(c, d) compares the two trajectories directly: the ten embeddings of
# the seed-58 network over training, and gradient descent on $\ell_{\rm eff}$ started from
# the same initial embeddings (step 10⁻³, the original's embedding learning rate; the
# seed-58 training set). Shown, not scored: the
# row above already scores the time scale, and the end state is the linear structure in
# both by construction of a forced training set.

# %%
eff_steps, eff_path = gx.effective_trajectory(task, train, snapshots[0][0, :, 0], lr=1e-3, steps=600, every=2)
net_end = snapshots[max(snapshots)][0, :, 0]
net_end = (net_end - net_end.mean()) / net_end.std(ddof=1)
sign = np.sign(np.dot(net_end, eff_path[-1]))
print(f"standardised end states, largest difference: {np.abs(sign * net_end - eff_path[-1]).max():.3f} "
      f"(the same ordering: {bool((np.argsort(sign * net_end) == np.argsort(eff_path[-1])).all())})")

# %% mystnb={"figure": {"caption": "The ten standardised one-dimensional embeddings over time (the paper's Fig. 4c, d): (c) under gradient descent on the effective loss from the seed-58 network's initial embeddings; (d) in the seed-58 network trained with AdamW (snapshots every 50 steps). Both spread from the same random start into an evenly spaced line, on different clocks (plain steps of 10⁻³ on ℓ_eff; AdamW's 10⁻³ with a decoder in the loop).", "name": "grok-trajectories"}}
plots.plot_trajectories(eff_steps, eff_path, snapshots);

# %% [markdown]
# From the same random start the embeddings cross over in both (4 falls from the top to the
# middle, 0 and 9 take the ends) and settle on an evenly spaced line. The end states agree
# (largest difference 0.003, the same order), but that is guaranteed, not evidence: on a
# forced training set both must end on the linear structure, and standardising and
# aligning the sign leaves only one such line. What the figure can show is the path, which
# we compare by eye only; gradient descent on $\ell_{\rm eff}$ gets there in about 200
# steps, the network in about 1000, while its decoder fits (the λ₃ rows above score the
# time scale).
#
# Run by run, for the 33 AdamW networks: is the training set forced (λ₃ > 0), did the
# representation form (RQI ≥ 0.95 at some step), and did the network generalise (final test
# accuracy ≥ 0.9)?

# %%
end = at_end.set_index("model")
runs = network.assign(forced=network.lambda3 > 0, formed=network.steps.notna(),
                      generalised=end.generalised.loc[network.model].to_numpy(),
                      final_rqi=end.rqi.loc[network.model].to_numpy(),
                      final_test=end.test_acc.loc[network.model].to_numpy())
runs["ceiling"] = [task.ideal_test_accuracy(masks[k]) for k in runs.model]  # test samples whose sum is trained
print(pd.crosstab([runs.forced, runs.formed], runs.generalised, margins=True))
print(runs[runs.forced & runs.formed & ~runs.generalised]
      [["n_train", "steps", "final_rqi", "final_test", "ceiling"]].round(3).to_string(index=False))

# %% [markdown]
# No run whose training set is unforced generalises (0 of 12), and every run that
# generalises has a forced set on which the representation formed (9 of 9): generalised ⇒
# forced and formed, as the theory says. The converse fails twice. Six forced sets never
# form the representation within 5000 steps and do not generalise. Six others form it (RQI
# ≥ 0.95 between steps 850 and 1850, RQI 1.0 at the end) and end with test accuracy
# 0.67–0.87: in every one of the six exactly its *ceiling*, the share of its test samples
# whose sum occurs in the training set (last column). A test sample whose sum never occurs
# in training asks for a template the decoder was never trained to produce, so no
# representation can answer it; these six runs answer every other test sample. A forced
# set fixes the representation, not the answers it has never seen, so "forced and formed"
# generalises up to that ceiling, and the ceiling is below 0.9 for these six sets. (The
# share above now counts a test accuracy of exactly 0.9, 9 of 10 test samples, as the table
# does: 9 of 21 above $r_c$, where the previous round's float64 comparison counted 8.)
#
# The paper's physical claim, restated as the theory states it: a network generalises
# only on a training set that forces the structure (generalised ⇒ forced). We print the
# count for our runs and for the original's stored Figure 3 runs (its own training sets,
# rebuilt from its seeds; it stores only the final accuracy over all 55 samples, so the
# test accuracy is read as if each run fitted its training set), but neither can test it
# (below). And over the same 33 runs, the first claim of the notebook on more than one run:
# in every run whose test accuracy reaches 0.9, does the representation form first?

# %%
forced_counts = [int((runs.generalised & ~runs.forced).sum()), int(runs.generalised.sum())]
orig3 = gx.original_fig3_runs().assign(generalised=lambda d: gx.reaches(d.test_if_fitted))
orig_counts = [int((orig3.generalised & ~orig3.forced).sum()), int(orig3.generalised.sum())]
print(f"ours: generalised runs with an unforced set {forced_counts[0]} of {forced_counts[1]}; "
      f"original's Fig. 3 runs (read as fitted): {orig_counts[0]} of {orig_counts[1]}, "
      f"{int((orig3.generalised & (orig3.fraction < r_c)).sum())} below r_c; highest ceiling of an unforced set: "
      f"ours {runs.ceiling[~runs.forced].max():.2f}, the original's {orig3.ceiling[~orig3.forced].max():.2f}")
first = gx.formed_first(sets_history)
print(f"runs whose test accuracy reaches 0.9: {first[1]}; RQI ≥ 0.95 at an earlier logged step in {first[0]}")
test_step = fits.first_step(sets_history, "test_acc", 0.9)
reached = runs.assign(seed=[sets[k][1] for k in runs.model], rqi_step=runs.steps,
                      test_step=test_step.loc[runs.model].to_numpy(), test_samples=len(task.pairs) - runs.n_train)
print(reached[reached.test_step.notna()][["n_train", "seed", "test_samples", "rqi_step", "test_step", "final_test"]]
      .to_string(index=False))
card.check("rqi-before-test-runs", first, reason=f"{len(masks)} runs, width {cfg.sets_width}, logged every 50 steps")
card.not_testable("generalised-forced", f"no unforced set with ceiling ≥ 0.9 (highest "
                  f"{runs.ceiling[~runs.forced].max():.2f}): ours {forced_counts}, the original's Fig. 3 runs "
                  f"{orig_counts}, could fail only if no run generalised");

# %% [markdown]
# No run that generalises has an unforced training set (0 of 9; the original's Figure 3
# runs, read as fitted: 0 of 4). That cannot test the claim: every unforced set among our
# runs is a 5–20-sample set with a ceiling of 0.22–0.74, so none could reach 0.9 whatever
# its representation, and the same holds for the original's unforced sets (ceilings ≤
# 0.71), which therefore cannot serve as a positive control. The previous round called
# this row reproduced, with a chance argument ($\binom{21}{9}/\binom{33}{9} \approx 0.008$)
# that ignored set size and ceiling; the round-3 referee found the rule could fail only if
# no run generalised. Now: **not testable here**. A fair test needs unforced training sets
# that could reach 0.9, drawn at 25–35 samples (about 5–20 % of such sets are unforced) and
# trained in the same batch: the next round's run.
#
# The representation forms before the test accuracy reaches 0.9 in only 6 of the 9 runs that
# reach it: **not reproduced** as registered (every run). The three exceptions are the
# three 54-sample runs, whose test set is a single sample: it is answered right at steps 50,
# 600 and 800, before the representation forms (700–850), by the decoder's interpolation
# or by chance, and one right answer is a test accuracy of 1. In the six runs with 5 to 20
# test samples the representation forms first, 350 to 3400 steps ahead. The rule counted a
# one-sample test set as evidence of generalisation; we keep the verdict and say why. The
# rule was registered before the run and failed fairly; a rule counting only runs with at
# least 5 test samples would be a fair one for the next round, registered before its run.
#
# ## The phase diagram
#
# Varying the decoder's learning rate and weight decay, each run falls into one of four
# phases (Section 5, Figure 6b): **comprehension** (train and test accuracy reach 90 %
# together), **grokking** (test accuracy reaches 90 % at least $10^3$ steps after train),
# **memorization** (only train) and **confusion** (neither). The paper finds grokking in a
# band between comprehension and memorization ("sandwiched", in its words). We test it
# along the grid's lines: in every row and column, wherever comprehension and memorization
# meet, either directly (C|M) or with a run of grokking cells between them (C|G|M), we
# count the share of those transitions that pass through grokking, and ask that it exceed
# the 95th percentile of the same share with the grid's labels shuffled (1000
# shufflings). This rule was checked on the original's own stored phase diagrams before it
# was applied to ours (a first rule, registered last round, failed them): its Figure 6b data
# pass, and so does its 10⁴-step `toy/results/fig5b` grid, both printed below. But the
# original's fig5b data taken only at our grid's points (every other decoder learning
# rate) fail it: the grokking band is one or two learning-rate steps thick and a coarse
# lattice steps over it. So the row is scored only where the original's stored grid, taken
# at the same points as ours, passes the same rule (a positive control computed here);
# otherwise it is *not testable here*, whatever our grid shows. All runs
# share the seed-58 task and
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
share = gx.transition_share(phases)
null = gx.shuffled_null(phases, gx.transition_share, cfg.null_shuffles, seed=seed)
null_p95 = float(np.percentile(null, 95))
print(counts, f"| ours: share of C↔M transitions through grokking {share:.3f}, shuffled 95th percentile {null_p95:.3f}")
card.check("phases-all-four", counts, reason=f"{len(grid)} runs, {cfg.phase_steps} steps, width {cfg.phase_width}")

# %% [markdown]
# The positive control: the same statistic on the original's stored grids (the
# `physai.grokking.original` module holds its first steps to 0.9 train and test accuracy),
# whole and at our grid's points.

# %%
stored = {"Fig. 6b data, 11 × 11, 10⁵ steps": gx.phases_from_steps(og.FIG6B_TRAIN, og.FIG6B_TEST, og.FIG6B_STEPS - 1),
          "fig5b, 10 × 11, 10⁴ steps": gx.phases_from_steps(og.FIG5B_TRAIN, og.FIG5B_TEST, og.FIG5B_STEPS - 1)}
stored["fig5b at our grid's points"] = gx.on_lattice(stored["fig5b, 10 × 11, 10⁴ steps"], og.FIG5B_LRS,
                                                     og.FIG5B_WDS, cfg.phase_lrs, cfg.phase_wds)
control_rows = []
for name, ph in stored.items():
    p95 = float(np.percentile(gx.shuffled_null(ph, gx.transition_share, cfg.null_shuffles, seed=seed), 95))
    control_rows.append({"grid (original's stored results)": name, "share": round(gx.transition_share(ph), 3),
                         "shuffled 95th percentile": round(p95, 3), "passes": gx.transition_share(ph) > p95})
control = pd.DataFrame(control_rows)
print(control.to_string(index=False))
if control.passes.iloc[-1]:  # the original's data at our points pass: our grid can decide the row
    card.check("phases-goldilocks", share, control=null_p95, reason=f"{cfg.null_shuffles} shufflings")
else:
    card.not_testable("phases-goldilocks", "grid too coarse: the original's stored fig5b data at the same points "
                      f"fail the rule ({control.share.iloc[-1]:.3f} vs {control['shuffled 95th percentile'].iloc[-1]:.3f}); "
                      f"ours, described: {share:.3f} vs {null_p95:.3f}");

# %% mystnb={"figure": {"caption": "Phase of each run over decoder learning rate and decoder weight decay, embedding learning rate 10⁻³: our analogue of the paper's Fig. 6b at a smaller scale (decoder width 64, 8000 steps, a 5 × 11 grid, one seed; the paper: width 200, 10⁵ steps), trained as one batched model.", "name": "grok-phases"}}
plots.plot_phases(phases, cfg.phase_lrs, cfg.phase_wds);

# %% [markdown]
# All four phases appear on this coarser grid (5 comprehension, 4 grokking, 12
# memorization and 34 confusion cells of 55): **reproduced**, but on the presence of the
# labels only, and our grokking is partly misplaced. Grokking sits at a low decoder
# learning rate ($10^{-4}$, weight decay 0–2) and at the top edge of the comprehension cells
# ($4.6 \times 10^{-4}$, weight decay 4). The three cells at $10^{-4}$ are *comprehension*
# in the original's stored fig5b results on the same points: there the test accuracy
# follows the training accuracy by 387–457 steps, under the $10^3$-step threshold, while our
# width-64 decoder delays it past $10^3$ steps. The row asks only that each phase appear
# somewhere, so it passes; where the phases sit is what phases-goldilocks tests. The original's stored results on the same 5 × 11
# points (width 200) have 7 comprehension, 9 grokking, 26 memorization and 13 confusion
# cells, against our 5/4/12/34: our width-64 decoder memorizes or stays confused where the
# original's generalises. The Goldilocks statistic on our grid is 0.286 against a
# shuffled 95th percentile of 0.333 (below it), but the positive control says our grid
# cannot decide: the original's own fig5b data at our 55 points score 0.125 against 0.308
# and fail the same rule, while its full 10 × 11 grid passes (0.462 against 0.269), and so
# do its Figure 6b data (0.364 against 0.222). At our lattice the rule fails on the
# original as well, so it cannot test the paper there: **not testable here** at the
# standard profile. The paper profile runs the original's fig5b grid (10 × 11, width 200,
# 10⁴ steps), at which the control passes, and decides the row. Unlike the paper's diagram, strong weight decay gives confusion
# here rather than memorization: a width-64 decoder under strong decay does not fit the
# training set within 8000 steps.
#
# The abstract also names a Goldilocks zone between memorization and confusion. It has no
# row, because the comparable statistic fails on the original's own grids: the share of
# memorization↔confusion transitions along grid lines that pass through a grokking or
# comprehension cell (rather than touching directly) is
# 0.0 on the Figure 6b data against a shuffled 95th percentile of 0.292, and 0.129 against
# 0.294 on fig5b (the round-3 referee's count). A rule the original's data fail cannot
# test ours.
#
# ### Representation against decoder learning rate
#
# The paper's Figure 6a varies the two learning rates instead, with no weight decay: the
# representation's (the embeddings') and the decoder's. Its picture is a race: a decoder
# that learns fast relative to the representation fits the training set before the
# structure forms and memorizes. We test that all four phases appear in this plane, and,
# as our own reading of the figure, that memorization cells sit at a higher ratio of decoder
# to embedding learning rate than comprehension cells, by more than the same labels
# shuffled over the grid place them (95th percentile of 1000 shufflings; the order alone
# holds on about half of all shufflings, 47 % in this run).

# %%
lrlr = gx.phase_diagram(gx.toy_phase_cells, cfg.lrlr_emb_lrs, cfg.lrlr_dec_lrs, lr_name="emb_lr",
                        wd_name="dec_lr", dec_wd=0.0, seed=58, steps=cfg.phase_steps, width=cfg.phase_width,
                        log_every=50, device=str(device), chunk_size=cfg.phase_chunk, cache=cfg.phase_cache)
lrlr_phases = gx.phases_grid(lrlr, cfg.lrlr_emb_lrs, cfg.lrlr_dec_lrs)
lrlr_counts = {p: int((lrlr_phases == p).sum()) for p in gx.PHASES}
ratios = gx.ratio_medians(lrlr_phases, cfg.lrlr_emb_lrs, cfg.lrlr_dec_lrs)
ratio_null = gx.shuffled_null(lrlr_phases, lambda ph: np.diff(gx.ratio_medians(ph, cfg.lrlr_emb_lrs,
                                                                               cfg.lrlr_dec_lrs))[0],
                              cfg.null_shuffles, seed=seed)
ratio_p95 = float(np.nanpercentile(ratio_null, 95)) if np.isfinite(ratio_null).any() else float("nan")
print(lrlr_counts, "| median log10(decoder lr / embedding lr): comprehension "
      f"{ratios[0]:.2f}, memorization {ratios[1]:.2f}; difference {ratios[1] - ratios[0]:.2f}, shuffled "
      f"95th percentile {ratio_p95:.2f}, share of shufflings with memorization above: "
      f"{np.mean(ratio_null > 0):.2f}")
card.check("phases-lr-lr", lrlr_counts, reason=f"{len(lrlr)} runs, {cfg.phase_steps} steps, width {cfg.phase_width}")
card.check("phases-lr-ratio", ratios, control=ratio_p95, reason=f"{cfg.null_shuffles} shufflings");

# %% mystnb={"figure": {"caption": "Phase of each run over embedding (representation) learning rate and decoder learning rate, no weight decay: our analogue of the paper's Fig. 6a at a smaller scale (decoder width 64, 8000 steps, a 5 × 5 grid, one seed; the paper: width 200, 10⁵ steps), trained as one batched model.", "name": "grok-phases-lr"}}
plots.plot_phases(lrlr_phases, cfg.lrlr_emb_lrs, cfg.lrlr_dec_lrs, "embedding learning rate", "decoder learning rate");

# %% [markdown]
# No grokking cell appears on this 5 × 5 grid (4 comprehension, 13 memorization, 8
# confusion cells): **not reproduced**. Resolution and run length do not explain it: on the
# identical 5 × 5 lattice the original's stored results (`toy/results/fig5a`, width 200,
# seed 58, 10⁴ steps) have two grokking cells, at embedding learning rates $10^{-3}$ and
# $4.6 \times 10^{-3}$ with decoder learning rate $4.6 \times 10^{-5}$ (first steps to 0.9
# train/test accuracy 1995/3319 and 2211/3475, well inside our 8000 steps); ours labels both
# memorization. The decoder's width, 64 here against the original's 200, is the likely
# difference but is not tested in this notebook. What supports it is a measurement recorded
# in `shared/papers/01_grokking.md`: this batched engine at width 200, on the original's
# full 10 × 11 decoder-lr × weight-decay grid for 10⁴ steps, gave the same phase as the
# original's stored results in 104 of 110 cells (a different plane from this one). So this
# row is not reproduced *at our scale* (the paper profile runs width 200). The layout is the race the paper describes: memorization
# fills the cells where the decoder's learning rate exceeds the embeddings' (median log₁₀
# ratio +0.67), comprehension lies along and below the diagonal (−0.67), and where both
# rates are small nothing is learned (confusion). But the difference of the two medians,
# 1.33, is only *at* the 95th percentile of the same labels shuffled over the grid (1.33,
# not above it; 47 % of shufflings put memorization above comprehension at all): on a 5 × 5
# grid whose ratio takes few values, this arrangement is one that one shuffle in twenty
# matches, so our row **fails**. The race is visible in the figure; with 17 labelled cells
# it is not beyond chance.
#
#
# ## Transformers
#
# The paper repeats the phase diagram with a transformer on modular addition, and its
# abstract adds that on transformers the grokking phase lies nearer memorization than
# comprehension. The grid is not in the code release, so ours is: notebook 05's one-layer
# transformer (four heads, standard attention) on $a + b \bmod p$ from half of the pairs,
# learning rate × weight decay, every cell one member of a stacked model
# (`gx.transformer_phase_cells`, in chunks). At the paper's scale ($p = 53$, $d = 128$, seven
# learning rates from $10^{-5}$ to $10^{-2}$ × six weight decays from 0 to 30, $10^4$ steps)
# that is about nine CPU-hours here, so only the paper profile runs it
# (`make execute NB=01 PROFILE=paper DEVICE=cuda`).

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
    print(f"profile {profile}: the paper-scale transformer phase diagram runs at the paper profile only")
    card.not_testable("transformer-phases", "a 42-run grid of d = 128 transformers for 10⁴ steps is ~9 CPU-hours "
                      "here; run it with: make execute NB=01 PROFILE=paper DEVICE=cuda")

# %% [markdown]
# ```{warning}
# What runs here is a **reduced** transformer phase diagram: $p = 31$, $d = 32$, half of
# the 961 pairs for training, learning rates $10^{-4}, 10^{-3}, 10^{-2}$ × weight decays
# 0, 1, 10, 2 500 steps, the matmuls in bfloat16 (about 1.4 times faster than float32 on
# this nine-model stack in a probe during the audit, on the book's two-core CPU; two cells
# were checked against float32, see below). Nine cells show which phases appear at this
# size; they cannot test the paper's diagram: weight decays 0, 1, 10 skip the range where
# comprehension would sit, and at learning rate $10^{-4}$ training accuracy reaches 0.9 so
# late that grokking (test accuracy $10^3$ steps later) cannot happen within 2 500 steps.
# Both transformer rows on this grid are therefore *not testable here*.
# ```

# %%
r_grid = gx.phase_diagram(gx.transformer_phase_cells, cfg.reduced_lrs, cfg.reduced_wds, lr_name="lr",
                          wd_name="wd", p=cfg.reduced_p, train_fraction=cfg.reduced_frac,
                          width=cfg.reduced_width, seed=seed, steps=cfg.reduced_steps, log_every=50,
                          precision=cfg.reduced_precision)
r_phases = gx.phases_grid(r_grid, cfg.reduced_lrs, cfg.reduced_wds)
r_counts = {p: int((r_phases == p).sum()) for p in gx.PHASES}
near = gx.grokking_distances(r_phases)
print(r_counts, f"| mean distance from grokking cells to memorization {near[0]:.2f}, to comprehension {near[1]:.2f}")
print(r_grid[["lr", "wd", "phase", "train_step", "test_step"]].to_string(index=False))
card.not_testable("transformer-phases-reduced",
                  f"reduced grid (shown, not scored): {len(r_grid)} runs, p = {cfg.reduced_p}, d = {cfg.reduced_width}, "
                  f"{cfg.reduced_steps} steps; phases {r_counts}")
if np.isnan(near).any():  # a phase missing: no value to score
    card.not_testable("transformer-grokking-near-memorization",
                      f"reduced grid without a grokking or comprehension cell (distances {np.round(near, 2).tolist()})")
else:
    card.check("transformer-grokking-near-memorization", near, reason="reduced grid")

# %% mystnb={"figure": {"caption": "Reduced transformer phase diagram: phase of each run (p = 31, d = 32, half the pairs, 2 500 steps) over learning rate and weight decay.", "name": "grok-transformer-reduced"}}
plots.plot_phases(r_phases, cfg.reduced_lrs, cfg.reduced_wds, "learning rate", "weight decay");

# %% [markdown]
# The reduced grid shows three phases, not four: memorization wherever weight decay is
# 0 or 1 except one cell, confusion at weight decay 10 for every learning rate, and one
# grokking cell (learning rate $10^{-2}$, weight decay 1: training accuracy 0.9 at step 50,
# test accuracy at step 1200). No cell comprehends within 2500 steps, as the grid's
# construction makes likely: **not testable here**, not a finding against the paper.
# Without a comprehension cell the abstract's remark, grokking nearer memorization than
# comprehension, gets no value (**not testable here**); the one grokking cell does touch
# memorization. In a probe during the audit (not repeated in this run), two memorization
# cells run again in float32 got the same phases and the same first step to 0.9 training
# accuracy as in bfloat16 (learning rate $10^{-3}$, weight decay 1: step 250; learning rate
# $10^{-2}$, no decay: step 50); the grokking cell (learning rate $10^{-2}$, weight decay 1)
# was not checked in float32.
#
# ## Scorecard
#
# The claims and their rules are declared in `physai/grokking/claims.py`, before measuring:
# $\hat A$ within 0.03 of the accuracy (mean absolute difference) across training sets at
# the end of training (over every snapshot of one run it is decided by run length: not
# testable here); networks generalising above $r_c$, counted among the forced sets that can
# reach test accuracy 0.9 (ceiling ≥ 0.9); time to form the representation ∝ 1/λ₃,
# log–log slope −1 ± 0.3; all four phases present in both toy planes and in the
# transformer grid; memorization at a higher decoder-to-embedding learning-rate ratio than
# comprehension, beyond shuffled labels (ours); on transformers, grokking nearer
# memorization than comprehension; networks generalise only on forced training sets (not
# testable on our runs: no unforced set could reach 0.9), and in every run that generalises
# the representation forms first; grokking between
# comprehension and memorization by the share of comprehension–memorization transitions
# that pass through grokking, beyond shuffled labels, scored only where the original's
# stored grid at the same points passes (not at the standard profile's coarse grid). The
# reduced transformer grid cannot decide its rows: those are not testable here. P(linear) within 0.05 of the paper's
# 0.43 (22 samples) and 0.70 (24) and r_c within 0.05 of 0.4 are *method* checks: they test
# the counting of forced training sets, not the training of a network. So is the slope
# under gradient descent on $\ell_{\rm eff}$, which the theory fixes for its own dynamics;
# the trained networks' slope is the paper claim, and the networks with gradient descent on
# their embeddings are our own test.

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
# **What holds.** The representation forms before the network generalises in the seed-58
# run (RQI ≥ 0.95 at step 850, test accuracy 0.9 at step 1550, as in the original run).
# Across training sets, the accuracy is the one the representation predicts
# ($|{\rm Acc} - \hat A| = 0.015$) once the decoder fits its training set. The counting
# behind the effective theory is exact (P(22) = 0.427, P(24) = 0.701, $r_c = 0.409$), and
# gradient descent on the effective loss forms the structure in a time close to
# $1/\lambda_3$ (slope −0.89). Trained networks generalise above $r_c$ where they can: of
# the 10 forced training sets whose ceiling (the share of test samples whose sum occurs in
# training) allows test accuracy 0.9, 9 reach it; the miss never formed the representation
# within 5000 steps (rule registered after the round-3 referee showed the previous one
# could not pass). A forced set on which the representation formed gives exactly the test
# accuracy its training sums allow: the six such runs that end below 0.9 sit at their
# ceiling, test samples whose sum never occurs in training being unanswerable. All four
# phase labels appear over decoder learning rate and weight decay, though our grokking
# cells at decoder learning rate $10^{-4}$ are comprehension in the original's results on
# the same points (our width-64 decoder delays the test accuracy past $10^3$ steps).
#
# **What does not, and why.** In 3 of the 9 runs that reach test accuracy 0.9 the test accuracy gets there before the representation forms: the three 54-sample runs, each with a single test sample answered right early; in the six with 5–20 test samples the representation forms first (our multi-run row, not reproduced as registered). Over the two learning rates
# memorization sits at a higher decoder-to-embedding ratio than comprehension, but no more
# than one shuffle of the labels in twenty places it (our row fails). The time to form the
# representation in trained networks scales far more weakly than $1/\lambda_3$ (slope
# −0.28 with AdamW, −0.52 with plain gradient descent on the embeddings; our
# operationalisation, censored by the runs that never form): the optimizer and the decoder
# come between the theory's dynamics and the network's. The two-learning-rate grid has no
# grokking cell where the original's stored results, on the same lattice, have two; our
# decoder is 64 wide against the original's 200, the likely difference, not run in this
# plane here (at width 200 the same engine matched the original's phase in 104 of 110
# cells of the other plane, `shared/papers/01_grokking.md`).
#
# **What is not decided.** Whether networks generalise *only* on forced training sets
# (generalised-forced): every unforced set here has a ceiling of 0.22–0.74, so none could
# reach 0.9, and the count 0 of 9 could have failed only if nothing generalised (the
# original's unforced Figure 3 sets, ceilings ≤ 0.71, are no control either); nor whether
# *not below* $r_c$ holds, for the same reason. Whether $\hat A$ tracks the accuracy over a
# run (mean gap 0.15, 0.30 before fitting and 0 after): decided by run length, so not
# testable; $\hat A$ does lead the test accuracy, by 800 steps (our row a-hat-lead). Figure
# 4(c, d)'s end states agree within 0.003, but on a forced set both must end on the same
# standardised line: no evidence the trajectories are alike.
# Whether grokking lies *between* comprehension and memorization.
# The rule registered this round (the share of comprehension–memorization transitions along
# grid lines that pass through grokking, above its shuffled 95th percentile) passes on the
# original's stored diagrams (Figure 6b data 0.364 against 0.222, fig5b 0.462 against
# 0.269), but the original's fig5b data at our 5 × 11 points fail it (0.125 against
# 0.308): the grokking band is one or two learning-rate steps thick and our grid steps over
# it. Ours (0.286 against 0.333) is therefore not scored; the paper profile's full grid
# decides it. The reduced transformer grid cannot show comprehension (its weight decays skip
# that range, its smallest learning rate cannot grok within 2 500 steps), so neither the
# transformer phase diagram nor the abstract's "grokking nearer memorization" is scored on
# it; the paper-scale grid runs at the paper profile only. The abstract's Goldilocks zone
# between memorization and confusion has no row: the comparable transition share fails on
# the original's own grids (Figure 6b data 0.0 against 0.292, fig5b 0.129 against 0.294).
#
# **Verdicts changed by the audit (issue 21), old → new.** First audit: a-hat-in-time
# reproduced (0.000, on a window where both accuracies were already 1) → not reproduced
# (0.15 over the whole run); a-hat-across-sets not reproduced (0.045, width 64) →
# reproduced (0.015, width 128); phases-goldilocks reproduced (0.8 ≥ 0.5, a rule 98.7 % of
# shufflings pass) → not reproduced (1.50, shuffled 5th percentile 1.25); lambda3-effective
# holds (−0.89, every 10 steps on 21 sets) → holds (−0.89, every step, 60 sets);
# lambda3-network not reproduced (−0.37 at width 64 → −0.28 at width 128); phases-all-four
# reproduced (11/5/22/72 of 110 cells at width 64, 6000 steps → 5/4/12/34 of 55 at 8000
# steps); new rows a-hat-lead, rc-generalisation, lambda3-network-sgd, phases-lr-lr,
# phases-lr-ratio, transformer-phases-reduced, transformer-grokking-near-memorization.
# After the first referee's review: a-hat-in-time paper, not reproduced → ours, fails
# (0.15; the original code gives 0.12, and the paper's Figure 3 compares final values);
# phases-goldilocks not reproduced → not testable here (no valid rule);
# transformer-phases-reduced not reproduced (0/1/5/3) → not testable here (the grid cannot
# show comprehension); transformer-grokking-near-memorization not reproduced (no value) →
# not testable here; phases-lr-ratio holds (the order, −0.67 against +0.67, which 47 % of
# shufflings also pass) → fails (difference 1.33, at but not above the shuffled 95th
# percentile 1.33); lambda3-network-sgd stays fails (−0.52), now with no paper reference
# value. This round (the referee's open items): new row generalised-forced reproduced (0 of
# 9 generalising runs unforced; positive control, the original's Figure 3 runs, 0 of 4);
# new row rqi-before-test-runs not reproduced (6 of 9); phases-goldilocks stays not testable
# here, now with a rule validated on the original's grids (our grid too coarse: the
# original's data at the same points fail it); rc-generalisation stays not reproduced, its
# share above $r_c$ 0.38 → 0.43 (a float32 accuracy of exactly 0.9 now counts). After the
# round-3 referee: rc-generalisation not reproduced (0.43 of all 21 runs above $r_c$, a rule
# that could not pass) → reproduced (9 of the 10 forced sets with ceiling ≥ 0.9, rule
# re-registered in b4c7cd9 after the referee's count); generalised-forced reproduced →
# not testable here (no unforced set could reach 0.9); a-hat-in-time fails → not testable
# here (decided by run length).
#
# **Next steps.** Unforced 25–35-sample training sets with ceiling ≥ 0.9 (about 5–20 % of
# such sets are unforced) trained in the same batch, to decide generalised-forced;
# phases-goldilocks on the 10 × 6 lattice (all ten decoder learning rates × weight decays
# 0, 2, …, 10, 60 cells, about today's cost; the round-3 referee's choice on the original's
# data, where it passes: 0.556 against 0.333), registered before its run; rqi-before-test-runs
# restricted to runs with at least 5 test samples, registered before its run; the phase
# diagrams at the original's width 200 and full grid (the paper profile), which test
# whether width explains the missing grokking cells of the two-learning-rate plane; rqi-before-test over seeds of the
# original's own configuration (width 200, each seed's templates; the original's
# `toy/Figure4cd.ipynb` gives 1130/1530/800 for seed 58), which needs per-model templates
# in the batched toy model; the grokking cell of the reduced transformer grid checked in
# float32; the probe numbers quoted in the text (−1.00 on 21 sets, Adam on $\ell_{\rm eff}$
# −0.36, the bfloat16 speed-up) measured in the notebook.
