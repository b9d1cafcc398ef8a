"""PFGM++ (Xu, Liu, Tian, Tong, Tegmark, Jaakkola 2023): the field in N + D dimensions.

The data get D extra dimensions instead of PFGM's one.  The perturbation kernel is

    p_r(x | y) ∝ 1 / (‖x − y‖² + r²)^((N + D)/2)                            (eq. 4)

with r the radius in the D extra dimensions.  Setting r = σ√D aligns it with diffusion
(Sec. 4): the same EDM preconditioning, loss and Heun sampler apply with σ = r/√D, and
the backward ODE is dx/dr = (x − D(x; r))/r, EDM's with σ in t's place.  D = 1 is PFGM;
D → ∞ is EDM's Gaussian kernel.  The kernel's sampler itself, `perturb`, lives in the shared
`physai.generative.kernels` (GenPhys's Yukawa model draws it too); it is re-exported here
and as `physai.generative.pfgmpp.perturb`.

Training differs from the original (Newbeeer/pfgmpp, training/loss.py) in one respect and
follows it in another:

- `training_perturb` clips β to [10⁻³, 1 − 10⁻³] as the original does: R ≤ 31.6·r, which
  bounds the loss (unclipped, D = 1's EDM-weighted loss swings over 10⁴–10⁷) and moves ~20 %
  of the D = 1 kernel's mass at N = 64 onto that bound (0.05 % of D = 4's).  The sampler's
  prior is not clipped, as in the original.
- `KernelDenoiser` applies EDM's preconditioning (c_skip, c_out, c_in and the loss weight)
  at the training kernel's own per-coordinate spread σ·√k, k = D·E[β/(1−β)]/N (≈ D/(D − 2)),
  where the original uses σ itself.  EDM derives them for noise of variance σ²; at the
  original's D ≥ 64, N = 3072, k ≤ 1.03 and the difference vanishes, but at D = 4 the
  kernel's variance is twice σ² and the unmatched model trains badly (FD 5.1 against 1.7).
  The noise conditioning stays c_noise = ln(σ)/4.
"""
from __future__ import annotations

import copy
import math
from typing import Callable

import numpy as np
import torch
from scipy import integrate, stats

from .. import draws, edm, kernels
from ..kernels import perturb

BETA_CLIP = 1e-3   # the original's clip of β ~ Beta(N/2, D/2) in training (training/loss.py)


def training_perturb(y: torch.Tensor, sigma: torch.Tensor, D: float, generator: torch.Generator | None = None,
                     clip: float = BETA_CLIP) -> torch.Tensor:
    """The original's training perturbation: the kernel at r = σ√D with β clipped to
    [clip, 1 − clip] (D = inf: the Gaussian, unclipped).  Draws land on y's device."""
    if math.isinf(D) or not clip:
        return perturb(y, sigma, D, generator)
    n, N = y.shape
    sigma = torch.as_tensor(sigma, dtype=torch.float32, device=y.device).expand(n)
    seed = draws.randint(2**62, (1,), generator=generator).item()
    beta = np.clip(np.random.default_rng(seed).beta(N / 2, D / 2, size=n), clip, 1 - clip)
    u = torch.as_tensor(np.sqrt(beta / (1 - beta)), dtype=torch.float32, device=y.device)
    return y + kernels.uniform_directions(n, N, generator, device=y.device) * (u * sigma * math.sqrt(D))[:, None]


def variance_factor(D: float, N: int, clip: float = BETA_CLIP) -> float:
    """k = E‖x − y‖²/(Nσ²) of the training kernel (β clipped at `clip`): D·E[β/(1−β)]/N.

    Unclipped this is D/(D − 2) for D > 2 (infinite for D ≤ 2); 1 for D = inf."""
    if math.isinf(D):
        return 1.0
    if not clip:
        return D / (D - 2) if D > 2 else math.inf
    a, b, hi = N / 2, D / 2, 1 - clip
    body = integrate.quad(lambda x: x / (1 - x) * stats.beta.pdf(x, a, b), clip, hi, limit=200)[0]
    tails = stats.beta.sf(hi, a, b) * hi / (1 - hi) + stats.beta.cdf(clip, a, b) * clip / (1 - clip)
    return float(D * (body + tails) / N)


