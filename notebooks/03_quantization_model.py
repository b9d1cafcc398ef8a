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
# paper's quanta-discovery method (QDG) on it. At the standard profile it runs in about
# four minutes on two CPU cores (two processes, one thread each).

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
from physai.quantization.claims import CLAIMS
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

# %% mystnb={"figure": {"caption": "Left: the subtask frequencies of our task, a Zipf law. Right: the loss after learning the n most frequent quanta, for a million quanta (a power law n^−α, dashed) and for our 500 — the finite tail bends down long before n reaches 500, so finite runs measure a steeper slope.", "name": "quanta-theory"}}
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
# and α = 0.5 (the paper's Fig. 3 uses α = 0.4). The one-hot control input is an embedding
# lookup — the same function, several times faster. Two runs beside this scaling run: the
# emergence run (one width-256 network at $n = 32$ for 40 000 steps, Sec. 3) and the data
# sweep (width 128 on fixed sets, Sec. 5). The paper profile restores the paper's task
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
                                        lr=cfg.lr, eval_every=cfg.data_eval_every, per_task=per_task, seed=seed)

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
# $\ln 2 + \sigma^2/8$. Measured separately on this task (width 256): the spread of the
# logit gap over a rare subtask's samples grows from 0.03 at initialisation to 0.4 at step
# 100 and 0.7–1.0 by step 1000, with the loss on ranks 101–500 at 0.72–0.85, and is still
# 0.7–0.8 at step 3000: a rare subtask's own control weights, updated only on its few
# samples, are slow to cancel the features it borrows.
#
# ### Against steps: the emergence run
#
# How abrupt is a drop? For each learned subtask, the share of its total drop that happens
# between its learning step divided and multiplied by 1.5 (a window of fixed width on the
# log-step axis, a factor 2.25 in all); 1 is a step, a straight descent over the log axis
# scores the window's share of it. The mean loss is scored the same way around the step at
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
hard_share = qx.abruptness(hard.steps, hard.losses[:, 0].T, hard_learned, factor=1.5)
hard_mean_share = qx.abruptness(hard.steps, hard.mean[None, :, 0],
                                np.array([qx.half_drop_step(hard.steps, hard.mean[:, 0])]), factor=1.5)[0]
print(f"emergence run: n = {cfg.emergence_bits} bits, width {cfg.emergence_width}, {cfg.emergence_steps} steps; "
      f"{np.isfinite(hard_learned).sum()} subtasks learned\n"
      f"share of the drop within ×/÷ 1.5 of the learning step: per-subtask median {np.nanmedian(hard_share):.2f} "
      f"(quartiles {np.nanpercentile(hard_share, 25):.2f}–{np.nanpercentile(hard_share, 75):.2f}); "
      f"mean loss {hard_mean_share:.2f}")
card.check("emergence", round(float(np.nanmedian(hard_share)), 2), control=round(float(hard_mean_share), 2));

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
# the control.

# %%
final = run.losses[-1]  # (n_widths, n_tasks) per-subtask loss at the end of training
emerging, width_share = scaling.width_emergence(final)
mean_width_share = scaling.largest_step_share(run.mean[-1])
print(f"{len(emerging)} subtasks learned by width {run.widths[-1]} but not by width {run.widths[0]}: "
      f"median share at one doubling {np.nanmedian(width_share) if len(emerging) else np.nan:.2f}; "
      f"mean loss {mean_width_share:.2f}")
card.check("emergence-N", round(float(np.nanmedian(width_share)), 2) if len(emerging) >= 5 else np.nan,
           control=round(mean_width_share, 2));

# %% mystnb={"figure": {"caption": "Scaling run, final test loss against parameters: single subtasks that the widest network has learned and the narrowest has not (colours, by frequency rank), and the frequency-weighted mean (black); dashed: ln 2, guessing.", "name": "quanta-emergence-width"}}
plots.plot_width_emergence(run.parameters, final, emerging, run.mean[-1]);

