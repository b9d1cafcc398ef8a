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


class StackedParityMLP:
    """K separate one-width networks of `MultiWidthMLP`'s architecture, each with its own
    inputs (for the data-scaling runs: model k trains on its own fixed training set).

    A natively stacked model for `physai.batched.train_batched` (its `params`, `K`, `losses`,
    `evaluate` protocol): `params` holds control (K, n_tasks, w), bits (K, n, w), bias
    (K, 1, w), readout (K, w, n_out) and readout_bias (K, 1, n_out); model k starts from
    `MultiWidthMLP(n_tasks, n_bits, [width])` built after torch.manual_seed(seeds[k]).
    """

    def __init__(self, n_tasks: int, n_bits: int, width: int, seeds: Sequence[int], n_out: int = 2,
                 device: torch.device | str = "cpu"):
        stacks: dict[str, list[torch.Tensor]] = {}
        for seed in seeds:
            torch.manual_seed(int(seed))
            one = MultiWidthMLP(n_tasks, n_bits, [width], n_out)
            for name, value in (("control", one.control), ("bits", one.bits), ("bias", one.bias[None]),
                                ("readout", one.readout), ("readout_bias", one.readout_bias)):
                stacks.setdefault(name, []).append(value.detach())
        self.width = int(width)
        self.params = {n: torch.stack(ts).to(device).requires_grad_(True) for n, ts in stacks.items()}

    @property
    def K(self) -> int:
        return self.params["bits"].shape[0]

    def __call__(self, tasks: torch.Tensor, bits: torch.Tensor) -> torch.Tensor:
        """Logits (K, batch, n_out) for tasks (K, batch) and bits (K, batch, n): model k on row k."""
        P = self.params
        control = P["control"][torch.arange(self.K, device=tasks.device)[:, None], tasks]  # (K, batch, w)
        hidden = torch.relu(control + torch.baddbmm(P["bias"], bits.float(), P["bits"]))
        return torch.baddbmm(P["readout_bias"], hidden, P["readout"])

    def losses(self, loss_fn, data, per_model_data: bool = True) -> torch.Tensor:
        """(K,) losses: loss_fn(self, batch) reduces over everything but the leading K axis."""
        return loss_fn(self, tuple(data))

    def evaluate(self, fn, data, per_model_data: bool = True) -> torch.Tensor:
        return fn(self, *data)


def stacked_loss(model: StackedParityMLP, batch) -> torch.Tensor:
    """(K,) mean cross-entropy of each stacked model on its own rows of the batch."""
    tasks, bits, labels = batch
    logits = model(tasks, bits)  # (K, batch, n_out)
    return F.cross_entropy(logits.transpose(1, 2), labels, reduction="none").mean(1)
