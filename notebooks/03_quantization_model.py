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
# three minutes on two CPU cores.

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
from physai.quantization import plots, pythia, theory
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
# lookup — the same function, several times faster. The paper profile restores the paper's
# task ($n = 100$, batch 20 000, widths to 500, 10⁵ steps).

# %%
data = MultitaskSparseParity(cfg.n_tasks, cfg.n_bits, cfg.k, cfg.alpha, seed=seed)
tasks, bits, labels = data.sample(4, torch.Generator().manual_seed(seed))
pd.DataFrame({"subtask": tasks.numpy() + 1, "its bits": [data.subsets[t].tolist() for t in tasks],
              "data bits": ["".join(map(str, b)) for b in bits.tolist()], "label (parity)": labels.numpy()})

# %%
per_task = np.where(np.arange(cfg.n_tasks) < cfg.n_frequent, cfg.eval_frequent, cfg.eval_rare)
with runtime.timer() as t_train:
    run = qx.train_widths(data, cfg.widths, steps=cfg.steps, batch=cfg.batch, lr=cfg.lr,
                          n_evals=cfg.n_evals, per_task=per_task, seed=seed)
print(f"{len(cfg.widths)} widths ({run.parameters[0]:,}–{run.parameters[-1]:,} parameters), "
      f"{cfg.steps} steps in {t_train['seconds']:.0f} s")

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
# The widest network's loss on each of its most frequent subtasks, over training. Each row
# stays at $\ln 2$ — guessing — and then drops to near zero; the drops arrive later the
# rarer the subtask. The frequency-weighted mean over all 500 subtasks has no such jumps.

# %% mystnb={"figure": {"caption": "Widest network. Left: test loss per subtask (rows by frequency rank) against step, on a log axis: yellow is guessing (ln 2), dark is solved; frequent subtasks are solved first. Right: four single subtasks (coloured) and the mean loss over all subtasks (black).", "name": "quanta-emergence"}}
plots.plot_emergence(run.steps, run.losses[:, -1], run.mean[:, -1], show=min(60, cfg.n_tasks));

# %% [markdown]
# How abrupt? For each learned subtask, the share of its total drop that happens within
# ±5 % of the run's length around its learning step (1: a step; for a straight
# descent over the whole run, 0.1). The mean loss is scored the same way around the step
# where it has covered half its drop. This window — the scorecard's, fixed before the run
# — has a flaw the run exposed: it is a fixed number of steps, so around an early step it
# spans most of a log-scaled run, and the mean, which covers half its drop by a few hundred
# steps, scores high however smooth it is. A window of fixed width on the log-step axis
# (a factor 1.5 either side) compares like with like; it is printed as a diagnostic and
# does not enter the verdict.

# %%
widest = learned[-1]
abrupt = qx.abruptness(run.steps, run.losses[:, -1].T, widest)
mean_step = np.array([qx.half_drop_step(run.steps, run.mean[:, -1])])
mean_abrupt = qx.abruptness(run.steps, run.mean[None, :, -1], mean_step)[0]
log_abrupt = qx.abruptness(run.steps, run.losses[:, -1].T, widest, factor=1.5)
log_mean = qx.abruptness(run.steps, run.mean[None, :, -1], mean_step, factor=1.5)[0]
print(f"±5 % of the run: per-subtask median {np.nanmedian(abrupt):.2f} over {np.isfinite(abrupt).sum()} learned "
      f"subtasks (quartiles {np.nanpercentile(abrupt, 25):.2f}–{np.nanpercentile(abrupt, 75):.2f}); "
      f"mean loss {mean_abrupt:.2f}\n"
      f"×/÷ 1.5 in step (diagnostic): per-subtask median {np.nanmedian(log_abrupt):.2f}; mean loss {log_mean:.2f}")
