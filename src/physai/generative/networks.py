"""Small networks for 8×8 images: an MLP conditioned on one noise-level scalar.

The papers use U-Nets (NCSN++, DDPM++) on 32×32 images; on flattened 8×8 digits a
4-layer SiLU MLP with a Fourier embedding of the conditioning scalar (ln z for PFGM,
EDM's c_noise = ln(σ)/4 for diffusion and PFGM++) trains in minutes on a CPU.
"""
from __future__ import annotations

import math

import torch
from torch import nn


class FourierEmbedding(nn.Module):
    """[cos(2π f c), sin(2π f c)] of a scalar c with fixed random frequencies f (EDM's 'fourier')."""

    def __init__(self, n: int = 16, scale: float = 1.0, seed: int = 0):
        super().__init__()
        g = torch.Generator(device="cpu").manual_seed(seed)
        self.register_buffer("freqs", torch.randn(n, generator=g, device="cpu") * scale)

    def forward(self, c: torch.Tensor) -> torch.Tensor:
        arg = 2 * math.pi * c[:, None] * self.freqs[None]
        return torch.cat([arg.cos(), arg.sin()], dim=1)


class ConditionedMLP(nn.Module):
    """f(x, c): x (B, dim_in) and a scalar c per row → (B, dim_out); SiLU, `depth` hidden layers."""

    def __init__(self, dim_in: int, dim_out: int, width: int = 256, depth: int = 4, n_freq: int = 16):
        super().__init__()
        self.embed = FourierEmbedding(n_freq)
        layers, d = [], dim_in + 2 * n_freq
        for _ in range(depth):
            layers += [nn.Linear(d, width), nn.SiLU()]
            d = width
        layers.append(nn.Linear(d, dim_out))
        self.net = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([x, self.embed(c)], dim=1))