class KernelDenoiser(edm.Denoiser):
    """EDM's denoiser preconditioned at the kernel's spread σ·√k (`variance_factor`), with
    EDM's noise conditioning ln(σ)/4; k = 1 is EDM's own Denoiser exactly.  √k is a buffer,
    so a batched family holds one per model."""

    def __init__(self, N: int, width: int = 256, depth: int = 4, sigma_data: float = 0.5, k: float = 1.0):
        super().__init__(N, width, depth, sigma_data)
        self.register_buffer("spread", torch.tensor(math.sqrt(k), device="cpu"))

    def forward(self, x: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        sigma = torch.as_tensor(sigma, dtype=x.dtype, device=x.device).expand(len(x))[:, None]
        c_skip, c_out, c_in = edm.precondition(sigma * self.spread, self.sigma_data)
        return c_skip * x + c_out * self.F(c_in * x, torch.log(sigma[:, 0]) / 4)


def noise_fn(D: float) -> Callable:
    """The displacement for edm.loss: PFGM++'s kernel of dimension D at r = σ√D."""
    return lambda y, sigma, generator=None: perturb(y, sigma, D, generator) - y


def prior(D: float, clip: float = 0.0) -> Callable:
    """The sampler's start at σ_max: the kernel around the origin (edm.sample's `prior`), on `device`.

    `clip` > 0 draws it as the β-clipped training kernel (`training_perturb`: radius ≤ r/√clip),
    so a heavy-tailed D starts no farther out than training ever put data; the original does
    not clip its prior."""
    if clip:
        return lambda n, sigma_max, generator, N, device="cpu": training_perturb(
            torch.zeros(n, N, device=device), torch.full((n,), float(sigma_max), device=device), D, generator, clip)
    return lambda n, sigma_max, generator, N, device="cpu": perturb(torch.zeros(n, N, device=device), sigma_max,
                                                                    D, generator)


def optimal_denoiser(x: torch.Tensor, sigma: float, charges: torch.Tensor, D: float) -> torch.Tensor:
    """E[y | x] for the empirical data `charges` under the kernel at r = σ√D (Gaussian for D = inf).

    For D = 1 this is PFGM's field: x − E[y | x] is the x part of c(x̃)·E at z = r, so the
    two backward ODEs coincide (see the notebook).
    """
    d2 = torch.cdist(x.double(), charges.double()) ** 2
    N = x.shape[1]
    if math.isinf(D):
        logw = -d2 / (2 * sigma**2)
    else:
        logw = -(N + D) / 2 * torch.log(d2 + sigma**2 * D)
    return (torch.softmax(logw, dim=1) @ charges.double()).to(x.dtype)


def pfgm_direction(x: torch.Tensor, r: float, charges: torch.Tensor) -> torch.Tensor:
    """PFGM's field at (x, z = r) summed directly as its eq. 3 (`field.direct_field`: no softmax,
    no logarithm), its x part scaled so that its z part is r: what x − `optimal_denoiser`(x, r,
    charges, 1) must equal.  Each point's distances are first divided by its nearest one, a
    positive factor that leaves the direction as it is and keeps the (N + 1)-th powers inside
    float64's range at any N (unscaled they overflow at CIFAR-10's N = 3072); float64, one
    point at a time."""
    from ..field import augment, direct_field

    rows = []
    for p in x.double():
        m = torch.sqrt(((p - charges.double()) ** 2).sum(1).min() + r**2)
        E = direct_field(augment(p[None] / m, r / m), charges.double() / m)
        rows.append(r * E[0, :-1] / E[0, -1])
    return torch.stack(rows)


def posterior_mean(x: torch.Tensor, sigma: torch.Tensor, charges: torch.Tensor, D: float,
                   dtype: torch.dtype = torch.float64) -> torch.Tensor:
    """`optimal_denoiser` with one σ per row of x: E[y | x] over `charges` under each row's kernel.

    At D = 1 this is PFGM's training target with `charges` as its "large batch" (the field's
    x part, see `optimal_denoiser`).  `dtype=torch.float32` halves the cost of a training
    target (the weights' logarithms need no more; tested against float64)."""
    d2 = torch.cdist(x.to(dtype), charges.to(dtype)) ** 2
    s2 = sigma.to(dtype).reshape(-1, 1) ** 2
    N = x.shape[1]
    logw = -d2 / (2 * s2) if math.isinf(D) else -(N + D) / 2 * torch.log(d2 + s2 * D)
    return (torch.softmax(logw, dim=1) @ charges.to(dtype)).to(x.dtype)


def quantize_tensor(w: torch.Tensor, bits: int) -> torch.Tensor:
    """w rounded as the original's quantize_tensor/dequantize_tensor (generate_quant.py):
    2^bits levels of step (max − min)/(2^bits − 1) from an integer zero point."""
    qmax = 2.0**bits - 1
    lo, hi = w.min(), w.max()
    scale = (hi - lo) / qmax
    zero = int(min(max(float(-lo / scale), 0.0), qmax))
    return scale * ((zero + w / scale).clamp(0, qmax).round() - zero)


def quantize_weights(model: torch.nn.Module, bits: int, skip_embedding: bool = True,
                     hidden_only: bool = True) -> torch.nn.Module:
    """A copy with weight matrices rounded to 2^bits levels (`quantize_tensor`); biases and
    the embedding's fixed frequencies untouched.

    The original's set (generate_quant.py): a parameter is rounded when its name has
    'weight' and none of 'norm', 'affine', 'map', '32', so the noise embedding ('map'), the
    embedding-to-block layers ('affine'), the normalisations and every layer at the full
    32×32 resolution, the input and output convolutions among them, stay as trained.  On
    our MLP (no norms, the embedding fed into the first layer) `hidden_only` keeps its
    analogue: the first layer (image and noise embedding in) and the last (image out) stay,
    the hidden width × width matrices are rounded.  Without it every weight matrix is
    rounded, and `skip_embedding` then keeps only the first layer's embedding columns (the
    image columns rounded on their own range)."""
    model = copy.deepcopy(model)
    n_in = getattr(model, "N", None)
    matrices = [name for name, p in model.named_parameters() if name.endswith("weight") and p.ndim >= 2]
    kept = {matrices[0], matrices[-1]} if hidden_only and len(matrices) > 2 else set()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name not in matrices or name in kept:
                continue
            if skip_embedding and name == "F.net.0.weight" and n_in is not None:
                p[:, :n_in] = quantize_tensor(p[:, :n_in], bits)
            else:
                p.copy_(quantize_tensor(p, bits))
    return model


def sample(denoiser: edm.Denoiser, n: int, D: float, *, steps: int = 18, alpha: float = 0.0,
           sigma_max: float = edm.SIGMA_MAX, generator: torch.Generator | None = None,
           prior_clip: float = 0.0) -> tuple[torch.Tensor, int]:
    """EDM's Heun sampler started from the D-kernel prior (β-clipped at `prior_clip` if > 0,
    see `prior`); `alpha` injects noise α·σ·n before every step (the original's
    generate_alpha.py: robustness to sampling errors)."""
    inject = None
    if alpha:
        def inject(x, sigma):
            return x + alpha * sigma * draws.randn(x.shape, generator=generator, device=x.device)
    return edm.sample(denoiser, n, steps=steps, sigma_max=sigma_max,
                      prior=lambda k, s, g: prior(D, prior_clip)(k, s, g, denoiser.N, draws.device_of(denoiser)),
                      perturb_step=inject,
                      generator=generator)
