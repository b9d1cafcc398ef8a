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
# # The quantization model of neural scaling
#
# Why does the loss of a network fall as a smooth power law in its size, while particular
# abilities appear abruptly? Michaud, Liu, Girit and Tegmark {cite}`michaud2023quantization`
# propose that what a network knows comes in discrete chunks, **quanta**, each either
# learned or not; that quanta are used with Zipfian frequencies; and that networks learn
# them in order of use. Then every single quantum emerges abruptly, and the *mean* loss — a
# sum over many quanta — falls as a power law whose exponent is set by the Zipf exponent.
#
# This notebook derives the predicted exponents, tests them on the paper's toy task
# (multitask sparse parity), where the quanta are known by construction, and runs the
# paper's quanta-discovery method (QDG) on it. At the standard profile it runs in four to
# five minutes on two CPU cores (two processes, one thread each).

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import os

import numpy as np
import pandas as pd
import torch
from IPython.display import display
from sklearn.metrics import adjusted_rand_score

from physai import fits, plotting, profiles, runtime
from physai.quantization import experiments as qx
from physai.quantization import plots, pythia, scaling, theory
from physai.quantization.claims import (CLAIMS, DATA_MIN_LEARNED, DATA_MIN_SEEDS, DATA_MIN_SETS, MIN_EMERGING,
                                        MIN_LADDER, MIN_LADDER_FIT)
