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
# This notebook builds the method (`physai.bimt`), draws the picture of the network —
# neurons as dots, connections as lines as thick as the weight — for every experiment, and
# turns what the paper says it sees into tests that can fail, each against a control: plain
# L1 (no wiring cost, no swaps), the original's ablations, or the same numbers with the
# group structure shuffled away. At the standard profile it runs in about four minutes on
# two CPU cores.

# %% tags=["parameters"]
profile = "standard"   # smoke | standard | paper
device = "auto"        # auto | cpu | cuda
seed = 0

# %%
import copy
from dataclasses import replace

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from IPython.display import display

from physai import datasets, modular, plotting, profiles, runtime
from physai.bimt import BIMTConfig, BioMLP, train_bimt, train_bimt_stacked
from physai.bimt import experiments as bx
from physai.bimt import plots, structure
from physai.bimt.claims import CLAIMS
from physai.bimt.model import grid_positions, ring_positions, wiring_length
from physai.train import accuracy, accuracy_metric

profile, device = runtime.setup(profile, device, seed)
cfg = profiles.load("04_bimt", profile)
plotting.use_style()
card = CLAIMS.scorecard(profile)  # the claims declared in physai/bimt/claims.py, checked section by section
seeds = [seed + s for s in range(cfg.n_seeds)]  # cheap runs: three initialisations, trained stacked
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
# how much length counts; on a grid $d_{ij}$ is the Manhattan distance $|\Delta x| +
# |\Delta y|$, as in the original code. Training minimises $\ell_\text{task} +
# \lambda\,\ell_\text{cc}$ (`physai.bimt.connection_cost`). Every 200 steps each layer's
# most important neurons (largest total |weight|) each try every other place in their layer
# and trade places with the neuron there if that lowers the cost. A swap permutes the
# weights, so the network computes exactly the same function; the input and output layers
# keep track of which feature sits where.
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
# ```{note}
# One departure from the original: when neurons trade places, our swaps move Adam's
# per-weight moment estimates with the weights. The original leaves them behind, so after a
# swap a weight is updated with another weight's momentum and step size. Section 1 measures
# what this changes; section 5 trains S4 as the original does.
# ```
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
# - **compositionality**: $\sqrt{(x_1 - x_2)^2 + (x_3 - x_4)^2}$ (four hidden layers; the
#   original raises λ only ×3 after a quarter and keeps it, and so do we).
#
# Independence is trained in every training type of the original's notebook — plain
# **L1** (wf = 0, no swaps), **L1 + local** (wf = 1, no swaps), **L1 + swap** (wf = 0; the
# swaps still shorten the wiring), **BIMT** (both), and BIMT with Adam's state left in place
# as the original — each from the same three initialisations, all fifteen networks in one
# stacked run (`physai.bimt.stacked`). With our swaps, which move Adam's state along, L1 +
# swap is L1's training relabelled: its loss does not see places, so the swaps only
# rearrange the same network. Feature sharing and compositionality (BIMT, three
# initialisations each) run 8 000 steps instead of the original's 20 000.

# %%
sym_cfg = BIMTConfig(steps=cfg.independence_steps, lr=cfg.sym_lr, lam=cfg.sym_lam, l0=cfg.sym_l0,
                     top_k=cfg.sym_top_k, swap_every=cfg.swap_every, log_every=cfg.independence_steps)
other_cfg = replace(sym_cfg, steps=cfg.other_symbolic_steps, log_every=cfg.other_symbolic_steps)
with runtime.timer() as t_sym:
    ind, ind_mse, ind_before = bx.symbolic_variants("independence", [4, 20, 20, 2], sym_cfg, list(bx.VARIANTS),
                                                    seeds, cfg.n_symbolic, seed)
    share, share_mse, _ = bx.symbolic_variants("feature sharing", [3, 20, 20, 3], other_cfg, seeds=seeds,
                                               n=cfg.n_symbolic, data_seed=seed)
    comp, comp_mse, _ = bx.symbolic_variants("compositionality", [4, 20, 20, 20, 20, 1],
                                             replace(other_cfg, lam_changes=((0.25, 3.0),)), seeds=seeds,
                                             n=cfg.n_symbolic, data_seed=seed)
print(f"{5 * len(seeds) + 2 * len(seeds)} symbolic networks trained in {t_sym['seconds']:.0f} s")

