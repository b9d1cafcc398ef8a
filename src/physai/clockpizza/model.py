"""A one-layer transformer for a + b mod p whose attention is interpolated by the attention rate α.

A = α·softmax(QKᵀ/√d_head) + (1 − α)·1 (Zhong et al. 2023, Sec. 3; the original adds the
all-ones matrix without averaging it): α = 1 is standard attention (Model A, the clock),
α = 0 constant attention (Model B, the pizza).  No layer norm, ReLU MLP of width 4·d,
inputs are the two tokens (a, b), logits read at the last position; initial scales as
the original's (fjzzq2002/pizza, code/train-main.py).
"""
from __future__ import annotations

import math

import torch
from torch import nn


class ModAddTransformer(nn.Module):
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
        return self.W_E[tokens]

    def forward_from_embeddings(self, e: torch.Tensor) -> torch.Tensor:
        """Logits (B, p) at the last position from token embeddings e (B, 2, d).

        Only the last position's query, attention output and MLP are computed: without layer
        norm and with the logits read at the last position, the first position's residual
        stream matters only through its key and value (the same numbers, ~1.7× less work).
        """
        x = e + self.W_pos
        k = torch.einsum("hed,bpd->bhpe", self.W_K, x)
        v = torch.einsum("hed,bpd->bhpe", self.W_V, x)
        q = torch.einsum("hed,bd->bhe", self.W_Q, x[:, -1])
        scores = torch.einsum("bhpe,bhe->bhp", k, q) / math.sqrt(q.shape[-1])
        attn = self.attn_rate * torch.softmax(scores, dim=-1) + (1 - self.attn_rate)
        z = torch.einsum("bhpe,bhp->bhe", v, attn).reshape(len(x), -1)
        h = x[:, -1] + z @ self.W_O.T
        h = h + torch.relu(h @ self.W_in.T + self.b_in) @ self.W_out.T + self.b_out
        return h @ self.W_U

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.forward_from_embeddings(self.embed(tokens))

    def correct_logits(self) -> torch.Tensor:
        """(p, p) array: entry [a, b] is the logit of (a + b) mod p."""
        a, b = torch.meshgrid(torch.arange(self.p), torch.arange(self.p), indexing="ij")
        with torch.no_grad():
            logits = self(torch.stack([a.flatten(), b.flatten()], 1))
        return logits[torch.arange(self.p**2), (a.flatten() + b.flatten()) % self.p].reshape(self.p, self.p)
