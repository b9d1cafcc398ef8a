"""The Yukawa kernel and generative model of GenPhys: the screened Poisson field of the data.

Data are charges on the z = 0 plane of R^(N+1) under (∇² − m²)G = −δ (GenPhys Sec. 4).
The flux through the plane at height z from a charge at y is, normalised, a normal-
inverse-Gaussian (NIG) density in x − y with α = m, δ = z (`yukawa_flux`); its total
is e^{−mz}/2, the rest is absorbed on the way (the process has a sink, Im ω(0) = −m).

Field lines satisfy dx/dz = E_x/E_z.  Because G depends on q = √(‖x − y‖² + z²) only,
E ∝ Σ_i w_i (x − y_i, z) with w_i ∝ NIG_z(x − y_i), so

    dx/dz = (x − E[y | x; z]) / z,

PFGM++'s ODE with the NIG posterior mean in place of the Gaussian one: one trained
denoiser D(x; z) gives the sampler.  Following lines alone drops the sink (birth/death)
term; the notebook measures where that is harmless.  m = 0 is PFGM (the D = 1 kernel, r = z).
"""
from __future__ import annotations

import math

import numpy as np
import torch
from scipy import special
from torch import nn

from .. import draws, edm, kernels, samplers
from ..kernels import _numpy_rng
from ..networks import ConditionedMLP


# --- The Yukawa (screened Poisson) kernel ----------------------------------------------
#
# A unit charge at the origin of R^(N+1) (data in N dimensions, z the extra one) under
# (∇² − m²)G = −δ.  The flux it sends through the plane at height z, per unit area, is
#     −∂G/∂z = z (m / 2πq)^{d/2} K_{d/2}(m q),   q = √(|x|² + z²),  d = N + 1,
# which integrates to e^{−mz}/2 (the rest is absorbed on the way: the source term) and,
# normalised, is the normal-inverse-Gaussian density with α = m, β = 0, δ = z.  At m = 0 it
# is PFGM's Poisson kernel z Γ(d/2) / (2 π^{d/2} q^d).

def yukawa_flux(x: np.ndarray, z: float, m: float, N: int) -> np.ndarray:
    """Flux density −∂G/∂z at points x (…, N) of the plane at height z (closed form)."""
    from scipy.special import gamma, kv

    q = np.sqrt(np.sum(np.atleast_2d(x) ** 2, axis=-1) + z**2)
    d = N + 1
    if m == 0:
        return z * gamma(d / 2) / (2 * np.pi ** (d / 2) * q**d)
    return z * (m / (2 * np.pi * q)) ** (d / 2) * kv(d / 2, m * q)


def yukawa_flux_from_green(x: np.ndarray, z: float, m: float, N: int) -> np.ndarray:
    """The same flux by direct integration of the Green's function's heat-kernel form,
    G(r) = ∫₀^∞ (4πs)^{−d/2} exp(−r²/4s − m²s) ds, differentiated under the integral."""
    from scipy.integrate import quad

    d = N + 1
    out = []
    for q2 in np.sum(np.atleast_2d(x) ** 2, axis=-1) + z**2:
        integrand = lambda s: (4 * np.pi * s) ** (-d / 2) * z / (2 * s) * np.exp(-q2 / (4 * s) - m**2 * s)
        out.append(quad(integrand, 0, np.inf, limit=200, epsabs=0, epsrel=1e-10)[0])
    return np.array(out)


def sample_yukawa_kernel(n: int, z: float, m: float, N: int, rng: np.random.Generator) -> np.ndarray:
    """Draws from the normalised kernel (NIG, α = m, δ = z): √W ε, W ~ IG(z/m, z²), ε ~ N(0, I)."""
    if m <= 0:
        raise ValueError("m must be positive (m = 0 is PFGM's Poisson kernel)")
    _check_z_m(z, m)
    w_ = rng.wald(z / m, z**2, size=n)
    return np.sqrt(w_)[:, None] * rng.standard_normal((n, N))


def _check_z_m(z, m: float) -> None:
    """The Yukawa kernel lives above the plane (z > 0) and needs a mass m ≥ 0."""
    if not (math.isfinite(m) and m >= 0):
        raise ValueError(f"m (the Yukawa mass) must be finite and ≥ 0 (0 is PFGM's Poisson kernel), got {m}")
    zt = torch.as_tensor(z, dtype=torch.float64, device=z.device if isinstance(z, torch.Tensor) else "cpu")
    if not (torch.isfinite(zt) & (zt > 0)).all():
        raise ValueError("z (the height above the data plane) must be finite and > 0, got "
                         f"{zt[~(torch.isfinite(zt) & (zt > 0))].flatten()[:3].tolist()}")