# %% [markdown]
# **What counts as a module.** Keep every connection of at least 1 % (or 5 %) of its layer's
# largest weight and follow paths back from each output. The outputs are computed by
# *disjoint* modules if no hidden neuron lies on paths to both and each output is reached
# from exactly its own inputs; the modules are *visible*, as in the paper's picture, if
# besides that they sit side by side in every layer — no neuron of one between two of the
# other's (`physai.bimt.structure`). The table counts the seeds (of three) that pass.

# %%
OWN = [[0, 2], [1, 3]]  # (x1, x3) -> y1, (x2, x4) -> y2


def disjoint(model, rel):
    report = bx.module_test(model, rel)
    return report["shared_hidden"] == 0 and report["inputs"] == OWN


def visible(model, rel):
    return structure.visible_modules(model, OWN, rel)


def seeds_passing(models, test):
    """Seeds whose network passes `test` with connections ≥ 1 % and ≥ 5 % of their layer's largest."""
    return {f"{rel:.0%}": sum(bool(test(m, rel)) for m in models) for rel in (0.01, 0.05)}


counts = {v: {"disjoint": seeds_passing(nets, disjoint), "visible": seeds_passing(nets, visible)}
          for v, nets in ind.items()}
ablation = pd.DataFrame({v: {
    "test MSE, median": ind_mse.loc[v].median(), "min": ind_mse.loc[v].min(), "max": ind_mse.loc[v].max(),
    "wiring Σ|w|d, median": np.median([wiring_length(m) for m in ind[v]]),
    "disjoint (1 % | 5 %)": f"{counts[v]['disjoint']['1%']} | {counts[v]['disjoint']['5%']}",
    "visible (1 % | 5 %)": f"{counts[v]['visible']['1%']} | {counts[v]['visible']['5%']}"} for v in ind}).T
ablation

# %% mystnb={"figure": {"caption": "Independence, first initialisation: the network before training and after each of the original's training types (line width \u221d |w|, blue positive, orange negative; inputs below, outputs above, each at the place it ended up). BIMT splits into two modules side by side, each reading its own inputs. Plain L1 is sparse, but its wires cross the layer and its inputs stay where they started, x1 and x3 apart; L1 + local keeps wires short but cannot bring x3 next to x1; L1 + swap (L1 relabelled) lines its modules up, faint wires still crossing.", "name": "bimt-independence"}}
plots.plot_networks({"before training": ind_before, **{v: ind[v][0] for v in ("BIMT", "L1 only", "L1 + local",
                                                                              "L1 + swap")}},
                    inputs=["x1", "x2", "x3", "x4"], outputs=["(x1+x3)³", "x2²+sin πx4"], ncols=3);

# %% [markdown]
# **Why our error is lower than the paper's.** Our test MSE is about ten times below the
# paper's 7.4·10⁻³. Our Adam departure explains little of it (the table: leaving the state
# in place raises the median less than twofold). The data explain it: with 100 training
# points the test error depends on which points are drawn. The original draws them with
# numpy's legacy generator (seed 0); on that draw, from the original's initialisation
# (torch seed 0: the same weights as ours) and with Adam's state left in place, our code
# gives the original's number:

# %%
def label_spread(draw, data_seed):
    """Variance of (x1+x3)³ over the test points ÷ over the training points: > 1, the test
    asks for values the training never showed."""
    _, y_train, _, y_test = bx.symbolic_data("independence", cfg.n_symbolic, data_seed, draw)
    return round(float(y_test[:, 0].var() / y_train[:, 0].var()), 2)


xo, yo, xto, yto = bx.symbolic_data("independence", cfg.n_symbolic, seed=0, draw="numpy")
torch.manual_seed(0)
original = BioMLP([4, 20, 20, 2])
train_bimt(original, bx.mse, (xo, yo), replace(sym_cfg, permute_optimizer=False), desc="the original's draw")
with torch.no_grad():
    original_mse = float(bx.mse(original(xto), yto))
pd.DataFrame({"test MSE (Adam state left)": [original_mse, ind_mse.loc["BIMT, Adam state left", seed]],
              "test / training label variance": [label_spread("numpy", 0), label_spread("torch", seed)]},
             index=["the original's draw (numpy, seed 0)", f"ours (torch, seed {seed})"])

