"""Poisson flow generative models (Xu, Liu, Tegmark, Jaakkola 2022).

Training (Alg. 2 and Sec. 3.2): perturb a datum outward in the augmented space, then
regress the network on the normalised field of the whole training set at that point.
Sampling (Sec. 3.3): draw x on the hyperplane z = z_max with the prior's radial law and
follow the field backwards, dx/dz = E_x/E_z, integrated in t = ln z.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from .. import draws, samplers
from ..field import augment, normalized_field
from ..kernels import sample_radius, uniform_directions
from ..networks import ConditionedMLP


@dataclass(frozen=True)
class Hyper:
    """PFGM's data-dependent hyper-parameters (App. B.1; the original's hyper-parameters.py)."""
    M: int            # perturbation steps: the radius grows as (1 + τ)^m, m ~ U[0, M]
    z_max: float      # the sampling hyperplane
    upper_norm: float  # the prior's radii are clipped to [1, upper_norm]
    sigma: float = 0.01
    tau: float = 0.03


def hyperparameters(data_norm: float, N: int, sigma: float = 0.01, tau: float = 0.03) -> Hyper:
    """M, z_max and the norm cap from the mean data norm and dimension (App. B.1–B.2)."""
    for name, value in (("data_norm", data_norm), ("sigma", sigma), ("tau", tau)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite number > 0, got {value}")
    if int(N) != N or N < 1:
        raise ValueError(f"N (the data dimension) must be an integer ≥ 1, got {N}")
    M = int(0.75 * math.log(data_norm**2 / (2 * math.sqrt(N) * sigma**2)) / math.log(1 + tau)) + 1
    grow = sigma * (1 + tau) ** M
    return Hyper(M, math.sqrt(2 / math.pi) * grow, math.sqrt(N) * grow, sigma, tau)


def perturb(y: torch.Tensor, hyper: Hyper, restrict_M: bool = True,
            generator: torch.Generator | None = None) -> torch.Tensor:
    """Alg. 2: a point (x, z) of R^(N+1) around each datum, radius ∝ (1 + τ)^m.

    A Gaussian of width σ in N+1 dimensions is blown up by (1 + τ)^m, m ~ U[0, M]; the x
    part keeps a uniform direction.  restrict_M (App. B.1.1): samples that start very
    close to the plane (|z| < 0.005) draw m from [0, 0.7 M] only, keeping their norms in
    the range the prior covers.
    """
    n, N = y.shape
    # the draws are made (and combined) on the generator's device, then moved to y's
    m = draws.rand(n, generator=generator, device=draws.generator_device(generator)) * hyper.M
    z0 = (draws.randn(n, generator=generator, device=m.device) * hyper.sigma).abs()
    if restrict_M:
        close = z0 < 0.005
        m[close] = draws.rand(int(close.sum()), generator=generator, device=m.device) * int(0.7 * hyper.M)
    grow = (1 + hyper.tau) ** m
    radius = (draws.randn(n, N, generator=generator, device=m.device) * hyper.sigma).norm(dim=1) * grow
    x = y + uniform_directions(n, N, generator, device=y.device) * radius.to(y.device)[:, None]
    return augment(x, (z0 * grow).to(y.device))


def sample_prior(n: int, N: int, hyper: Hyper, generator: torch.Generator | None = None,
                 device="cpu") -> torch.Tensor:
    """x on the hyperplane z = z_max: radius ∝ R^(N−1)/(R² + z_max²)^((N+1)/2) (App. A.4).

    This is the D = 1 kernel of PFGM++ with r = z_max.  Like the original we clip radii to
    [1, upper_norm], the largest norm training reaches.  The law is heavy-tailed, so the clip
    is not cosmetic: at N = 64 it moves more than half the draws onto the sphere of radius
    upper_norm (the notebook measures it).  The draws are on `device`.
    """
    R = sample_radius(n, N, 1, hyper.z_max, generator, device=device).clamp(1.0, hyper.upper_norm)
    return uniform_directions(n, N, generator, device=device) * R[:, None]


class PFGMNet(nn.Module):
    """The normalised field v(x, z) ∈ R^(N+1), from an MLP conditioned on ln z.

    The input is scaled by 1/√(σ_data² + z²) (as EDM's c_in, with z in σ's place), so the
    network sees inputs of order one from the data (z ≈ 0) out to z_max.
    """

    def __init__(self, N: int, width: int = 256, depth: int = 4, sigma_data: float = 0.75):
        super().__init__()
        self.N, self.sigma_data = N, sigma_data
        self.mlp = ConditionedMLP(N, N + 1, width, depth)

    def forward(self, x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        z = z.clamp_min(1e-10)
        c_in = 1 / torch.sqrt(self.sigma_data**2 + z**2)
        return self.mlp(x * c_in[:, None], torch.log(z))


def loss(net: PFGMNet, y: torch.Tensor, charges: torch.Tensor, hyper: Hyper, gamma: float,
         generator: torch.Generator | None = None) -> torch.Tensor:
    """Squared error between the net and −√N·Ē/(‖Ē‖ + γ) at perturbed points (Sec. 3.2).

    `charges` is the "large batch" whose field is the target (the original: 4096 images;
    here the whole training set); `y` is the small batch that is perturbed.
    """
    points = perturb(y, hyper, generator=generator)
    with torch.no_grad():
        target = normalized_field(points, charges, gamma)
    pred = net(points[:, :-1], points[:, -1])
    return ((pred - target) ** 2).sum(1).mean()


def _vz_substituted(vx: torch.Tensor, z: float, gamma: float) -> torch.Tensor:
    """App. B.2.3: the z-component the geometry implies from ‖v_x‖, for z below z_exp.

    Near the data one charge dominates: with r the distance to it, ‖v_x‖/√N ≈ r_x/(r + γ)
    gives r_x, and v_z = −√N z/(√(r_x² + z²) + γ).
    """
    N = vx.shape[1]
    norm_1 = vx.norm(dim=1) / math.sqrt(N)
    x_norm = torch.sqrt((gamma * norm_1 / (1 - norm_1)) ** 2 + z**2)
    return -math.sqrt(N) * z / (x_norm + gamma)


def drift_z(net: PFGMNet, gamma: float, z_exp: float | None = None) -> samplers.Drift:
    """The backward ODE in z itself: dx/dz = v_x/v_z (Sec. 3.3).

    z_exp (App. B.2.3): below it, and when γ > 0 as in the original, the predicted
    z-component is replaced by the value the geometry implies (`_vz_substituted`), which
    keeps the ODE from becoming stiff close to the data.  The original applies it inside
    its ODE, so for every solver.
    """
    def f(x: torch.Tensor, z: float) -> torch.Tensor:
        v = net(x, torch.full((len(x),), z, device=x.device))
        vx, vz = v[:, :-1], v[:, -1]
        if z_exp is not None and z < z_exp and gamma > 0:
            vz = _vz_substituted(vx, z, gamma)
        return vx / (vz[:, None] + 1e-5)

    return f


def drift_ln_z(net: PFGMNet, gamma: float, z_exp: float | None = None) -> samplers.Drift:
    """The same ODE in t = ln z: dx/dt = z·v_x/v_z (what RK45 integrates, as the original's)."""
    dz = drift_z(net, gamma, z_exp)

    def f(x: torch.Tensor, t: float) -> torch.Tensor:
        z = math.exp(t)
        return z * dz(x, z)

    return f


STEP_RULES = ("z", "ln z")


def z_grid(z_max: float, z_min: float, steps: int) -> list[float]:
    """steps + 1 values of z from z_max to z_min, uniform in ln z (the original's grid)."""
    return np.exp(np.linspace(math.log(z_max), math.log(z_min), steps + 1)).tolist()


def sample(net: PFGMNet, n: int, hyper: Hyper, *, solver: str = "heun", steps: int = 50,
           gamma: float = 5.0, z_min: float = 1e-3, z_exp: float | None = None, rtol: float = 1e-4,
           max_nfe: int = 20000, rule: str = "z", generator: torch.Generator | None = None,
           x: torch.Tensor | None = None) -> tuple[torch.Tensor, int]:
    """n samples by following the field back from z_max to z_min; returns (x, NFE).

    solver: "euler" or "heun" on a grid of `steps` + 1 values of z uniform in ln z, or
    "rk45" (adaptive in ln z, rtol = atol; a solve that needs more than max_nfe evaluations
    returns NaNs).  rule: how a fixed step moves x.  "z" (the original's Euler sampler, the
    `euler_maruyama` predictor with dt = −(1 − e^{Δ ln z})): x += Δz·dx/dz, which follows a
    straight field line exactly.  "ln z" (the original's `forward_euler`/`improved_euler`
    ODE solvers, and this module's former rule): x += Δ ln z · z·dx/dz, which overshoots a
    straight line by Δ/(1 − e^{−Δ}) per step.  `x`, if given, replaces the prior draw.
    """
    samplers.check_solver(solver)
    if rule not in STEP_RULES:
        raise ValueError(f"unknown step rule {rule!r}; choose one of {STEP_RULES}")
    was_training = net.training
    net.eval()
    if x is None:
        x = sample_prior(n, net.N, hyper, generator, device=draws.device_of(net))
    if solver == "rk45":
        out = samplers.rk45(drift_ln_z(net, gamma, z_exp), x, math.log(hyper.z_max), math.log(z_min), rtol, rtol,
                            max_nfe)
    elif rule == "z":
        out = getattr(samplers, solver)(drift_z(net, gamma, z_exp), x, z_grid(hyper.z_max, z_min, steps))
    else:
        ts = np.linspace(math.log(hyper.z_max), math.log(z_min), steps + 1).tolist()
        out = getattr(samplers, solver)(drift_ln_z(net, gamma, z_exp), x, ts)
    net.train(was_training)
    return out


class EmpiricalField(nn.Module):
    """The exact normalised field of the charges, −√N·Ē/(‖Ē‖ + γ), in PFGMNet's interface.

    What PFGM's network regresses (the whole training set as the large batch), so a sampler
    run on it has no model error: its samples differ from the exact flow's only by the
    solver's discretisation.
    """

    def __init__(self, charges: torch.Tensor, gamma: float):
        super().__init__()
        self.register_buffer("charges", charges)
        self.gamma, self.N = gamma, charges.shape[1]

    def forward(self, x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return normalized_field(augment(x, z), self.charges, self.gamma)