# --- The generative model: a denoiser for the NIG kernel and the field-line sampler ------

def sigma_eff(z: torch.Tensor | float, m: float):
    """A typical per-coordinate scale of the NIG kernel: z near the plane (Poisson), √(z/m) far out."""
    return z / (1 + m * z) ** 0.5


def z_of_sigma(sigma, m: float):
    """Inverse of sigma_eff: z with z/√(1 + m z) = σ."""
    return (m * sigma**2 + (m**2 * sigma**4 + 4 * sigma**2) ** 0.5) / 2


def perturb(y: torch.Tensor, z: torch.Tensor | float, m: float, generator: torch.Generator | None = None):
    """y + NIG(α = m, δ = z) noise, row by row: √W·ε with W ~ InverseGaussian(z/m, z²); m = 0: PFGM's kernel."""
    n, N = y.shape
    _check_z_m(z, m)
    z = torch.as_tensor(z, dtype=torch.float32, device=y.device).expand(n)
    if m == 0:
        return kernels.perturb(y, z, 1, generator)
    zc = z.double().cpu().numpy()
    W = _numpy_rng(generator).wald(zc / m, zc**2)
    return y + (draws.randn(y.shape, generator=generator, device=y.device)
                * torch.as_tensor(np.sqrt(W), dtype=torch.float32, device=y.device)[:, None])


def log_kernel(x: torch.Tensor, z: float, m: float) -> torch.Tensor:
    """log of the normalised flux density (NIG; Poisson at m = 0) at displacements x (…, N), float64."""
    device, x = x.device, x.double()
    N = x.shape[-1]
    d = N + 1
    q = torch.sqrt((x**2).sum(-1) + z**2).cpu().numpy()
    if m == 0:
        out = math.log(z) + special.gammaln(d / 2) - math.log(2) - (d / 2) * math.log(math.pi) - d * np.log(q)
        return torch.from_numpy(out + math.log(2)).to(device)  # the flux integrates to 1/2 at m = 0
    # z (m/2πq)^{d/2} K_{d/2}(mq) normalised by e^{−mz}/2; kve = K·e^{x} for large orders/arguments
    out = (math.log(z) + (d / 2) * (math.log(m) - math.log(2 * math.pi) - np.log(q))
           + np.log(special.kve(d / 2, m * q)) - m * q + m * z + math.log(2))
    return torch.from_numpy(out).to(device)


def posterior_mean(x: torch.Tensor, z: float, m: float, data: torch.Tensor) -> torch.Tensor:
    """E[y | x; z] over the empirical data under the NIG kernel: the exact denoiser (no network)."""
    logw = log_kernel(x[:, None, :] - data[None], z, m)
    return (torch.softmax(logw, dim=1) @ data.double()).to(x.dtype)


PRECONDITIONINGS = ("evident", "largest", "edm")


