"""What the paper says it sees in trained networks, made into tests that can fail.

- Independence (Fig. 3a): the two modules are *visible* — each output reached from its own
  inputs only, and the modules side by side in every layer (`side_by_side`), not merely
  disjoint as a graph (which plain L1 can give with its neurons interleaved).
- Feature sharing (Fig. 3b): each output reached from exactly its inputs, and consecutive
  outputs sharing hidden neurons (`sharing_test`: a reused x₁², not one recomputed).
- Compositionality (Fig. 3c): a tree — the first hidden layer splits into branches that
  read one pair of inputs each, (x₁, x₂) or (x₃, x₄), merged higher up (`tree_test`).
- Permutation group S4 (Fig. 6): embedding neurons that read the subgroup structure — a
  neuron whose value over the 24 elements depends only on an element's coset of one
  subgroup, parity (the cosets of A4) for instance (`coset_fits`).

Every test reads the network pruned at `rel` × each layer's largest |w|
(`experiments.reached_by`).
"""
from __future__ import annotations

from itertools import permutations
from typing import Sequence

import numpy as np
import torch

from .experiments import reached_by, surviving
from .model import BioMLP


# ── independence: modules you can see ────────────────────────────────────────────────────────
def _module_places(model: BioMLP, reach: list[set[int]], output: int) -> list[list[int]]:
    """Per layer of neurons, the places of one output's module (inputs: where its features sit)."""
    inputs = [q for q, f in enumerate(model.in_perm.tolist()) if f in reach[0]]
    out = [q for q, f in enumerate(model.out_perm.tolist()) if f == output]
    return [inputs] + [sorted(r) for r in reach[1:-1]] + [out]


def side_by_side(model: BioMLP, rel: float = 0.01) -> bool:
    """True if, in every layer (a line), each output's module occupies its own stretch: no
    neuron of one module lies between two of another's (so the modules are disjoint too)."""
    reach = [reached_by(model, o, rel) for o in range(model.shape[-1])]
    places = [_module_places(model, r, o) for o, r in enumerate(reach)]
    for layer in range(len(model.shape)):
        x = model.position(layer)[:, 0].tolist()
        spans = sorted((min(x[q] for q in m[layer]), max(x[q] for q in m[layer])) for m in places if m[layer])
        if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
            return False
    return True


def visible_modules(model: BioMLP, own_inputs: Sequence[Sequence[int]], rel: float = 0.01) -> bool:
    """Independence, Fig. 3a: each output reached from exactly its own inputs, and the modules
    side by side — what the picture shows."""
    inputs = [sorted(reached_by(model, o, rel)[0]) for o in range(model.shape[-1])]
    return inputs == [sorted(i) for i in own_inputs] and side_by_side(model, rel)


# ── feature sharing and compositionality ─────────────────────────────────────────────────────
def sharing_test(model: BioMLP, own_inputs: Sequence[Sequence[int]], rel: float = 0.01) -> dict:
    """Feature sharing, Fig. 3b (y_o = x₁² + … + x_o²): `inputs_ok` if each output is reached
    from exactly its own inputs; `reuse` if every two consecutive outputs share a hidden
    neuron (a feature computed once, read by both); `nested` if each output's hidden neurons
    include all of the previous output's, layer by layer (pure reuse)."""
    reach = [reached_by(model, o, rel) for o in range(model.shape[-1])]
    hidden = range(1, len(model.shape) - 1)
    pairs = list(zip(reach, reach[1:]))
    return {"inputs_ok": [sorted(r[0]) for r in reach] == [sorted(i) for i in own_inputs],
            "reuse": all(any(a[l] & b[l] for l in hidden) for a, b in pairs),
            "nested": all(a[l] <= b[l] for a, b in pairs for l in hidden)}


def input_dependence(model: BioMLP, rel: float = 0.01) -> list[torch.Tensor]:
    """Per layer of neurons, (n, n_features) booleans: which input features reach each neuron
    through surviving connections."""
    eye = torch.eye(model.places)[:, model.in_perm]  # place q carries feature in_perm[q]
    dep = [eye.repeat(model.in_fold, 1) > 0]
    for mask in surviving(model, rel):
        dep.append((mask.float() @ dep[-1].float()) > 0)
    return dep


def tree_test(model: BioMLP, branches: Sequence[Sequence[int]], rel: float = 0.01) -> dict:
    """Compositionality, Fig. 3c: among the neurons on paths to the output, `split` if every
    first-hidden-layer neuron depends on one branch's inputs only and together they read
    every input; `merge_layer`: the first hidden layer with a neuron reading two branches."""
    dep, reach = input_dependence(model, rel), reached_by(model, 0, rel)
    masks = [torch.zeros(dep[0].shape[1], dtype=torch.bool).index_fill_(0, torch.tensor(b), True)
             for b in branches]

    def n_branches(layer: int) -> list[int]:  # per active neuron, how many branches it reads
        return [sum(bool((dep[layer][n] & m).any()) for m in masks) for n in sorted(reach[layer])]

    first = sorted(reach[1])
    reads_all = bool(first) and bool(dep[1][first].any(0).all())
    split = reads_all and all(k == 1 for k in n_branches(1))
    merge = next((l for l in range(1, len(model.shape) - 1) if any(k > 1 for k in n_branches(l))), None)
    return {"split": split, "merge_layer": merge}


