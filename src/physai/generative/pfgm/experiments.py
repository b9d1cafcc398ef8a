"""Notebook 07's experiments: field lines, the batch field, training and quality vs NFE.

Each function is one figure's or one table's worth of work; the notebook calls them.  The
train → sample → score loop itself (`fit_with_ema`, `quality_table`) is shared with
GenPhys's Yukawa models and lives in physai.generative.pipeline.
"""
from __future__ import annotations

import math

import pandas as pd
import torch
from sklearn.datasets import make_moons

from .. import draws, edm, field, metrics
from ..data import ImageData
from ..pipeline import Trained, fit_with_ema
from . import model as pfgm


# --- claim 1: the field carries the data to a uniform hemisphere -----------------------

def field_line_demo(n_charges: int, lines_per_charge: int, radii: list[float], seed: int = 0, device="cpu"):
    """2-D two-moons data as charges (on `device`); lines traced to hemispheres; KS distance from uniform per R."""
    x, _ = make_moons(n_charges, noise=0.05, random_state=seed)
    charges = torch.tensor(x, dtype=torch.float32, device=device)
    traced = field.trace_field_lines(charges, lines_per_charge, radii, seed=seed)
    ks = pd.DataFrame({"R": radii, "ks": [field.hemisphere_ks(traced["crossings"][R]) for R in radii]})
    return charges, traced, ks


# --- claim 2: a batch's field points where the whole data set's does -------------------

def batch_field_cosine(y: torch.Tensor, hyper: pfgm.Hyper, batch_sizes: list[int], n_points: int,
                       m_values: list[float], seed: int = 0) -> pd.DataFrame:
    """Cosine between the field of a random batch and of all of y, at points perturbed from y.

    Points are perturbed with a fixed m (radius ∝ (1+τ)^m); as in the original, the batch
    always contains the datum the point was perturbed from.
    """
    g = torch.Generator().manual_seed(seed)
    rows = []
    for m in m_values:
        idx = draws.randint(len(y), (n_points,), generator=g, device=y.device)
        h = pfgm.Hyper(M=0, z_max=hyper.z_max, upper_norm=hyper.upper_norm, sigma=hyper.sigma * (1 + hyper.tau) ** m,
                       tau=hyper.tau)
        points = pfgm.perturb(y[idx], h, restrict_M=False, generator=g)
        full = field.mean_displacement(points, y)
        for n in batch_sizes:
            others = draws.randint(len(y), (n_points, n - 1), generator=g, device=y.device)
            batches = y[torch.cat([idx[:, None], others], dim=1)]  # (points, n, N)
            cos = field.cosine(field.mean_displacement(points, batches), full)
            rows.append({"m": m, "radius": float(points.norm(dim=1).median()), "batch": n,
                         "cosine": float(cos.mean()), "cosine_p10": float(cos.quantile(0.1))})
    return pd.DataFrame(rows)


def batch_field_seeds(y: torch.Tensor, hyper: pfgm.Hyper, batch: int, n_points: int, m_values: list[float],
                      seeds: list[int]) -> pd.DataFrame:
    """batch-field's reading per seed: each seed a fresh draw of points and batches (`batch_field_cosine` with
    batch sizes 1 and `batch`); the worst-radius mean cosine of each, and the error ratio
    (1 − cos(batch)) / (1 − cos(1)) that the registry compares with ½."""
    rows = []
    for s in seeds:
        worst = batch_field_cosine(y, hyper, [1, batch], n_points, m_values, s).groupby("batch").cosine.min()
        rows.append({"seed": s, "cosine_b": float(worst[batch]), "cosine_1": float(worst[1]),
                     "error_ratio": float((1 - worst[batch]) / (1 - worst[1]))})
    return pd.DataFrame(rows)


# --- claims 3–4: train PFGM and the diffusion baseline on the same budget --------------

