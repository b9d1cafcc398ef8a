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
# phase diagrams pass, also taken at our grid's points; our grid fails it, see the
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
# The three phase diagrams (Sec. 5) do not depend on anything computed before them, so they
# train in a second process, one after another, while the runs of the next sections continue
# here (each grid seeds its own runs: the same numbers as in this process).

# %%
worker = gx.second_process()
grid_jobs = {
    "toy": worker.submit(gx.phase_diagram, gx.toy_phase_cells, cfg.phase_lrs, cfg.phase_wds, seed=58,
                         steps=cfg.phase_steps, width=cfg.phase_width, log_every=50, device=str(device),
                         chunk_size=cfg.phase_chunk, cache=cfg.phase_cache),
    "lrlr": worker.submit(gx.phase_diagram, gx.toy_phase_cells, cfg.lrlr_emb_lrs, cfg.lrlr_dec_lrs,
                          lr_name="emb_lr", wd_name="dec_lr", dec_wd=0.0, seed=58, steps=cfg.phase_steps,
                          width=cfg.phase_width, log_every=50, device=str(device), chunk_size=cfg.phase_chunk,
                          cache=cfg.phase_cache),
    "reduced": worker.submit(gx.phase_diagram, gx.transformer_phase_cells, cfg.reduced_lrs, cfg.reduced_wds,
                             lr_name="lr", wd_name="wd", p=cfg.reduced_p, train_fraction=cfg.reduced_frac,
                             width=cfg.reduced_width, seed=seed, steps=cfg.reduced_steps, log_every=50,
                             precision=cfg.reduced_precision),
}
worker.shutdown(wait=False)  # the worker exits once the three grids are trained

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

# %% mystnb={"figure": {"caption": "The seed-58 run. (a) Training accuracy rises first, the representation quality index (RQI, the share of parallelograms i+n = j+m the embeddings close) next, test accuracy last. (b) The ten one-dimensional embeddings spread out from their random start into an evenly spaced line, an arithmetic progression. (c) Accuracy predicted from the embeddings alone, \u00c2 (dashed), and the measured accuracy (solid), over all 55 samples (blue) and over the 10 test samples (red), for the whole run.", "name": "grok-showcase"}}
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
# which $\hat A$ assumes away), and the phase diagrams width 64 for 8000 steps (the
# decoder-lr × weight-decay plane on all ten of the original's learning rates × every other
# weight decay); the single run above, and the paper profile, use the paper's
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

# %% mystnb={"figure": {"caption": "Probability that a random training set forces the linear representation (line), and for the trained networks of each training-set size (three seeds) the mean final test accuracy (dots) and the share that generalise, test accuracy \u2265 0.9 (squares), against the training fraction. The dashed line marks r_c, where the probability crosses one half.", "name": "grok-rc"}}
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

# %% mystnb={"figure": {"caption": "Steps to form the representation (RQI \u2265 0.95) against 1/\u03bb\u2083, the inverse of the effective loss's slowest non-trivial curvature, on log axes. Left: the networks trained with AdamW. Middle: the same networks with plain gradient descent on the embeddings. Right: gradient descent on the effective loss itself. The theory predicts slope 1 (time \u221d 1/\u03bb\u2083, the dashed grey line through the points' geometric mean); the titles give the fitted slope of steps against \u03bb\u2083 and the number of runs that formed the representation.", "name": "grok-lambda3"}}
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

# %% mystnb={"figure": {"caption": "The ten standardised one-dimensional embeddings over time (the paper's Fig. 4c, d): (c) under gradient descent on the effective loss from the seed-58 network's initial embeddings; (d) in the seed-58 network trained with AdamW (snapshots every 50 steps). Both spread from the same random start into an evenly spaced line, on different clocks (plain steps of 10\u207b\u00b3 on \u2113_eff; AdamW's 10\u207b\u00b3 with a decoder in the loop).", "name": "grok-trajectories"}}
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
# in every run whose test accuracy reaches 0.9, does the representation form first? (Counted
# here as round 3 counted it, over all 33 runs; the registered row, over runs with at least
# 5 test samples, follows the next cell.)

