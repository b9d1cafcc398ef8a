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
# # The clock and the pizza: two algorithms for modular addition
#
# Zhong, Liu, Tegmark and Andreas {cite}`zhong2023clock` train small transformers on
# $a + b \bmod p$ and find that they do not all learn the same thing. Earlier work had
# reverse-engineered the **clock**: tokens become points on circles, $a$ and $b$ are
# *rotated into each other* (angles add), and the answer is read off the combined angle.
# Change one knob — how much the model may use attention — and the same architecture
# learns a different algorithm, the **pizza**: the two points are *averaged*, and the
# answer is read off the direction of the midpoint, which depends on $a - b$ as well.
# The paper's headline claims:
#
# - with standard attention (Model A) the network is a clock, with constant attention
#   (Model B) a pizza, and two scores tell them apart — *gradient symmetricity* (pizza
#   ≈ 1) and *distance irrelevance* (clock ≈ 1);
# - over attention rate × width the algorithm changes from pizza to clock as attention
#   rises, and wider networks stay pizzas longer.
#
# This notebook trains Models A and B, three seeds each, and a reduced attention-rate ×
# width grid, all through the core's sweep engine
# (`physai.sweep`), then checks each claim against the model it would have to rule out.
# At the standard profile it runs in about five minutes on two CPU cores.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import numpy as np
import pandas as pd
from IPython.display import display

