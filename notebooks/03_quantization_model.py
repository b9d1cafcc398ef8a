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
from physai.quantization.claims import CLAIMS, MIN_EMERGING, MIN_LADDER
from physai.quantization.data import MultitaskSparseParity

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("03_quantization_model", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/quantization/claims.py, checked section by section
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

# %% mystnb={"figure": {"caption": "Left: the subtask frequencies of our task, a Zipf law. Right: the loss after learning the n most frequent quanta, for a million quanta (a power law n^−α, dashed) and for our 500. Over the first few n the sum is not yet a power law and its local slope is shallower than α; the finite tail then bends down long before n reaches 500, and the slope grows steeper. Which side a run lands on depends on the range of n it learns (Sec. 5).", "name": "quanta-theory"}}
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
# lookup — the same function, several times faster. Two runs beside this scaling run: the
# emergence run (one width-256 network at $n = 32$ for 40 000 steps, Sec. 3) and the data
# sweep (width 128 on fixed sets, 3 seeds, Sec. 5). The paper profile restores the paper's task
# ($n = 100$, batch 20 000, widths to 500, 10⁵ steps).

# %%
data = MultitaskSparseParity(cfg.n_tasks, cfg.n_bits, cfg.k, cfg.alpha, seed=seed)
tasks, bits, labels = data.sample(4, torch.Generator().manual_seed(seed))
pd.DataFrame({"subtask": tasks.numpy() + 1, "its bits": [data.subsets[t].tolist() for t in tasks],
              "data bits": ["".join(map(str, b)) for b in bits.tolist()], "label (parity)": labels.numpy()})

# %% [markdown]
# The **emergence run** of Sec. 3 — one wide network on the same kind of task with more
# data bits, where sparse parity's drops are sharper — trains meanwhile in a second process
# (one thread each: the two cores); after the scaling run this process trains the data
# sweep of Sec. 5.

# %%
per_task = np.where(np.arange(cfg.n_tasks) < cfg.n_frequent, cfg.eval_frequent, cfg.eval_rare)
data_hard = MultitaskSparseParity(cfg.n_tasks, cfg.emergence_bits, cfg.k, cfg.alpha, seed=seed)
(emergence_future,) = qx.elsewhere(
    (qx.train_emergence, dict(data=data_hard, width=cfg.emergence_width, steps=cfg.emergence_steps, batch=cfg.batch,
                              lr=cfg.lr, n_evals=cfg.n_evals, per_task=per_task, seed=seed)))
with runtime.timer() as t_train:
    run = qx.train_widths(data, cfg.widths, steps=cfg.steps, batch=cfg.batch, lr=cfg.lr,
                          n_evals=cfg.n_evals, per_task=per_task, seed=seed)
print(f"{len(cfg.widths)} widths ({run.parameters[0]:,}–{run.parameters[-1]:,} parameters), "
      f"{cfg.steps} steps in {t_train['seconds']:.0f} s")
with runtime.timer() as t_data:  # Sec. 5's data sweep, trained here while the emergence run finishes
    data_run = scaling.train_data_sizes(data, cfg.data_sizes, cfg.data_width, steps=cfg.data_steps, batch=cfg.batch,
                                        lr=cfg.lr, eval_every=cfg.data_eval_every, per_task=per_task, seed=seed,
                                        seeds=[seed + r for r in range(cfg.data_seeds)])

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
# (losses up to 0.75–0.85 against $\ln 2 = 0.69$). A network that has not learned a
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
# are gradual (Fig. {numref}`quanta-emergence`), so the claim is decided on the emergence
# run: one width-256 network on 32 data bits for 40 000 steps (standard profile), the
# harder task on which the paper's sharp drops appear.

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
card.check("emergence", round(float(np.nanmedian(hard_share)), 2) if scored.sum() >= MIN_EMERGING else np.nan,
           control=round(float(hard_mean_share), 2));

# %% mystnb={"figure": {"caption": "Emergence run (n = 32 data bits, one width-256 network). Left: test loss per subtask against step (colours as above). Right: four single subtasks and the mean loss (black).", "name": "quanta-emergence-hard"}}
plots.plot_emergence(hard.steps, hard.losses[:, 0], hard.mean[:, 0], show=min(40, cfg.n_tasks));

# %% [markdown]
# At 32 data bits each learned subtask sits at guessing for most of the run and then drops
# to zero within a narrow band of steps (right: subtask 10 within a factor ~1.5 around
# step 15 000), while the mean falls over three decades of steps.

# %% [markdown]
# ### Against parameters
#
# The scaling run's final losses give the other half of Fig. 2: each subtask's loss against
# the network's size. For the subtasks the widest network has learned and the narrowest has
# not, the share of the drop from the narrowest to the widest that happens at the single
# largest doubling of width (1: all at one doubling); the mean loss scored the same way is
# the control. The claim is about size, so only widths whose loss is set by their size
# count: those that have **plateaued** (mean loss down less than 5 % over the last quarter
# of training, the criterion of Sec. 5), in consecutive doublings from the narrowest, at
# least four of them. A width still falling at the end of the run is limited by training
# time: a wider network learns a subtask sooner, so a snapshot taken while the wide widths
# are still learning can show a jump between two widths that is a jump in time. As a
# **time control**, the same statistic is computed along training at fixed width (the
# widest network), at as many doublings of the step count as there are widths, ending at
# the last step.

# %%
final = run.losses[-1]  # (n_widths, n_tasks) per-subtask loss at the end of training
plateau = scaling.plateaued(run.steps, run.mean)  # per width: loss set by its size (Sec. 5)
ladder = scaling.plateau_ladder(run.widths, plateau)
emerging, width_share = scaling.width_emergence(final)  # the snapshot: every width at the last step
t_emerging, time_share, t_at = scaling.time_emergence(run.steps, run.losses[:, -1], len(run.widths))
median = lambda x: float(np.nanmedian(x)) if len(x) else np.nan  # noqa: E731
print(f"plateaued widths: {[w for w, p in zip(run.widths, plateau) if p]}; consecutive doublings from the "
      f"narrowest: {[run.widths[j] for j in ladder]} ({MIN_LADDER} needed)\n"
      f"snapshot at step {run.steps[-1]}, all widths: {len(emerging)} subtasks, median share at one doubling of "
      f"width {median(width_share):.2f}; mean loss {scaling.largest_step_share(run.mean[-1]):.2f}\n"
      f"time control, width {run.widths[-1]} at steps {t_at.astype(int).tolist()}: {len(t_emerging)} subtasks, "
      f"median share at one doubling of steps {median(time_share):.2f}; mean loss "
      f"{scaling.largest_step_share(np.interp(t_at, run.steps, run.mean[:, -1])):.2f}")
if len(ladder) >= MIN_LADDER:
    ladder_emerging, ladder_share = scaling.width_emergence(final[ladder])
    card.check("emergence-N", round(median(ladder_share), 2) if len(ladder_emerging) >= MIN_EMERGING else np.nan,
               control=round(scaling.largest_step_share(run.mean[-1, ladder]), 2))
else:
    card.not_testable("emergence-N", f"only {len(ladder)} plateaued widths in consecutive doublings from the narrowest "
                                     f"({MIN_LADDER} needed): the wider networks are still learning at the last step, so "
                                     "their final losses measure training time as much as size")

# %% mystnb={"figure": {"caption": "Scaling run, test loss at the last step against parameters (a snapshot: the widths that have not plateaued are still learning): single subtasks that the widest network has learned and the narrowest has not (colours, by frequency rank), and the frequency-weighted mean (black); dashed: ln 2, guessing.", "name": "quanta-emergence-width"}}
plots.plot_width_emergence(run.parameters, final, emerging, run.mean[-1]);

# %% [markdown]
# Only widths 8, 16 and 64 have plateaued (32 is still falling), so the registered rule
# cannot be applied: **not testable here**. The snapshot, read as the first audit read it,
# gives a median 0.72 of a subtask's drop at one doubling of width (32 subtasks) against
# 0.30 for the mean. The time control does not look the same: along training at width 256,
# a doubling of steps carries a median 0.45 of a subtask's drop (30 subtasks; mean 0.34).
# So the jumps between neighbouring widths are sharper than the widest network's jumps in
# time, which speaks against a pure training-time effect, but it is not the claim about
# capacity-limited networks. That needs the wide networks trained to their plateau (the
# paper profile's 10⁵ steps may give it; 15 000 steps on two cores do not).

# %% [markdown]
# ## 4. The order of learning
#
# If a quantum is learned after a fixed number of its own samples, the step it is learned
# at is inversely proportional to its frequency: slope −1 on a log–log plot (Sec. 3). The
# rival is a steady rate, one subtask after another (step ∝ frequency rank, slope
# −1/(α+1) = −0.67 against frequency). The rule asks for a slope nearer −1 than the rival,
# [−1.17, −0.83]; the first window, [−1.3, −0.7], left the rival only 0.03 outside.

# %%
widest = learned[-1]  # the widest network's learning step of each subtask (NaN: not learned)
rho, order_slope, n_learned = qx.order_of_learning(widest, data.frequencies)
print(f"{n_learned} subtasks learned by width {run.widths[-1]}: Spearman(frequency, step) = {rho:.2f}, "
      f"log-log slope {order_slope:.2f}")
card.check("order", {"Spearman": round(rho, 2), "learned": n_learned})
card.check("order-slope", round(order_slope, 2));

# %% mystnb={"figure": {"caption": "Widest network: the step at which each learned subtask is learned against its frequency (colour: rank). Frequent subtasks come first, and the learning step falls roughly as 1/frequency (dashed: slope −1; solid: the fit).", "name": "quanta-order"}}
plots.plot_order(widest, data.frequencies, order_slope);

# %% [markdown]
# ## 5. Scaling exponents
#
# **Parameters** (Eq. 4) describe networks limited by their size, not by training time: a
# width whose loss is still falling at the end of the run measures the step law instead.
# So $\alpha_N$ is fitted on the final mean test loss of the widths that have
# **plateaued** — mean loss down by less than 5 % over the last quarter of training (a loss
# on the step law falls 9–11 % there) — against each width's parameter count,
# $(n_\text{tasks} + n + 1)w + 2(w + 1)$. **Steps** (Eq. 6): the widest network's mean loss
# against step, fitted only while it is still acquiring quanta — from the step its third
# subtask is learned to the step its last one is (`step_fit_window`); later the loss
# flattens because the network runs out of capacity or of training time, which the law does
# not describe.
#
# Each exponent is compared with the law $L \propto \sum_{k>n} p_k$ on our finite set of 500
# subtasks, over the range of $n$ actually learned (the **finite-size prediction**): for
# $\alpha_N$ from the narrowest to the widest plateaued width, for $\alpha_S$ by the widest
# network across its fit window. The registered rule asks for ±15 %: the parameter law's
# prediction is $\alpha + 1 = 1.5$ times the step law's, so the two windows exclude each
# other (the ±50 % windows first registered did not).

# %%
predicted = theory.predicted_exponents(cfg.alpha)
counts = np.isfinite(learned).sum(1)
param_law = scaling.parameter_scaling(run.parameters, run.mean[-1], counts, plateau, cfg.alpha, data.frequencies)
alpha_s, r2_s, window = qx.fit_step_scaling(run.steps, run.mean[:, -1], widest)
finite_s = theory.finite_size_exponents(data.frequencies, cfg.alpha, 3, int(counts[-1]))
print("plateaued widths:", [w for w, p in zip(run.widths, plateau) if p])
card.check("alpha-N", {"fitted": round(param_law["fitted"], 3),
                       "finite-size prediction": round(param_law["finite-size prediction"], 3)})
card.check("alpha-S", {"fitted": round(float(alpha_s), 3), "finite-size prediction": round(finite_s["alpha_S"], 3)});

# %% mystnb={"figure": {"caption": "Left: final mean test loss against parameter count; filled: widths that have plateaued (fitted), open: still falling at the end of the run; the fitted power law (solid) and the predicted slopes, asymptotic (dashed) and finite-size (dotted). Right: mean test loss against step for every width; the fit on the widest runs over the window where it is still learning quanta (predicted slopes drawn offset above it).", "name": "quanta-scaling"}}
plots.plot_scaling(run, plateau, param_law["fitted"],
                   {"α": predicted["alpha_N"], "finite": param_law["finite-size prediction"]}, window,
                   alpha_s, {"α/(α+1)": predicted["alpha_S"], "finite": finite_s["alpha_S"]});

# %% [markdown]
# **Data** (Eq. 5, Fig. 2 top right): a network trained for many epochs on a fixed set of
# $D$ samples learns a quantum once it has seen enough of its samples, $D\,p_n \approx$
# const, so $\alpha_D = \alpha/(\alpha+1)$ like $\alpha_S$. The sweep trains one width (128 at
# the standard profile) on fixed sets of 3k–100k samples, minibatches drawn from the set,
# for 3 seeds (each seed: its own initialisation, shared by its four sets, and its own
# sets), all 12 networks as one stacked model (`physai.batched`); the loss of each is its
# best test loss over training (early stopping: on a small set the network soon memorises
# and its test loss rises). The finite-size prediction uses the subtasks learned at the
# best step with the smallest and the largest set. α_D and its prediction are fitted per
# seed; the rule reads their medians. 2000 steps: a probe of 3000 steps on the same seeds
# found every set's best by step 1750, and its first 2000 steps are this run; the output
# below checks that every best lies before the last step.

# %%
replicas = [data_run.replica(r) for r in range(len(data_run.seeds))]
laws = [scaling.data_scaling(rep, cfg.alpha, data.frequencies) for rep in replicas]
print(f"{len(data_run.sizes)} sets × {len(replicas)} seeds, width {cfg.data_width}, {cfg.data_steps} steps in "
      f"{t_data['seconds']:.0f} s; sets {data_run.sizes}; every best before the last step: "
      f"{bool((data_run.best_step < data_run.steps[-1]).all())}")
print(pd.DataFrame({"best test loss": [rep.best.round(3).tolist() for rep in replicas],
                    "at step": [rep.best_step.tolist() for rep in replicas],
                    "subtasks learned there": [law["learned"] for law in laws],
                    "α_D fitted": [round(law["fitted"], 3) for law in laws],
                    "finite-size prediction": [round(law["finite-size prediction"], 3) for law in laws]},
                   index=pd.Index(data_run.seeds, name="seed")).to_string())
end = replicas[0].losses[-1]  # (sizes, n_tasks) at the last step, first seed
print(f"seed {data_run.seeds[0]} at step {data_run.steps[-1]}: mean test loss {replicas[0].mean[-1].round(3).tolist()}, "
      f"subtasks learned {(end < qx.LEARNED_LOSS).sum(1).tolist()}, mean loss of the subtasks not learned "
      f"{[round(float(e[e >= qx.LEARNED_LOSS].mean()), 3) for e in end]} (ln 2 = 0.693)")
fitted_d = [law["fitted"] for law in laws]
data_law = {"fitted": float(np.median(fitted_d)), "r2": float(np.median([law["r2"] for law in laws])),
            "finite-size prediction": float(np.median([law["finite-size prediction"] for law in laws]))}
card.check("alpha-D", {"fitted": round(data_law["fitted"], 3),
                       "finite-size prediction": round(data_law["finite-size prediction"], 3)},
           spread=[round(min(fitted_d), 3), round(max(fitted_d), 3)], seeds=len(laws))
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
# before it has learned the subtasks the set could teach. The early-stopped losses (right)
# fall more slowly with D than either prediction, in all three seeds (fitted / predicted
# 0.83–0.88). The smallest set stops near guessing, with at most the most frequent subtask
# learned (seed 1's best is its initial loss).

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
# Pythia (and the original repository has no QDG run on sparse parity), so both rows here
# are our own experiments (`ours`), not tests of a claim the paper makes. The
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
card.check("qdg", round(float(qdg["angular"]), 2))
card.check("qdg-abs", round(float(qdg["abs"]), 2));

# %% mystnb={"figure": {"caption": "QDG on the widest network, samples grouped by their true subtask. Top: the paper's affinity 1 − arccos(C)/π; bottom: |C|. Left: the affinity matrix (bright blocks on the diagonal: subtasks whose samples share gradient directions; with the paper's affinity each block splits by label into a checkerboard). Right: how spectral clustering's clusters split the true subtasks (a perfect recovery is one dark cell per row and column).", "name": "quanta-qdg"}}
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
# scaling run's final losses of the plateaued widths, at least four in consecutive
# doublings from the narrowest): the median per-subtask share of the drop — within a
# factor 1.5 of the learning step (windows inside the run, shares clipped to [0, 1]), or
# at one doubling of width — is ≥ 0.5 and at least twice the mean loss's, scored the same
# way (the control), over at least 5 subtasks. **Order**: Spearman correlation between
# frequency and learning step ≤ −0.8 over at least 15 learned subtasks; the log-log slope
# of learning step against frequency nearer −1 than the rival −1/(α+1), [−1.17, −0.83].
# **Exponents**: α_N (plateaued widths), α_S and α_D (median over 3 seeds) within ±15 % of
# the finite-size predictions; the asymptotic values α = 0.5 and α/(α+1) = 0.33 are shown
# as the reference. **QDG** (our experiments): adjusted Rand index ≥ 0.5 with the paper's
# affinity and with |C|. **Pythia** (paper profile with the loss file): α_N = 0.083 ± 0.02.

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
# order of frequency (Spearman −0.93 over 29 learned), each after roughly a fixed number of
# its own samples: learning step ∝ frequency^−0.89, nearer the −1 of that mechanism than
# the −0.67 of a steady rate. Single subtasks emerge abruptly in steps while the mean falls
# smoothly: on the emergence run at 32 data bits a median 0.65 of a subtask's drop falls
# within a factor 1.5 of its learning step (all 19 learned subtasks have their window
# inside the run), against 0.24 for the mean. The parameter and step exponents match the
# law $L \propto \sum_{k>n} p_k$ on our 500 quanta within ±15 %: α_N = 0.45 against 0.46,
# fitted on the three widths that have plateaued (8, 16 and 64: a factor 8 in parameters
# only, so a weak fit), and α_S = 0.41 against 0.375 (+9 %). Both differ from the
# asymptotic values (0.5, 0.33) as the finite sum predicts over the range of n each run
# learns: α_N's range (1–9 quanta) lies where the sum is still shallower than $n^{-\alpha}$,
# α_S's (3–29) where the cut-off tail already makes it steeper.
#
# **Does not hold.** *Data scaling*: α_D = 0.239 against the finite-size 0.286, median
# over 3 seeds (fitted 0.237–0.258; fitted / predicted 0.83–0.88, the window starts at
# 0.85: one seed of three would pass). Every set reaches its best test loss early (steps
# 0–1750), when the largest set has taught 5–6 subtasks; from then on the network
# memorises its set, and its loss on the subtasks it has not learned climbs far above
# guessing (1.9–3.5 nats by step 2000 against ln 2 = 0.69). **The cause is unknown.** The
# first audit blamed early stopping, but the original code early-stops too. Its data runs
# differ from ours in learning rate (1e-3 against 3e-3), batch (min(D, 20 000), i.e. full
# batch for D ≤ 20 000, against minibatches of 1000), width (500 against 128), data bits
# (100 against 16) and length (10⁵ steps). The ablation that would test the first two (lr
# 1e-3, batch min(D, 20 000), at width 128) costs about 13 times this sweep per step, and
# more steps at the lower rate: it did not fit the budget and is not run.
#
# **Not testable here.** *Emergence against parameters*: only widths 8, 16 and 64 have
# plateaued at 15 000 steps, so the rule (at least four plateaued widths in consecutive
# doublings) cannot be applied. The snapshot gives 0.72 per subtask at one doubling of
# width against the mean's 0.30; the time control at width 256 gives 0.45 per doubling of
# steps. *The language-model half* (Pythia's exponent, QDG on next-token prediction) needs
# models and data this machine cannot download; the paper profile reads precomputed
# per-token losses. Not built: a small byte-level language model as a stand-in.
#
# **Our experiments.** QDG on sparse parity is ours (the paper's QDG results are on
# Pythia). With the paper's affinity $1 - \arccos(C)/\pi$ it **fails**: adjusted Rand index
# 0.14. In this toy a sample's gradient flips sign with its label (non-negative inputs and
# activations), so the paper's affinity splits each subtask by label. With $|C|$ the same
# gradients give 0.65 (**holds**), and so does the original code's second affinity, the
# cosine of $|g|$. This says nothing about QDG on a language model, where no such sign
# symmetry is built in.
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
# numbers corrected (N and S scaling: Fig. 2; Pythia: Fig. 3).
#
# **Next steps.** The wide networks trained to their plateau (for emergence against
# parameters, and α_N over more than a factor 8); seeds for the scaling and emergence runs;
# the lr / batch ablation of the data sweep.