# %%
forced_counts = [int((runs.generalised & ~runs.forced).sum()), int(runs.generalised.sum())]
orig3 = gx.original_fig3_runs().assign(generalised=lambda d: gx.reaches(d.test_if_fitted))
orig_counts = [int((orig3.generalised & ~orig3.forced).sum()), int(orig3.generalised.sum())]
print(f"ours: generalised runs with an unforced set {forced_counts[0]} of {forced_counts[1]}; "
      f"original's Fig. 3 runs (read as fitted): {orig_counts[0]} of {orig_counts[1]}, "
      f"{int((orig3.generalised & (orig3.fraction < r_c)).sum())} below r_c; highest ceiling of an unforced set: "
      f"ours {runs.ceiling[~runs.forced].max():.2f}, the original's {orig3.ceiling[~orig3.forced].max():.2f}")
first = gx.formed_first(sets_history)
print(f"all {len(masks)} runs (the round-3 rule): test accuracy reaches 0.9 in {first[1]}; "
      f"RQI ≥ 0.95 at an earlier logged step in {first[0]}")
test_step = fits.first_step(sets_history, "test_acc", 0.9)
reached = runs.assign(seed=[sets[k][1] for k in runs.model], rqi_step=runs.steps,
                      test_step=test_step.loc[runs.model].to_numpy(), test_samples=len(task.pairs) - runs.n_train)
print(reached[reached.test_step.notna()][["n_train", "seed", "test_samples", "rqi_step", "test_step", "final_test"]]
      .to_string(index=False))

# %% [markdown]
# Neither the runs above nor the original's can test "only on forced sets": no unforced
# set among them could reach 0.9 (below). So we draw training sets that could: 25–35
# samples whose ceiling is at least 0.9, with the same size mix in both arms (3, 3 and 2
# sets of 25, 30 and 35 samples, unforced and forced; split seeds from 1000; unforced sets
# grow rare with size: 4 of ~1200 such 35-sample draws), and train them exactly like the
# runs above. Rule, registered before this run: none of the
# unforced sets reaches test accuracy 0.9, provided at least half of the forced ones do (the
# same-run control that this configuration generalises on such sets at all). The same
# runs join the multi-run test of "representation first", now counted over every run with
# at least 5 test samples.

# %%
c_forced, c_unforced = gx.ceiling_sets(task, cfg.ceiling_sizes, cfg.ceiling_quotas, seed=cfg.ceiling_seed)
c_masks = np.concatenate([c_forced, c_unforced])
c_history, _, _ = gx.train_toy(task, c_masks, [k % 3 for k in range(len(c_masks))], steps=cfg.sets_steps,
                               width=cfg.sets_width, log_every=50, device=device, desc="ceiling sets")
c_end = c_history[c_history.step == cfg.sets_steps].set_index("model").sort_index()
c_runs = pd.DataFrame({"n_train": c_masks.sum(1), "forced": [True] * len(c_forced) + [False] * len(c_unforced),
                       "ceiling": [task.ideal_test_accuracy(m) for m in c_masks],
                       "rqi_step": fits.first_step(c_history, "rqi", 0.95).to_numpy(),
                       "test_step": fits.first_step(c_history, "test_acc", 0.9).to_numpy(),
                       "final_rqi": c_end.rqi.to_numpy(), "final_test": c_end.test_acc.to_numpy()})
c_runs["generalised"] = gx.reaches(c_runs.final_test)
print(c_runs.round(3).to_string(index=False))
c_unforced_counts = [int(c_runs.generalised[~c_runs.forced].sum()), int((~c_runs.forced).sum())]
c_forced_counts = [int(c_runs.generalised[c_runs.forced].sum()), int(c_runs.forced.sum())]
print(f"reaching test accuracy 0.9: unforced {c_unforced_counts[0]} of {c_unforced_counts[1]}, "
      f"forced (control) {c_forced_counts[0]} of {c_forced_counts[1]}")
