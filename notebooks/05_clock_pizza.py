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
# This notebook trains Models A and B at the paper's size, three seeds each, and a
# reduced attention-rate × width grid, all through the core's sweep engine
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

# %% mystnb={"figure": {"caption": "Model A (α = 1) and Model B (α = 0), first seed: train (dashed) and test accuracy, and the training loss. Both generalise; the loss keeps falling long after.", "name": "clockpizza-training"}}
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

# %% mystnb={"figure": {"caption": "Token embeddings projected on principal-component pairs (1, 2), (3, 4), … for Model A (top) and Model B (bottom); each dot is a token, labelled by its value, colour following the token. Tokens sit on circles, in the order a·k mod p for the circle's frequency k.", "name": "clockpizza-circles"}}
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

# %% mystnb={"figure": {"caption": "The correct logit of Model A (top) and Model B (bottom), over (a, b) (left) and over ((a + b) mod p, k(a − b) mod p) (right). Down each column of the right-hand maps a + b is fixed and only the distance a − b changes: a clock's logit should not change there, a pizza's should, as |cos(πk(a − b)/p)|.", "name": "clockpizza-logits"}}
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
card.check("accuracy", {"A": round(float(A_runs.test_acc.min()), 3), "B": round(float(B_runs.test_acc.min()), 3)})
for id_, runs_, other, column in (("gs-pizza", B_runs, A_runs, "gs"), ("di-pizza", B_runs, A_runs, "di"),
                                  ("gs-clock", A_runs, B_runs, "gs"), ("di-clock", A_runs, B_runs, "di")):
    card.check_seeds(id_, runs_[column].round(4), control=round(float(other[column].median()), 4))
card.check("di-separation", round(float(A_runs.di.median() - B_runs.di.median()), 3),
           reason=f"medians: Model A {A_runs.di.median():.3f}, Model B {B_runs.di.median():.3f}")
card.check("circularity", {"A": round(float(A_runs.circularity.min()), 3), "B": round(float(B_runs.circularity.min()), 3)},
           control={k: round(v, 3) for k, v in init.items()});

# %% mystnb={"figure": {"caption": "GS and DI of each seed of Model A and Model B. Grey: the authors' released runs — the band is their pizzas' interquartile range of DI, the bar the median (clocks: median only).", "name": "clockpizza-seeds"}}
plots.plot_corner_scores(corners, {plots.NAMES[0.0]: (0.19, 0.35, 0.66), plots.NAMES[1.0]: (0.86, 0.86, 0.86)});

# %% [markdown]
# RESULTS-SCORES
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
# RESULTS-TEMPLATES
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

# %% mystnb={"figure": {"caption": "Left: mean gradient symmetricity of the fitted runs per (width, α), the colour scale centred at the pizza cut 0.98 (blue: pizzas, red: clocks). Middle: their mean distance irrelevance (Fig. 6's second panel). Right: GS against attention rate per width (dots: runs, hollow if unfitted; line: mean of fitted runs), the cut dashed.", "name": "clockpizza-phase"}}
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
# RESULTS-PHASE
#
# ## Weight decay and the pizza's distance dependence
#
# The authors' released runs suggest what sets a pizza's DI: across their runs it rises
# with the validation loss and the parameter norm, not with the width. Weight decay is the
# knob on the norm, so a direct test is cheap: the same pizzas (α = 0) at weight decay 2
# and 4, three seeds each, each model its own weight decay in one stacked run.

# %%
wd = runs[runs.group == "weight decay"]
display(wd.groupby("weight_decay")[["test_acc", "test_loss", "norm", "di", "gs"]].median().round(3))
median_di = wd.groupby("weight_decay").di.median()
card.check("di-weight-decay", {f"wd {w:g}": round(float(median_di[w]), 3) for w in cfg.wd_values},
           reason="median parameter norm: " + ", ".join(f"wd {w:g}: {n:.1f}"
                                                        for w, n in wd.groupby("weight_decay").norm.median().items()));

# %% [markdown]
# RESULTS-WD
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
# RESULTS-CLOSING
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