card.check("emergence", {"per subtask": round(float(np.nanmedian(abrupt)), 2),
                         "mean": round(float(mean_abrupt), 2)},
           reason="with n = 16 data bits the drops are gradual (sparse parity is harder, and its drops sharper, "
                  "at larger n: 0.43 at n = 24, 0.61 at n = 32 in longer runs measured separately); and the "
                  "fixed ±5 % window flatters the mean, which falls early — see the log-window diagnostic in Sec. 3");

# %% [markdown]
# ## 4. The order of learning
#
# If a quantum is learned after a fixed number of its own samples, the step it is learned
# at is inversely proportional to its frequency: slope −1 on a log–log plot (Sec. 3).

# %%
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
# **Parameters**: the final mean test loss of each width against its parameter count
# (each width's separate network: $(n_\text{tasks} + n + 1)w + 2(w + 1)$ parameters).
# **Steps**: the widest network's mean loss against step, fitted only while the network is
# still acquiring quanta — from the step its third subtask is learned to the step its last
# one is (`step_fit_window`): later the loss flattens because the network runs out of
# capacity or of training time, which the law does not describe. The finite-size
# predictions use the range of $n$ learned: by the smallest and the largest width for
# $\alpha_N$, and by the widest network across the fit window for $\alpha_S$.

# %%
predicted = theory.predicted_exponents(cfg.alpha)
alpha_n, r2_n = fits.fit_power_law(run.parameters, run.mean[-1])
counts = np.isfinite(learned).sum(1)
finite_n = theory.finite_size_exponents(data.frequencies, cfg.alpha, max(int(counts[0]), 1), int(counts[-1]))
alpha_s, r2_s, window = qx.fit_step_scaling(run.steps, run.mean[:, -1], widest)
finite_s = theory.finite_size_exponents(data.frequencies, cfg.alpha, 3, int(counts[-1]))
exponents = pd.DataFrame({
    "fitted": [alpha_n, alpha_s], "r²": [r2_n, r2_s],
    "asymptotic prediction": [predicted["alpha_N"], predicted["alpha_S"]],
    "finite-size prediction": [finite_n["alpha_N"], finite_s["alpha_S"]]}, index=["α_N", "α_S"]).round(3)
card.check("alpha-N", round(alpha_n, 3),
           reason=f"finite-size prediction for the n learned here: {finite_n['alpha_N']:.2f}")
card.check("alpha-S", round(float(alpha_s), 3),
           reason=f"finite-size prediction over the fit window: {finite_s['alpha_S']:.2f}")
card.not_testable("alpha-D", "needs networks trained to convergence on fixed training sets of many sizes "
                             "(multi-epoch); our runs see fresh samples every step and the data sweep is not "
                             "implemented")
exponents

# %% mystnb={"figure": {"caption": "Left: final mean test loss against parameter count with the fitted power law (solid) and the predicted slopes, asymptotic (dashed) and finite-size (dotted). Right: mean test loss against step for every width; the fit on the widest runs over the window where it is still learning quanta (predicted slopes drawn offset above it).", "name": "quanta-scaling"}}
plots.plot_scaling(run, alpha_n, {"α": predicted["alpha_N"], "finite": finite_n["alpha_N"]}, window,
                   alpha_s, {"α/(α+1)": predicted["alpha_S"], "finite": finite_s["alpha_S"]});

# %% [markdown]
# ## 6. Discovering quanta from gradients (QDG)
#
# For a language model nobody knows the quanta, so the paper finds them (Sec. 5):
# compute each sample's loss gradient, measure the cosine similarity of every pair of
# gradients, and cluster the samples by spectral clustering on that similarity. Here the
# quanta are known, which makes the method checkable: take samples of the most frequent
# learned subtasks that the widest network solves (loss < 0.1), compute per-sample
# gradients with `torch.func`, cluster into as many clusters as subtasks and compare with
# the truth by the adjusted Rand index (1: identical partitions; 0: chance).
#
# One detail matters: inputs and hidden activations here are non-negative, so flipping a
# sample's label flips the sign of its gradient. The original code's signed similarity then
# separates samples by label as much as by subtask; the absolute cosine does not.