card.check("generalised-forced", c_unforced_counts, control=c_forced_counts,
           reason=f"{len(c_masks)} sets of 25–35 samples with ceiling ≥ 0.9, width {cfg.sets_width}, {cfg.sets_steps} steps")
five = [k for k, m in enumerate(masks) if len(task.pairs) - m.sum() >= 5]  # at least 5 test samples
with_five = pd.concat([sets_history[sets_history.model.isin(five)],
                       c_history.assign(model=c_history.model + len(masks))])
first5 = gx.formed_first(with_five)
print(f"runs with ≥ 5 test samples: {len(five)} + {len(c_masks)}; test accuracy reaches 0.9 in {first5[1]}, "
      f"RQI ≥ 0.95 at an earlier logged step in {first5[0]}")
card.check("rqi-before-test-runs", first5, reason=f"{len(five) + len(c_masks)} runs with ≥ 5 test samples, "
           "logged every 50 steps");

# %% [markdown]
# Among the 33 runs, no run that generalises has an unforced training set (0 of 9; the
# original's Figure 3 runs, read as fitted: 0 of 4), but that could not test the claim:
# every unforced set there has a ceiling of 0.22–0.74 (the original's ≤ 0.71), so none
# could reach 0.9 whatever its representation (the round-3 referee's finding; the row was
# not testable). The 16 ceiling runs were drawn to change that, and the table shows what
# happened. This round the two arms have the same size mix (round 4 took sets first come
# first served: its forced sets had 30–35 samples, its unforced mostly 25). One of the 8
# unforced sets generalises: a 35-sample set (ceiling 1.0) whose RQI reaches 0.95 at step
# 1250 and ends at 1.0, test accuracy 0.9 at step 2650 and 1.0 at the end. It forces no
# linear structure (λ₃ ≤ 0), yet the network closes every parallelogram: an unforced set
# whose closure is reachable without being forced. A second unforced 35-sample set forms
# the representation (RQI 0.95 at step 1800), touches test accuracy 0.9 at step 2500 and
# ends at 0.55. But only 1 of the 8 *forced* sets generalises too (the 35-sample set with
# ceiling 1.0); the other seven (every forced 25- and 30-sample set among them) never form
# the representation within 5000 steps (final RQI 0.09–0.37) and end at test accuracy 0.00–0.28. The control
# therefore fails its registered bar (at least half) again, so the unforced run that
# generalised cannot count against the claim either: "this width-128, 5000-step
# configuration rarely generalises at 25–35 samples" explains both arms. **Not testable
# here**, as in round 4 (then unforced 0 of 8, forced 3 of 8, the forced ones larger);
# longer runs, which might let the control pass, did not fit this round's budget.
#
# The representation-first claim, on every run with at least 5 test samples (the 30
# training-set runs of 5–50 samples and the 16 ceiling runs; at least 8 of them must
# generalise): 9 runs reach test accuracy 0.9, and in all 9 RQI reaches 0.95 at an earlier
# logged step (the three ceiling runs among them by 700–1400 steps): **reproduced**. That
# changes round 4's verdict (not reproduced, 8 of 9) only because the ceiling sets were
# redrawn with per-size quotas: round 4's one miss, a forced 35-sample set whose test
# accuracy reached 1.0 with RQI 0.77, is not among this round's sets. Its lesson stands:
# RQI ≥ 0.95 is a sufficient sign of the structure, not a necessary one (a decoder can
# generalise on a representation close to, but not within, the tolerance), and the
# verdict rests on which 16 sets are drawn.
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
# was applied to ours (a first rule, registered earlier, failed them): its Figure 6b data
# pass, and so does its 10⁴-step `toy/results/fig5b` grid, both printed below. The row is
# scored only where the original's stored grid, taken at the same points as ours, passes
# the same rule (a positive control computed here). Round 3's grid (every other decoder
# learning rate × all eleven weight decays) failed that control: the grokking band is one
# or two learning-rate steps thick and a coarse lattice steps over it. This round's grid,
# registered before it ran, keeps all ten of the original's decoder learning rates and
# takes every other weight decay (10 × 6, 60 cells); the round-3 referee had found that the
# original's data at these points pass. Width 200, the original's, does not fit the budget
# (in a probe this round, not repeated here, 60 runs took 36 s per 1000 steps at width 200
# against 8 s at width 64, so about 290 s for this grid alone); our decoder is 64 wide. All runs
# share the seed-58 task and
# initialisation and train as one batched model: the grid goes through the book's sweep
# engine (`physai.sweep.run_chunked`), which at the standard profile runs it as a single
# chunk (in the second process started at the top); the paper profile cuts it into chunks that are cached on disk (an
# interrupted grid resumes) and can run on a Ray cluster (`RAY_ADDRESS`).