def train_pfgm(d: ImageData, cfg, seed: int = 0, *, gamma: float | None = None, width: int | None = None,
               depth: int | None = None) -> tuple[Trained, pfgm.Hyper]:
    """PFGM with the original's objective; the whole training set is the 'large batch'.

    gamma, width and depth default to the profile's (the sensitivity and weak-network runs
    change one of them).  The net is initialised on the CPU (the same weights on every
    device) and trained on the data's device."""
    torch.manual_seed(seed)
    gamma = cfg.gamma if gamma is None else gamma
    hyper = pfgm.hyperparameters(d.data_norm, d.dim, cfg.sigma, cfg.tau)
    with torch.device("cpu"):
        net = pfgm.PFGMNet(d.dim, width or cfg.width, depth or cfg.depth, sigma_data=float(d.train.std()))
    g = torch.Generator().manual_seed(seed)
    return fit_with_ema(net, lambda m, b: pfgm.loss(m, b[0], d.train, hyper, gamma, g), d.train, cfg, "PFGM"), hyper


def train_diffusion(d: ImageData, cfg, seed: int = 0, *, width: int | None = None,
                    depth: int | None = None) -> Trained:
    """The EDM denoiser, same network body, steps, batch and optimiser as PFGM (and, like it,
    initialised on the CPU and trained on the data's device)."""
    torch.manual_seed(seed)
    with torch.device("cpu"):
        net = edm.Denoiser(d.dim, width or cfg.width, depth or cfg.depth, sigma_data=float(d.train.std()))
    g = torch.Generator().manual_seed(seed)
    return fit_with_ema(net, lambda m, b: edm.loss(m, b[0], generator=g), d.train, cfg, "diffusion")


def still_falling(history: pd.DataFrame, part: float = 0.25, tol: float = 0.05) -> bool:
    """The registry's unfinished-training test: mean logged loss over the last `part` of the steps more than
    `tol` (relative) below the mean over the `part` before."""
    last = history.step.max()
    end = history[history.step > last * (1 - part)].loss.mean()
    before = history[(history.step > last * (1 - 2 * part)) & (history.step <= last * (1 - part))].loss.mean()
    return bool(end < (1 - tol) * before)


def nfe_to_reach(table: pd.DataFrame, method: str, fd: float) -> float:
    """Fewest NFE at which `method` scores FD ≤ fd in the table (inf if never)."""
    hit = table[(table.method == method) & (table.fd <= fd)]
    return float(hit.nfe.min()) if len(hit) else math.inf


def sampler_runs(pfgm_net, hyper: pfgm.Hyper, denoiser, cfg, n: int, seed: int = 0, gamma: float | None = None) -> list:
    """The quality-vs-NFE grid: PFGM (Euler, Heun with the original's Δz steps; RK45; z_exp for
    all), EDM (Euler, Heun), VP-ODE, VP-SDE."""
    g = lambda: torch.Generator().manual_seed(seed)  # noqa: E731  same prior draws for every sampler
    gamma = cfg.gamma if gamma is None else gamma
    runs = []
    for steps in cfg.ode_steps:
        for solver in ("euler", "heun"):
            runs.append(("PFGM", solver.capitalize(), lambda s=steps, v=solver: pfgm.sample(
                pfgm_net, n, hyper, solver=v, steps=s, gamma=gamma, z_min=cfg.z_min, z_exp=cfg.z_exp,
                generator=g())))
            runs.append(("EDM", solver.capitalize(), lambda s=steps, v=solver: edm.sample(
                denoiser, n, steps=s, solver=v, generator=g())))
        runs.append(("VP-ODE", "Euler", lambda s=steps: edm.sample_vp(denoiser, n, steps=s, stochastic=False,
                                                                     generator=g())))
    for steps in cfg.sde_steps:
        runs.append(("VP-SDE", "Euler–Maruyama", lambda s=steps: edm.sample_vp(denoiser, n, steps=s, generator=g())))
    runs.append(("PFGM", "RK45", lambda: rk45_run(pfgm_net, hyper, cfg, n, seed, gamma)))
    return runs


