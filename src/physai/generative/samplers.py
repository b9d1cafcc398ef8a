"""ODE/SDE integrators shared by PFGM, PFGM++ and the diffusion baselines.

Each takes a drift f(x, t) (t a float), a start x and a decreasing time grid, and
returns (samples, number of function evaluations).  "Time" is whatever the model
integrates in: ln z for PFGM (Sec. 3.3), σ for EDM, t for the VP-SDE.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import torch
from scipy import integrate

from . import draws

Drift = Callable[[torch.Tensor, float], torch.Tensor]


Hook = Callable[[torch.Tensor, float], torch.Tensor] | None


@torch.no_grad()
def euler(drift: Drift, x: torch.Tensor, ts: Sequence[float], perturb_step: Hook = None) -> tuple[torch.Tensor, int]:
    """Forward Euler along ts (len(ts) − 1 evaluations).

    perturb_step(x, t), if given, alters x before each step (PFGM++'s injected noise).
    """
    for t, t_next in zip(ts[:-1], ts[1:]):
        if perturb_step is not None:
            x = perturb_step(x, t)
        x = x + (t_next - t) * drift(x, t)
    return x, len(ts) - 1


@torch.no_grad()
def heun(drift: Drift, x: torch.Tensor, ts: Sequence[float], perturb_step: Hook = None) -> tuple[torch.Tensor, int]:
    """Heun's second-order method (EDM Alg. 1); the last step is Euler: 2·steps − 1 evaluations."""
    nfe = 0
    for i, (t, t_next) in enumerate(zip(ts[:-1], ts[1:])):
        if perturb_step is not None:
            x = perturb_step(x, t)
        d = drift(x, t)
        x_euler = x + (t_next - t) * d
        nfe += 1
        if i == len(ts) - 2:
            x = x_euler
        else:
            x = x + (t_next - t) * 0.5 * (d + drift(x_euler, t_next))
            nfe += 1
    return x, nfe


class _TooManySteps(Exception):
    pass


@torch.no_grad()
def rk45(drift: Drift, x: torch.Tensor, t0: float, t1: float, rtol: float = 1e-4,
         atol: float = 1e-4, max_nfe: int = 20000) -> tuple[torch.Tensor, int]:
    """scipy's adaptive RK45 on the flattened batch (PFGM's default sampler, tolerance 1e-4).

    A stiff or diverging solve is stopped after max_nfe evaluations and returns NaNs.
    """
    shape, dtype, device = x.shape, x.dtype, x.device
    nfe = 0

    def f(t, flat):
        nonlocal nfe
        nfe += 1
        if nfe > max_nfe:
            raise _TooManySteps
        xt = torch.from_numpy(flat).reshape(shape).to(device=device, dtype=dtype)
        return drift(xt, float(t)).double().cpu().numpy().ravel()

    try:  # t_eval: keep only the end point, not every step of a long solve
        sol = integrate.solve_ivp(f, (t0, t1), x.double().cpu().numpy().ravel(), rtol=rtol, atol=atol,
                                  method="RK45", t_eval=[t1])
    except _TooManySteps:
        return torch.full(shape, float("nan"), dtype=dtype, device=device), nfe - 1
    if not sol.success:
        return torch.full(shape, float("nan"), dtype=dtype, device=device), int(sol.nfev)
    return torch.from_numpy(sol.y[:, -1]).reshape(shape).to(device=device, dtype=dtype), int(sol.nfev)


@torch.no_grad()
def euler_maruyama(drift: Drift, diffusion: Callable[[float], float], x: torch.Tensor,
                   ts: Sequence[float], generator: torch.Generator | None = None) -> tuple[torch.Tensor, int]:
    """Euler–Maruyama for dx = f dt + g dw̄ along a decreasing grid; the last step adds no noise."""
    for i, (t, t_next) in enumerate(zip(ts[:-1], ts[1:])):
        x = x + (t_next - t) * drift(x, t)
        if i < len(ts) - 2:
            x = x + diffusion(t) * np.sqrt(abs(t_next - t)) * draws.randn(x.shape, generator=generator,
                                                                                     device=x.device)
    return x, len(ts) - 1


SOLVERS = ("euler", "heun", "rk45")


def check_solver(name: str) -> None:
    if name not in SOLVERS:
        raise ValueError(f"unknown solver {name!r}; choose one of {SOLVERS}")
