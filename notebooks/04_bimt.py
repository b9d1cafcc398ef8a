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
# # BIMT: brain-inspired modular training
#
# Brains are modular partly because long wires are expensive. Liu, Gan and Tegmark
# {cite}`liu2024bimt` give a network the same incentive: every neuron gets a place in
# space, training pays for the length of every connection, and neurons may trade places
# when that shortens the wiring. What comes out are networks you can *look at*: on tasks
# with independent parts the network falls apart into separate modules, on classification
# only a handful of neurons survive, and on modular addition the embedding collapses to a
# few dimensions that lay the tokens out on circles.
#
# This notebook builds the method (`physai.bimt`) and draws the picture of the network —
# neurons as dots, connections as lines as thick as the weight — for every experiment,
# before and after training. At the standard profile it runs in about four minutes on two
# CPU cores.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import copy

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from IPython.display import display

from physai import datasets, modular, plotting, profiles, runtime
from physai.bimt import BIMTConfig, BioMLP, train_bimt
from physai.bimt import experiments as bx
from physai.bimt import plots
from physai.bimt.claims import CLAIMS
from physai.bimt.model import grid_positions, ring_positions, wiring_length
from physai.train import accuracy, accuracy_metric

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("04_bimt", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/bimt/claims.py, checked section by section
cfg

# %% [markdown]
# ## The method
#
# Neurons of layer $l$ sit on a line (or a grid) at height $l$. A weight $w_{ij}$ joining
# neurons at distance $d_{ij}$ costs
#
# $$\ell_\text{cc} = \sum_{ij} |w_{ij}|\,(\text{wf}\cdot d_{ij} + \ell_0),$$
#
# where $\ell_0$ is the fixed price of any connection (with wf = 0 this is plain L1) and wf
# how much length counts; training minimises $\ell_\text{task} + \lambda\,\ell_\text{cc}$
# (`physai.bimt.connection_cost`). Every 200 steps each layer's most important neurons
# (largest total |weight|) each try every other place in their layer and trade places with
# the neuron there if that lowers the cost. A swap permutes the weights, so the network
# computes exactly the same function; the input and output layers keep track of which
# feature sits where.
#
# **Vectorised swaps.** The original tries each candidate place by swapping, recomputing the
# whole cost and swapping back. Only the distance terms change, and they are linear in the
# place, so one matrix product prices every candidate at once (`physai.bimt.swap`). Both
# leave identical weights; the vectorised one is much faster:

# %%
speed = pd.DataFrame({name: bx.swap_speedup(model, top_k, repeats=cfg.speed_repeats) for name, model, top_k in (
    ("[4, 20, 20, 2], top 5", BioMLP([4, 20, 20, 2]), cfg.sym_top_k),
    (f"embedding {cfg.embed}, [{2 * cfg.embed}, 50, 50, {cfg.p}], top 30",
     BioMLP([2 * cfg.embed, cfg.mod_hidden, cfg.mod_hidden, cfg.p], in_fold=2, n_tokens=cfg.p), cfg.mod_top_k))}).T
card.check("swap-identical", bool(speed.identical.all()))
card.check("swap-speed", round(float(speed.speedup.min()), 1))
speed

# %% [markdown]
# One departure: when neurons trade places, our swaps move Adam's per-weight moment
# estimates with the weights (the original leaves them behind, so after a swap a weight is
# updated with another weight's momentum).
#
# ## 1. Symbolic formulas
#
# Three regression tasks from the paper (Sec. 3.1, Fig. 3), 100 training points in
# $[-1, 1]^d$, networks of width 20 with SiLU, AdamW at 2·10⁻³, λ = 10⁻³ raised ×10 after a
# quarter of training and lowered ×10 for the last quarter (biases are charged only then):
#
# - **independence**: $(y_1, y_2) = ((x_1 + x_3)^3,\; x_2^2 + \sin \pi x_4)$ — two outputs
#   that depend on disjoint inputs;
# - **feature sharing**: $(x_1^2,\; x_1^2 + x_2^2,\; x_1^2 + x_2^2 + x_3^2)$;
# - **compositionality**: $\sqrt{(x_1 - x_2)^2 + (x_3 - x_4)^2}$ (four hidden layers).
#
# For independence we also train a control with the same L1 price but no locality and no
# swaps (wf = 0), to see what the geometry adds.

# %%
def mse(pred, y):
    return ((pred - y) ** 2).mean()


def symbolic_run(name, shape, steps, weight_factor=1.0, swap_every=cfg.swap_every):
    """Train one symbolic network; returns (model before, model after, history)."""
    xtr, ytr, xte, yte = bx.symbolic_data(name, cfg.n_symbolic, seed)
    torch.manual_seed(seed)
    model = BioMLP(shape)
    before = copy.deepcopy(model)
    run_cfg = BIMTConfig(steps=steps, lr=cfg.sym_lr, lam=cfg.sym_lam, l0=cfg.sym_l0, top_k=cfg.sym_top_k,
                         weight_factor=weight_factor, swap_every=swap_every, log_every=max(steps // 40, 1))
    history = train_bimt(model, mse, (xtr, ytr), run_cfg, metrics={"test_mse": lambda m: float(mse(m(xte), yte))},
                         desc=name)
    return before, model, history


with runtime.timer() as t_sym:
    ind_before, ind, ind_hist = symbolic_run("independence", [4, 20, 20, 2], cfg.independence_steps)
    _, ind_l1, ind_l1_hist = symbolic_run("independence", [4, 20, 20, 2], cfg.independence_steps,
                                          weight_factor=0.0, swap_every=0)
    _, share, share_hist = symbolic_run("feature sharing", [3, 20, 20, 3], cfg.other_symbolic_steps)
    _, comp, comp_hist = symbolic_run("compositionality", [4, 20, 20, 20, 20, 1], cfg.other_symbolic_steps)
print(f"symbolic networks trained in {t_sym['seconds']:.0f} s")

# %%
sym = pd.DataFrame({
    "test MSE": [h.test_mse.iloc[-1] for h in (ind_hist, ind_l1_hist, share_hist, comp_hist)],
    "paper": [7.4e-3, np.nan, 8.5e-5, 1.3e-3],
    "wiring length Σ|w|d": [wiring_length(m) for m in (ind, ind_l1, share, comp)]},
    index=["independence (BIMT)", "independence (L1 only)", "feature sharing", "compositionality"])
sym

# %% mystnb={"figure": {"caption": "Independence: the network before training, after BIMT, and after the plain-L1 control (line width ∝ |w|, blue positive, orange negative; inputs below, outputs above, each at the place it ended up). BIMT's network splits into two disconnected modules, one per output, each reading only its own inputs; the L1 network is sparse too but its wires cross the whole layer.", "name": "bimt-independence"}}
plots.plot_networks({"before training": ind_before, "BIMT": ind, "L1 only (no locality, no swaps)": ind_l1},
                    inputs=["x1", "x2", "x3", "x4"], outputs=["(x1+x3)³", "x2²+sin πx4"], ncols=3);

# %% [markdown]
# **The module test.** Keep every connection of at least 1 % of its layer's largest weight;
# follow paths back from each output; the outputs are computed by disjoint modules if no
# hidden neuron lies on paths to both, and each output is reached from exactly its own
# inputs. The same test at 5 % is printed for comparison.

# %%
modules = {rel: bx.module_test(ind, rel) for rel in (0.01, 0.05)}
strict, loose = modules[0.01], modules[0.05]
wiring = sym["wiring length Σ|w|d"]
card.check("ind-mse", float(f"{ind_hist.test_mse.iloc[-1]:.2e}"))
card.check("ind-modules", {"shared @1%": strict["shared_hidden"], "inputs @1%": strict["inputs"],
                           "shared @5%": loose["shared_hidden"], "inputs @5%": loose["inputs"]})
card.check("ind-wiring", round(wiring["independence (L1 only)"] / wiring["independence (BIMT)"], 1))
card.check("share-mse", float(f"{share_hist.test_mse.iloc[-1]:.2e}"))
card.check("comp-mse", float(f"{comp_hist.test_mse.iloc[-1]:.2e}"))
pd.DataFrame(modules).T.rename_axis("threshold")

# %% mystnb={"figure": {"caption": "Feature sharing (left): the three outputs x1², x1²+x2², x1²+x2²+x3² reuse the squares computed for one another. Compositionality (right): the squared differences are computed first, in separate branches, and combined higher up.", "name": "bimt-symbolic"}}
plots.plot_networks({"feature sharing": share, "compositionality": comp}, ncols=2, panel=(3.2, 3.0),
                    inputs={"feature sharing": ["x1", "x2", "x3"], "compositionality": ["x1", "x2", "x3", "x4"]},
                    outputs={"feature sharing": ["x1²", "x1²+x2²", "x1²+x2²+x3²"], "compositionality": ["√(…)"]});

# %% [markdown]
# ## 2. Two moons
#
# A [2, 20, 20, 2] classifier of scikit-learn's two moons (200 training and 200 test points,
# noise 0.1), λ = 10⁻³ raised ×10 halfway, as the original (Sec. 3.2, Fig. 4). A neuron
# counts as active if its total |weight| is at least 5 % of the largest in its layer.

# %%
xtr, ytr, xte, yte = bx.two_moons(seed=seed)
torch.manual_seed(seed)
moons = BioMLP([2, 20, 20, 2])
moons_before = copy.deepcopy(moons)
moons_cfg = BIMTConfig(steps=cfg.moons_steps, lam=cfg.moons_lam, lam_changes=((0.5, 10.0),), l0=cfg.moons_l0,
                       top_k=cfg.moons_top_k, bias_from=0.0, swap_every=cfg.swap_every,
                       log_every=max(cfg.moons_steps // 40, 1))
with runtime.timer() as t_moons:
    moons_hist = train_bimt(moons, F.cross_entropy, (xtr, ytr), moons_cfg,
                            metrics={"test_acc": accuracy_metric(xte, yte)}, desc="two moons")
moons_acc = {"train": float(accuracy(moons, xtr, ytr)), "test": float(accuracy(moons, xte, yte))}
moons_active = [bx.active_neurons(moons, layer) for layer in (1, 2)]
print(f"{t_moons['seconds']:.0f} s: accuracy {moons_acc}, active hidden neurons per layer {moons_active}")
card.check("moons", {"test acc": round(moons_acc["test"], 3), "active": moons_active});

# %% mystnb={"figure": {"caption": "Two moons before and after BIMT: a few neurons in each hidden layer carry the whole decision.", "name": "bimt-moons"}}
plots.plot_networks({"before training": moons_before, "after BIMT": moons}, inputs=["x", "y"],
                    outputs=["moon 0", "moon 1"], ncols=2, panel=(3.0, 2.8));

# %% [markdown]
# ## 3. Image classification
#
# The paper trains a [784, 100, 100, 10] network on MNIST with the input pixels on their
# 28 × 28 grid, the hidden neurons on 10 × 10 grids above it and the outputs on a ring
# (Sec. 3.5, Fig. 8). MNIST cannot be downloaded here, so the standard profile uses
# scikit-learn's 8 × 8 digits on the same design: pixels on their 8 × 8 grid, [64, 100, 100,
# 10], 1200 training and 597 test images, MSE on one-hot targets, batches of 100, the
# original's λ = 0.01 raised ×10 at a quarter and again at half of training, wf = 2,
# ℓ₀ = 0.5, each layer's cost averaged rather than summed and the last layer charged no
# length (as the original's MNIST run). The paper profile reads MNIST from `PHYSAI_MNIST`.
# A weight *survives* if it is at least 1 % of its layer's largest; pruning zeroes the rest.

# %%
if cfg.image_data == "mnist":
    images, side = datasets.mnist(cfg.mnist_root, n_train=60_000, seed=seed), 28
else:
    images, side = datasets.digits_task(cfg.digits_train, seed=seed), 8
torch.manual_seed(seed)
vision = BioMLP([side * side, 100, 100, 10],
                positions=[grid_positions(side * side), grid_positions(100), grid_positions(100), ring_positions(10)])
vision_before = copy.deepcopy(vision)
vision_cfg = BIMTConfig(steps=cfg.digits_steps, lr=cfg.digits_lr, lam=cfg.digits_lam,
                        lam_changes=((0.25, 10.0), (0.5, 10.0)), weight_factor=2.0, l0=0.5, top_k=30,
                        swap_every=cfg.digits_swap_every, bias_from=0.0, local_last=False, reduce="mean",
                        batch_size=cfg.digits_batch, log_every=max(cfg.digits_steps // 40, 1))
with runtime.timer() as t_vision:
    vision_hist = train_bimt(vision, mse, (images.x_train, images.y_train), vision_cfg, desc="images",
                             metrics={"test_acc": accuracy_metric(images.x_test, images.y_test)})
pruned = copy.deepcopy(vision)
kept = bx.prune_(pruned)
vision_result = {"test acc": float(accuracy(vision, images.x_test, images.y_test)), "weights kept": kept,
                 "test acc pruned": float(accuracy(pruned, images.x_test, images.y_test)),
                 "locality (1 = none)": bx.receptive_field_locality(vision)}
print(f"{t_vision['seconds']:.0f} s:", {k: round(v, 3) for k, v in vision_result.items()})
card.check("digits-sparse", {k: round(v, 3) for k, v in vision_result.items() if k != "locality (1 = none)"})
card.check("digits-local", round(vision_result["locality (1 = none)"], 3));

# %% mystnb={"figure": {"caption": "Receptive fields before (left) and after (right) BIMT: each small image is one first-hidden-layer neuron's weights on the 8 × 8 pixels, drawn at the neuron's own place on its 10 × 10 grid. After training most neurons are blank, and the survivors look at the pixels beneath them.", "name": "bimt-digits"}}
plots.plot_receptive_fields({"before training": vision_before, "after BIMT": vision}, side);

# %% [markdown]
# ## 4. Modular addition
#
# $a + b \bmod p$ from learned token embeddings: the embeddings of $a$ and $b$ (each of 32
# dimensions) sit on the same 32 input places, one above the other, and feed a [64, 50, 50,
# p] network trained by cross-entropy on 80 % of the pairs (Sec. 3.3, Fig. 5; the original:
# λ = 0.1 with the usual schedule, wf = 2, ℓ₀ = 0.5, each layer's and the embedding's cost averaged).
# The standard profile uses p = 31 and 10 000 steps instead of p = 59 and 20 000 (a first
# standard run with 6 000 steps reached 100 % test accuracy, but the embedding had not
# collapsed yet: 15 active places, circularity 0.59 — the schedule's strong-λ phase was too
# short; the rules were not changed, the run was lengthened). An
# embedding place is *active* if its outgoing |weight| is at least 5 % of the largest.

# %%
split = modular.addition_split(cfg.p, cfg.train_fraction, seed)
torch.manual_seed(seed)
adder = BioMLP([2 * cfg.embed, cfg.mod_hidden, cfg.mod_hidden, cfg.p], in_fold=2, n_tokens=cfg.p)
adder_before = copy.deepcopy(adder)
adder_cfg = BIMTConfig(steps=cfg.mod_steps, lr=cfg.mod_lr, lam=cfg.mod_lam, weight_factor=2.0, l0=0.5,
                       top_k=cfg.mod_top_k, swap_every=cfg.swap_every, bias_from=0.0, reduce="mean",
                       log_every=max(cfg.mod_steps // 40, 1))
with runtime.timer() as t_adder:
    adder_hist = train_bimt(adder, F.cross_entropy, (split.x_train, split.y_train), adder_cfg, desc="mod add",
                            metrics={"test_acc": accuracy_metric(split.x_test, split.y_test)})
places = bx.embedding_places(adder)
knocked = bx.keep_places(adder, places)
adder_result = {"test acc": float(accuracy(adder, split.x_test, split.y_test)), "active places": len(places),
                "test acc, only active places": float(accuracy(knocked, split.x_test, split.y_test))}
active_embedding = adder.embedding.detach()[:, adder.in_perm[places]].numpy()
n_circles = max(1, min(3, len(places) // 2))
adder_result["circularity"] = modular.circularity(active_embedding, 2 * n_circles) if len(places) >= 2 else np.nan
print(f"{t_adder['seconds']:.0f} s:", {k: round(float(v), 3) for k, v in adder_result.items()}, "places", places)
card.check("mod-acc", round(adder_result["test acc"], 3))
card.check("mod-few", {"active": adder_result["active places"],
                       "acc": round(adder_result["test acc, only active places"], 3)})
card.check("mod-circles", round(float(adder_result["circularity"]), 3));

# %% mystnb={"figure": {"caption": "Modular addition before and after BIMT. Bottom row: the 32 embedding places, the embeddings of a and b stacked on each; after training only a few places carry wires, grouped side by side.", "name": "bimt-modadd"}}
plots.plot_networks({"before training": adder_before, "after BIMT": adder}, ncols=2, panel=(3.6, 3.0));

# %% mystnb={"figure": {"caption": "The active embedding dimensions, projected on their principal-component pairs: each token is a dot labelled by its value and coloured by k·a mod p — the tokens lie on circles, ordered by a multiple of a, as in the paper's Fig. 5.", "name": "bimt-circles"}}
plotting.plot_circles({"BIMT embedding": active_embedding}, n_circles);

# %% [markdown]
# ## 5. Permutation group S4 and in-context linear regression
#
# The same network as for modular addition can learn the multiplication table of the
# permutation group S4 (24 elements; Sec. 3.3, Fig. 6; the original: λ = 1 throughout,
# wf = 1, AdamW 2·10⁻³, 20 000 steps). It runs at the paper profile (and, as a pipeline
# check, at the smoke profile); at the standard profile it would add about a minute and a
# half to a notebook already near its four-minute budget, so its row is "not testable
# here". Trials here at the paper's settings (three seeds each, measured separately) found
# that moving Adam's state with the swapped weights — our default — generalises worse on S4
# than the original's way of leaving it in place: test accuracy 0.81, 1.00, 0.77 (13–19
# active places) against 1.00, 0.97, 0.97 (11–12). Three seeds are not conclusive; set
# `permute_optimizer=False` in `BIMTConfig` to compare. The in-context linear regression
# example (Fig. 7) is not built.

# %%
if cfg.s4_steps:
    s4_data = modular.s4_split(cfg.train_fraction, seed)
    torch.manual_seed(seed)
    s4 = BioMLP([2 * cfg.embed, cfg.mod_hidden, cfg.mod_hidden, 24], in_fold=2, n_tokens=24)
    s4_cfg = BIMTConfig(steps=cfg.s4_steps, lr=cfg.s4_lr, lam=cfg.s4_lam, lam_changes=(), weight_factor=1.0, l0=0.5,
                        top_k=cfg.mod_top_k, swap_every=cfg.swap_every, bias_from=0.0, reduce="mean",
                        log_every=max(cfg.s4_steps // 40, 1))
    train_bimt(s4, F.cross_entropy, (s4_data.x_train, s4_data.y_train), s4_cfg, desc="S4")
    s4_places = bx.embedding_places(s4)
    s4_only = bx.keep_places(s4, s4_places)
    s4_result = {"test acc": round(float(accuracy(s4, s4_data.x_test, s4_data.y_test)), 3), "active": len(s4_places),
                 "acc, only active": round(float(accuracy(s4_only, s4_data.x_test, s4_data.y_test)), 3)}
    print(s4_result, "places", s4_places)
    card.check("s4", s4_result)
else:
    card.not_testable("s4", "not run at the standard profile (budget); the paper profile runs it")
card.not_testable("incontext", "not implemented yet (a transformer experiment)");

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/bimt/claims.py`, before measuring.
# **Independence**: test MSE ≤ 1.5·10⁻² (twice the paper's 7.4·10⁻³); modules: *reproduced*
# if the two outputs share no hidden neuron and each is reached from exactly its own inputs
# at the 1 % threshold, *partly* if that holds only at 5 %. **Feature sharing,
# compositionality** (qualitative in the paper; half the original's steps here): test MSE
# within 10× of the paper's. **Two moons**: test accuracy ≥ 0.97 with at most 6 active
# neurons in each hidden layer. **Digits**: test accuracy ≥ 0.9 with ≤ 10 % of the weights
# surviving, pruning the rest costing ≤ 0.02; first-layer locality ≤ 0.5. **Modular
# addition**: test accuracy ≥ 0.99; ≤ 12 of 32 embedding places active, and the network with
# only those keeps ≥ 0.99; the active embedding lies on circles (circularity, the share of
# each principal component's variance at one frequency, ≥ 0.8). **S4** (paper profile): test
# accuracy ≥ 0.99 with ≤ 12 of 32 embedding places active. These are the paper's claims.
# One row is *our own* experiment: the plain-L1 control's wiring is ≥ 5× longer than BIMT's
# (the paper reports no wiring length). The vectorised swap is a *method* check (identical
# weights to the loop on both networks) and a *speed* row (≥ 10× faster on both, best of
# three timings each: a first standard run timed each once and caught a cold first call,
# 5.3×), shown with its machine and not part of the checked verdicts.

# %%
display(card.table())
print(card.speed())

# %% tags=["scorecard"]
# NBVAL_CHECK_OUTPUT
print(card.summary())

# %%
card.save();

# %% [markdown]
# ## What holds, and what does not
#
# BIMT's pictures reproduce: on the independence task the network falls apart into two
# modules, each wired only to its own inputs, and its wiring is about ten times shorter
# than under plain L1 at the same accuracy; two moons are separated by a handful of neurons;
# digit classification keeps its accuracy with about 2 % of the weights, and the surviving
# first-layer weights look at the pixels beneath their neuron; modular addition is solved by
# a few embedding dimensions, side by side, whose tokens lie on circles.
#
# The module test holds strictly only at the 5 % threshold: at 1 % a faint wire still
# leads from $x_4$ into the other module (it carries no visible weight in the picture). The
# feature-sharing and compositionality networks were trained for fewer steps than the
# original, so their error is compared only within a factor of ten. Not run here: S4 (paper
# profile) and MNIST itself (the paper profile reads it from `PHYSAI_MNIST`); not built:
# the in-context regression example.