def rk45_run(pfgm_net, hyper: pfgm.Hyper, cfg, n: int, seed: int = 0, gamma: float | None = None):
    """PFGM's default sampler: RK45 in ln z (tolerance cfg.rk45_tol) with z_exp."""
    return pfgm.sample(pfgm_net, n, hyper, solver="rk45", gamma=cfg.gamma if gamma is None else gamma,
                       z_min=cfg.z_min, z_exp=cfg.z_exp, rtol=cfg.rk45_tol, max_nfe=cfg.rk45_max_nfe,
                       generator=torch.Generator().manual_seed(seed))


def diffusion_reference_runs(denoiser, cfg, n: int, seed: int = 0) -> list:
    """The two diffusion samplers the weak-network row compares: EDM Heun and the VP-SDE at their largest step counts."""
    g = lambda: torch.Generator().manual_seed(seed)  # noqa: E731
    return [("EDM", "Heun", lambda: edm.sample(denoiser, n, steps=max(cfg.ode_steps), solver="heun", generator=g())),
            ("VP-SDE", "Euler–Maruyama", lambda: edm.sample_vp(denoiser, n, steps=max(cfg.sde_steps),
                                                                 generator=g()))]


def step_rule_runs(net, hyper: pfgm.Hyper, cfg, n: int, label: str, seed: int = 0) -> list:
    """PFGM's Euler sampler with both step rules (Δz, the original's; Δ ln z, the former one) on `net`."""
    g = lambda: torch.Generator().manual_seed(seed)  # noqa: E731
    return [((label, rule), "Euler", lambda s=steps, r=rule: pfgm.sample(
                net, n, hyper, solver="euler", steps=s, gamma=cfg.gamma, z_min=cfg.z_min, z_exp=cfg.z_exp, rule=r,
                generator=g()))
            for rule in pfgm.STEP_RULES for steps in cfg.ode_steps]


# --- Fig. 2: without the extra dimension the backward flow collapses --------------------

def moons_density(n_centres: int, width: float, seed: int = 0, device="cpu"):
    """A 2-D density: a Gaussian kernel density of `width` on two moons' `n_centres` points.

    Returns (centres, sample(k, generator)), the sampler drawing k points of the density."""
    x, _ = make_moons(n_centres, noise=0.0, random_state=seed)
    centres = torch.tensor(x, dtype=torch.float32, device=device)

    def sample(k: int, generator: torch.Generator) -> torch.Tensor:
        i = draws.randint(n_centres, (k,), generator=generator, device=device)
        return centres[i] + width * draws.randn(k, 2, generator=generator, device=device)

    return centres, sample


def field_2d(x: torch.Tensor, centres: torch.Tensor, width: float) -> torch.Tensor:
    """The 2-D Poisson field (∝ (x − y)/‖x − y‖², no extra dimension) of the Gaussian kernel density, exactly:
    each kernel's field is (x − μ)/r² · (1 − e^{−r²/2w²}) (Gauss's law in the plane)."""
    diff = x[:, None, :] - centres[None]
    r2 = (diff**2).sum(-1, keepdim=True).clamp_min(1e-12)
    return (diff / r2 * -torch.expm1(-r2 / (2 * width**2))).mean(1)


@torch.no_grad()
def flow_without_z(centres: torch.Tensor, width: float, n: int, radius: float, seed: int = 0,
                   steps: int = 400, t_end: float = 20.0, n_paths: int = 40):
    """Follow −E of the 2-D field (no extra dimension) from a circle of `radius` (Heun).

    The speed is rescaled by 1 + ‖x − mean‖² (the same lines, reached in finite time); the
    lines run up the potential and stop where E = 0.  Returns (end points, paths)."""
    g = torch.Generator().manual_seed(seed)
    angle = 2 * math.pi * draws.rand(n, generator=g, device=centres.device)
    mid = centres.mean(0)
    x = mid + radius * torch.stack([torch.cos(angle), torch.sin(angle)], 1)
    f = lambda p: -field_2d(p, centres, width) * (1 + ((p - mid) ** 2).sum(1, keepdim=True))  # noqa: E731
    h = t_end / steps
    keep = torch.linspace(0, n - 1, n_paths, device=x.device).long()
    paths = [x[keep]]
    for _ in range(steps):
        d = f(x)
        x = x + 0.5 * h * (d + f(x + h * d))
        paths.append(x[keep])
    return x, torch.stack(paths, 1)


