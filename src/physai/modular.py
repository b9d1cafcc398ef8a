"""Tables of a binary operation, the one-layer transformer that learns them, and the circles
its embeddings form: what grokking, Omnigrok, BIMT and the clock/pizza notebooks share.

- `TableSplit`: all n² pairs (a, b) of an operation on n elements with the label a ∘ b,
  split into train and test.  Two constructors: `addition_split` (a + b mod p, notebooks
  01, 02, 04, 05) and `s4_split` (composition in the permutation group S4, notebook 04).
- `ModAddTransformer` and `train_transformers`: the clock-and-pizza paper's one-layer
  transformer (Zhong et al. 2023), with its attention rate α, trained as stacked models.
- Circles: the principal components of a (p, d) token embedding, their frequencies, and
  the circularity score (Zhong et al. 2023, App. C; notebooks 04 and 05).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import permutations
from typing import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .batched import BatchedConfig, BatchedModels, train_batched
from .train import accuracy_metric


# ── the table of a binary operation, split into train and test ──────────────────────────────

@dataclass(frozen=True)
class TableSplit:
    """All n² pairs (a, b) of elements 0 … n − 1 labelled by a ∘ b, split into train and test."""
    n: int  # elements: the tokens' vocabulary and the number of classes (p, or 24 for S4)
    x_train: torch.Tensor  # (n_train, 2) pairs (a, b)
    y_train: torch.Tensor  # (n_train,) labels a ∘ b
    x_test: torch.Tensor
    y_test: torch.Tensor


def table_split(n: int, operation: Callable[[torch.Tensor], torch.Tensor], train_fraction: float = 0.8,
                seed: int = 0) -> TableSplit:
    """The table of `operation` (pairs (n², 2) → labels (n²,)) on n elements, a random
    train_fraction of its n² pairs for training."""
    if not 0 < train_fraction < 1:
        raise ValueError(f"train_fraction must lie in (0, 1), got {train_fraction}")
    a, b = torch.meshgrid(torch.arange(n), torch.arange(n), indexing="ij")
    x = torch.stack([a.flatten(), b.flatten()], 1)
    y = operation(x)
    order = torch.randperm(n * n, generator=torch.Generator().manual_seed(seed))
    k = int(train_fraction * n * n)
    return TableSplit(n, x[order[:k]], y[order[:k]], x[order[k:]], y[order[k:]])


def addition_split(p: int, train_fraction: float = 0.8, seed: int = 0) -> TableSplit:
    """a + b mod p: a random train_fraction of the p² pairs for training (the clock/pizza
    paper: 80 %)."""
    return table_split(p, lambda x: (x[:, 0] + x[:, 1]) % p, train_fraction, seed)


def s4_split(train_fraction: float = 0.8, seed: int = 0) -> TableSplit:
    """The multiplication table of the permutation group S4 (BIMT, Sec. 3.3, Fig. 6): all 24²
    pairs (g, h) of permutations of (0, 1, 2, 3), labelled by the id of the composition h∘g
    (h[g[i]], as the original), a random train_fraction for training."""
    perms = list(permutations(range(4)))
    ids = {perm: i for i, perm in enumerate(perms)}

    def compose(x):
        return torch.tensor([ids[tuple(perms[b][i] for i in perms[a])] for a, b in x.tolist()])

    return table_split(len(perms), compose, train_fraction, seed)


# ── the one-layer transformer (Zhong et al. 2023) ───────────────────────────────────────────

def _linear(x: torch.Tensor, W: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """x Wᵀ + b with the bias added in the product's dtype: under a bf16 engine the MLP's
    activations stay bf16 (a float32 bias would promote them, and under vmap F.linear's
    bias add is a separate float32 op: the slowest of the step)."""
    out = F.linear(x, W)
    return out + b.to(out.dtype)


class ModAddTransformer(nn.Module):
    """A one-layer transformer for a + b mod p whose attention is interpolated by the attention rate α.

    A = α·softmax(QKᵀ/√d_head) + (1 − α)·1 (Zhong et al. 2023, Sec. 3; the original adds the
    all-ones matrix without averaging it): α = 1 is standard attention (Model A, the clock),
    α = 0 constant attention (Model B, the pizza).  No layer norm, ReLU MLP of width 4·d,
    inputs are the two tokens (a, b), logits read at the last position; initial scales as
    the original's (fjzzq2002/pizza, code/train-main.py).
    """

    def __init__(self, p: int, d_model: int = 128, n_heads: int = 4, attn_rate: float = 1.0):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model ({d_model}) must be a multiple of n_heads ({n_heads})")
        self.p, self.d, self.h = p, d_model, n_heads
        # a buffer, so that stacked models (physai.batched) can each have their own α
        self.register_buffer("attn_rate", torch.tensor(float(attn_rate)))
        dh, d_mlp = d_model // n_heads, 4 * d_model
        self.W_E = nn.Parameter(torch.randn(p, d_model) / math.sqrt(d_model))
        self.W_pos = nn.Parameter(torch.randn(2, d_model) / math.sqrt(d_model))
        self.W_Q, self.W_K, self.W_V = (nn.Parameter(torch.randn(n_heads, dh, d_model) / math.sqrt(d_model))
                                        for _ in range(3))
        self.W_O = nn.Parameter(torch.randn(d_model, n_heads * dh) / math.sqrt(d_model))
        self.W_in = nn.Parameter(torch.randn(d_mlp, d_model) / math.sqrt(d_mlp))
        self.b_in = nn.Parameter(torch.zeros(d_mlp))
        self.W_out = nn.Parameter(torch.randn(d_model, d_mlp) / math.sqrt(d_model))
        self.b_out = nn.Parameter(torch.zeros(d_model))
        self.W_U = nn.Parameter(torch.randn(d_model, p) / math.sqrt(p))

    def embed(self, tokens: torch.Tensor) -> torch.Tensor:
        """(B, 2) token ids → (B, 2, d) token embeddings (before the positional ones)."""
        return F.embedding(tokens, self.W_E)

    def _keys_values_queries(self, x: torch.Tensor) -> torch.Tensor:
        """x (..., d) → (..., 3d): keys, values and queries side by side, each with its heads
        as consecutive blocks of d_head features (one matmul for all three)."""
        return x @ torch.cat([self.W_K, self.W_V, self.W_Q]).reshape(3 * self.d, self.d).T

    def _read_out(self, resid: torch.Tensor, q: torch.Tensor, k: tuple, v: tuple) -> torch.Tensor:
        """Logits (B, p) from the last position's residual stream and query (B, d) and the
        keys k and values v of the two positions (two (B, d) tensors each).

        With two positions attention is elementwise: per head, the scores are sums of
        q·k over that head's d_head features (a matmul with the 0/1 matrix `per_head`,
        (d, h)), a softmax over the two keys, and a weighted sum of the two values.  Written
        this way (not as einsums over a length-2 axis, which become thousands of tiny batched
        products and permute copies, nor as sums over that axis, slow kernels) the step's
        time goes to the MLP's matmuls (issue 20).
        """
        per_head = torch.eye(self.h, dtype=q.dtype, device=q.device).repeat_interleave(self.d // self.h, 0)
        scores = torch.stack([(key * q) @ per_head for key in k], 1) / math.sqrt(self.d // self.h)  # (B, 2, h)
        attn = self.attn_rate * torch.softmax(scores, dim=1) + (1 - self.attn_rate)
        weights = attn @ per_head.T  # (B, 2, d): each head's weight, on each of its features
        z = v[0] * weights[:, 0] + v[1] * weights[:, 1]  # (B, d): the heads' outputs, concatenated
        h = resid + F.linear(z, self.W_O)
        h = h + _linear(torch.relu(_linear(h, self.W_in, self.b_in)), self.W_out, self.b_out)
        with torch.autocast(h.device.type, enabled=False):  # logits in float32 whatever the engine's precision
            return h.float() @ self.W_U

    def forward_from_embeddings(self, e: torch.Tensor) -> torch.Tensor:
        """Logits (B, p) at the last position from token embeddings e (B, 2, d).

        Only the last position's query, attention output and MLP are computed: without layer
        norm and with the logits read at the last position, the first position's residual
        stream matters only through its key and value (the same numbers, ~1.7× less work).
        """
        x = e + self.W_pos
        first, last = self._keys_values_queries(x).unbind(1)  # (B, 3d) each
        d = self.d
        return self._read_out(x[:, 1], last[:, 2 * d:], (first[:, :d], last[:, :d]),
                              (first[:, d:2 * d], last[:, d:2 * d]))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        """Logits (B, p) for token pairs (B, 2).

        A token's key, value and query depend only on the token and its position, so they
        are computed once per vocabulary entry (2p rows) and picked out for each pair by a
        one-hot matmul (exact; its backward is a matmul too, where indexing's is a slow
        scatter): the same numbers as forward_from_embeddings(embed(tokens)).
        """
        x = self.W_E.unsqueeze(1) + self.W_pos  # (p, 2, d): every token at both positions
        kvq = self._keys_values_queries(x)  # (p, 2, 3d)
        # (B, 2, p), made in the dtype the matmul will run in (autocast would copy it every step)
        one_hot = F.one_hot(tokens, self.p).to(torch.get_autocast_dtype(x.device.type)
                                               if torch.is_autocast_enabled(x.device.type) else x.dtype)
        first, last = one_hot[:, 0] @ kvq[:, 0], one_hot[:, 1] @ kvq[:, 1]  # (B, 3d) each
        d = self.d
        return self._read_out(F.embedding(tokens[:, 1], x[:, 1]), last[:, 2 * d:], (first[:, :d], last[:, :d]),
                              (first[:, d:2 * d], last[:, d:2 * d]))

    def correct_logits(self) -> torch.Tensor:
        """(p, p) array on the CPU: entry [a, b] is the logit of (a + b) mod p."""
        a, b = torch.meshgrid(torch.arange(self.p), torch.arange(self.p), indexing="ij")
        with torch.no_grad():
            logits = self(torch.stack([a.flatten(), b.flatten()], 1).to(self.W_E.device)).cpu()
        return logits[torch.arange(self.p**2), (a.flatten() + b.flatten()) % self.p].reshape(self.p, self.p)


# ── training them stacked, with the original's settings ─────────────────────────────────────

def cross_entropy64(model, batch) -> torch.Tensor:
    """Cross-entropy in float64: float32 log-softmax underflows once the loss nears 1e-7 and
    makes the loss jump, which wrecks the circles."""
    x, y = batch
    return F.cross_entropy(model(x).double(), y)


def warm_up(step: int, steps: int = 10) -> float:
    """The original's learning-rate warm-up: lr × min(step/10, 1)."""
    return min(step / steps, 1.0)