# %% [markdown]
# Most single subtasks go from guessing to solved between two neighbouring widths; a few
# take two doublings, or end half-learned at the end of the run (the widest networks are
# still training). The mean falls in steady steps over the whole range.

# %% [markdown]
# ## 4. The order of learning
#
# If a quantum is learned after a fixed number of its own samples, the step it is learned
# at is inversely proportional to its frequency: slope −1 on a log–log plot (Sec. 3).

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
plateau = scaling.plateaued(run.steps, run.mean)
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
# the standard profile) from the same initialisation on fixed sets of 3k–100k samples,
# minibatches drawn from the set, as one stacked model (`physai.batched`); the loss of
# each is its best test loss over training (early stopping: on a small set the network
# soon memorises and its test loss rises). The finite-size prediction uses the subtasks
# learned at the best step with the smallest and the largest set. 3000 steps: a first run
# of 10 000 steps found every set's best test loss by step 1250, and its first 3000 steps
# are this run (same data, same stream of minibatches).

# %%
data_law = scaling.data_scaling(data_run, cfg.alpha, data.frequencies)
end = data_run.losses[-1]  # (K, n_tasks) at the last step
print(f"{len(data_run.sizes)} sets, width {cfg.data_width}, {cfg.data_steps} steps in {t_data['seconds']:.0f} s\n"
      "best test loss", dict(zip(data_run.sizes, data_run.best.round(3).tolist())), "at steps",
      data_run.best_step.tolist(), "| subtasks learned there", data_law["learned"], "\n"
      f"at step {data_run.steps[-1]}: mean test loss {data_run.mean[-1].round(3).tolist()}, subtasks learned "
      f"{(end < qx.LEARNED_LOSS).sum(1).tolist()}, mean loss of the subtasks not learned "
      f"{[round(float(e[e >= qx.LEARNED_LOSS].mean()), 3) for e in end]} (ln 2 = 0.693)")
card.check("alpha-D", {"fitted": round(data_law["fitted"], 3),
                       "finite-size prediction": round(data_law["finite-size prediction"], 3)})
exponents = pd.DataFrame({
    "fitted": [param_law["fitted"], alpha_s, data_law["fitted"]],
    "r²": [param_law["r2"], r2_s, data_law["r2"]],
    "asymptotic prediction": [predicted["alpha_N"], predicted["alpha_S"], predicted["alpha_D"]],
    "finite-size prediction": [param_law["finite-size prediction"], finite_s["alpha_S"],
                               data_law["finite-size prediction"]]}, index=["α_N", "α_S", "α_D"])
exponents.assign(**{"fitted / finite-size": exponents.fitted / exponents["finite-size prediction"]}).round(3)

# %% mystnb={"figure": {"caption": "Data scaling, one width trained on fixed sets of D samples. Left: mean test loss over training for each D (dot: its best, the early-stopped loss). Right: best test loss against D with the fitted power law (solid) and the predicted slopes, asymptotic (dashed) and finite-size (dotted).", "name": "quanta-data"}}
plots.plot_data_scaling(data_run, data_law["fitted"],
                        {"α/(α+1)": predicted["alpha_D"], "finite": data_law["finite-size prediction"]});