# %%
solved = np.flatnonzero(np.isfinite(widest))[:cfg.qdg_tasks]  # the most frequent learned subtasks
qdg = {"ARI |cos|": np.nan, "ARI signed": np.nan}
if len(solved) >= 2:
    q_tasks, q_bits, q_labels = qx.solved_samples(run.model, len(run.widths) - 1, data, solved, cfg.qdg_samples)
    grads = qx.sample_gradients(run.model, len(run.widths) - 1, q_tasks, q_bits, q_labels)
    truth = q_tasks.numpy()
    clusters = {absolute: qx.qdg_clusters(grads, len(solved), absolute=absolute, seed=seed) for absolute in (True, False)}
    qdg = {"ARI |cos|": adjusted_rand_score(truth, clusters[True]),
           "ARI signed": adjusted_rand_score(truth, clusters[False])}
    print(f"{len(solved)} subtasks × {cfg.qdg_samples} samples, {grads.shape[1]} gradient components: "
          + ", ".join(f"{k} = {v:.2f}" for k, v in qdg.items()))
card.check("qdg", round(float(qdg["ARI |cos|"]), 2));

# %% mystnb={"figure": {"caption": "QDG on the widest network. Left: |cos| similarity of per-sample gradients, samples grouped by their true subtask: bright blocks on the diagonal are subtasks whose samples share gradient directions. Right: how spectral clustering's clusters split the true subtasks (a perfect recovery is one dark cell per row and column).", "name": "quanta-qdg"}}
if len(solved) >= 2:
    plots.plot_qdg(qx.gradient_similarity(grads), truth + 1, clusters[True], "|cos| of per-sample gradients");

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
# The claims and their rules are declared in `physai/quantization/claims.py`, before the
# standard run was measured; every row is one of the paper's claims. **Emergence**: the median
# per-subtask abruptness is ≥ 0.5 (most of a subtask's drop within ±5 % of the run around
# its learning step) and at least twice the mean loss's. **Order**: Spearman correlation
# between frequency and learning step ≤ −0.8 over at least 15 learned subtasks; the
# log-log slope of learning step against frequency within −1 ± 0.3. **Exponents**: within
# ±50 % of the asymptotic predictions, α_N ∈ [0.25, 0.75] and α_S ∈ [0.17, 0.5] for
# α = 0.5 (the suggested tolerance; the finite-size predictions are reported
# beside them, not used for the verdict). **QDG**: adjusted Rand index ≥ 0.5 with |cos|.
# **Pythia** (paper profile with the loss file): α_N = 0.083 ± 0.02.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();

# %% [markdown]
# ## What holds, and what does not
#
# At the standard profile the quantization model's bookkeeping holds on its own toy task:
# subtasks are learned in order of frequency, each after roughly a fixed number of its own
# samples (learning step ∝ frequency^−0.9), and the mean loss follows power laws in
# parameters and steps whose exponents match the model's predictions — best once the
# finite number of subtasks is taken into account (the finite-size column of the
# exponents table). The step exponent lies above the asymptotic α/(α+1) and close to the
# finite-size value: with 500 subtasks the unlearned tail thins out faster than a power law.
#
# What does not reproduce at this scale is the *abruptness* of single subtasks: with 16
# data bits instead of the paper's 100, a subtask's loss slides down over a factor of a few
# in steps rather than dropping at once, and our pre-registered measure of it also turned
# out to flatter the mean curve (Sec. 3). Longer runs at n = 32, too slow for this budget,
# give sharper drops; the paper profile restores n = 100.
#
# QDG recovers most of the known subtasks from per-sample gradients alone, but only with
# the absolute cosine similarity: with the signed similarity of the original code, samples
# with opposite labels look dissimilar and the clusters mix subtasks. The language-model
# half of the paper (Pythia's exponent, QDG on next-token prediction) needs models and data
# this machine cannot download; the paper profile has the loader for precomputed
# per-token losses. Not built: the data-scaling experiment (multi-epoch training on fixed
# sets) and a small byte-level language model as a stand-in for Pythia.