# %%
grid = grid_jobs["toy"].result()  # trained in the second process (started at the top)
phases = gx.phases_grid(grid, cfg.phase_lrs, cfg.phase_wds)
counts = {p: int((phases == p).sum()) for p in gx.PHASES}
share = gx.transition_share(phases)
null = gx.shuffled_null(phases, gx.transition_share, cfg.null_shuffles, seed=seed)
null_p95 = float(np.percentile(null, 95))
through, direct = gx.transition_counts(phases)
p_null = float(np.mean(null >= share))  # share of shufflings reaching ours
print(counts, f"| ours: share of C↔M transitions through grokking {share:.3f} ({through} of {through + direct}), "
      f"shuffled 95th percentile {null_p95:.3f}; {100 * p_null:.1f} % of shufflings reach {share:.3f}")
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
    card.check("phases-goldilocks", share, control=null_p95,
               reason=f"{cfg.null_shuffles} shufflings: {through} of {through + direct} C↔M transitions through "
                      f"grokking, {100 * p_null:.1f} % of shufflings reach {share:.3f}; positive control (the "
                      f"original's fig5b at these points) {control.share.iloc[-1]:.3f} vs "
                      f"{control['shuffled 95th percentile'].iloc[-1]:.3f}")
else:
    card.not_testable("phases-goldilocks", "grid too coarse: the original's stored fig5b data at the same points "
                      f"fail the rule ({control.share.iloc[-1]:.3f} vs {control['shuffled 95th percentile'].iloc[-1]:.3f}); "
                      f"ours, described: {share:.3f} vs {null_p95:.3f}");

# %% mystnb={"figure": {"caption": "Phase of each run over decoder learning rate and decoder weight decay, embedding learning rate 10\u207b\u00b3: our analogue of the paper's Fig. 6b at a smaller scale (decoder width 64, 8000 steps, a 10 \u00d7 6 grid, one seed; the paper: width 200, 10\u2075 steps), trained as one batched model.", "name": "grok-phases"}}
plots.plot_phases(phases, cfg.phase_lrs, cfg.phase_wds);

# %% [markdown]
# All four phases appear (7 comprehension, 3 grokking, 13 memorization and 37 confusion
# cells of 60): **reproduced**, on the presence of the labels. Where they sit is what
# phases-goldilocks tests, and there our grid differs from the original's. Comprehension
# fills a block at decoder learning rates $2.2 \times 10^{-4}$–$2.2 \times 10^{-3}$ and weight
# decay 0–4, memorization lies above it and to its right, and grokking appears in three
# cells only: at $10^{-4}$ with weight decay 0 and 2 (the left edge of comprehension, next to
# confusion) and at $4.6 \times 10^{-4}$ with weight decay 4 (the top edge). Most
# comprehension–memorization contacts are direct, so the share passing through grokking is
# 0.222 (2 of 9 transitions), below the shuffled 95th percentile of 0.250 (6.2 % of
# shufflings reach 0.222): **not reproduced**. The positive
# control passes at the same 60 points: the original's stored fig5b data score 0.556
# against 0.333 (7 comprehension, 10 grokking, 26 memorization, 17 confusion cells), so the
# lattice can show the sandwich; our networks do not. The visible difference is the
# decoder's width: in the original, grokking fills decoder learning rates
# $2.2$–$4.6 \times 10^{-5}$ at weight decay 0–6, between the slow comprehension cells and
# memorization; at width 64 those cells are confusion within 8000 steps, and strong weight
# decay gives confusion here rather than memorization (a width-64 decoder under strong decay
# does not fit the training set). This verdict is therefore at our scale (width 64, 8000
# steps, one seed); the paper profile runs width 200 for 10⁴ steps on the full grid.
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
lrlr = grid_jobs["lrlr"].result()  # trained in the second process
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