def train_transformers(split: TableSplit, d_model: int, attn_rates, seeds, *, steps: int,
                       n_heads: int = 4, lr: float | Sequence[float] = 1e-3,
                       weight_decay: float | Sequence[float] = 2.0, log_every: int = 100,
                       precision: str = "fp32", device: torch.device | str = "cpu", desc: str = "transformers"):
    """Train one transformer per (attention rate, seed) pair at one width, all at once.

    One vmapped model (`physai.batched`); the settings are the original's (fjzzq2002/pizza,
    code/train-main.py): AdamW, betas (0.9, 0.98), lr warm-up min(step/10, 1), full batch,
    cross-entropy in float64.  lr and weight_decay: one value, or one per model (a
    learning-rate × weight-decay phase diagram, notebook 01).  precision: "bf16" runs the
    matmuls in bfloat16 (physai.train.PRECISIONS); the logits and the loss stay float32/64.
    device: where the models and the table live (the initial weights are drawn on the CPU,
    so a seed gives the same models on every device).  Returns the stacked models
    and the history (model, step, loss, train_acc, test_acc, attn_rate, seed, d_model).
    """
    attn_rates, seeds = list(attn_rates), list(seeds)
    if len(attn_rates) != len(seeds):
        raise ValueError(f"need one seed per attention rate, got {len(attn_rates)} rates and {len(seeds)} seeds")
    members = []
    for rate, seed in zip(attn_rates, seeds):
        torch.manual_seed(int(seed))
        members.append(ModAddTransformer(split.n, d_model, n_heads, attn_rate=rate).to(device))
    models = BatchedModels(members)
    train, test = (split.x_train.to(device), split.y_train.to(device)), (split.x_test.to(device), split.y_test.to(device))
    history = train_batched(
        models, cross_entropy64, train, BatchedConfig(steps, "adamw", log_every, precision),
        lr=lr, weight_decay=weight_decay, betas=(0.9, 0.98), lr_schedule=warm_up,
        metrics={"train_acc": accuracy_metric(*train), "test_acc": accuracy_metric(*test)}, desc=desc)
    history["attn_rate"] = history.model.map(dict(enumerate(attn_rates)))
    history["seed"] = history.model.map(dict(enumerate(seeds)))
    history["d_model"] = d_model
    return models, history