# %% [markdown]
# The checks. The paper's claims are the error and the two modules; the modules are
# scored against plain L1 trained from the same initialisations (a control that passes the
# rule makes the row "not reproduced": the run cannot tell BIMT did it). Our own rows: how
# much our Adam departure raises the error, the ablation and the wiring ratio; a method
# check: the original's number on the original's draw.

# %%
card.check_seeds("ind-mse", ind_mse.loc["BIMT"])
card.check("ind-adam", round(float(ind_mse.loc["BIMT, Adam state left"].median() / ind_mse.loc["BIMT"].median()), 1))
card.check("ind-original", float(f"{original_mse:.3e}"))
card.check("ind-modules", counts["BIMT"]["disjoint"], control=counts["L1 only"]["disjoint"], seeds=len(seeds))
card.check("ind-visible", counts["BIMT"]["visible"], control=counts["L1 only"]["visible"], seeds=len(seeds))
card.check("ind-ablation", {v: counts[v]["visible"]["5%"] for v in ("BIMT", "L1 + local", "L1 + swap")},
           seeds=len(seeds))
card.check_seeds("ind-wiring", [wiring_length(l1) / wiring_length(b) for l1, b in zip(ind["L1 only"], ind["BIMT"])])
pd.DataFrame({c.id: {"ours": c.ours, "control": c.control_value, "verdict": c.verdict} for c in card.claims[2:]}).T

# %% [markdown]
# **Feature sharing and compositionality** are claims about structure (Fig. 3): the three
# outputs *reuse* one another's features — each reads exactly its inputs, and consecutive
# outputs share hidden neurons (not one module per output, each squaring $x_1$ for itself) —
# and the distance is computed by a *tree* — every active neuron of the first hidden layer
# reads one pair, $(x_1, x_2)$ or $(x_3, x_4)$, and the branches merge higher up.

# %%
def reuses(model, rel):
    report = structure.sharing_test(model, [[0], [0, 1], [0, 1, 2]], rel)
    return report["inputs_ok"] and report["reuse"]


def splits(model, rel):
    return structure.tree_test(model, [[0, 1], [2, 3]], rel)["split"]


shapes = pd.DataFrame({
    **{f"sharing, seed {s}": {"test MSE": share_mse.loc["BIMT", s],
                              **structure.sharing_test(m, [[0], [0, 1], [0, 1, 2]], 0.05)}
       for s, m in zip(seeds, share["BIMT"])},
    **{f"composition, seed {s}": {"test MSE": comp_mse.loc["BIMT", s], **structure.tree_test(m, [[0, 1], [2, 3]], 0.05)}
       for s, m in zip(seeds, comp["BIMT"])}}).T
card.check_seeds("share-mse", share_mse.loc["BIMT"])
card.check("share-reuse", seeds_passing(share["BIMT"], reuses), seeds=len(seeds))
card.check_seeds("comp-mse", comp_mse.loc["BIMT"])
card.check("comp-tree", seeds_passing(comp["BIMT"], splits), seeds=len(seeds))
shapes  # the structure at 5 %