# ── S4: neurons that read subgroups ──────────────────────────────────────────────────────────
PERMS = list(permutations(range(4)))  # the elements in modular.s4_split's order
_ID = {p: i for i, p in enumerate(PERMS)}


def s4_product(a: int, b: int) -> int:
    """The label modular.s4_split gives the pair (a, b): apply a, then b."""
    return _ID[tuple(PERMS[b][i] for i in PERMS[a])]


def _closure(generators: Sequence[int]) -> frozenset[int]:
    group = {_ID[(0, 1, 2, 3)], *generators}
    while True:
        grown = group | {s4_product(a, b) for a in group for b in group}
        if grown == group:
            return frozenset(group)
        group = grown


def _subgroup_name(h: frozenset[int]) -> str:
    """A4, D4, S3, C4, V4, C3 with what the subgroup fixes or preserves (points 1–4)."""
    elements = [PERMS[g] for g in h]
    cyclic4 = any(sum(p[i] != i for i in range(4)) == 4 and PERMS[s4_product(_ID[p], _ID[p])] != (0, 1, 2, 3)
                  for p in elements)
    kind = {12: "A4", 8: "D4", 6: "S3", 3: "C3"}.get(len(h), "C4" if cyclic4 else "V4")
    fixed = [i + 1 for i in range(4) if all(p[i] == i for p in elements)]
    pairings = [((0, 1), (2, 3)), ((0, 2), (1, 3)), ((0, 3), (1, 2))]
    kept = [f"{{{a + 1}{b + 1}|{c + 1}{d + 1}}}" for (a, b), (c, d) in pairings
            if all({p[a], p[b]} in ({a, b}, {c, d}) for p in elements)]
    if fixed:
        return f"{kind} fixing {fixed[0]}"
    return f"{kind} (normal)" if len(kept) == 3 else f"{kind} keeping {kept[0]}" if kept else kind


def s4_coset_partitions(min_order: int = 3, max_order: int = 12) -> dict[str, np.ndarray]:
    """Every partition of the 24 elements into the left or right cosets (g·H, H·g) of a
    subgroup H of order min_order…max_order: name -> coset label of each element.  Orders
    ≥ 3 (at most 8 cosets) keep chance fits rare (see `coset_fits`)."""
    subgroups = {_closure((a, b)) for a in range(24) for b in range(24)}
    out: dict[str, np.ndarray] = {}
    for h in sorted((h for h in subgroups if min_order <= len(h) <= max_order), key=lambda h: (-len(h), sorted(h))):
        sides = {}
        for side, act in (("left", lambda g, x: s4_product(g, x)), ("right", lambda g, x: s4_product(x, g))):
            cosets: dict[frozenset, int] = {}
            sides[side] = np.array([cosets.setdefault(frozenset(act(g, x) for x in h), len(cosets)) for g in range(24)])
        name = _subgroup_name(h)
        if np.array_equal(sides["left"], sides["right"]):  # a normal subgroup: one partition
            out[name] = sides["left"]
        else:
            out.update({f"{name}, {side} cosets": labels for side, labels in sides.items()})
    return out


def coset_r2(values: np.ndarray, labels: np.ndarray) -> float:
    """Share of the variance of values (one per element) explained by their coset means."""
    v = np.asarray(values, dtype=float) - np.mean(values)
    total = float(v @ v)
    if total == 0.0:
        return 0.0
    means = np.bincount(labels, v) / np.bincount(labels)
    return float(means[labels] @ means[labels] / total)


def coset_fits(embedding: np.ndarray, partitions: dict[str, np.ndarray] | None = None) -> list[tuple[str, float]]:
    """For each column of a (24, n) embedding, the subgroup whose cosets explain most of its
    variance, and that share (1: the neuron reads only the coset).  A random column's best
    share over the orders-3–12 partitions stays below 0.9 in 99.9 % of draws (Gaussian,
    sparse or ±1 values; measured), so a share ≥ 0.9 is a coset neuron, not chance."""
    partitions = partitions if partitions is not None else s4_coset_partitions()
    fits = []
    for column in np.asarray(embedding, dtype=float).T:
        name, r2 = max(((n, coset_r2(column, lab)) for n, lab in partitions.items()), key=lambda t: t[1])
        fits.append((name, r2))
    return fits


COSET_CUT = 0.9  # a coset neuron: ≥ 90 % of its variance in its coset means (chance: < 0.1 %)


def coset_share(embedding: np.ndarray, shuffle_seed: int | None = None) -> float:
    """Share of the columns of a (24, n) embedding (the active places) that are coset
    neurons.  shuffle_seed: first relabel the 24 elements at random — the same values with
    the group structure destroyed, the control a coset score must fail."""
    embedding = np.asarray(embedding, dtype=float)
    if shuffle_seed is not None:
        embedding = embedding[np.random.default_rng(shuffle_seed).permutation(len(embedding))]
    if embedding.shape[1] == 0:
        return float("nan")
    return float(np.mean([r2 >= COSET_CUT for _, r2 in coset_fits(embedding)]))


def s4_labels() -> list[str]:
    """The 24 elements as the original labels them: the image of 1234, and the sign."""
    def sign(p):
        return "+" if sum(p[i] > p[j] for i in range(4) for j in range(i + 1, 4)) % 2 == 0 else "−"
    return ["".join(str(i + 1) for i in p) + f" ({sign(p)})" for p in PERMS]