# %% [markdown]
# Every set's test loss turns up early (left) — the network starts memorising its set long
# before it has learned the subtasks the set could teach — and the early-stopped losses
# (right) fall more slowly with D than either prediction; the smallest set stops near
# guessing, with only the most frequent subtask learned.

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
# by label as much as by subtask. Our variant uses $|C|$ (scored as our own row). The
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
# the mean loss scales as $N^{-0.083}$ (Fig. 4), single tokens' losses either drop
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
# scaling run's final losses): the median per-subtask share of the drop — within a factor
# 1.5 of the learning step, or at one doubling of width — is ≥ 0.5 and at least twice the
# mean loss's, scored the same way (the control). **Order**: Spearman correlation between
# frequency and learning step ≤ −0.8 over at least 15 learned subtasks; the log-log slope
# of learning step against frequency within −1 ± 0.3. **Exponents**: α_N (plateaued
# widths), α_S and α_D within ±15 % of the finite-size predictions; the asymptotic values
# α = 0.5 and α/(α+1) = 0.33 are shown as the reference. **QDG**: adjusted Rand index ≥ 0.5
# with the paper's affinity (the paper row) and with |C| (ours). **Pythia** (paper
# profile with the loss file): α_N = 0.083 ± 0.02.

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
# standard profile. Subtasks are learned in order of frequency (Spearman −0.93 over 29
# learned), each after roughly a fixed number of its own samples (learning step ∝
# frequency^−0.89). Single subtasks emerge abruptly while the mean falls smoothly, against
# steps — on the emergence run at 32 data bits a median 0.65 of a subtask's drop falls
# within a factor 1.5 of its learning step, against 0.24 for the mean — and against
# parameters, where a median 0.72 of the drop happens at one doubling of width (32
# subtasks), against 0.30 for the mean. The parameter and step exponents match the law
# $L \propto \sum_{k>n} p_k$ on our 500 quanta within ±15 %: α_N = 0.45 against 0.46, fitted
# on the three widths that have plateaued (8, 16 and 64 — a factor 8 in parameters only,
# so a weak fit), and α_S = 0.41 against 0.375 (+9 %). Both lie away from the asymptotic
# values (0.5, 0.33) in the direction the finite tail predicts.
#
# **Does not hold.** *Data scaling*: α_D = 0.24 against the finite-size 0.29 (−20 %; the
# asymptotic value is 0.33). The early-stopped loss is not the loss of "every quantum the
# data can teach": every set reaches its best mean test loss early (steps 250–1250), when
# the largest set has taught 6 subtasks, because from then on the network memorises its
# set and its loss on the ~490 subtasks it has not learned climbs far above guessing (2.2–4.2
# nats by step 3000 against ln 2 = 0.69), which outweighs the subtasks it goes on learning.
# The law's premise, that an unlearned quantum costs a fixed loss, fails under multi-epoch
# training here; width 128 and our learning rate may matter too (the paper's data runs are
# not specified in enough detail to copy). *QDG with the paper's affinity*
# $1 - \arccos(C)/\pi$: adjusted Rand index 0.14. In this toy a sample's gradient flips sign
# with its label (non-negative inputs and activations), so the paper's affinity splits each
# subtask by label; with $|C|$ the same gradients give 0.65 (our row), and the original
# code's second affinity, the cosine of $|g|$, also 0.65. This says nothing about QDG on a
# language model, where no such sign symmetry is built in.
#
# **Not testable here.** The language-model half (Pythia's exponent, QDG on next-token
# prediction) needs models and data this machine cannot download; the paper profile reads
# precomputed per-token losses. Not built: a small byte-level language model as a stand-in.
#
# **Changed by the audit (issue 21)**, old → new: *emergence* not reproduced (±5 %-of-run
# window on the n = 16 run: 0.24 per subtask against the mean's 0.79, a rule that could not
# pass) → reproduced (log window, emergence run: 0.65 against 0.24); *emergence-N* new,
# reproduced (0.72 against 0.30); *alpha-N* reproduced (0.53 on all widths, window ±50 %)
# → reproduced (0.45 on plateaued widths, 0.46 predicted, ±15 %); *alpha-S* reproduced
# (0.41 in a ±50 % window) → reproduced (0.41 against 0.375, ±15 %); *alpha-D* not
# testable → not reproduced (0.24 against 0.29); *qdg* reproduced (|C|: 0.65) → not
# reproduced (the paper's affinity: 0.14); *qdg-abs* new, ours, holds (0.65).