# %% mystnb={"figure": {"caption": "Phase of each run over embedding (representation) learning rate and decoder learning rate, no weight decay: our analogue of the paper's Fig. 6a at a smaller scale (decoder width 64, 8000 steps, a 5 \u00d7 5 grid, one seed; the paper: width 200, 10\u2075 steps), trained as one batched model.", "name": "grok-phases-lr"}}
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
# the 961 pairs for training, learning rates $10^{-3}, 3 \times 10^{-3}, 10^{-2}$ × weight
# decays 0, 0.3, 1, 3, 10, 3 500 steps, the matmuls in bfloat16 (about 1.4 times faster than
# float32 on a nine-model stack in a probe during the audit, on the book's two-core CPU;
# two cells were checked against float32, see below). It replaces round 3's grid
# (learning rates $10^{-4}$–$10^{-2}$ × weight decays 0, 1, 10, 2 500 steps), which could
# not show the phases: at $10^{-4}$ training accuracy reached 0.9 too late for a
# $10^3$-step delay to fit, weight decay 10 was confused at every learning rate, and
# nothing comprehended. Round 4 registered learning rates that fit within a few hundred
# steps, weight decays from none to 3, and enough steps for a $10^3$-step delay; it had
# comprehension, grokking and memorization but, stopping at weight decay 3, no confused
# cell. This round adds weight decay 10 (registered before this run). The outcome was
# largely known when it was added (round 3 was confused at weight decay 10 at every
# learning rate; round 4's 12 cells are rerun with the same seed), so this grid confirms
# those runs rather than testing blind.
# ```

# %%
r_grid = grid_jobs["reduced"].result()  # trained in the second process
r_phases = gx.phases_grid(r_grid, cfg.reduced_lrs, cfg.reduced_wds)
r_counts = {p: int((r_phases == p).sum()) for p in gx.PHASES}
near = gx.grokking_distances(r_phases)
near_null = gx.shuffled_null(r_phases, gx.nearness_difference, cfg.null_shuffles, seed=seed)
near_null = near_null[np.isfinite(near_null)]  # shufflings without one of the three phases give no value
near_p05 = float(np.percentile(near_null, 5)) if len(near_null) else float("nan")
if len(near_null):
    print(r_counts, f"| mean distance from grokking cells to memorization {near[0]:.2f}, to comprehension "
          f"{near[1]:.2f}; difference {near[0] - near[1]:.2f}, shuffled median {np.median(near_null):.2f}, 5th "
          f"percentile {near_p05:.2f}, {100 * np.mean(near_null <= near[0] - near[1]):.0f} % of "
          f"{len(near_null)} shufflings with a value at or below ours")
print(r_grid[["lr", "wd", "phase", "train_step", "test_step"]].to_string(index=False))
card.check("transformer-phases-reduced", r_counts,
           reason=f"reduced grid: {len(r_grid)} runs, p = {cfg.reduced_p}, d = {cfg.reduced_width}, "
                  f"{cfg.reduced_steps} steps, {cfg.reduced_precision}")
if np.isnan(near).any():  # a phase missing: no value to score
    card.not_testable("transformer-grokking-near-memorization",
                      f"reduced grid without a grokking or comprehension cell (distances {np.round(near, 2).tolist()})")