from physai import modular, plotting, profiles, runtime
from physai.clockpizza import experiments as cp, plots
from physai.clockpizza.claims import CLAIMS, DI_CUT, FITTED
from physai.clockpizza.metrics import leading_frequency

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("05_clock_pizza", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/clockpizza/claims.py, checked section by section
cfg

# %% [markdown]
# ## The model and the knob
#
# The input is the two tokens $(a, b)$; the model is the paper's one-layer transformer
# without layer norm: token and position embeddings of width $d$, one attention layer with
# four heads, a ReLU MLP of width $4d$, and logits over the $p$ answers read at the last
# position (`physai.modular`). The attention pattern is interpolated by the
# **attention rate** $\alpha$ (Sec. 3):
#
# $$
# A = \alpha \operatorname{softmax}\!\left(\frac{QK^\top}{\sqrt{d_\text{head}}}\right) + (1 - \alpha)\,\mathbf 1 ,
# $$
#
# so $\alpha = 1$ is ordinary attention (Model A) and $\alpha = 0$ adds the two positions'
# values with fixed weights (Model B). Training follows the original code: 80 % of the
# $p^2$ pairs, full batch, AdamW (lr $10^{-3}$, weight decay 2, β = (0.9, 0.98)), a 10-step
# warm-up, cross-entropy computed in float64 — in float32 the log-softmax underflows once
# the loss nears $10^{-7}$ and the loss jumps, which wrecks the circles.
#
# **Scale.** The paper uses $p = 59$, $d = 128$ and 20 000 steps; one such run takes ~45
# minutes in float32 here, and the paper's phase diagram has 817 of them. The standard
# profile uses $p = 31$, 3 000 steps: the phase diagram at widths 32 and 64 with one seed
# per cell, Models A and B at width 64 with three seeds each, and a third small set,
# pizzas at weight decay 2 and 4, that tests a link the authors' released runs suggest.
# Every run is a point of one sweep (`physai.sweep`); a run two sets share trains once,
# the runs of one width train as one stacked model, and the chunks go to two processes
# (one per core). At the paper profile the chunks are cached, so an interrupted grid
# resumes, and `RAY_ADDRESS` sends them to a cluster. Models A and B at the paper's
# $p = 59$, $d = 128$ were tried at this profile and did not fit its five minutes with
# enough training to decide the clock's scores; what they gave is at the end of the
# chapter.

# %%
stack = dict(train_fraction=cfg.train_fraction, split_seed=seed, n_heads=cfg.n_heads, lr=cfg.lr,
             log_every=cfg.log_every, n_circles=cfg.n_circles)
corner_points = cp.run_points(cfg.corner_p, cfg.corner_width, [0.0, 1.0], cfg.corner_seeds, detail=True,
                              steps=cfg.corner_steps, precision=cfg.corner_precision, **stack)
grid_points = [pt for width in cfg.widths
               for pt in cp.run_points(cfg.p, width, cfg.attn_rates, cfg.seeds, steps=cfg.steps,
                                       precision=cfg.precision, **stack)]
wd_points = cp.run_points(cfg.p, cfg.wd_width, [0.0], cfg.wd_seeds, weight_decays=cfg.wd_values,
                          steps=cfg.steps, precision=cfg.precision, **stack)
with runtime.timer() as t:
    # the slowest chunks first, so that two workers finish together
    runs = cp.train_runs(corner_points + grid_points + wd_points, chunk_size=cfg.chunk,
                         backend=cfg.backend, workers=cfg.workers, cache=cfg.cache)
runs["group"] = ["corner"] * len(corner_points) + ["grid"] * len(grid_points) + ["weight decay"] * len(wd_points)
print(f"{len(runs)} transformers trained in {t['seconds']:.0f} s")

# %% [markdown]
# ## Models A and B
#
# Model A is the α = 1 run and Model B the α = 0 run of the first seed; the tables below
# show all three seeds.

# %%
corners = runs[runs.group == "corner"].reset_index(drop=True)
A_runs, B_runs = corners[corners.attn_rate == 1.0], corners[corners.attn_rate == 0.0]
model_a, model_b = A_runs.iloc[0], B_runs.iloc[0]
curves = pd.concat([pd.DataFrame(r.history).assign(attn_rate=r.attn_rate) for r in (model_a, model_b)])

# %% mystnb={"figure": {"caption": "Model A (\u03b1 = 1) and Model B (\u03b1 = 0), first seed: train (dashed) and test accuracy, and the training loss. Both generalise; the loss keeps falling long after.", "name": "clockpizza-training"}}
plots.plot_training(curves);

# %% [markdown]
# Both models learn the task and generalise to the held-out 20 % of pairs. Accuracy
# cannot tell them apart; their insides can.
#
# ## Two algorithms
#
# **Circles.** Both models place the tokens on circles: project the $p \times d$ token
# embedding on its principal components and each pair of components traces token $a$ at
# angle $w_k a$ with $w_k = 2\pi k/p$, one frequency $k$ per circle. The embedding's
# Fourier spectrum shows the same thing as a few sharp lines. *Circularity* (App. C) is the
# share of each leading component's variance at its dominant frequency: 1 for perfect
# circles.

# %% mystnb={"figure": {"caption": "Token embeddings projected on principal-component pairs (1, 2), (3, 4), \u2026 for Model A (top) and Model B (bottom); each dot is a token, labelled by its value, colour following the token. Tokens sit on circles, in the order a\u00b7k mod p for the circle's frequency k.", "name": "clockpizza-circles"}}
embeddings = {"Model A (clock)": np.array(model_a.W_E), "Model B (pizza)": np.array(model_b.W_E)}
plotting.plot_circles(embeddings, cfg.n_circles);

# %% mystnb={"figure": {"caption": "Share of each model's token-embedding variance at each frequency k: a few frequencies carry almost all of it.", "name": "clockpizza-spectra"}}
plots.plot_spectra(embeddings);

# %% [markdown]
# **What is done with the circles.** On one circle, write $E_a = (\cos w a, \sin w a)$.
# The clock multiplies the two embeddings as complex numbers (attention makes the product
# possible) and scores answer $c$ by
#
# $$
# \text{clock:}\qquad \ell_c = \cos\big(w(a + b - c)\big),
# $$
#
# while the pizza *adds* the two points, $E_a + E_b = 2\cos\!\big(\tfrac{w(a-b)}{2}\big)\,
# \big(\cos\tfrac{w(a+b)}{2}, \sin\tfrac{w(a+b)}{2}\big)$, a vector whose direction gives
# $a + b$ (up to the antipode) and whose *length* depends on $a - b$; the MLP turns it into
# (Sec. 4.2)
#
# $$
# \text{pizza:}\qquad \ell_c = 2\left|\cos\tfrac{w(a-b)}{2}\right|\big(|\cos\theta| - |\sin\theta|\big),\quad \theta = \tfrac{w(a+b-c)}{2}.
# $$
#
# So the correct logit ($c = a + b$, $\theta = 0$) is the same for every pair with the
# same sum in a clock, but varies with the distance $a - b$ in a pizza. The maps below show
# the correct logit over $(a, b)$ and re-indexed by $(a + b, a - b)$, the rows ordered by
# $k(a - b) \bmod p$ for the pizza's leading circle frequency $k$ (so that a function of
# $\cos(\pi k (a - b)/p)$ varies smoothly down the columns).

# %% mystnb={"figure": {"caption": "The correct logit of Model A (top) and Model B (bottom), over (a, b) (left) and over ((a + b) mod p, k(a \u2212 b) mod p) (right). Down each column of the right-hand maps a + b is fixed and only the distance a \u2212 b changes: a clock's logit should not change there, a pizza's should, as |cos(\u03c0k(a \u2212 b)/p)|.", "name": "clockpizza-logits"}}
correct = {"Model A (clock)": np.array(model_a.correct_logits), "Model B (pizza)": np.array(model_b.correct_logits)}
plots.plot_logit_maps(correct, leading_frequency(embeddings["Model B (pizza)"]));

# %% [markdown]
# ## The paper's scores
#
# - **Gradient symmetricity** (GS): the cosine between $\partial\ell_c/\partial E_a$ and
#   $\partial\ell_c/\partial E_b$, averaged over 100 random triples $(a, b, c)$. A pizza's
#   logit depends on $E_a + E_b$, so the two gradients coincide (GS ≈ 1); a clock's
#   product does not.
# - **Distance irrelevance** (DI): the spread of the correct logit over pairs with the same
#   $a - b$, averaged over distances, relative to its overall spread. A clock ignores the
#   distance (DI ≈ 1); a pure pizza is a function of it (DI ≈ 0).
#
# The paper's checkpoints give GS 0.9937 and DI 0.1717 for Model B, GS 0.3336 and DI
# 0.8483 for Model A. One checkpoint per model is a thin basis: in the authors' released
# run tables their pizzas' DI spreads from 0.19 to 0.66 (interquartile range; median
# 0.35, 130 runs) and their clocks' has median 0.86. So each score is judged on the median
# of three seeds, with a cut midway between the authors' two medians for DI
# (`DI_CUT` = 0.6), and each row has a control: the rule must *fail* on the other model.

# %%
columns = ["attn_rate", "seed", "train_acc", "test_acc", "gs", "di", "circularity", "norm"]
display(corners[columns].round(3))
init = {name: modular.circularity(modular.ModAddTransformer(cfg.corner_p, cfg.corner_width, cfg.n_heads)
                                  .W_E.detach().numpy()) for name in ("A", "B")}  # untrained embeddings
# unrounded: 191 of 193 test pairs is 0.9896, which rounds to 0.990 but is not ≥ 0.99
card.check("accuracy", {"A": float(A_runs.test_acc.min()), "B": float(B_runs.test_acc.min())})
for id_, runs_, other, column in (("gs-pizza", B_runs, A_runs, "gs"), ("di-pizza", B_runs, A_runs, "di"),
                                  ("gs-clock", A_runs, B_runs, "gs"), ("di-clock", A_runs, B_runs, "di")):
    card.check_seeds(id_, runs_[column].round(4), control=round(float(other[column].median()), 4))
card.check("di-separation", round(float(A_runs.di.median() - B_runs.di.median()), 3),
           reason=f"medians: Model A {A_runs.di.median():.3f}, Model B {B_runs.di.median():.3f}")
card.check("circularity", {"A": round(float(A_runs.circularity.median()), 3),
                           "B": round(float(B_runs.circularity.median()), 3)},
           control={k: round(v, 3) for k, v in init.items()},
           reason="per seed: A " + ", ".join(f"{c:.3f}" for c in A_runs.circularity)
                  + "; B " + ", ".join(f"{c:.3f}" for c in B_runs.circularity));

# %% mystnb={"figure": {"caption": "GS and DI of each seed of Model A and Model B. Grey: the authors' released runs \u2014 the band is their pizzas' interquartile range of DI, the bar the median (clocks: median only).", "name": "clockpizza-seeds"}}
plots.plot_corner_scores(corners, {plots.NAMES[0.0]: (0.19, 0.35, 0.66), plots.NAMES[1.0]: (0.86, 0.86, 0.86)});

# %% [markdown]
# The gradients separate the algorithms cleanly: every pizza seed has GS 0.99, and the
# clocks' median is 0.58 (seeds from 0.26 to 0.84), so the pizza rule fails on the clock
# and the clock rule on the pizza, as the controls require. The distance does not: the
# pizzas' median DI is 0.48 and the clocks' 0.60 — on the cut itself. In this run the
# clocks' median, 0.601, lies just above 0.6, so both DI rows pass with their controls
# failing, by 0.001; in the previous run of the same code on another CPU (Intel Xeon against
# this AMD EPYC) it was 0.595 and both rows failed. At $p = 31$ the DI verdicts are decided
# by the floating-point path, not by the models.
# Their separation, 0.12, is a quarter of the authors' 0.51. This is the audit's
# observation at small $p$: at $p = 31$ a clock's correct logit keeps some dependence on
# the distance. At the paper's $p = 59$ (three seeds each, 3 000 steps, run separately:
# the end of the chapter) the same rules give medians of 0.49 for pizzas and 0.79 for
# clocks, a separation of 0.30. Circularity passes for Model B (median 0.965) and fails
# for Model A (median 0.847; seeds 1.00, 0.82, 0.85) at the book's cut of 0.95 — circles,
# but not yet clean ones on two clocks after 3 000 steps; untrained embeddings score about
# 0.2. And one pizza (seed 1) stops at 191 of 193 held-out pairs, 0.9896, just under the
# paper's 99 %: the `accuracy` row is judged on the unrounded value and fails by one pair.
#
# **Templates.** Keep one circle of the embedding (its two principal components), run the
# model on every $(a, b)$, and ask how much of the variance of all $p^3$ logits the clock
# and the pizza templates at that circle's frequency explain ($Q_\text{clock}$,
# $Q_\text{pizza}$; Table 1). The two templates overlap (about 0.8 over the whole cube),
# so what matters is which one is higher and how close to 1 it gets.

# %%
templates = pd.concat({(r.attn_rate, r.seed): pd.DataFrame(r.templates) for r in corners.itertuples()},
                      names=["attn_rate", "seed", "row"]).reset_index(level="row", drop=True)
display(templates.round(3))
lead = templates[templates.circle == 1]
qa, qb = lead.loc[1.0], lead.loc[0.0]
card.check_seeds("q-pizza", qb.q_pizza.round(3), control=round(float(qa.q_pizza.median()), 3),
                 reason="Q_clock of Model B's leading circle: " + ", ".join(f"{q:.3f}" for q in qb.q_clock))
card.check("q-clock", {"Q_clock": round(float(qa.q_clock.median()), 3), "Q_pizza": round(float(qa.q_pizza.median()), 3)},
           control={"Q_clock": round(float(qb.q_clock.median()), 3), "Q_pizza": round(float(qb.q_pizza.median()), 3)});

# %% [markdown]
# On its leading circle the pizza template explains Model B's logits best on every seed
# (Q_pizza 0.84–0.94, against Q_clock 0.64–0.73) but not to the paper's 98 %: `q-pizza`
# is not reproduced (median 0.925; at $p = 59$ and 3 000 steps, 0.96). For Model A the
# clock template wins on two seeds (0.997 against 0.78; 0.86 against 0.75), which decides
# the median comparison; on seed 1 the leading principal pair is a poor circle and
# neither template explains its logits (both Q below −0.4), so that row rests on two of
# three seeds. Weaker circles explain less for both models, and where a principal pair
# mixes two frequencies the templates are meaningless there (Q ≈ −1).
#
# ## The phase diagram: attention rate × width
#
# Every run of the grid, scored by GS; the paper calls a run a pizza when GS > 0.98
# (Fig. 6). A run enters the phase rows once it fits — test accuracy at least
# `FITTED` = 0.99 — since a model that has not learned the task has no algorithm to
# classify yet; unfitted runs are drawn hollow. The transition is where the mean GS of a
# width's fitted runs first drops below the cut, interpolated between grid points.

# %%
grid = runs[runs.group == "grid"].assign(fitted=lambda r: r.test_acc >= FITTED)
print(f"fitted: {grid.fitted.sum()} of {len(grid)} runs; unfitted: "
      + (", ".join(f"d={r.d_model} α={r.attn_rate:g} (test {r.test_acc:.3f})" for r in grid[~grid.fitted].itertuples())
         or "none"))

# %% mystnb={"figure": {"caption": "Left: mean gradient symmetricity of the fitted runs per (width, \u03b1), the colour scale centred at the pizza cut 0.98 (blue: pizzas, red: clocks). Middle: their mean distance irrelevance (Fig. 6's second panel). Right: GS against attention rate per width (dots: runs, hollow if unfitted; line: mean of fitted runs), the cut dashed.", "name": "clockpizza-phase"}}
plots.plot_phase_diagram(grid, cfg.gs_cut);

# %%
fitted = grid[grid.fitted]
shares = cp.pizza_fraction(fitted, cfg.gs_cut).pivot(index="d_model", columns="attn_rate", values="pizza_share")
transition = cp.transition_rate(fitted, cfg.gs_cut)
display(shares.round(2), transition.round(2).to_frame())
is_pizza = fitted.gs > cfg.gs_cut
card.check("phase-low", round(float(is_pizza[fitted.attn_rate <= 0.4].mean()), 3),
           reason="GS at α ≤ 0.4: " + "; ".join(
               f"d={w}: " + ", ".join(f"{g:.3f}" for g in frame.sort_values("attn_rate").gs)
               for w, frame in fitted[fitted.attn_rate <= 0.4].groupby("d_model")))
card.check("phase-high", round(float(is_pizza[fitted.attn_rate >= 0.8].mean()), 3))
card.check("transition", {f"d={w}": round(float(r), 2) for w, r in transition.items()})
if max(cfg.widths) > 128:
    card.check("width", {f"d={w}": round(float(transition[w]), 2) for w in (min(cfg.widths), max(cfg.widths))})
else:
    card.not_testable("width", f"widths {cfg.widths} ≤ 128: the paper's own trend appears above d = 128 "
                               "(run the paper profile)")

# %% [markdown]
# At both widths the picture is the paper's: every fitted run with α ≤ 0.4 is a pizza,
# none with α ≥ 0.6 is, and the mean GS crosses the cut at α ≈ 0.42 (width 32) and 0.42
# (width 64) — inside the range where the authors' released runs switch. The width-32
# clock (α = 1) is the one run that does not fit (test accuracy 0.95 after 3 000 steps)
# and stays out of these rows. In the authors' tables small models are less reliable
# pizzas too: runs with $d \le 64$ are pizzas in 91 % of cases for α in 0.2–0.4 and in
# 35 % for 0.4–0.5, against 100 % and 98 % at $d = 128$. The width trend — wider models
# stay pizzas to larger α — shows in the paper only above $d = 128$ (pizzas at α 0.5–0.7:
# 15 % for $d$ 32–64, 9 % for 65–128, 73 % for 129–256), beyond this profile's widths.
#
# ## Weight decay and the pizza's distance dependence
#
# The authors' released runs suggest what sets a pizza's DI: across their runs it rises
# with the validation loss and the parameter norm, not with the width. Weight decay is the
# knob on the norm, so a direct test is cheap: the same pizzas (α = 0) at weight decay 2
# and 4, three seeds each, each model its own weight decay in one stacked run.

# %%
wd = runs[runs.group == "weight decay"]
pairs = wd.pivot(index="seed", columns="weight_decay", values=["test_acc", "norm", "di"])
display(pairs.round(3))
low, high = cfg.wd_values
card.check("di-weight-decay", {
    "pairs": len(pairs), "fitted": int((pairs.test_acc >= FITTED).all(axis=1).sum()),
    "lower norm": int((pairs.norm[high] < pairs.norm[low]).sum()), "lower DI": int((pairs.di[high] < pairs.di[low]).sum())},
    reason="DI per seed, wd 2 → 4: " + ", ".join(f"{a:.3f} → {b:.3f}" for a, b in zip(pairs.di[low], pairs.di[high])));

# %% [markdown]
# The test pairs each seed with itself at the two weight decays. Stronger decay lowered
# the norm in two of three pairs and DI in one (per seed, weight decay 2 → 4: 0.41 → 0.55,
# 0.36 → 0.33, 0.30 → 0.32), and no run at weight decay 4 fits the task by this chapter's
# rule (test accuracy below 0.99). So the row fails: at this scale, pushing the norm down
# with weight decay does not lower a pizza's distance dependence; the tables' link
# between DI and the norm is not something this knob reproduces.
#
# ## Beyond clocks and pizzas
#
# The paper's Secs. 5–6 go further, to non-circular algorithms and "accompanying pizzas"
# in other architectures (linear layers, deeper models). Neither is built here.

# %%
card.not_testable("non-circular", "not implemented: they need the paper's other architectures (linear layers, "
                                  "deeper models) and p = 59 checkpoints at 20 000 steps")

# %% [markdown]
# ## What holds
#
# - **Two algorithms, told apart by their gradients.** Models A and B both generalise
#   (every seed ≥ 0.9896 test accuracy; one pizza one pair short of 99 %), both embed the
#   tokens on circles (cleanly on every pizza, on one of three clocks), and gradient
#   symmetricity separates them on every seed (pizzas 0.99, clocks 0.26–0.84).
# - **Distance irrelevance separates them only at the paper's scale.** At $p = 31$ the
#   clocks' DI (median 0.60) is barely above the pizzas' (0.48): both DI rows pass in this
#   run by 0.001 and failed on another CPU, and the separation (0.12) fails; at $p = 59$ (below) the gap is 0.30, more than half the
#   authors' own.
# - **The templates favour each model's own story** (Model B: Q_pizza above Q_clock on every
#   seed; Model A: Q_clock above Q_pizza on two of three), but the pizza template explains
#   0.93 of Model B's logits, not 0.98, after 3 000 of the paper's 20 000 steps.
# - **The phase diagram holds**: pizzas for α ≤ 0.4, clocks from α = 0.6, the transition
#   at α ≈ 0.42 at both widths. The width trend needs widths above 128.
# - **Not reproduced here**: DI's separation at $p = 31$, Model A's
#   circularity at 0.95, Q_pizza at 98 %, 99 % accuracy on every seed (by one test pair);
#   and our weight-decay test of the tables' DI–norm link fails. **Not tested**: the width
#   trend, the non-circular algorithms.
# - **Re-executed on another CPU** (2026-12-02, AMD EPYC instead of Intel Xeon; same code,
#   seeds and torch): `di-clock` not reproduced (0.595) → reproduced (0.601) and with it
#   `di-pizza` (its control now fails), every other verdict unchanged; values moved in the
#   second or third digit (circularity medians 0.975/0.867 → 0.965/0.847).
#
# **At the paper's scale.** Models A and B at $p = 59$, $d = 128$, three seeds each, were
# trained with the standard profile's code in bfloat16 matmuls (`precision="bf16"`) while
# sizing it. After 3 000 steps (555 s on two cores, so not in this profile): pizzas GS
# 0.992, DI median 0.49 (0.23–0.51); clocks GS median 0.46 (0.36–0.74), DI median 0.79
# (0.55–0.86); separation 0.30; circularity down to 0.83 for one clock; Q_pizza median
# 0.96 (0.89–0.99). Every GS and DI row passes there, with its control failing;
# circularity and Q_pizza do not. After 1 500 steps the clocks had not settled (GS median
# 0.61, separation 0.22): at $p = 59$ the verdicts need at least a few thousand steps.
#
# ## Scorecard
#
# The claims, their rules and controls are declared in `physai/clockpizza/claims.py`
# before measuring, and checked above in the sections that measure them.

# %%
display(card.table())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();