class Denoiser(nn.Module):
    """D(x; z) with EDM's preconditioning at a noise scale read from x itself.

    The NIG kernel is heavy-tailed (Cauchy-like at m = 0), so z alone does not say how noisy
    a given x is.  With noise independent of the data, E‖x‖²/N = data_ms + σ², data_ms the
    data's mean square per coordinate, so by default ("evident") we precondition with the
    larger of the typical and the evident noise, σ_x² = max(σ_eff(z)², ‖x‖²/N − data_ms), and
    condition the network on ln σ_eff(z).  `precond="edm"` uses σ_eff(z) alone (EDM's own);
    "largest" is "evident" with data_ms the data's *largest* per-datum mean square (the
    caller passes it).  Notebook 09 chooses among them on a validation split.
    """

    def __init__(self, N: int, m: float, width: int = 256, depth: int = 4, sigma_data: float = 0.5,
                 data_ms: float = 1.0, precond: str = "evident"):
        super().__init__()
        if precond not in PRECONDITIONINGS:
            raise ValueError(f"precond must be one of {PRECONDITIONINGS}, got {precond!r}")
        self.N, self.m, self.sigma_data, self.data_ms, self.precond = N, m, sigma_data, data_ms, precond
        self.F = ConditionedMLP(N, N, width, depth)

    def scale(self, x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        s_eff = sigma_eff(torch.as_tensor(z, dtype=x.dtype, device=x.device).expand(len(x)), self.m)
        if self.precond == "edm":
            return s_eff
        return torch.sqrt(torch.maximum(s_eff**2, (x**2).mean(1) - self.data_ms))

    def forward(self, x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        z = torch.as_tensor(z, dtype=x.dtype, device=x.device).expand(len(x))
        s = self.scale(x, z)[:, None]
        c_skip, c_out, c_in = edm.precondition(s, self.sigma_data)
        return c_skip * x + c_out * self.F(c_in * x, torch.log(sigma_eff(z, self.m)) / 4)


def loss(den: Denoiser, y: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """EDM's weighted loss with NIG noise; σ_eff ~ logN(P_mean, P_std²) as EDM's σ, z = z_of_sigma."""
    s = edm.sample_sigma(len(y), generator, y.device)
    z = z_of_sigma(s, den.m)
    x = perturb(y, z, den.m, generator)
    return edm.weighted_loss(den(x, z), y, den.scale(x, z), den.sigma_data)


def z_steps(steps: int, z_max: float, m: float, sigma_min: float = edm.SIGMA_MIN) -> list[float]:
    """EDM's ρ = 7 schedule in σ_eff from σ_eff(z_max) to σ_min, mapped to z; then 0."""
    sig = edm.sigma_steps(steps, sigma_min=sigma_min, sigma_max=float(sigma_eff(z_max, m)))
    return [float(z_of_sigma(s, m)) for s in sig[:-1]] + [0.0]


@torch.no_grad()
def sample(denoiser, n: int, z_max: float, m: float, *, steps: int = 25, N: int | None = None,
           perturb_step: samplers.Hook = None, generator: torch.Generator | None = None,
           device=None) -> tuple[torch.Tensor, int]:
    """Follow the field lines back from the plane z_max (x ~ NIG around the origin) with Heun.

    `denoiser(x, z)` may be a trained Denoiser or the exact posterior mean (a lambda);
    `perturb_step(x, z)` runs before every step (to record the trajectory, say).  The samples
    are on `device`: by default a Denoiser's own, the CPU for a lambda.
    """
    N = N or denoiser.N
    if device is None:
        device = draws.device_of(denoiser) if isinstance(denoiser, nn.Module) else "cpu"
    x = perturb(torch.zeros(n, N, device=device), z_max, m, generator)

    def drift(x, z):
        return (x - denoiser(x, torch.tensor(z, device=x.device))) / z

    return samplers.heun(drift, x, z_steps(steps, z_max, m), perturb_step)


# --- The sink: a birth/death step ------------------------------------------------------
#
# Away from the charges ∇·E = −∇²G = −m²G: the flux E_z through the plane at height z loses
# m²G per unit volume on the way up.  Carried by particles that follow field lines, the flux
# is a weighted sum of deltas whose weights obey d ln w/dz = −m² G/E_z at the particle; going
# down, each path gains weight exp(∫ m² G/E_z dz), and resampling by those weights (births
# where the flux was absorbed, deaths elsewhere) is the sink term the plain flow drops.
# For the empirical data G/E_z = Σ G_i / Σ flux_i, and per charge
#     G/flux = q K_{d/2−1}(mq) / (z m K_{d/2}(mq)),   d = N + 1,
# so the rate is m Σ_i π_i q_i K_{d/2−1}(m q_i) / (z K_{d/2}(m q_i)), π the flux posterior.
# Averaged over the flux of one charge it is m, the rate at which its total e^{−mz}/2 falls.

def sink_rate(x: torch.Tensor, z: float, m: float, data: torch.Tensor) -> torch.Tensor:
    """m² G/E_z at points x (n, N) of the plane at height z, for the empirical data (float64)."""
    if m == 0:
        return torch.zeros(len(x), dtype=torch.float64, device=x.device)
    d = data.shape[1] + 1
    diff = x[:, None, :].double() - data[None].double()
    post = torch.softmax(log_kernel(diff, z, m), dim=1)
    q = torch.sqrt((diff**2).sum(-1) + z**2).cpu().numpy()
    ratio = q * special.kve(d / 2 - 1, m * q) / (z * special.kve(d / 2, m * q))  # e^{mq} factors cancel
    return m * (post * torch.from_numpy(ratio).to(post.device)).sum(1)


@torch.no_grad()
def sample_exact(data: torch.Tensor, n: int, z_max: float, m: float, *, steps: int = 25, sink: bool = True,
                 start: torch.Tensor | None = None, generator: torch.Generator | None = None,
                 resample_below: float | None = None, jitter: float = 0.0,
                 start_logw: torch.Tensor | None = None) -> tuple[torch.Tensor, int, float]:
    """The exact-posterior field-line flow (Heun on `z_steps`), with the sink as birth/death.

    Starts from `start` (default: the flux density at z_max, i.e. data perturbed by the
    kernel).  With `sink`, each path's log-weight gains ∫ m² G/E_z |dz| (trapezoid on the
    Heun grid) and the end points are resampled by their weights (multinomial, with
    `generator`); a deterministic flow makes resampling once at the end the same law as
    resampling along the way.  `resample_below` (a fraction of n) resamples along the way
    whenever the effective sample size falls below it, and then moves every particle by
    Gaussian noise of `jitter`·σ_eff(z) per coordinate at the new height z (a sequential
    Monte Carlo estimator: copies of a heavy path spread out instead of staying one path;
    the jitter is not exact for the flux density, its bias vanishes with it, and it is 0 on
    the plane).  `start_logw`: log-weights of the start points (default 0), for a `start` drawn
    from another law than the flux density (see `start_from_poisson`).  Returns (samples, NFE,
    effective sample size / n of the last weights).
    """
    device = data.device
    if start is None:
        idx = draws.randint(len(data), (n,), generator=generator, device=device)
        start = perturb(data[idx], z_max, m, generator)
    x = start
    zs = z_steps(steps, z_max, m)
    logw = torch.zeros(len(x), dtype=torch.float64, device=device)
    if start_logw is not None:
        logw = logw + start_logw.to(device=device, dtype=torch.float64)
    g_cpu = _cpu(generator)  # one per call: the resampling draws

    def drift(x, z):
        return (x - posterior_mean(x, z, m, data)) / z

    nfe = 0
    carried = None  # the last step's end rate: the next step's start rate, at the same (x, z), unless resampled
    for i, (z, z_next) in enumerate(zip(zs[:-1], zs[1:])):
        d = drift(x, z)
        x_euler = x + (z_next - z) * d
        nfe += 1
        if i < len(zs) - 2:
            x_new = x + (z_next - z) * 0.5 * (d + drift(x_euler, z_next))
            nfe += 1
        else:
            x_new = x_euler
        if sink and m > 0:
            start_rate = carried if carried is not None else sink_rate(x, z, m, data)
            # the last step ends on the plane, where G/E_z of a point off the data diverges like 1/z:
            # there (an interval of height z_min) the rate at its top is used
            end = sink_rate(x_new, z_next, m, data) if z_next > 0 else start_rate
            logw += (z - z_next) * 0.5 * (start_rate + end)
            carried = end
        x = x_new
        if sink and m > 0 and resample_below is not None and z_next > 0:
            w = torch.softmax(logw, 0)
            if float(1 / (w**2).sum()) < resample_below * len(w):
                pick = torch.multinomial(w.cpu().float(), len(w), replacement=True, generator=g_cpu)
                x = x[pick.to(device)]
                carried = None
                if jitter > 0:
                    x = x + jitter * float(sigma_eff(z_next, m)) * draws.randn(x.shape, generator=generator,
                                                                              device=device)
                logw = torch.zeros_like(logw)
    w = torch.softmax(logw, 0)
    ess = float(1 / (w**2).sum()) / len(w)
    if sink and m > 0:
        pick = torch.multinomial(w.cpu().float(), len(w), replacement=True, generator=g_cpu).to(device)
        x = x[pick]
    return x, nfe, ess


def _cpu(generator: torch.Generator | None) -> torch.Generator:
    """`generator` if it is a CPU generator (multinomial draws are on the CPU), else a new one seeded 0."""
    if generator is not None and generator.device.type == "cpu":
        return generator
    return torch.Generator().manual_seed(0)


def log_flux_density(x: torch.Tensor, z: float, m: float, data: torch.Tensor) -> torch.Tensor:
    """log of the normalised flux density at height z (every charge sends the same total):
    the mean over the data of the kernel at x − y_i (float64)."""
    logk = log_kernel(x[:, None, :] - data[None].to(x.dtype), z, m)
    return torch.logsumexp(logk, 1) - math.log(len(data))


def start_from_poisson(data: torch.Tensor, n: int, z_max: float, m: float,
                       generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Start points for `sample_exact` drawn from the m = 0 (Poisson) flux density at z_max, whose
    tails reach far along the plane, with log-weights log F_m − log F_0 that make them a sample of
    the Yukawa flux density F_m.  A path that leaves its charge nearly along the plane gains
    ~e^{+mL} from the sink on the way down; starting it with weight ~e^{−mL} (the Yukawa kernel's
    tail against Poisson's) keeps the product bounded instead of drawing such paths rarely and
    weighting them hugely.  Returns (start, start_logw)."""
    idx = draws.randint(len(data), (n,), generator=generator, device=data.device)
    start = perturb(data[idx], z_max, 0.0, generator)
    logw = log_flux_density(start.double(), z_max, m, data) - log_flux_density(start.double(), z_max, 0.0, data)
    return start, logw