else:
    card.check("transformer-grokking-near-memorization", near, control=near_p05,
               reason=f"reduced grid; difference {near[0] - near[1]:.2f} vs the shuffled 5th percentile "
                      f"{near_p05:.2f} ({cfg.null_shuffles} shufflings)")

# %% mystnb={"figure": {"caption": "Reduced transformer phase diagram: phase of each run (p = 31, d = 32, half the pairs, 3 500 steps, bfloat16) over learning rate and weight decay. The phases run from memorization at small learning rate or no weight decay, through grokking, to comprehension at the largest learning rate and weight decay; weight decay 10 is confused at every learning rate.", "name": "grok-transformer-reduced"}}
plots.plot_phases(r_phases, cfg.reduced_lrs, cfg.reduced_wds, "learning rate", "weight decay");

# %% [markdown]
# All four phases appear: 7 memorization cells (learning rate $10^{-3}$ at weight decay up
# to 3, and no or weak decay at the larger rates), 4 grokking cells ($3 \times 10^{-3}$ with
# weight decay 1 and 3; $10^{-2}$ with 0.3 and 1: training accuracy 0.9 at steps 50–150,
# test accuracy 0.9 at steps 1350–3000), 1 comprehension cell ($10^{-2}$, weight decay 3:
# test 0.9 at step 250) and 3 confusion cells (weight decay 10 at every learning rate):
# **reproduced** on this reduced grid. The 12 cells of round 4's grid came out as in round
# 4, and the confused column as in round 3, so this confirms those runs rather than
# testing blind (disclosed in the row). Where grokking sits is a different matter. Its
# cells are one step from memorization on average (mean grid distance 1.00) and 1.25 from
# comprehension, so "nearer memorization" holds in the plain sense; but with 7
# memorization cells and 1 comprehension cell among 15, almost any arrangement of these
# labels puts grokking nearer memorization: the difference −0.25 is at or above 97 % of
# 1000 shufflings (median −0.75), far from their 5th percentile (−1.76). The abstract's
# remark is therefore **not reproduced** beyond what the label counts alone give (the
# registered rule; round 4's form, which the shuffled labels pass 93 % of the time, could
# not fail). A grid with more comprehension cells would be needed to test it.
# run), two memorization cells of round 3's grid run again in float32 got the same phases
# and the same first step to 0.9 training accuracy as in bfloat16; no grokking cell was
# checked in float32.
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
# memorization than comprehension, beyond shuffled labels; networks generalise only on forced training sets
# (unforced sets with ceiling ≥ 0.9 against forced ones of the same sizes), and in every
# run with at least 5 test samples that generalises the representation forms first;
# grokking between comprehension and memorization by the share of
# comprehension–memorization transitions that pass through grokking, beyond shuffled
# labels, scored only where the original's stored grid at the same points passes (it does
# at this round's 10 × 6 lattice). P(linear) within 0.05 of the paper's
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
# phase labels appear over decoder learning rate and weight decay (7/3/13/37 of 60 cells).
# The reduced transformer grid shows all four phases (1/4/7/3 of 15 cells), confirming
# rounds 3 and 4 rather than testing blind. In all 9 runs with at least 5 test samples that
# reach test accuracy 0.9 the representation forms first (on this round's redrawn ceiling
# sets; round 4's draw had one miss).
#
# **What does not, and why.** Grokking does not lie between comprehension and memorization
# on our toy grid (share of comprehension–memorization transitions through grokking 0.222,
# below the shuffled 95th percentile 0.250), while the original's stored results at the
# same 60 points pass (0.556 against 0.333): at width 64 and 8000 steps the original's
# grokking band (decoder learning rates $2.2$–$4.6 \times 10^{-5}$) is confusion, and
# comprehension meets memorization directly. Width is the likely cause (the original's 200
# did not fit the budget), not tested here. On the reduced transformer grid grokking lies
# nearer memorization (1.00 against 1.25 grid steps) only as near as the label counts
# make it (7 memorization cells, 1 comprehension): 97 % of shufflings of the same labels
# are at least as near, so the abstract's remark is not reproduced beyond chance. Over the
# two learning rates
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
# (generalised-forced): 1 of 8 unforced 25–35-sample sets with ceiling ≥ 0.9 generalises
# (a 35-sample set, RQI 1.0), but only 1 of the 8 forced sets of the same sizes does
# (registered bar: half), so this configuration rarely generalises at these sizes and the
# contrast cannot decide, either way;
# nor whether *not below* $r_c$ holds, for the same reason. Whether $\hat A$ tracks the
# accuracy over a run (mean gap 0.15, 0.30 before fitting and 0 after): decided by run
# length, so not testable; $\hat A$ does lead the test accuracy, by 800 steps (our row
# a-hat-lead). Figure 4(c, d)'s end states agree within 0.003, but on a forced set both
# must end on the same standardised line: no evidence the trajectories are alike. The
# paper-scale transformer grid runs at the paper profile only. The abstract's Goldilocks
# zone between memorization and confusion has no row: the comparable transition share
# fails on the original's own grids (Figure 6b data 0.0 against 0.292, fig5b 0.129 against
# 0.294).
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
# This round (round 4; rules registered in 4616914, eafdc23, 683054c, 3742bd2 before the
# run): phases-goldilocks not testable here (5 × 11 lattice, control failed) → **not
# reproduced** (10 × 6 lattice: 0.222 against 0.250; control 0.556 against 0.333);
# phases-all-four stays reproduced, now on the 60 cells (7/3/13/37); transformer-phases-reduced
# not testable here (3 × 3 grid that could not show the phases) → **not reproduced**
# (1/4/7/0: no confusion cell); transformer-grokking-near-memorization not testable here →
# **reproduced** (1.00 against 1.25); generalised-forced stays **not testable here**, now
# measured (unforced 0 of 8, forced control 3 of 8, below its bar of half);
# rqi-before-test-runs stays **not reproduced**, 6 of 9 (all 33 runs) → 8 of 9 (runs with
# ≥ 5 test samples).
#
# Round 5 (the referee of round 4; rules registered in 1226ee4, 23abe05, bfa7dc8, caveats
# 7b2512a, before this run): transformer-phases-reduced **not reproduced → reproduced**
# (weight decay 10 added: 1/4/7/3, the outcome largely known from rounds 3–4 and said so);
# transformer-grokking-near-memorization **reproduced → not reproduced** (now against the
# shuffled labels: −0.25 against their 5th percentile −1.76; the old rule passed 93 % of
# shufflings); rqi-before-test-runs **not reproduced → reproduced** (9 of 9; the ceiling
# sets redrawn with equal size quotas, round 4's miss not among them); generalised-forced
# stays **not testable here** (unforced 1 of 8, forced control 1 of 8 with the same sizes);
# phases-goldilocks stays not reproduced (0.222, 2 of 9, 6.2 % of shufflings reach it; its
# caveat corrected: 30 of the 60 cells are round 3's runs); every other value identical to
# round 4's, with the three phase grids now trained in a second process.
#
# **Next steps.** A reduced transformer grid with more comprehension cells (larger
# learning rates and weight decays 3–10), so that "nearer memorization" can beat the
# label counts; the toy phase diagram at width 200 (the paper
# profile), which tests whether width explains the missing grokking band in both toy
# planes; generalised-forced with a configuration that generalises on most forced 25–35
# sample sets (width 200 or longer runs), so the control can pass (an unforced 35-sample
# set already generalised this round); rqi-before-test over seeds of the
# original's own configuration (width 200, each seed's templates; the original's
# `toy/Figure4cd.ipynb` gives 1130/1530/800 for seed 58), which needs per-model templates
# in the batched toy model; a grokking cell of the reduced transformer grid checked in
# float32; the probe numbers quoted in the text (−1.00 on 21 sets, Adam on $\ell_{\rm eff}$
# −0.36, the bfloat16 speed-up) measured in the notebook.