from physai.quantization.data import MultitaskSparseParity

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("03_quantization_model", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/quantization/claims.py, checked section by section
try:  # the machine: runs with the same code and seed have differed between machines (Sec. 3)
    cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
except (OSError, StopIteration):
    cpu = "unknown"
print(f"CPU: {cpu}; torch CPU capability: {torch.backends.cpu.get_cpu_capability()} "
      f"(ATEN_CPU_CAPABILITY={os.environ.get('ATEN_CPU_CAPABILITY', 'unset')})")
cfg

# %% [markdown]
# ## 1. The theory
#
# Let quantum $k = 1, 2, \dots$ be needed by a fraction $p_k \propto k^{-(\alpha+1)}$ of
# samples, and let a sample cost a fixed loss $b$ when its quantum is missing and
# (nearly) nothing otherwise. A model that has learned the $n$ most frequent quanta has
# expected loss
#
# $$L(n) \approx b \sum_{k>n} p_k \;\propto\; n^{-\alpha}.$$
#
# - **Parameters** (Eq. 4): if each quantum needs about the same number of parameters,
#   $n \propto N$ and $L \propto N^{-\alpha_N}$ with $\alpha_N = \alpha$.
# - **Steps and data** (Eqs. 5–6): a quantum is learned once its samples have been seen
#   some fixed number of times, $S\,p_n \approx \text{const}$, so $n \propto S^{1/(\alpha+1)}$ and
#   $\alpha_S = \alpha_D = \alpha/(\alpha+1)$.
#
# Convention: α is the paper's exponent. The original code's `alpha` is the Zipf exponent
# of the frequencies, the paper's α + 1.
#
# A finite set of quanta bends the law: near the end of the list the unlearned tail runs
# out and falls faster than $n^{-\alpha}$ (right panel). Our task has 500 subtasks and our
# networks learn a few dozen, so we compare fitted exponents with both the asymptotic value
# and the **finite-size** value — the local slope of the 500-quanta tail over the range of
# $n$ our networks actually cover.

# %% mystnb={"figure": {"caption": "Left: the subtask frequencies of our task, a Zipf law. Right: the loss after learning the n most frequent quanta, for a million quanta (a power law n^\u2212\u03b1, dashed) and for our 500. Over the first few n the sum is not yet a power law and its local slope is shallower than \u03b1; the finite tail then bends down long before n reaches 500, and the slope grows steeper. Which side a run lands on depends on the range of n it learns (Sec. 5).", "name": "quanta-theory"}}
plots.plot_theory(cfg.alpha, cfg.n_tasks);

# %% [markdown]
# ## 2. Multitask sparse parity
#
# Each of `n_tasks` subtasks is the parity of its own $k = 3$ of the $n$ data bits. An input
# is a control part saying which subtask to solve (one-hot in the paper) followed by $n$
# random bits; subtask $i$ is drawn with frequency $p_i \propto i^{-(\alpha+1)}$. Each subtask is
# a quantum by construction: a network either has the circuit for its parity or guesses
# (loss $\ln 2$). Every width is one block of a single block-diagonal network, trained on
# one shared stream of fresh batches with AdamW: a one-hidden-layer ReLU MLP per width, the
# paper's architecture (`physai.quantization.model`).
#
# Departures, for the CPU budget (measured in `shared/papers/03_quantization.md`): $n = 16$
# data bits instead of 100 (sparse parity gets harder with $n$), learning rate 3e-3 instead
# of 1e-3, batch 1000 instead of 20 000, 15 000 steps, widths 8…256 instead of up to 500,
# and α = 0.5 (the paper's Fig. 2 uses α = 0.4). The one-hot control input is an embedding
# lookup — the same function, several times faster. Three runs beside this scaling run: the
# emergence run (one width-256 network at $n = 32$ for 40 000 steps, Sec. 3), the plateau
# run (widths 8–128 trained on to 30 000 steps, Sec. 3) and the data sweep (width 128 on
# fixed sets, 3 seeds, Sec. 5). The paper profile restores the paper's task
# ($n = 100$, batch 20 000, widths to 500) with 10⁵ steps (the original's scaling run,
# `P-scaling-15`, trains 2 × 10⁵).

# %%
data = MultitaskSparseParity(cfg.n_tasks, cfg.n_bits, cfg.k, cfg.alpha, seed=seed)
tasks, bits, labels = data.sample(4, torch.Generator().manual_seed(seed))
pd.DataFrame({"subtask": tasks.numpy() + 1, "its bits": [data.subsets[t].tolist() for t in tasks],
              "data bits": ["".join(map(str, b)) for b in bits.tolist()], "label (parity)": labels.numpy()})

# %% [markdown]
# The **emergence run** of Sec. 3 — one wide network on the same kind of task with more
# data bits, where sparse parity's drops are sharper — trains meanwhile in a second process
# (one thread each: the two cores), followed there by the data sweep of Sec. 5; after the
# scaling run this process trains the **plateau run** of Sec. 3: every width but the widest
# trained on from its state at the end of the scaling run (same weights and AdamW state,
# fresh batches) for as many steps again.

# %%
per_task = np.where(np.arange(cfg.n_tasks) < cfg.n_frequent, cfg.eval_frequent, cfg.eval_rare)
data_hard = MultitaskSparseParity(cfg.n_tasks, cfg.emergence_bits, cfg.k, cfg.alpha, seed=seed)
emergence_future, data_future = qx.elsewhere(  # one after the other in the second process
    (qx.train_emergence, dict(data=data_hard, width=cfg.emergence_width, steps=cfg.emergence_steps, batch=cfg.batch,
                              lr=cfg.lr, n_evals=cfg.n_evals, per_task=per_task, seed=seed)),
    (scaling.train_data_sizes, dict(data=data, sizes=cfg.data_sizes, width=cfg.data_width, steps=cfg.data_steps,
                                    batch=cfg.batch, lr=cfg.lr, eval_every=cfg.data_eval_every, per_task=per_task,
                                    seed=seed, seeds=[seed + r for r in range(cfg.data_seeds)])))
with runtime.timer() as t_train:
    run = qx.train_widths(data, cfg.widths, steps=cfg.steps, batch=cfg.batch, lr=cfg.lr,
                          n_evals=cfg.n_evals, per_task=per_task, seed=seed)
print(f"{len(cfg.widths)} widths ({run.parameters[0]:,}–{run.parameters[-1]:,} parameters), "
      f"{cfg.steps} steps in {t_train['seconds']:.0f} s")
with runtime.timer() as t_more:  # the plateau run (Sec. 3): every width but the widest, trained on
    more = qx.continue_widths(data, run, len(cfg.widths) - 1, steps=cfg.continue_steps, batch=cfg.batch, lr=cfg.lr,
                              every=cfg.continue_every, per_task=per_task, seed=seed)
plateau_run = qx.joined(run, more)  # their whole history, step 0 to the plateau run's end
print(f"plateau run: widths {plateau_run.widths} trained on to step {plateau_run.steps[-1]} in {t_more['seconds']:.0f} s")

# %% [markdown]
# A subtask counts as **learned** at the first evaluation from which its test loss stays
# below $\ln 2 / 2$ (half a coin flip's loss) to the end; one reached only in the last
# 10 % of training is not counted. Test losses are measured on a fixed set with
# 64 samples for each of the 100 most frequent subtasks and 16 for the others.

# %%
learned = np.array([qx.learned_steps(run.steps, run.losses[:, j].T) for j in range(len(run.widths))])
pd.DataFrame({"width": run.widths, "parameters": run.parameters, "final mean loss": run.mean[-1].round(4),
              "subtasks learned": np.isfinite(learned).sum(1)})

# %% [markdown]
# ## 3. Emergence: abrupt parts, smooth sum
#
# The paper's Fig. 2 (bottom) breaks the mean loss down by subtask: each subtask's loss
# stays at $\ln 2$ — guessing — and then drops to near zero, against steps and against
# parameters, while their frequency-weighted mean has no such jumps. First the scaling
# run's widest network, subtask by subtask.

# %% mystnb={"figure": {"caption": "Scaling run (n = 16 data bits), widest network. Left: test loss per subtask (rows by frequency rank) against step, log axis; the colour runs from 0 (dark blue: solved) to 1.1 ln 2 (yellow), so guessing (ln 2) is yellow-green and the brightest yellow is worse than guessing. Frequent subtasks are solved first. Right: four single subtasks (coloured) and the mean loss over all subtasks (black).", "name": "quanta-emergence"}}
plots.plot_emergence(run.steps, run.losses[:, -1], run.mean[:, -1], show=min(60, cfg.n_tasks));

# %% [markdown]
# The rare subtasks' rows turn *brighter* than guessing between steps ~100 and ~1000
# (the colour scale stops at 1.1 ln 2 = 0.76; the single subtasks in the right panel reach
# about 0.78, against $\ln 2 = 0.69$). A network that has not learned a
# subtask is not neutral on it: the data-bit weights are shared by all subtasks, and the
# features being built for the frequent ones move the output on every input. On a rare
# subtask's samples that output varies with the bits but not with that subtask's parity,
# and a logit gap $z$ of spread $\sigma$ uncorrelated with the label costs about
# $\ln 2 + \sigma^2/8$ (a loss of 0.80 needs $\sigma \approx 0.9$). This is our reading,
# not measured in this notebook: a rare subtask's own control weights, updated only on its
# few samples, would be slow to cancel the features it borrows.
#
# ### Against steps: the emergence run
#
# How abrupt is a drop? For each learned subtask, the share of its total drop that happens
# between its learning step divided and multiplied by 1.5 (a window of fixed width on the
# log-step axis, a factor 2.25 in all); 1 is a step, a straight descent over the log axis
# scores the window's share of it. A share is clipped to [0, 1] (a curve that overshoots
# inside its window counts as a step, never more), and a subtask learned so late that its
# window reaches past the end of the run is not scored (its window would be one-sided);
# at least 5 subtasks must be scored. The mean loss is scored the same way around the step at
# which it has covered half its drop: it is the control the rule compares against. (The
# rule registered first used a window of ±5 % of the run's length; around early steps that
# spans most of a log-scaled run, so the early-falling mean scored ≈ 0.8 and the rule "twice
# the mean's" could not pass. It was replaced before this run.) With 16 data bits the drops
# are less abrupt (Fig. {numref}`quanta-emergence`), so the claim is decided on the emergence
# run: one width-256 network on 32 data bits for 40 000 steps (standard profile), the
# harder task on which the paper's sharp drops appear. That setting was chosen knowing that
# a probe scored 0.61 there; the scaling run's widest network (16 bits), scored the same
# way, is printed beside it (both single seeds).

# %%
hard = emergence_future.result()  # trained in the second process since Sec. 2
hard_learned = qx.learned_steps(hard.steps, hard.losses[:, 0].T)
hard_share = qx.abruptness(hard.steps, hard.losses[:, 0].T, hard_learned, factor=1.5)  # NaN: window past the run
hard_mean_share = qx.abruptness(hard.steps, hard.mean[None, :, 0],
                                np.array([qx.half_drop_step(hard.steps, hard.mean[:, 0])]), factor=1.5)[0]
scored = np.isfinite(hard_share)
print(f"emergence run: n = {cfg.emergence_bits} bits, width {cfg.emergence_width}, {cfg.emergence_steps} steps; "
      f"{np.isfinite(hard_learned).sum()} subtasks learned, {scored.sum()} with their whole window inside the run\n"
      f"share of the drop within ×/÷ 1.5 of the learning step: per-subtask median {np.nanmedian(hard_share):.2f} "
      f"(quartiles {np.nanpercentile(hard_share, 25):.2f}–{np.nanpercentile(hard_share, 75):.2f}); "
      f"mean loss {hard_mean_share:.2f}")
soft_learned = learned[-1]  # the scaling run's widest network (n = 16 bits), scored the same way, for comparison
soft_share = qx.abruptness(run.steps, run.losses[:, -1].T, soft_learned, factor=1.5)
soft_mean_share = qx.abruptness(run.steps, run.mean[None, :, -1],
                                np.array([qx.half_drop_step(run.steps, run.mean[:, -1])]), factor=1.5)[0]
print(f"beside it, the scaling run's width {run.widths[-1]} at n = {cfg.n_bits} bits, {cfg.steps} steps (one seed): "
      f"{np.isfinite(soft_share).sum()} subtasks scored, per-subtask median {np.nanmedian(soft_share):.2f} "
      f"(quartiles {np.nanpercentile(soft_share, 25):.2f}–{np.nanpercentile(soft_share, 75):.2f}); "
      f"mean loss {soft_mean_share:.2f}")
card.check("emergence", round(float(np.nanmedian(hard_share)), 2) if scored.sum() >= MIN_EMERGING else np.nan,
           control=round(float(hard_mean_share), 2));

# %% mystnb={"figure": {"caption": "Emergence run (n = 32 data bits, one width-256 network). Left: test loss per subtask against step (colours as above). Right: four single subtasks and the mean loss (black).", "name": "quanta-emergence-hard"}}
plots.plot_emergence(hard.steps, hard.losses[:, 0], hard.mean[:, 0], show=min(40, cfg.n_tasks));

# %% [markdown]
# At 32 data bits each learned subtask sits at guessing for most of the run and then drops
# to zero within a narrow band of steps (right panel), while the mean falls over three
# decades of steps. The scaling run's widest network, at 16 bits, scores 0.50 against its
# mean's 0.20 (24 subtasks): its drops are less concentrated, exactly on the rule's 0.5
# line (one seed each; 0.52 in the previous round's run).

# %% [markdown]
# ### Against parameters
#
# Final losses give the other half of Fig. 2: each subtask's loss against the network's
# size. For the subtasks the widest network has learned and the narrowest has
# not, the share of the drop from the narrowest to the widest that happens at the single
# largest doubling of width (1: all at one doubling). A smooth curve's share falls with the
# number of doublings — a power law $N^{-0.5}$ puts 0.45 of its drop at its largest of 3
# doublings and 0.36 at its largest of 5 — so a bar of "twice the mean's share" needed ≈ 0.9
# on four widths (the referee's objection to the round-3/4 rule). Since round 5 each share is
# read as its **excess over a smooth power law on the same ladder**,
# $e = (s - s_0)/(1 - s_0)$, with $s_0$ the share of $L \propto N^{-a}$ at the ladder's
# parameter counts and $a$ fitted to the ladder's mean loss: 0 as smooth as a power law, 1 a
# step at one doubling, on a ladder of any length. The rule: median excess ≥ 0.5 and at least
# twice the mean loss's own excess (the control).
#
# The claim is about size, so only widths whose loss is set by their size
# count: the **size-limited** widths, those that have **plateaued** (a straight line fitted
# to the mean loss over every evaluation in the last quarter of training falls by less than
# 5 % across the quarter; the same criterion decides α_N in Sec. 5), in consecutive doublings
# from the narrowest — if a width is still limited by training time so is every wider one,
# whose capacity is larger while the quanta learnable in the same steps are not — at
# least four of them. A width still falling at the end of the run is limited by training
# time: a wider network learns a subtask sooner, so a snapshot taken while the wide widths
# are still learning can show a jump between two widths that is a jump in time. So the row
# is decided on the **plateau run** (registered in round 4): every width but the widest
# trained on from its state at the end of the scaling run for as many steps again, to
# 30 000 (the widest, 11–12 % down across its last quarter at 15 000 steps, would cost more
# than the other five together), the plateau test read over 22 500–30 000. As a
# **time control**, the same statistic is computed along training at fixed width (the
# widest network), at as many doublings of the step count as there are widths, ending at
# the last step.

# %%
final = plateau_run.losses[-1]  # (widths below the widest, n_tasks) per-subtask loss at the plateau run's end
drops = scaling.quarter_drop(plateau_run.steps, plateau_run.mean)  # per width: fitted fall across the last quarter
plateau = scaling.plateaued(plateau_run.steps, plateau_run.mean)  # per width: loss set by its size (Sec. 5)
ladder = scaling.plateau_ladder(plateau_run.widths, plateau)  # the size-limited widths (emergence-N and α_N)
size_limited = np.isin(np.arange(len(plateau_run.widths)), ladder)
emerging, width_share = scaling.width_emergence(run.losses[-1])  # the snapshot: every width at step 15 000
t_emerging, time_share, t_at = scaling.time_emergence(run.steps, run.losses[:, -1], len(run.widths))
median = lambda x: float(np.nanmedian(x)) if len(x) else np.nan  # noqa: E731
print(f"at the scaling run's end (step {run.steps[-1]}), fall across its last quarter: "
      + ", ".join(f"{w}: {d:.2%}" for w, d in zip(run.widths, scaling.quarter_drop(run.steps, run.mean))))
print(f"plateau run (to step {plateau_run.steps[-1]}), fall across its last quarter (line fitted over its "
      f"{int((plateau_run.steps >= 0.75 * plateau_run.steps[-1]).sum())} evaluations): "
      + ", ".join(f"{w}: {d:.2%}" for w, d in zip(plateau_run.widths, drops)))
print(f"plateaued widths (< 5 %): {[w for w, p in zip(plateau_run.widths, plateau) if p]}; size-limited "
      f"(consecutive doublings from the narrowest): {[plateau_run.widths[j] for j in ladder]} ({MIN_LADDER} needed)\n"
      f"snapshot at step {run.steps[-1]}, all widths: {len(emerging)} subtasks, median share at one doubling of "
      f"width {median(width_share):.2f}; mean loss {scaling.largest_step_share(run.mean[-1]):.2f}\n"
      f"time control, width {run.widths[-1]} at steps {t_at.astype(int).tolist()}: {len(t_emerging)} subtasks, "
      f"median share at one doubling of steps {median(time_share):.2f}; mean loss "
      f"{scaling.largest_step_share(np.interp(t_at, run.steps, run.mean[:, -1])):.2f}")
if len(ladder) >= MIN_LADDER:  # the rule (round 5): the median excess over a smooth power law on the same ladder
    lad = scaling.ladder_emergence(np.asarray(plateau_run.parameters)[ladder], final[ladder],
                                   plateau_run.mean[-1, ladder])
    print(f"size-limited widths {[plateau_run.widths[j] for j in ladder]}: {lad['subtasks']} subtasks, median share "
          f"{lad['median']:.2f} against a smooth power law's {lad['s0']:.2f}: excess {lad['median_excess']:.2f}; "
          f"mean loss {lad['mean share']:.2f}, excess {lad['mean excess']:.2f}")
    card.check("emergence-N", round(lad["median_excess"], 2) if lad["subtasks"] >= MIN_EMERGING else np.nan,
               control=round(lad["mean excess"], 2))
else:
    card.not_testable("emergence-N", f"only {len(ladder)} size-limited widths (plateaued, consecutive doublings from the narrowest; "
                                     f"{MIN_LADDER} needed): the wider networks are still learning at the last step, so "
                                     "their final losses measure training time as much as size")

# %% [markdown]
# The statistic on longer ladders of the plateau run, **not the rule** (those widths have not
# all plateaued): the share, the old bar (twice the mean's share), and the excess over a
# smooth power law fitted to the ladder's mean, which the round-5 rule reads; beside them the
# ladder that "quanta count unchanged since step 15 000" would give instead of the 5 % test.

# %%
for top in (64, 128):  # descriptive: widths 8–64 and 8–128 at the plateau run's end
    rows = np.flatnonzero(np.asarray(plateau_run.widths) <= top)
    d = scaling.ladder_emergence(np.asarray(plateau_run.parameters)[rows], final[rows], plateau_run.mean[-1, rows])
    print(f"plateau run, widths {plateau_run.widths[rows[0]]}–{plateau_run.widths[rows[-1]]}: {d['subtasks']} "
          f"subtasks, median share {d['median']:.2f} (quartiles "
          f"{d['quartiles'][0]:.2f}–{d['quartiles'][1]:.2f}); mean's share {d['mean share']:.2f} (old bar "
          f"{2 * d['mean share']:.2f}); smooth power law N^−{d['exponent']:.2f}: share {d['s0']:.2f}, median excess "
          f"{d['median_excess']:.2f}, mean's excess {d['mean excess']:.2f}")
at_15k = int(np.searchsorted(plateau_run.steps, run.steps[-1]))
count_15k, count_end = [(plateau_run.losses[i] < qx.LEARNED_LOSS).sum(1) for i in (at_15k, -1)]
print(f"subtasks below ln 2 / 2 at step {run.steps[-1]} → {plateau_run.steps[-1]}: "
      + ", ".join(f"{w}: {a} → {b}" for w, a, b in zip(plateau_run.widths, count_15k, count_end))
      + f"; ladder by 'count unchanged': "
      f"{[plateau_run.widths[j] for j in scaling.plateau_ladder(plateau_run.widths, count_15k == count_end)]}")

# %% mystnb={"figure": {"caption": "Plateau run (widths 8\u2013128 trained to 30 000 steps), test loss at its last step against parameters: single subtasks that the widest of these has learned and the narrowest has not (colours, by frequency rank), and the frequency-weighted mean (black); dashed: ln 2, guessing. The size-limited widths, on which emergence-N is scored, are listed in the output above.", "name": "quanta-emergence-width"}}
plots.plot_width_emergence(plateau_run.parameters, final, scaling.width_emergence(final)[0], plateau_run.mean[-1]);

# %% [markdown]
# Trained on to 30 000 steps, the narrow widths do not settle as the rule needs. Across the
# plateau run's last quarter the fitted fall is 0.1 % and 1.9 % for widths 8 and 16, 3.75 %
# for 64, but 5.8 % for 32 and 8.4 % for 128: width 32 learned two more subtasks after step
# 15 000 (4 → 6; 64: 10 → 11; 128: 19 → 25), so its loss fell late. The ladder stops at 16,
# two size-limited widths where four are needed: **not testable here** (round 3: not
# reproduced, 0.78 against the mean's 0.41 on widths 8–64). This is the finding, not a
# rescue: at 16 data bits and lr 3e-3 a narrow network keeps acquiring rare quanta slowly
# for tens of thousands of steps, so a fixed budget cannot separate size from training time
# with this criterion. The criterion is also fragile at 15 000 steps: in this run's scaling
# run width 32 falls 1.5 % and 64 falls 6.7 % across the last quarter, where the round-3 run
# of the same configuration gave 5.00 % and 4.0 % (one learned subtask more or less moves a
# width across the 5 % line). The runs themselves drift between sessions with the same code,
# seed, configuration and torch version: the emergence run scored 0.65 in the previous
# session and 0.78 in this one (twice, the same to the printed digits). The referee reproduced
# such a shift by forcing `ATEN_CPU_CAPABILITY=default` (torch's plain CPU kernels instead of
# the vectorised ones), so the vector instruction set torch picks on a given CPU is the likely
# cause; the first code cell prints this machine's CPU and torch's choice (AVX512 here).
#
# The referee also showed that a fixed 5 % fall is unfair across widths: one rank-5 quantum is
# ≈ 10 % of width 32's loss, a rank-20 one ≈ 2 % of width 64's. We keep the registered
# criterion, because its alternative gives no ladder of four either: "quanta count unchanged
# since step 15 000" gives widths 8, 16 with the learned-step counts above (32: 4 → 6) and
# 8, 16, 32 with a plain count of subtasks below $\ln 2/2$ at the two steps (printed above:
# 32 holds 6 at both, 64 goes 10 → 12).
#
# On longer ladders — **not the rule**, printed because the referee asked: widths 8–64 of the
# plateau run give a median share 0.71 against the mean's 0.51, so the old bar (twice the
# mean's) was 1.01, out of reach; read against a smooth power law on that ladder ($N^{-0.52}$,
# share 0.46) the median excess is 0.47 against the mean's 0.09, just under the round-5 rule's
# 0.5. Widths 8–128 give 0.77 against 0.41 (old bar 0.82) and an excess of 0.60 against
# −0.01, which would pass. Neither ladder has plateaued by the registered test, so neither
# decides the row; they say that once four size-limited widths exist, the verdict will sit
# near its line.
#
# The snapshot of all six widths at step 15 000 gives 0.68 per subtask (28 subtasks)
# against 0.33 for the mean, and the time control — along training at width 256 — 0.43 per
# doubling of steps (26 subtasks; mean 0.32). A snapshot across widths need not look like
# one network's time profile: where learning time falls steeply with width, a subtask can
# go from unlearned to learned between two neighbouring widths at a fixed step even if each
# network learns it slowly, so this comparison says little about size against training
# time.

# %% [markdown]
# ## 4. The order of learning
#
# If a quantum is learned after a fixed number of its own samples, the step it is learned
# at is inversely proportional to its frequency: slope −1 on a log–log plot (Sec. 3). The
# rival is a steady rate, one subtask after another (step ∝ frequency rank, slope
# −1/(α+1) = −0.67 against frequency). The paper measured neither exactly: its appendix
# fits $S_k \propto p_k^{-0.81}$ "rather than $p_k^{-1}$ as we had expected" (at α = 0.4,
# where the rival is −0.71). Two rows: the paper's value, within the ±15 % of the exponent
# rows, [−0.93, −0.69]; and, our own, "nearer −1 than the rival", [−1.17, −0.83]. Both are
# read on a bootstrap 90 % interval over the learned subtasks (the slope of one seed moves:
# earlier notes found −0.83 … −0.97 over three seeds): the paper row is reproduced when the
# whole interval lies in its window, partly when only the point does. The fit is censored:
# it uses the subtasks learned before 90 % of the run (step 13 500), so rare subtasks that
# would be learned later are missing, and the rare ones in the fit are those learned early,
# which flattens the slope.

# %%
widest = learned[-1]  # the widest network's learning step of each subtask (NaN: not learned)
rho, order_slope, n_learned = qx.order_of_learning(widest, data.frequencies)
slope_lo, slope_hi = qx.slope_interval(widest, data.frequencies)  # bootstrap over the learned subtasks
print(f"{n_learned} subtasks learned by width {run.widths[-1]} before step {int(0.9 * run.steps[-1])}: "
      f"Spearman(frequency, step) = {rho:.2f}, log-log slope {order_slope:.2f} "
      f"(bootstrap 90 % interval {slope_lo:.2f} … {slope_hi:.2f})")
card.check("order", {"Spearman": round(rho, 2), "learned": n_learned})
slope_value = {"slope": round(order_slope, 2), "90% interval": [round(slope_lo, 2), round(slope_hi, 2)]}
card.check("order-slope", slope_value)
card.check("order-slope-steep", slope_value);

# %% mystnb={"figure": {"caption": "Widest network: the step at which each learned subtask is learned against its frequency (colour: rank). Frequent subtasks come first, and the learning step falls roughly as 1/frequency (dashed: slope \u22121; solid: the fit).", "name": "quanta-order"}}
plots.plot_order(widest, data.frequencies, order_slope);

# %% [markdown]
# ## 5. Scaling exponents
#
# **Parameters** (Eq. 4) describe networks limited by their size, not by training time: a
# width whose loss is still falling at the end of the run measures the step law instead.
# So $\alpha_N$ is fitted on the final mean test loss of the **size-limited** widths of
# Sec. 3's plateau run (30 000 steps) — plateaued (the line fitted over the last quarter's evaluations falls less than
# 5 % across it; a loss on the step law falls 9–11 % there), in consecutive doublings from
# the narrowest, at least three — against each width's parameter count,
# $(n_\text{tasks} + n + 1)w + 2(w + 1)$. **Steps** (Eq. 6): the widest network's mean loss
# against step, fitted only while it is still acquiring quanta — from the step its third
# subtask is learned to the step its last one is (`step_fit_window`); later the loss
# flattens because the network runs out of capacity or of training time, which the law does
# not describe.
#
# Each exponent is compared with the law $L \propto \sum_{k>n} p_k$ on our finite set of 500
# subtasks, over the range of $n$ actually learned (the **finite-size prediction**): for
# $\alpha_N$ from the narrowest to the widest size-limited width, for $\alpha_S$ by the widest
# network across its fit window. The registered rule asks for ±15 %: the parameter law's
# prediction is $\alpha + 1 = 1.5$ times the step law's, so the two windows exclude each
# other (the ±50 % windows first registered did not).

# %%
predicted = theory.predicted_exponents(cfg.alpha)
counts = np.isfinite(learned).sum(1)  # the scaling run's (α_S)
plateau_counts = np.isfinite([qx.learned_steps(plateau_run.steps, plateau_run.losses[:, j].T)
                              for j in range(len(plateau_run.widths))]).sum(1)  # the plateau run's (α_N)
param_law = scaling.parameter_scaling(plateau_run.parameters, plateau_run.mean[-1], plateau_counts, size_limited,
                                      cfg.alpha, data.frequencies)
alpha_s, r2_s, window = qx.fit_step_scaling(run.steps, run.mean[:, -1], widest)
finite_s = theory.finite_size_exponents(data.frequencies, cfg.alpha, 3, int(counts[-1]))
print("size-limited widths (α_N's fit, plateau run):", [plateau_run.widths[j] for j in ladder],
      "; subtasks learned by each width of the plateau run:", plateau_counts.tolist())
if len(ladder) >= MIN_LADDER_FIT:
    card.check("alpha-N", {"fitted": round(param_law["fitted"], 3),
                           "finite-size prediction": round(param_law["finite-size prediction"], 3)})
else:
    card.not_testable("alpha-N", f"only {len(ladder)} size-limited widths ({MIN_LADDER_FIT} needed): the wider networks "
                                 "are still learning at the last step, so their final losses follow training time")
every_plateaued = scaling.parameter_scaling(plateau_run.parameters, plateau_run.mean[-1], plateau_counts, plateau,
                                            cfg.alpha, data.frequencies)
print(f"for comparison, not the rule: fitted on every plateaued width {[w for w, p in zip(plateau_run.widths, plateau) if p]}: "
      f"{every_plateaued['fitted']:.3f} against {every_plateaued['finite-size prediction']:.3f}")
card.check("alpha-S", {"fitted": round(float(alpha_s), 3), "finite-size prediction": round(finite_s["alpha_S"], 3)});

# %% mystnb={"figure": {"caption": "Left: final mean test loss against parameter count, widths 8\u2013128 at the end of the plateau run (30 000 steps), the widest at 15 000; filled: the size-limited widths (plateaued, in consecutive doublings from the narrowest), open: the others; dashed: the asymptotic slope \u03b1 = 0.5, drawn through the size-limited points. The fitted power law (solid) and the finite-size slope (dotted) are drawn only when at least three widths are size-limited; this run has two, so neither is drawn (\u03b1_N not testable here). Middle: mean test loss against step for every width over the scaling run (15 000 steps); the fit on the widest runs over the window where it is still learning quanta (predicted slopes drawn offset above it). Right: the plateau run, widths 8\u2013128 trained on to 30 000 steps, mean test loss against step; shaded: its last quarter, over which the plateau test fits its line.", "name": "quanta-scaling"}}
plots.plot_scaling(run, np.append(size_limited, False), param_law["fitted"],
                   {"α": predicted["alpha_N"], "finite": param_law["finite-size prediction"]}, window,
                   alpha_s, {"α/(α+1)": predicted["alpha_S"], "finite": finite_s["alpha_S"]},
                   points=(plateau_run.parameters + run.parameters[-1:], np.append(plateau_run.mean[-1], run.mean[-1, -1])),
                   continued=plateau_run);

# %% [markdown]
# **Data** (Eq. 5, Fig. 2 top right): a network trained for many epochs on a fixed set of
# $D$ samples learns a quantum once it has seen enough of its samples, $D\,p_n \approx$
# const, so $\alpha_D = \alpha/(\alpha+1)$ like $\alpha_S$. The sweep trains one width (128 at
# the standard profile) on fixed sets of 3k–100k samples, minibatches drawn from the set,
# for 3 seeds (each seed: its own initialisation, shared by its four sets, and its own
# sets), all 12 networks as one stacked model (`physai.batched`); the loss of each is its
# best test loss over training (early stopping: on a small set the network soon memorises
# and its test loss rises). The finite-size prediction uses the subtasks learned at the
# best step with the smallest and the largest set fitted. The test loss is read every 50
# steps (round 4; every 250 before, when half the bests came at or before the first
# reading), and each seed is fitted from the smallest set at which its network has learned
# at least one quantum at its best step (the law and its prediction assume $n \ge 1$; a set
# that teaches none sits at guessing), at least 3 sets. α_D and its prediction are fitted
# per seed; the rule reads their medians over the seeds with such a fit. 2000 steps: a probe
# of 3000 steps on the same seeds, read every 250 steps, found every set's best by step 1750,
# and its first 2000 steps are this run; on this 50-step grid the bests come later (seed 1's
# 100 000-sample set at step 1800), so the output below prints each set's loss at step 2000
# beside its best and checks that every best lies before the last step. (That cut, 3000 → 2000 steps, was
# made inside the round-3 notebook commit after the probe, not in a commit of its own before
# the run as the audit rules ask; the bests, and so the verdict, are the same.)

# %%
data_run = data_future.result()  # trained in the second process after the emergence run
replicas = [data_run.replica(r) for r in range(len(data_run.seeds))]
laws = [scaling.data_scaling(rep, cfg.alpha, data.frequencies, min_learned=DATA_MIN_LEARNED, min_sets=DATA_MIN_SETS)
        for rep in replicas]  # each seed fitted from its smallest set with a quantum learned
print(f"{len(data_run.sizes)} sets × {len(replicas)} seeds, width {cfg.data_width}, {cfg.data_steps} steps, test loss "
      f"every {cfg.data_eval_every}; sets {data_run.sizes}; every best before the last step: "
      f"{bool((data_run.best_step < data_run.steps[-1]).all())}")
print(pd.DataFrame({"best test loss": [rep.best.round(3).tolist() for rep in replicas],
                    "at step": [rep.best_step.tolist() for rep in replicas],
                    f"at step {data_run.steps[-1]}": [rep.mean[-1].round(3).tolist() for rep in replicas],
                    "subtasks learned there": [law["learned"] for law in laws],
                    "sets fitted": [law["sets used"] for law in laws],
                    "α_D fitted": [round(law["fitted"], 3) for law in laws],
                    "finite-size prediction": [round(law["finite-size prediction"], 3) for law in laws]},
                   index=pd.Index(data_run.seeds, name="seed")).to_string())
every_set = [scaling.data_scaling(rep, cfg.alpha, data.frequencies) for rep in replicas]
print("for comparison, not the rule — every set fitted (round 3's fit), fitted / predicted per seed: "
      f"{[round(law['fitted'] / law['finite-size prediction'], 2) for law in every_set]}")

# %%
end = replicas[0].losses[-1]  # (sizes, n_tasks) at the last step, first seed
print(f"seed {data_run.seeds[0]} at step {data_run.steps[-1]}: mean test loss {replicas[0].mean[-1].round(3).tolist()}, "
      f"subtasks learned {(end < qx.LEARNED_LOSS).sum(1).tolist()}, mean loss of the subtasks not learned "
      f"{[round(float(e[e >= qx.LEARNED_LOSS].mean()), 3) for e in end]} (ln 2 = 0.693)")
tail = 1 - np.cumsum(data.frequencies)  # L(n) ∝ Σ_{k>n} p_k: the law at a count n of quanta learned
n_slope = [fits.fit_power_law(rep.sizes, 1 / np.maximum(law["learned"], 1))[0] for rep, law in zip(replicas, laws)]
law_slope = [fits.fit_power_law(rep.sizes, tail[np.maximum(law["learned"], 1) - 1])[0]
             for rep, law in zip(replicas, laws)]
print(f"quanta learned against D (every set), n ∝ D^x, per seed: x = {[round(x, 2) for x in n_slope]} (the law: "
      f"1/(α+1) = {1 / (cfg.alpha + 1):.2f}); the law's loss at the n actually learned falls as D^−"
      f"{[round(x, 3) for x in law_slope]}")
fitted_laws = [law for law in laws if np.isfinite(law["fitted"])]
fitted_d = [law["fitted"] for law in fitted_laws]
data_law = {key: float(np.median([law[key] for law in fitted_laws])) if fitted_laws else np.nan
            for key in ("fitted", "r2", "finite-size prediction")}
if len(fitted_laws) >= DATA_MIN_SEEDS:
    card.check("alpha-D", {"fitted": round(data_law["fitted"], 3),
                           "finite-size prediction": round(data_law["finite-size prediction"], 3)},
               spread=[round(min(fitted_d), 3), round(max(fitted_d), 3)], seeds=len(fitted_laws))
else:
    card.not_testable("alpha-D", f"only {len(fitted_laws)} seeds have {DATA_MIN_SETS} sets from the smallest that "
                                 f"teaches a quantum ({DATA_MIN_SEEDS} needed)")

# %%
exponents = pd.DataFrame({
    "fitted": [param_law["fitted"], alpha_s, data_law["fitted"]],  # α_D: the median over seeds
    "r²": [param_law["r2"], r2_s, data_law["r2"]],
    "asymptotic prediction": [predicted["alpha_N"], predicted["alpha_S"], predicted["alpha_D"]],
    "finite-size prediction": [param_law["finite-size prediction"], finite_s["alpha_S"],
                               data_law["finite-size prediction"]]}, index=["α_N", "α_S", "α_D"])
exponents.assign(**{"fitted / finite-size": exponents.fitted / exponents["finite-size prediction"]}).round(3)

# %% mystnb={"figure": {"caption": "Data scaling, one width trained on fixed sets of D samples, first seed (the other two are in the table above). Left: mean test loss over training for each D (dot: its best, the early-stopped loss). Right: its best test loss against D with its fitted power law (solid) and the predicted slopes, asymptotic (dashed) and finite-size (dotted).", "name": "quanta-data"}}
plots.plot_data_scaling(replicas[0], laws[0]["fitted"],
                        {"α/(α+1)": predicted["alpha_D"], "finite": laws[0]["finite-size prediction"]});

# %% [markdown]
# Every set's test loss turns up early (left): the network starts memorising its set long
# before it has learned the subtasks the set could teach. On the finer grid the bests come
# at steps 150–1800, never at the first reading; at step 2000 the 3000-sample sets are far
# above their bests (1.35–1.46), but the 100 000-sample sets are within 0.01 of theirs
# (0.300, 0.299, 0.284 against 0.292, 0.299, 0.282), so a longer run could still lower those. The early-stopped losses (right) fall more
# slowly with D than the finite-size prediction in all three seeds: fitted / predicted 0.82
# (seed 0), 0.78 (seed 1, fitted from 10 000: its 3000-sample set learns nothing) and 0.81
# (seed 2); medians 0.238 against 0.293, 0.81, outside the ±15 % window: **not
# reproduced**, as in round 3 (0.239 against 0.286). The referee's fairer sweep made the
# ratios lower, not higher: the 250-step grid had missed the 3000-sample sets' bests (now
# 0.670 and 0.644 for seeds 0 and 2, against 0.684 and 0.662), which flattened the curve at
# its small end; and where the fit starts at a larger set, the prediction starts at a
# larger $n$ and rises with it (seed 1: 0.316). Fitting every set as in round 3 gives
# 0.82, 0.83, 0.81.
#
# What falls short is the count of quanta learned, not the law that turns a count into a
# loss. The law $L \propto \sum_{k>n} p_k$ evaluated at the $n$ each set actually taught
# (1, 1, 4, 5 for seed 0) falls as $D^{-0.23}$ (0.227–0.240 over the seeds), close to the
# fitted 0.234–0.248; but $n$ grows as $D^{0.52}$–$D^{0.55}$ over the sweep, where "a
# quantum is learned once seen a fixed number of times" needs $D^{1/(\alpha+1)} = D^{0.67}$.
# The range 3k–100k was the prescription; the original's data runs (`D-scaling-6`)
# span 10⁴–5 × 10⁶ samples, 10⁶ steps, an evaluation every 100 steps, at batch
# min(D, 20 000) and lr 1e-3 — neither their range nor their length fits this budget.

# %% [markdown]
# ## 6. Discovering quanta from gradients (QDG)
#
# For a language model nobody knows the quanta, so the paper finds them (Sec. 5): compute
# each sample's loss gradient, take the cosine similarity $C$ of every pair of gradients,
# map it to an affinity $A = 1 - \arccos(C)/\pi$ and cluster the samples by spectral
# clustering on $A$. Here the quanta are known, which makes the method checkable: take
# samples of the most frequent learned subtasks that the widest network solves (loss
# < 0.1), compute per-sample gradients with `torch.func`, cluster into as many clusters as
# subtasks and compare with the truth by the adjusted Rand index (1: identical partitions;
# 0: chance).
#
# One detail matters: inputs and hidden activations here are non-negative, so flipping a
# sample's label flips the sign of its gradient, and two samples of one subtask with
# opposite labels have $C \approx -1$, $A \approx 0$ — the paper's affinity separates them
# by label as much as by subtask. Our variant uses $|C|$. The paper's QDG results are on
# Pythia and on TinyStories (the original repository's `experiments/clustering-0` and
# `tinystories/`; none on sparse parity), so both rows here are our own experiments
# (`ours`), not tests of a claim the paper makes. The `qdg` row is a demonstration that
# cannot pass on this toy (the sign flip; 0.14 was known before registering); `qdg-abs` is
# registered on the 10 most frequent learned subtasks, and the 20 most frequent are printed
# beside it (earlier notes: 0.41 there). The
# original clustering code (ejmichaud/quantization-model, `experiments/clustering-0`)
# computes two affinities and clusters both: $1 - \arccos(C)/\pi$, and the cosine
# similarity of the element-wise absolute gradients $|g|$ (not $|C|$); the paper reports
# the first. We print all four: the paper's, ours, the linear map $(1 + C)/2$, and the
# original's $|g|$ variant.

# %%
solved = np.flatnonzero(np.isfinite(widest))[:cfg.qdg_tasks]  # the most frequent learned subtasks
qdg = dict.fromkeys(qx.AFFINITIES, np.nan)
if len(solved) >= 2:
    q_tasks, q_bits, q_labels = qx.solved_samples(run.model, len(run.widths) - 1, data, solved, cfg.qdg_samples)
    grads = qx.sample_gradients(run.model, len(run.widths) - 1, q_tasks, q_bits, q_labels)
    truth = q_tasks.numpy()
    clusters = {kind: qx.qdg_clusters(grads, len(solved), kind=kind, seed=seed) for kind in qx.AFFINITIES}
    qdg = {kind: adjusted_rand_score(truth, found) for kind, found in clusters.items()}
    print(f"{len(solved)} subtasks × {cfg.qdg_samples} samples, {grads.shape[1]} gradient components; "
          "adjusted Rand index by affinity: " + ", ".join(f"{k} {v:.2f}" for k, v in qdg.items()))
solved20 = np.flatnonzero(np.isfinite(widest))[:2 * cfg.qdg_tasks]
try:  # the same with twice the subtasks, |C| only: beside the registered 10
    q20 = qx.solved_samples(run.model, len(run.widths) - 1, data, solved20, cfg.qdg_samples)
    g20 = qx.sample_gradients(run.model, len(run.widths) - 1, *q20)
    ari20 = adjusted_rand_score(q20[0].numpy(), qx.qdg_clusters(g20, len(solved20), kind="abs", seed=seed))
    print(f"{len(solved20)} most frequent learned subtasks, |C|: adjusted Rand index {ari20:.2f}")
except ValueError as err:
    print("20 subtasks: not run,", err)
card.check("qdg", round(float(qdg["angular"]), 2))
card.check("qdg-abs", round(float(qdg["abs"]), 2));

# %% mystnb={"figure": {"caption": "QDG on the widest network, samples grouped by their true subtask. Top: the paper's affinity 1 \u2212 arccos(C)/\u03c0; bottom: |C|. Left: the affinity matrix (bright blocks on the diagonal: subtasks whose samples share gradient directions; with the paper's affinity each block splits by label into a checkerboard). Right: how spectral clustering's clusters split the true subtasks (a perfect recovery is one dark cell per row and column).", "name": "quanta-qdg"}}
if len(solved) >= 2:
    plots.plot_qdg(truth + 1, {"1 − arccos(C)/π": (qx.gradient_similarity(grads, "angular"), clusters["angular"]),
                               "|C|": (qx.gradient_similarity(grads, "abs"), clusters["abs"])})

# %% [markdown]
# ## 7. Language models
#
# The paper's second half measures the Pythia models (70M–12B parameters) on The Pile:
# the mean loss scales as $N^{-0.083}$ (Fig. 3), single tokens' losses either drop
# abruptly at some size or fall gradually, and QDG clusters of next-token samples are
# coherent skills whose sizes follow a power law with an exponent close to the one the
# theory needs (Sec. 5). Neither Pythia nor The Pile can be downloaded here. The paper
# profile reads per-token losses written on a GPU machine from the file named by
# `PHYSAI_PYTHIA_LOSSES` (`physai.quantization.pythia`, tested on a tiny generated file) and
# fits α_N; without that file these rows are "not testable here".

# %%
pythia_file = os.environ.get("PHYSAI_PYTHIA_LOSSES")
lm = pythia.token_scaling(*pythia.load_token_losses(pythia_file)) if pythia_file else None
if lm is None:
    card.not_testable("pythia-alpha-N", "Pythia and The Pile cannot be downloaded here; run the paper profile with "
                                        "PHYSAI_PYTHIA_LOSSES pointing at per-token losses")
else:
    card.check("pythia-alpha-N", round(lm["alpha_N"], 3))
card.not_testable("pythia-qdg", "needs Pythia's gradients on The Pile (not available offline)")
lm

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/quantization/claims.py`, each
# before the run that decided it. **Emergence** (steps: the emergence run; parameters: the
# plateau run's final losses (widths 8–128 at 30 000 steps) of the size-limited widths —
# plateaued, a line fitted over the last quarter's evaluations falling less than 5 % across
# it, in consecutive doublings from
# the narrowest, at least four): the median per-subtask share of the drop — within a
# factor 1.5 of the learning step (windows inside the run, shares clipped to [0, 1]), or
# at one doubling of width — is ≥ 0.5 and at least twice the mean loss's, scored the same
# way (the control), over at least 5 subtasks — for parameters each share read as its excess
# over a smooth power law fitted to the ladder's mean, $(s - s_0)/(1 - s_0)$ (round 5), so
# that the bar does not depend on the ladder's length. **Order**: Spearman correlation between
# frequency and learning step ≤ −0.8 over at least 15 learned subtasks; the log-log slope
# of learning step against frequency, read on its bootstrap 90 % interval over the learned
# subtasks, within ±15 % of the paper's −0.81, [−0.93, −0.69] (reproduced: the whole
# interval; partly: the point only), and (ours) nearer −1 than the rival −1/(α+1),
# [−1.17, −0.83]. **Exponents**: α_N (the same size-limited widths, at least three), α_S
# and α_D (test loss read every 50 steps, each seed fitted from its smallest set that
# teaches a quantum, at least 3 sets; median over the seeds so fitted, at least 2) within
# ±15 % of
# the finite-size predictions; the asymptotic values α = 0.5 and α/(α+1) = 0.33 are shown
# as the reference. **QDG** (our experiments): adjusted Rand index ≥ 0.5 with the paper's
# affinity (a demonstration that cannot pass here) and with |C| (10 most frequent learned
# subtasks). **Pythia** (paper profile with the loss file): α_N = 0.083 ± 0.02.

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
# **Holds.** On its own toy task the quantization model's bookkeeping holds at the
# standard profile (scaling and emergence runs: one seed each). Subtasks are learned in
# order of frequency (Spearman −0.95 over 28 learned). Single subtasks emerge abruptly in
# steps while the mean falls smoothly: on the emergence run at 32 data bits a median 0.78
# (0.65 in the previous session: the drift of Sec. 3) of a subtask's drop falls within a factor 1.5 of its learning step (all 21 learned
# subtasks have their window inside the run), against 0.24 for the mean (that setting was
# chosen knowing a probe gave 0.61; at the scaling run's 16 bits the score is 0.50 against
# 0.20, on the 0.5 line). The step exponent matches the law $L \propto \sum_{k>n} p_k$ on
# our 500 quanta within ±15 %: α_S = 0.41 against 0.373 (+9 %), not the asymptotic 0.33:
# over the range of n the widest network learns (3–28) the cut-off tail already makes the
# sum steeper than $n^{-\alpha}$.
#
# **Partly.** *The order's slope*: learning step ∝ frequency^−0.90 (bootstrap 90 % interval
# −0.97 … −0.84 over the 28 learned subtasks). The paper measured −0.81 (at α = 0.4); our
# point lies within its ±15 % window [−0.93, −0.69], the interval reaches past it on the
# steep side: partly. Our own row — nearer the −1 of "a fixed count of own samples" than
# the −0.67 of a steady rate — holds on the whole interval, by 0.01 at its upper end. The
# fit is censored at step 13 500 (subtasks learned later are left out), which flattens it;
# so our slope is, if anything, steeper than measured, further from the paper's.
#
# **Does not hold.** *Data scaling*: α_D = 0.238 against the finite-size 0.293, medians
# over 3 seeds (fitted / predicted 0.78–0.82; the window starts at 0.85). Round 4 ran the
# referee's fairer sweep, registered before it ran: the test loss read every 50 steps and
# each seed fitted from its smallest set that teaches a quantum. The ratios fell (round 3:
# 0.83–0.88): the finer grid found lower bests on the 3000-sample sets, and seed 1, fitted
# from 10 000, gets a higher prediction. The law at the n actually learned gives
# 0.227–0.240, near the fit: what falls short is the count of quanta learned, n ∝
# D^0.52–0.55 against the D^0.67 of "learned once seen a fixed number of times". Every set
# reaches its best early (steps 150–1800), and from then on the network memorises its set:
# its loss on the subtasks it has not learned climbs far above guessing (1.9–3.6 nats by
# step 2000 against ln 2 = 0.69). The original's data runs differ from ours in learning
# rate (1e-3 against 3e-3), batch (min(D, 20 000), against minibatches of 1000), width (500
# against 128), data bits (100 against 16), range (10⁴–5 × 10⁶ samples) and length (10⁶
# steps); neither the lr / batch ablation nor their range fitted the budget.
#
# **Not testable here.** *Emergence against parameters* and *α_N* (round 3: not
# reproduced, 0.78 against the mean's 0.41; reproduced, 0.437 against 0.461, both on widths
# 8–64). Round 4 trained widths 8–128 on to 30 000 steps to settle them (registered before
# the run); instead width 32 learned two more subtasks after step 15 000 and falls 5.8 %
# across the last quarter (128: 8.4 %), so only widths 8 and 16 are size-limited, where
# emergence-N needs four and α_N three (so the round-5 rule, the excess over a smooth power
# law, is not scored either; on the longer, unplateaued ladders it reads 0.47 on 8–64 and
# 0.60 on 8–128, against 0.5). For comparison only, a fit on every plateaued width
# (8, 16, 64, not consecutive) gives α_N = 0.522 against 0.472. At this budget a narrow
# network keeps acquiring rare quanta for tens of thousands of steps, and the plateau
# criterion's verdict hangs on one late quantum: the scaling run at 15 000 steps now
# puts width 32 at 1.5 % and 64 at 6.7 %, where the previous round's run of the same
# configuration gave 5.00 % and 4.0 %.
#
# *The language-model half* (Pythia's exponent, QDG on next-token
# prediction) needs models and data this machine cannot download; the paper profile reads
# precomputed per-token losses. Not built: a small byte-level language model as a
# stand-in.
#
# **Our experiments.** QDG on sparse parity is ours (the paper's QDG results are on Pythia
# and TinyStories). With the paper's affinity $1 - \arccos(C)/\pi$ it **fails**, as known
# before registering (a demonstration): adjusted Rand index 0.12. In this toy a sample's
# gradient flips sign with its label (non-negative inputs and activations), so the paper's
# affinity splits each subtask by label. With $|C|$ the same gradients give 0.66 on the 10
# most frequent learned subtasks (**holds**), and so does the original code's second
# affinity, the cosine of $|g|$; on the 20 most frequent, 0.56 (0.46 in the previous
# round's run). This
# says nothing about QDG on a language model, where no such sign symmetry is built in.
#
# **Seeds, outside the notebook.** The scaling run's training seeds 1 and 2
# (`benchmarks/03_scaling_seeds.py`, results in `benchmarks/results/03_scaling_seeds.json`;
# ~80–110 s each, which this notebook's budget does not hold) give Spearman −0.96 and −0.94,
# order slopes −0.89 (interval −0.951 … −0.855) and −0.85 (−0.952 … −0.768) — *order-slope*
# partly on both, *order-slope-steep* holding on seed 1 but not on seed 2 — and α_S 0.400
# against 0.376 and 0.383 against 0.375, inside ±15 % on both. Their plateau tests at
# 15 000 steps give size-limited ladders of width 8 alone (seed 1: 16 falls 7.7 %) and of
# 8–32 (seed 2: 64 falls 5.9 %); with this session's seed 0 (8–32) and round 3's (8–64), the
# ladder that decides emergence-N and α_N is a matter of seed.
#
# **Changed by the audit (issue 21)**, old → new. First round: *emergence* not reproduced
# (a ±5 %-of-run window that could not pass) → reproduced (0.65 against 0.24); *alpha-N*
# reproduced (0.53 on all widths, ±50 %) → reproduced (0.45 against 0.46 on plateaued
# widths, ±15 %); *alpha-S* reproduced (±50 %) → reproduced (0.41 against 0.375, ±15 %);
# *alpha-D* not testable → not reproduced (0.24 against 0.29); *qdg* reproduced (with
# |C|) → not reproduced (the paper's affinity: 0.14); *qdg-abs* new, ours, holds (0.65).
# Second round (the referee's review): *emergence* unchanged, reproduced (0.65; windows
# now two-sided and shares clipped: median and quartiles unchanged); *emergence-N*
# reproduced (0.72 on a snapshot with three widths still falling) → not testable here;
# *order-slope* reproduced in [−1.3, −0.7] → reproduced in [−1.17, −0.83] (−0.89);
# *alpha-D* not reproduced, one seed (0.236 against 0.293) → not reproduced, median of 3
# seeds (0.239 against 0.286); *qdg* paper, not reproduced → ours, fails (0.14); figure
# numbers corrected (N and S scaling: Fig. 2; Pythia: Fig. 3). Third round (the
# referee's review): *order-slope* reproduced (−0.89 in [−1.17, −0.83], reference −1) →
# partly (against the paper's own −0.81, ±15 %: point −0.89 inside, interval −0.95 … −0.84
# not); *order-slope-steep* new, ours, holds (the old rule, now on the interval);
# *emergence-N* not testable here (two-point plateau test: 8, 16, 64) → not reproduced
# (fitted plateau test: 8–64 size-limited; 0.78 against the mean's 0.41, twice needed);
# *alpha-N* reproduced (0.452 against 0.461 on 8, 16, 64) → reproduced (0.437 against
# 0.461 on 8–64, the same widths as emergence-N); *emergence*, *alpha-S*, *alpha-D*,
# *qdg*, *qdg-abs* unchanged (n = 16 emergence score, the α_D diagnosis and the 20-subtask
# QDG value now printed; caveats registered).
#
# Round 4 (the referee's next round; registries 3f2e5e0, b150ad3): *emergence-N* not
# reproduced (0.78 against 0.41, widths 8–64 at 15 000 steps) → not testable here (plateau
# run to 30 000 steps: only widths 8, 16 size-limited; 32 falls 5.8 %); *alpha-N*
# reproduced (0.437 against 0.461) → not testable here (the same two widths); *alpha-D* not
# reproduced (0.239 against 0.286) → not reproduced on the fairer sweep (0.238 against
# 0.293; evaluation every 50 steps, fit from the smallest set with a quantum). Unchanged
# verdicts with new numbers (this session's runs differ from the previous session's with
# the same code and seed): *emergence* 0.65 → 0.78 against 0.24; *order* −0.93 → −0.95;
# *order-slope* −0.89 → −0.90 (interval −0.97 … −0.84), partly; *alpha-S* 0.407 against
# 0.375 → 0.407 against 0.373; *qdg* 0.14 → 0.12; *qdg-abs* 0.65 → 0.66.
#
# Round 5 (the referee's fix round; registries 818fc2e, 5c5c935): *emergence-N*
# re-registered so that its bar does not depend on the ladder's length (each share read as its
# excess over a smooth power law fitted to the ladder's mean; the old "twice the mean's share"
# needed ≈ 0.9 on four widths and 1.01 on the plateau run's 8–64) — verdict unchanged, not
# testable here (ladder 8, 16; on the longer, unplateaued ladders the excess is 0.47 on 8–64
# and 0.60 on 8–128, printed, not scored); *order-slope-steep*'s caveat now says it fails on
# training seed 2. Text corrected: the data sweep's bests were said to come "by step 1750"
# (the 250-step probe's reading); seed 1's 100 000-sample set has its best at step 1800, and
# each set's loss at step 2000 is printed beside its best. Figure {numref}`quanta-scaling` no
# longer promises a fitted and a finite-size line that this run cannot draw, and shows the
# plateau run against step. Every number of this run equals round 4's run in this session.
#
# **Next steps.** Seeds for the scaling run (the order slope's and the plateau test's
# spread; one seed costs about 100 s at this profile, which the budget did not hold); a
# size-limited criterion that does not hang on one late quantum (e.g. the count of quanta
# learned unchanged over the last half, or widths trained at a lower lr to convergence);
# the lr / batch ablation of the data sweep, and its range beyond 10⁵ samples.