class SmoothSheetField(torch.nn.Module):
    """The exact (N+1 = 3)-D field of a 2-D Gaussian kernel density on the plane z = 0, in PFGMNet's interface.

    With 1/r³ = (4/√π) ∫₀^∞ t² e^{−t²r²} dt the Gaussian integral over the density is closed
    form, leaving one integral over t (s² = 1/2t², σ² = s² + w², d = x − centre):

        E_x ∝ ∫ e^{−t²z²} e^{−‖d‖²/2σ²}/σ² · (s²/σ²) d dt,   E_z ∝ ∫ e^{−t²z²} e^{−‖d‖²/2σ²}/σ² · z dt,

    times 2/√π, averaged over the centres (the mean point-charge field (x̃ − ỹ)/‖x̃ − ỹ‖³ in the
    limit w → 0).  The t-integral is a trapezoid rule on a grid uniform in ln t (`quad` points
    over [t_lo, t_hi], which must bracket 1/‖x̃‖ … a few/z_min).  Returns −E (the sign of
    PFGM's target; only the direction enters the sampler with γ = 0).
    """

    def __init__(self, centres: torch.Tensor, width: float, quad: int = 48, t_lo: float = 1e-3,
                 t_hi: float = 1e4):
        super().__init__()
        self.register_buffer("centres", centres)
        self.register_buffer("t", torch.logspace(math.log10(t_lo), math.log10(t_hi), quad, dtype=centres.dtype,
                                                 device=centres.device))
        self.width, self.N = width, centres.shape[1]

    def forward(self, x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        t = self.t
        w = torch.full_like(t, math.log(float(t[1] / t[0]))) * t  # dt = t d(ln t), trapezoid ends halved
        w[0], w[-1] = w[0] / 2, w[-1] / 2
        s2 = 1 / (2 * t**2)
        var = s2 + self.width**2                                       # (T,)
        d = x[:, None, :] - self.centres[None]                         # (B, C, 2)
        d2 = (d**2).sum(-1, keepdim=True)                              # (B, C, 1)
        z = z.reshape(-1, 1, 1)
        k = torch.exp(-d2 / (2 * var) - t**2 * z**2) / var * w         # (B, C, T)
        ex = ((k * (s2 / var)).sum(-1, keepdim=True) * d).mean(1)      # (B, 2)
        ez = k.sum(-1).mean(1, keepdim=True) * z[:, :, 0]              # (B, 1)
        return -(2 / math.sqrt(math.pi)) * torch.cat([ex, ez], dim=1)


def flow_with_z_smooth(centres: torch.Tensor, width: float, n: int, z_max: float = 40.0, steps: int = 100,
                       seed: int = 0, quad: int = 48):
    """PFGM's backward ODE (Heun, Δz steps) on the exact 3-D field of the smooth density (`SmoothSheetField`),
    from the prior at z_max, unclipped: the paper's Fig. 2 with the same density as `flow_without_z`."""
    hyper = pfgm.Hyper(M=0, z_max=z_max, upper_norm=1e6)
    x, _ = pfgm.sample(SmoothSheetField(centres, width, quad), n, hyper, solver="heun", steps=steps, gamma=0.0,
                       z_min=1e-3, generator=torch.Generator().manual_seed(seed))
    return x


def flow_with_z(charges: torch.Tensor, n: int, z_max: float = 40.0, steps: int = 100, seed: int = 0):
    """PFGM's backward ODE (Heun, Δz steps) on the exact field of `charges`, from the prior at z_max, unclipped."""
    hyper = pfgm.Hyper(M=0, z_max=z_max, upper_norm=1e6)
    field_ = pfgm.EmpiricalField(charges, 0.0)
    x, _ = pfgm.sample(field_, n, hyper, solver="heun", steps=steps, gamma=0.0, z_min=1e-3,
                       generator=torch.Generator().manual_seed(seed))
    return x


# --- round 5: quality against a converged diffusion sampler; the memorisation band --------

def quality_seeds(pfgm_net, hyper: pfgm.Hyper, denoiser, d: ImageData, features, cfg, seeds: list[int],
                  table: pd.DataFrame | None = None, keep: dict | None = None) -> pd.DataFrame:
    """`quality` (Table 1's comparison), per sampling seed: FD of PFGM's RK45 solve and of EDM Heun at the largest
    ODE step count (the converged samplers), and their ratio.  A seed already in `table` (the quality grid,
    sampled at its first seed) is read from it instead of sampled again.  `keep`, if given, receives the
    RK45 samples of the seeds sampled here (seed → samples), for `euler_seeds`."""
    heun_nfe = 2 * max(cfg.ode_steps) - 1
    rows = []
    for s in seeds:
        if table is not None and s == seeds[0]:
            pf = float(table[(table.method == "PFGM") & (table.sampler == "RK45")].fd.iloc[0])
            ed = float(table[(table.method == "EDM") & (table.sampler == "Heun") & (table.nfe == heun_nfe)].fd.iloc[0])
        else:
            x_pf, _ = rk45_run(pfgm_net, hyper, cfg, cfg.n_samples, s)
            if keep is not None:
                keep[s] = x_pf
            x_ed, _ = edm.sample(denoiser, cfg.n_samples, steps=max(cfg.ode_steps), solver="heun",
                                 generator=torch.Generator().manual_seed(s))
            pf = features.frechet(x_pf, d.test) if bool(torch.isfinite(x_pf).all()) else math.nan
            ed = features.frechet(x_ed, d.test) if bool(torch.isfinite(x_ed).all()) else math.nan
        rows.append({"seed": s, "pfgm": pf, "edm": ed, "ratio": pf / ed})
    return pd.DataFrame(rows)


def heldout_ratio_spread(train: torch.Tensor, test: torch.Tensor, n_draws: int = 20, seed: int = 0) -> float:
    """sd of the memorisation ratio of the held-out digits resampled with replacement (their own ratio is 1):
    the noise scale of no-copies' band."""
    g = torch.Generator().manual_seed(seed)
    vals = [metrics.memorisation_ratio(test[draws.randint(len(test), (len(test),), generator=g, device=test.device)],
                                       train, test) for _ in range(n_draws)]
    return float(torch.tensor(vals).std())


# --- round 6: euler-vs-vp-ode on the trained models, per sampling seed ----------------------

def euler_seeds(pfgm_net, hyper: pfgm.Hyper, denoiser, features, cfg, rk45: dict, steps: list[int]) -> pd.DataFrame:
    """`euler-vs-vp-ode` (round 6, Sec. 5.2) on the trained models: per sampling seed (the keys of `rk45`, PFGM's
    RK45 samples on that seed) and each of `steps`, the FD of PFGM's Euler output (Δz steps, z_exp) to its RK45
    samples and of the VP-ODE's Euler output to its own Euler output at the largest ODE step count, same prior
    seed.  Rows (nfe, seed), columns PFGM and VP-ODE; NaN where a set is not finite."""
    def fd(x, ref):
        ok = bool(torch.isfinite(x).all()) and bool(torch.isfinite(ref).all())
        return features.frechet(x, ref) if ok else math.nan

    n, rows = cfg.n_samples, []
    for s, ref_pf in rk45.items():
        g = lambda: torch.Generator().manual_seed(s)  # noqa: E731
        ref_vp, _ = edm.sample_vp(denoiser, n, steps=max(cfg.ode_steps), stochastic=False, generator=g())
        for k in steps:
            x_pf, _ = pfgm.sample(pfgm_net, n, hyper, solver="euler", steps=k, gamma=cfg.gamma, z_min=cfg.z_min,
                                  z_exp=cfg.z_exp, generator=g())
            x_vp, _ = edm.sample_vp(denoiser, n, steps=k, stochastic=False, generator=g())
            rows.append({"nfe": k, "seed": s, "PFGM": fd(x_pf, ref_pf), "VP-ODE": fd(x_vp, ref_vp)})
    return pd.DataFrame(rows).set_index(["nfe", "seed"]).sort_index()
