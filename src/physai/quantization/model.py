"""Many widths of one-hidden-layer network trained at once, as one block-diagonal model.

The paper trains a separate MLP per width on multitask sparse parity (input: the one-hot
control bits and the data bits; one ReLU hidden layer; two logits).  Here the hidden
units of every width sit side by side in one layer and each block reads out its own
logits, so one forward pass evaluates every width on the same batch; the loss is the sum
of the widths' losses, whose gradient with respect to each block is exactly that block's
own (the blocks share no weight), and Adam's update is element-wise — the same as
training the widths separately on one shared data stream.  The one-hot control part of
the first layer is an embedding lookup (same numbers, several times faster).
"""
from __future__ import annotations

import math
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn


class MultiWidthMLP(nn.Module):
    def __init__(self, n_tasks: int, n_bits: int, widths: Sequence[int], n_out: int = 2):
        super().__init__()
        self.widths = [int(w) for w in widths]
        total, fan_in = sum(self.widths), n_tasks + n_bits
        bound = 1 / math.sqrt(fan_in)  # nn.Linear's default initialisation, block by block
        self.control = nn.Parameter(torch.empty(n_tasks, total).uniform_(-bound, bound))
        self.bits = nn.Parameter(torch.empty(n_bits, total).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(total).uniform_(-bound, bound))
        block = torch.repeat_interleave(torch.arange(len(self.widths)), torch.tensor(self.widths))
        out_bound = 1 / torch.sqrt(torch.tensor(self.widths, dtype=torch.float32))[block]
        self.readout = nn.Parameter((torch.rand(total, n_out) * 2 - 1) * out_bound[:, None])
        self.readout_bias = nn.Parameter((torch.rand(len(self.widths), n_out) * 2 - 1)
                                         / torch.sqrt(torch.tensor(self.widths, dtype=torch.float32))[:, None])
        self.register_buffer("membership", F.one_hot(block, len(self.widths)).float())  # (total, n_widths)

    def forward(self, tasks: torch.Tensor, bits: torch.Tensor) -> torch.Tensor:
        """Logits (batch, n_widths, n_out): every width's output on the same inputs."""
        hidden = torch.relu(F.embedding(tasks, self.control) + bits.float() @ self.bits + self.bias)
        n_widths, n_out = self.readout_bias.shape
        # block j's readout only sees block j's units: one (total, n_out·n_widths) matmul
        blocks = (self.readout[:, :, None] * self.membership[:, None, :]).reshape(len(self.membership), -1)
        return (hidden @ blocks).reshape(-1, n_out, n_widths).transpose(1, 2) + self.readout_bias

    def parameters_per_width(self) -> list[int]:
        """Parameter count of each width's separate network: (n_tasks + n_bits + 1)·w + (w + 1)·n_out."""
        n_in = self.control.shape[0] + self.bits.shape[0]
        n_out = self.readout.shape[1]
        return [(n_in + 1) * w + (w + 1) * n_out for w in self.widths]


def per_width_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """(n_widths,) mean cross-entropy of each width on the batch."""
    n_widths = logits.shape[1]
    losses = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.repeat_interleave(n_widths),
                             reduction="none")
    return losses.reshape(-1, n_widths).mean(0)