# ── circles in the embedding (Zhong et al. 2023, Sec. 4.2, App. C; the original's eval-main.ipynb) ─

# One cut for one metric across the book (notebooks 04 and 05): an embedding "lies on
# circles" when its circularity exceeds it (notebook 05 set it first, for its clock and pizza).
CIRCULARITY_CUT = 0.95

def frequency_power(vector) -> np.ndarray:
    """Share of a length-p vector's variance at each frequency k = 1 … (p − 1)/2 (entry k − 1).

    A component cos(2πka/p + φ) of the embedding has all its variance at k.
    """
    v = np.asarray(vector, dtype=float)
    v = v - v.mean()
    power = np.abs(np.fft.rfft(v)[1:]) ** 2
    power[: (len(v) - 1) // 2] *= 2  # ±k; a Nyquist term (even p) has no partner
    return power / (len(v) * np.sum(v**2))


def embedding_pcs(W_E, n_components: int = 8) -> tuple[np.ndarray, object]:
    """Principal components of the (p, d) token embeddings (the paper's circle plots, Fig. 3)."""
    from sklearn.decomposition import PCA

    pca = PCA(n_components=n_components)
    return pca.fit_transform(np.asarray(W_E, dtype=float)), pca


def circularity(W_E, n_components: int = 4) -> float:
    """Mean over the first n_components principal components of the share of each one's
    variance at its dominant frequency (App. C: 1 when every component is a pure cosine of
    the token, i.e. the embedding lies on circles)."""
    pcs, _ = embedding_pcs(W_E, n_components)
    return float(np.mean([np.clip(frequency_power(pcs[:, i]).max(), 0, 1) for i in range(n_components)]))


def circle_frequency(pc_pair) -> int:
    """The frequency k (1 … (p − 1)/2) of a circle given by two principal components."""
    pc_pair = np.asarray(pc_pair, dtype=float)
    return int(np.argmax(sum(frequency_power(pc_pair[:, j]) for j in range(pc_pair.shape[1])))) + 1