# %% mystnb={"figure": {"caption": "Feature sharing (left) and compositionality (right), first initialisation, after BIMT. Left: x1\u00b2 is computed once and read by all three outputs, x2\u00b2 by the last two \u2014 the reuse the paper describes. Right: no tree \u2014 a first-hidden-layer neuron already reads inputs of both pairs.", "name": "bimt-symbolic"}}
plots.plot_networks({"feature sharing": share["BIMT"][0], "compositionality": comp["BIMT"][0]}, ncols=2,
                    panel=(3.2, 3.0),
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
# ℓ₀ = 0.5, each layer's cost averaged rather than summed, the last layer charged no length
# and — as the original — the pixels never swap (only hidden and output neurons move). The
# control, plain L1, starts from the same weights and sees the same batches. A weight
# *survives* if it is at least 1 % of its layer's largest; pruning zeroes the rest. The
# paper profile reads MNIST from `PHYSAI_MNIST`.

# %%
if cfg.image_data == "mnist":
    images, side = datasets.mnist(cfg.mnist_root, n_train=60_000, seed=seed), 28
else:
    images, side = datasets.digits_task(cfg.digits_train, seed=seed), 8
torch.manual_seed(seed)
vision_before = BioMLP([side * side, 100, 100, 10], positions=[grid_positions(side * side), grid_positions(100),
                                                               grid_positions(100), ring_positions(10)])
vision_cfg = BIMTConfig(steps=cfg.digits_steps, lr=cfg.digits_lr, lam=cfg.digits_lam,
                        lam_changes=((0.25, 10.0), (0.5, 10.0)), weight_factor=2.0, l0=0.5, top_k=30,
                        swap_every=cfg.digits_swap_every, bias_from=0.0, local_last=False, reduce="mean",
                        swap_inputs=False, batch_size=cfg.digits_batch, log_every=cfg.digits_steps)
with runtime.timer() as t_vision:
    (vision, vision_l1), _ = train_bimt_stacked(
        [vision_before, vision_before], bx.mse, (images.x_train, images.y_train),
        [vision_cfg, replace(vision_cfg, weight_factor=0.0, swap_every=0)], desc="images")


def image_scores(model):
    pruned = copy.deepcopy(model)
    kept = bx.prune_(pruned)
    return {"test acc": float(accuracy(model, images.x_test, images.y_test)), "weights kept": kept,
            "test acc pruned": float(accuracy(pruned, images.x_test, images.y_test)),
            "locality (1 = none)": bx.receptive_field_locality(model)}


vision_result = pd.DataFrame({"BIMT": image_scores(vision), "L1 only": image_scores(vision_l1)}).T.round(3)
print(f"BIMT and its L1 control trained in {t_vision['seconds']:.0f} s")
sparse = {v: vision_result.loc[v].drop("locality (1 = none)").to_dict() for v in vision_result.index}
card.check("digits-sparse", sparse["BIMT"], control=sparse["L1 only"])
card.check("digits-local", vision_result.loc["BIMT", "locality (1 = none)"],
           control=vision_result.loc["L1 only", "locality (1 = none)"])
vision_result

# %% mystnb={"figure": {"caption": "Receptive fields before training, after BIMT and after plain L1: each small image is one first-hidden-layer neuron's weights on the 8 \u00d7 8 pixels, drawn at the neuron's own place on its 10 \u00d7 10 grid, each on its own colour scale (\u00f7 its largest |w|); neurons that training switched off (total |weight| under 5 % of the layer's largest) are left blank. BIMT keeps 17 neurons, gathered at the centre, reading mostly pixels near their own place; plain L1 keeps 30, scattered, their fields not tied to their places.", "name": "bimt-digits"}}
plots.plot_receptive_fields({"before training": vision_before, "BIMT": vision, "L1 only": vision_l1}, side);

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
# embedding place is *active* if its outgoing |weight| is at least 5 % of the largest. The
# circles are scored as in notebook 05: circularity of the first four principal components
# of the active embedding, above the book's one cut (`modular.CIRCULARITY_CUT`).

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
adder_result["circularity"] = modular.circularity(active_embedding) if len(places) >= 4 else np.nan
print(f"{t_adder['seconds']:.0f} s:", {k: round(float(v), 3) for k, v in adder_result.items()}, "places", places)
card.check("mod-acc", round(adder_result["test acc"], 3))
card.check("mod-few", {"active": adder_result["active places"],
                       "acc": round(adder_result["test acc, only active places"], 3)})
card.check("mod-circles", round(float(adder_result["circularity"]), 3));

# %% mystnb={"figure": {"caption": "Modular addition before and after BIMT. Bottom row: the 32 embedding places, the embeddings of a and b stacked on each; after training only a few places carry wires, grouped side by side.", "name": "bimt-modadd"}}
plots.plot_networks({"before training": adder_before, "after BIMT": adder}, ncols=2, panel=(3.6, 3.0));

# %% mystnb={"figure": {"caption": "The active embedding's principal components, paired by their dominant frequency k (the printed list): each token a dot labelled by its value and coloured by k\u00b7a mod p. Consecutive components do not share a frequency (PCs 1 and 2 are at k = 13 and 3), so the usual PC 1\u20132 plot shows no circle; paired by frequency, the tokens lie on noisy rings in the order of k\u00b7a mod p \u2014 rough circles, with circularity 0.82 below the book's cut.", "name": "bimt-circles"}}
_, pc_frequencies = plots.plot_frequency_circles(active_embedding)
print("dominant frequency of each principal component:", pc_frequencies)

# %% [markdown]
# ## 5. Permutation group S4
#
# The same network as for modular addition learns the multiplication table of the
# permutation group S4 (24 elements; Sec. 3.3, Fig. 6; the original: λ = 1 throughout,
# wf = 1, ℓ₀ = 0.5, AdamW 2·10⁻³, 20 000 steps, 80 % of the 576 pairs for training). The
# paper finds a few active embedding neurons whose values sort the elements by subgroups.
# We score that: a neuron is a *coset neuron* if at least 90 % of its variance over the 24
# elements lies in the means over the cosets of one subgroup (orders 3 to 12: the parity,
# A4's two cosets; where an element sends a point, the cosets of a point's stabiliser S3;
# …). A random neuron reaches 90 % for some subgroup in under 0.1 % of draws, and the
# control — the same trained embeddings with the elements relabelled at random — is scored
# the same way. Three initialisations, stacked (about a minute and a half), trained as the original:
# with Adam's state left in place at swaps (trials here found our moved state generalising
# worse on S4: test accuracy 0.81, 1.00, 0.77 against 1.00, 0.97, 0.97).

# %%
s4_data = modular.s4_split(cfg.train_fraction, seed)
s4_cfg = BIMTConfig(steps=cfg.s4_steps, lr=cfg.s4_lr, lam=cfg.s4_lam, lam_changes=(), weight_factor=1.0, l0=0.5,
                    top_k=cfg.mod_top_k, swap_every=cfg.swap_every, bias_from=0.0, reduce="mean",
                    permute_optimizer=False, log_every=cfg.s4_steps)
s4_nets = []
for s in seeds:
    torch.manual_seed(s)
    s4_nets.append(BioMLP([2 * cfg.embed, cfg.mod_hidden, cfg.mod_hidden, 24], in_fold=2, n_tokens=24))
with runtime.timer() as t_s4:
    s4_nets, _ = train_bimt_stacked(s4_nets, F.cross_entropy, (s4_data.x_train, s4_data.y_train), s4_cfg, desc="S4")


def s4_scores(model, s):
    places = bx.embedding_places(model)
    embedding = model.embedding.detach()[:, model.in_perm[places]].numpy()
    only = bx.keep_places(model, places)
    return {"test acc": float(accuracy(model, s4_data.x_test, s4_data.y_test)), "active": len(places),
            "acc, only active": float(accuracy(only, s4_data.x_test, s4_data.y_test)),
            "coset neurons": structure.coset_share(embedding),
            "coset neurons, relabelled": structure.coset_share(embedding, shuffle_seed=s)}


s4_table = pd.DataFrame([s4_scores(m, s) for m, s in zip(s4_nets, seeds)], index=pd.Index(seeds, name="seed"))
print(f"{len(seeds)} S4 networks trained in {t_s4['seconds']:.0f} s")
s4_table.round(3)

# %%
per_seed = "; ".join(f"seed {s}: {acc:.3f}, {n} places"
                     for s, acc, n in zip(seeds, s4_table["test acc"], s4_table.active))
card.check("s4", {"test acc": round(float(s4_table["test acc"].median()), 3), "active": int(s4_table.active.median())},
           reason=f"medians of {per_seed}", seeds=len(seeds))
card.check_seeds("s4-subgroups", s4_table["coset neurons"],
                 control=float(s4_table["coset neurons, relabelled"].median()))
card.not_testable("incontext", "not built: the in-context example (Fig. 7) trains a transformer, which does not fit "
                  "the standard budget beside the tasks above; no profile builds it");

# %% mystnb={"figure": {"caption": "S4, the three initialisations: each row is one active embedding neuron, its value for each of the 24 elements (scaled to its largest |value|), labelled with the subgroup whose left (L) or right (R) cosets explain most of its variance and that share; \u2605 marks a coset neuron (\u2265 0.9). Seed 2 (8 active places): three in four neurons depend only on an element's coset of one subgroup; seed 1 (12 places, test accuracy 0.888): one in four; seed 0 kept 22 places, almost none of them coset neurons: closer to a lookup table.", "name": "bimt-s4"}}
s4_embeddings = {s: m.embedding.detach()[:, m.in_perm[bx.embedding_places(m)]].numpy() for s, m in zip(seeds, s4_nets)}
plots.plot_coset_neurons({f"seed {s}: test acc {s4_table.loc[s, 'test acc']:.2f}": (e, structure.coset_fits(e))
                          for s, e in s4_embeddings.items()}, structure.s4_labels());

# %% [markdown]
# ## Scorecard
#
# The claims and their rules are declared in `physai/bimt/claims.py`, before measuring, and
# checked above where each is measured. Rules over three initialisations take the median,
# or count the seeds: a structure is *reproduced* if 2 of 3 seeds show it with connections
# ≥ 1 % of their layer's largest kept, *partly* if only at 5 %. A row with a control (plain
# L1; S4's relabelled elements) is not reproduced when the control passes its rule too, at
# most partly when the control partly passes. The speed row is shown with its machine and is
# not part of the checked verdicts.

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
# **Holds.** BIMT keeps its accuracy while pruning itself: independence, feature sharing
# and compositionality are fitted (median test MSE 8.4·10⁻⁴, 1.9·10⁻⁴, 1.4·10⁻³), two
# moons are separated by 4 and 2 neurons, modular addition is solved by 7 of 32 embedding
# places. The pictures the paper draws are mostly there and pass tests that plain L1 fails:
# the independence network splits into two modules side by side (in 2 of 3 seeds with the
# weakest 5 % of connections dropped; never for L1, whose inputs stay interleaved), its
# wiring is 8× shorter than L1's, and the digit network's surviving first-layer neurons
# read pixels near their own place (locality 0.42 against L1's 0.89). The ablation agrees
# with the paper's recipe: locality without swaps never lines the modules up (the inputs
# cannot move), swaps without locality once. Feature sharing reuses x₁² and x₂² across
# outputs in every seed. On S4 the paper's structural claim holds in the seed that learned
# the group with fewest places: 75 % of seed 2's embedding neurons (8 places) read the cosets
# of one subgroup, against 25 % for seed 1 (12 places) and 5 % for seed 0 (22 places, close
# to a lookup table); relabelling the elements at random leaves none. The median, 0.25,
# makes `s4-subgroups` partly in this run (see below: it was 0.70 on another CPU).
#
# **Partly.** The modules are disjoint and visible only once the connections under 5 % of
# their layer's largest are dropped: at 1 % faint wires still cross, and plain L1's modules
# are disjoint at 5 % too (2 of 3 seeds), so disjointness alone does not single out BIMT —
# seeing the modules side by side does.
#
# **Does not hold here.** Plain L1 alone keeps the digit network as sparse and as accurate
# as BIMT (3.5 % of the weights, 0.973 test accuracy), so *sparsity* is not BIMT's doing —
# locality is. The compositionality network did not form the tree in 8 000 steps (the
# original: 20 000): a first-layer neuron reads inputs of both pairs in every seed.
# Modular addition's embedding is Fourier-structured but its leading components are not
# clean circles: circularity 0.82 against the book's 0.95. S4 is learned but not to the
# paper's standard (median test accuracy 0.974; one seed kept 22 places).
#
# **The error gap.** Our independence error is about ten times below the paper's because of
# the data: on the original's own draw of the 100 points our code gives the original's
# 7.4·10⁻³ (a method check). Our one departure — Adam's state moved with the swapped
# weights — lowers the error less than twofold (our own row, which expected ≥ 3×, fails).
#
# **Changed since the last run** (issue 22; old → new): `digits-sparse` reproduced → not
# reproduced (plain L1 passes too: 0.973, 3.5 %); `mod-circles` reproduced (0.889, ≥ 0.8 over
# up to six components) → not reproduced (0.777 over four, > 0.95 as notebook 05); `s4` not
# testable → not reproduced (0.974, 11 places, three seeds); `ind-modules` partly → partly
# (now over three seeds against L1); `digits-local` reproduced 0.374 → 0.424 (pixels fixed,
# Manhattan distances, as the original). New: `ind-visible` partly, `share-reuse`
# reproduced, `comp-tree` not reproduced, `s4-subgroups` reproduced; ours: `ind-ablation`
# holds, `ind-adam` fails; method: `ind-original` holds. Not run here: MNIST itself (the
# paper profile reads it from `PHYSAI_MNIST`); not built: in-context regression (Fig. 7).
#
# **Re-executed on another CPU** (2026-12-02, AMD EPYC instead of the Intel Xeon of the run
# above; same code, seeds and torch 2.13.0): `s4-subgroups` reproduced (0.70) → **partly**
# (0.25): the S4 networks land in different solutions (per seed: test accuracy 1.000 / 0.888 /
# 0.974 with 22 / 12 / 8 places, against 0.974 / 1.000 / 0.957 with 21 / 11 / 10), so this
# verdict depends on the floating-point path, not only on the code; `mod-circles` 0.777 →
# 0.815 (still not reproduced); every other value moved in the third or fourth digit.
