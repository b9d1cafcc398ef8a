"""Which physical processes are generative?  The dispersion test of GenPhys.

Liu, Luo, Xu, Jaakkola, Tegmark, "GenPhys: From Physical Processes to Generative Models"
(arXiv 2304.02637).  A linear PDE with constant coefficients gives a generative model when
it is *smoothing* ("s-generative"): for plane waves φ = exp(i(k·x − ωt)), fine detail
(large |k|) decays faster than the bulk, i.e. Im ω(k) decreases as |k| grows.  Diffusion
and Poisson (electrostatics, with the extra coordinate z as time) are the known cases.

`dispersion` substitutes the plane wave into a PDE written with sympy and solves for the
branches ω(k); `analyse` keeps the branches that stay bounded forward in time (an
elliptic equation's growing branch is excluded by its boundary condition at infinity),
follows the slowest-decaying one and decides on a k grid where Im ω decreases strictly:
everywhere (yes), on part of the axis (conditionally, with the region), or nowhere (no).
It also reports Im ω(0), the rate at which total mass changes: zero for a density flow
∂ρ/∂t + ∇·(ρv) = 0, negative when the process needs a source (birth/death) term.
Isotropic operators depend on |k| only, so one spatial coordinate suffices for ω(k) — not for
the sign of a kernel, which depends on the dimension (round 6: `kernel_min_nd`, radial in N dims).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import sympy as sp

t, x = sp.symbols("t x", real=True)
k = sp.Symbol("k", positive=True)  # |k|: the operators are isotropic
w = sp.Symbol("omega")
eps, m = sp.symbols("epsilon m", positive=True)
phi = sp.Function("phi")
u = phi(t, x)

VERDICTS = ("yes", "conditionally", "no")


@lru_cache(maxsize=None)
def dispersion(pde: sp.Expr) -> list[sp.Expr]:
    """Branches ω(k) of a linear constant-coefficient PDE `pde = 0` in φ(t, x).

    Plane-wave ansatz φ = exp(i(kx − ωt)): ∂t → −iω, ∂x → ik.
    """
    wave = sp.exp(sp.I * (k * x - w * t))
    symbol = sp.simplify((pde.subs(u, wave).doit()) / wave)
    if symbol.has(t) or symbol.has(x):
        raise ValueError(f"not a linear constant-coefficient PDE in φ(t, x): symbol {symbol}")
    branches = sp.solve(sp.expand(symbol), w)
    if not branches:
        raise ValueError(f"no dispersion relation: the symbol {symbol} does not involve ω")
    return [sp.simplify(b) for b in branches]


@lru_cache(maxsize=None)
def _branch_functions(pde: sp.Expr):
    """Each branch ω(k; parameters) of `pde` as a numpy function of (k, *parameters), with the
    parameters' symbols (sorted by name): lambdified once per PDE, reused over scans."""
    out = []
    for b in dispersion(pde):
        syms = tuple(sorted(b.free_symbols - {k}, key=str))
        out.append((sp.lambdify((k, *syms), b, "numpy"), syms))
    return out


def _omegas(pde: sp.Expr, ks: np.ndarray, values: dict) -> np.ndarray:
    """ω of every branch on the grid ks, shape (branches, len(ks)), complex."""
    rows = []
    for f, syms in _branch_functions(pde):
        args = [complex(values[s_]) for s_ in syms]
        rows.append(np.asarray(f(ks.astype(complex), *args), dtype=complex) * np.ones_like(ks, dtype=complex))
    return np.array(rows)


@dataclass
class Analysis:
    """The analyser's findings for one process (see `analyse`)."""

    name: str
    pde: sp.Expr
    branches: list[sp.Expr]
    branch: sp.Expr | None  # the bounded branch that dominates at late times
    verdict: str  # yes | conditionally | no
    region: tuple[float, float] | None  # where Im ω decreases, when conditionally
    mass_rate: float  # Im ω(0): 0 for a density flow, < 0 when a source term is needed
    values: dict = field(default_factory=dict)

    @property
    def density_flow(self) -> str:
        return "yes" if abs(self.mass_rate) < 1e-9 else "with a source term"


def _im(branch: sp.Expr, ks: np.ndarray, values: dict) -> np.ndarray:
    f = sp.lambdify(k, branch.subs(values), "numpy")
    out = np.asarray(f(ks.astype(complex)), dtype=complex) * np.ones_like(ks)
    return out.imag


# The band of wavenumbers data carry: the bulk (k = 0) and [K_MIN, K_MAX] (a box of size
# 2π/K_MIN resolved down to 2π/K_MAX).  Verdicts on it are what the table reports.
K_MIN, K_MAX = 0.1, 10.0
CRITERIA = ("paper", "monotone", "bulk")
# The registered verdict (claims.py, round 3): a process with a parameter is scanned on this
# fixed log grid, 1e-3 … 1e3 at four values a decade, and the column must hold on every band.
LOG_SCAN = tuple(float(10 ** (i / 4)) for i in range(-12, 13))
BANDS = tuple((lo, hi) for lo in (0.01, 0.1) for hi in (1.0, 10.0, 100.0))


def analyse(name: str, pde: sp.Expr, values: dict | None = None, k_max: float = K_MAX,
            n: int = 4001, tol: float = 1e-9, k_min: float = 0.0, criterion: str = "monotone") -> Analysis:
    """Dispersion branches, the dominant bounded branch, and the smoothing verdict.

    values: numbers for the PDE's parameters (ε, m, k₀) on the k grid {0} ∪ [k_min, k_max]
    (k_min = 0: the whole axis).  criterion "paper" (registered, round 3): at every grid
    point k > 0, Im ω(k) < Im ω(0) (smoothing, the weak inequality) and no bounded branch
    oscillates, Re ω(k) = 0 (a positive density; the bulk k = 0 is not checked for it);
    "monotone": Im ω decreases strictly from each grid point to the next (last round's,
    chosen knowing the talk's column; context); "bulk": the weak inequality alone.  Verdict:
    the test at every point → yes, at some → conditionally, at none → no.  The region is
    where the monotone test holds.
    """
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}, got {criterion!r}")
    values = dict(values or {})
    branches = dispersion(pde)
    ks = np.linspace(0.0, k_max, n) if k_min <= 0 else np.concatenate([[0.0], np.linspace(k_min, k_max, n)])
    omegas = _omegas(pde, ks, values)  # (branches, n)
    ims = omegas.imag
    bounded = [i for i in range(len(branches)) if np.all(ims[i, 1:] <= tol)]
    if not bounded:
        return Analysis(name, pde, branches, None, "no", None, float("nan"), values)
    dominant = max(bounded, key=lambda i: ims[i, 1:].sum())  # slowest decay dominates late times
    im = np.max(ims[bounded], axis=0)
    slope = np.diff(im) / np.diff(ks)
    decreasing = slope < -tol
    if criterion == "monotone":
        ok = decreasing
    else:
        ok = im[1:] < im[0] - tol  # the weak inequality at every k > 0 of the grid
        if criterion == "paper":
            ok = ok & ~np.any(np.abs(omegas[bounded][:, 1:].real) > tol, axis=0)  # no oscillating mode
    verdict = "yes" if ok.all() else "conditionally" if ok.any() else "no"
    region = None
    if decreasing.any() and not decreasing.all():
        idx = np.flatnonzero(decreasing)
        region = (float(ks[idx[0]]), float(ks[idx[-1] + 1]))
    return Analysis(name, pde, branches, branches[dominant], verdict, region, float(im[0]), values)


def D(expr, *args):
    return sp.Derivative(expr, *args)


k0 = sp.Symbol("k_0", positive=True)  # the Helmholtz wavenumber
SYMBOL_NAMES = {eps: "ε", m: "m", k0: "k"}


@dataclass(frozen=True)
class Process:
    """A linear PDE `pde = 0` in φ(t, x); `values`: its parameters for the pictures;
    `scan`: the parameter values the table's verdict is decided over; `talk`: the authors'
    verdict for the row (their talk's table), None for our rows beyond it."""

    name: str
    pde: sp.Expr
    values: dict
    scan: tuple = ()
    talk: str | None = None

    @property
    def parameter(self):
        return next(iter(self.values), None)


# The authors' table of examples in the talk's order (the rows' equations are our reading:
# the talk's are illegible), then our rows beyond it.
PROCESSES = [
    Process("diffusion", D(u, t) - D(u, x, 2), {}, (), "yes"),
    Process("Poisson (z as time)", D(u, t, 2) + D(u, x, 2), {}, (), "yes"),
    Process("wave", D(u, t, 2) - D(u, x, 2), {}, (), "no"),
    Process("damped wave", D(u, t, 2) + eps * D(u, t) - D(u, x, 2), {eps: 2.0}, (0.5, 2.0, 8.0, 32.0),
            "conditionally yes (large ε)"),
    Process("Helmholtz (z as time)", D(u, t, 2) + D(u, x, 2) + k0**2 * u, {k0: 0.5}, (0.05, 0.5, 2.0, 8.0),
            "conditionally yes (small k)"),
    Process("Yukawa / screened Poisson", D(u, t, 2) + D(u, x, 2) - m**2 * u, {m: 1.0}, (0.1, 1.0, 10.0), "yes"),
    Process("Schrödinger", sp.I * D(u, t) + D(u, x, 2), {}, (), "no"),
    Process("Klein–Gordon", D(u, t, 2) - D(u, x, 2) + m**2 * u, {m: 1.0}, (0.1, 1.0, 10.0)),
    Process("Schrödinger, complex diffusion (1 − iε)∇²", sp.I * D(u, t) + (1 - sp.I * eps) * D(u, x, 2),
            {eps: 0.5}, (0.1, 0.5, 2.0)),
]


def s_generative(p: Process, criterion: str = "monotone", k_min: float = K_MIN,
                 k_max: float = K_MAX, scan: tuple | None = None) -> tuple[str, dict]:
    """The table's verdict for a process on the band {0} ∪ [k_min, k_max].

    Without a parameter: "yes" if the criterion holds on the whole band, else "no".  With
    one, each scanned value (`scan`, default the process' own `scan`; the registered verdict
    uses LOG_SCAN) is analysed: passing at every value → "yes", at none → "no", only at the
    largest (smallest) values → "conditionally yes (large p)" ("(small p)"); any other
    pattern → "conditionally yes". Returns the verdict and {value: Analysis}.
    """
    values = (tuple(p.scan) if scan is None else tuple(scan)) if p.parameter is not None else (None,)
    runs = {v: analyse(p.name, p.pde, {} if v is None else {p.parameter: v}, k_max=k_max, k_min=k_min,
                       criterion=criterion) for v in values}
    ok = [runs[v].verdict == "yes" for v in values]
    if all(ok):
        return "yes", runs
    if not any(ok):
        return "no", runs
    name = SYMBOL_NAMES.get(p.parameter, str(p.parameter))
    first = ok.index(True)
    if all(ok[first:]):
        return f"conditionally yes (large {name})", runs
    if all(ok[: ok.index(False)]) and not any(ok[ok.index(False):]):
        return f"conditionally yes (small {name})", runs
    return "conditionally yes", runs


def paper_verdict(p: Process, k_min: float = K_MIN, k_max: float = K_MAX) -> str:
    """The registered verdict: the paper's two conditions on the band, parameters on LOG_SCAN."""
    return s_generative(p, "paper", k_min, k_max, LOG_SCAN)[0]


def verdict_table() -> list[Analysis]:
    """`analyse` every process in PROCESSES at its picture values, on the whole k axis."""
    return [analyse(p.name, p.pde, p.values) for p in PROCESSES]


# --- Pictures: a 1-D profile evolved by each process --------------------------------------

def evolve_profile(profile: np.ndarray, dx: float, analysis: Analysis, times: list[float]) -> np.ndarray:
    """φ(x, t) for each t from φ(x, 0) = profile, along the analysis' dominant bounded branch.

    Each Fourier mode is multiplied by exp(−i ω(|k|) t) (periodic grid of spacing dx); the
    real part is returned, shape (len(times), len(profile)).  A smoothing process damps the
    fine modes first; a non-smoothing one only moves or rephases them.
    """
    if analysis.branch is None:
        raise ValueError(f"{analysis.name} has no bounded branch to evolve along")
    ks = np.abs(2 * np.pi * np.fft.fftfreq(len(profile), dx))
    omega = sp.lambdify(k, analysis.branch.subs(analysis.values), "numpy")(ks.astype(complex))
    omega = np.asarray(omega, dtype=complex) * np.ones_like(ks)
    spectrum = np.fft.fft(profile)
    return np.array([np.fft.ifft(spectrum * np.exp(-1j * omega * t)).real for t in times])


def detail_left(profile: np.ndarray, dx: float, analysis: Analysis, t: float, k_cut: float) -> float:
    """Fine-scale (|k| > k_cut) amplitude left at time t, relative to the bulk (k = 0) mode.

    1 means the process leaves detail as it is relative to the mean; → 0 means it smooths.
    """
    ks = np.abs(2 * np.pi * np.fft.fftfreq(len(profile), dx))
    omega = sp.lambdify(k, analysis.branch.subs(analysis.values), "numpy")(ks.astype(complex))
    growth = np.exp((np.asarray(omega, dtype=complex) * np.ones_like(ks)).imag * t)
    amplitude = np.abs(np.fft.fft(profile))
    fine = ks > k_cut
    return float((amplitude[fine] * growth[fine]).sum() / growth[0] / amplitude[fine].sum())


# --- The paper's two conditions checked numerically: the kernel's sign, and smoothing -------
#
# Round 5 (issue 23): positivity is tested on the sign of each row's kernel, the density a
# single datum produces at time (height) t, computed by inverse Fourier transform of its
# dispersion, instead of the mode-level proxy "no oscillating mode".  The kernel per row:
# - one branch bounded on the band (first order in time, or an elliptic equation with z as
#   time, whose growing branch the boundary condition at infinity removes): K̂(k, t) = e^{−iωt}
#   (for Poisson and Yukawa the flux a charge sends through the plane at height t);
# - two bounded branches (second order in time, hyperbolic): the causal Green's function,
#   φ(0) = 0, φ_t(0) = δ: K̂ = (e^{−iω₁t} − e^{−iω₂t}) / (i(ω₂ − ω₁)) (t e^{−iω₁t} where they meet).
# The datum is a Gaussian blob at the band's finest scale, s = 1/k_max (so that a kernel's jump,
# the wave's light cone, does not ring), the kernel is the real part of the transform (a real
# datum's field; a complex kernel such as Schrödinger's rotates through negative values), and
# it is read on x ∈ [−2π/k_min, 2π/k_min] at KERNEL_TIMES up to T_max = 1/k_min.

KERNEL_TOL = 1e-3  # a kernel counts as non-negative if min ≥ −KERNEL_TOL × its peak, at every time
KERNEL_TIMES = 60  # log-spaced times from s/10 to T_max


def kernel_hat(pde: sp.Expr, ks: np.ndarray, t: float, values: dict, tol: float = 1e-9) -> np.ndarray:
    """K̂(k, t) of the row's kernel on the grid ks (see the section comment); ks[0] may be 0."""
    omegas = _omegas(pde, ks, values)
    bounded = [i for i in range(len(omegas)) if np.all(omegas[i].imag <= tol)]
    if len(bounded) == 1:
        return np.exp(-1j * omegas[bounded[0]] * t)
    if len(bounded) != 2:
        raise ValueError(f"{len(bounded)} bounded branches: no kernel rule for this PDE")
    w1, w2 = omegas[bounded[0]], omegas[bounded[1]]
    dw = w2 - w1
    close = np.abs(dw) < 1e-7
    safe = np.where(close, 1.0, dw)
    return np.where(close, t * np.exp(-1j * w1 * t), (np.exp(-1j * w1 * t) - np.exp(-1j * w2 * t)) / (1j * safe))


def kernel_min(pde: sp.Expr, values: dict, k_min: float = K_MIN, k_max: float = K_MAX,
               t_max: float | None = None, times: int = KERNEL_TIMES) -> float:
    """The kernel's most negative value relative to its peak, min over x and t of K(x, t)/max_x |K(x, t)|
    (≥ 0 for a non-negative kernel), K the real part of the inverse transform of K̂ times the
    datum's Gaussian e^{−k²s²/2}, s = 1/k_max, on x ∈ [−2π/k_min, 2π/k_min] (a periodic box twice as
    wide), t on `times` log-spaced values from s/10 to t_max (default 1/k_min)."""
    s = 1.0 / k_max
    t_max = 1.0 / k_min if t_max is None else t_max
    half = 2 * np.pi / k_min
    box = 4 * half
    kmax_grid = 8.0 / s  # the blob's transform is e^{-32} there
    n = int(2 ** np.ceil(np.log2(box * kmax_grid / np.pi)))
    ks = 2 * np.pi * np.fft.rfftfreq(n, box / n)
    xs = np.fft.fftfreq(n, 1.0 / box)
    inside = np.abs(xs) <= half
    blob = np.exp(-0.5 * (ks * s) ** 2)
    worst = np.inf
    for t in np.geomspace(s / 10, t_max, times):
        kx = np.fft.irfft(kernel_hat(pde, ks, float(t), values).real * blob, n)[inside]
        peak = float(np.abs(kx).max())
        if peak > 0:  # a kernel decayed below double precision carries no sign
            worst = min(worst, float(kx.min()) / peak)
    return worst


def kernel_verdict(p: Process, condition: str = "both", k_min: float = K_MIN, k_max: float = K_MAX,
                   scan: tuple = LOG_SCAN) -> tuple[str, dict]:
    """The table's verdict under the two conditions checked numerically (round 5, registered):
    positivity, `kernel_min` ≥ −KERNEL_TOL up to T_max = 1/k_min; smoothing, the weak inequality
    Im ω(k) < Im ω(0) on the band {0} ∪ [k_min, k_max] (`analyse`, criterion "bulk").  condition:
    "both", "positivity" (smoothing dropped) or "smoothing" (positivity dropped).  A parameter is
    scanned on `scan` and the pattern named as in `s_generative`.  Returns the verdict and, per
    value, (kernel minimum, smoothing passes)."""
    values = scan if p.parameter is not None else (None,)
    found = {}
    for v in values:
        vals = {} if v is None else {p.parameter: v}
        smooth = analyse(p.name, p.pde, vals, k_max=k_max, k_min=k_min, criterion="bulk").verdict == "yes"
        kmin = kernel_min(p.pde, vals, k_min, k_max) if condition != "smoothing" else float("nan")
        positive = kmin >= -KERNEL_TOL
        ok = {"both": smooth and positive, "positivity": positive, "smoothing": smooth}[condition]
        found[v] = (kmin, smooth, ok)
    return _pattern(p, [found[v][2] for v in values]), found


def _pattern(p: Process, ok: list[bool]) -> str:
    """Name the pattern of passes over the scanned values (as `s_generative`)."""
    if all(ok):
        return "yes"
    if not any(ok):
        return "no"
    name = SYMBOL_NAMES.get(p.parameter, str(p.parameter))
    first = ok.index(True)
    if all(ok[first:]):
        return f"conditionally yes (large {name})"
    if all(ok[: ok.index(False)]) and not any(ok[ok.index(False):]):
        return f"conditionally yes (small {name})"
    return "conditionally yes"


# --- Round 6: the kernel in the data's dimension N (radial, Hankel transform) ---------------
#
# Referee of round 5 (issue 23): "isotropic, one spatial coordinate suffices" holds for ω(|k|),
# not for the kernel's sign — in N ≥ 5 dimensions the wave's Green's function carries signed
# terms (derivatives of the light cone).  A radial K̂(|k|) is inverted in N dimensions by
#     K(r) = (2π)^{−N/2} r^{1−N/2} ∫₀^∞ K̂(k) J_{N/2−1}(kr) k^{N/2} dk
#          ∝ ∫₀^∞ K̂(k) k^{N−1} Λ_ν(kr) dk,   Λ_ν(z) = Γ(ν+1) (2/z)^ν J_ν(z),  ν = N/2 − 1,
# with Λ_ν(0) = 1 (Λ_{−1/2} = cos: N = 1 is the Fourier cosine transform; Λ_{1/2}(z) = sin z / z).
# The constant is dropped: only min/peak is read.  Quadrature: the trapezoid rule on a uniform k
# grid (step RADIAL_DK; for N = 2 with the Euler–Maclaurin end correction at k = 0) up to (8 + √(N−1))/s, where the blurred weight k^{N−1} e^{−k²s²/2} is
# e^{−32} of its peak or less; Λ_ν from a table on z ∈ [0, k_top·r_max] (step RADIAL_DZ) by linear
# interpolation; r on [0, 2π/k_min] in steps of s (the blurred kernel's features are ≥ s wide).  Checked against the heat kernel's Gaussian
# in N = 64 and the 3-D wave's blurred shell (tests/test_genphys.py).

DATA_DIM = 64  # the digits' dimension (8 × 8): the scored column
REPORTED_DIMS = (1, 2, 3, 5)  # reported beside it, not scored
RADIAL_DK = 0.025
RADIAL_DZ = 0.02


def _k_top(n_dim: int, s: float) -> float:
    return (8.0 + np.sqrt(max(n_dim - 1, 0))) / s


@lru_cache(maxsize=None)
def _lambda_table(n_dim: int, z_top: float, dz: float = RADIAL_DZ) -> tuple[np.ndarray, np.ndarray]:
    """Λ_ν(z) = Γ(ν+1)(2/z)^ν J_ν(z), ν = N/2 − 1, tabulated on [0, z_top] (Λ_ν(0) = 1)."""
    from scipy.special import gammaln, jv

    nu = n_dim / 2 - 1
    z = np.arange(0.0, z_top + 2 * dz, dz)
    out = np.ones_like(z)
    zz = z[1:]
    if n_dim == 1:
        out[1:] = np.cos(zz)
    elif n_dim == 3:
        out[1:] = np.sin(zz) / zz
    else:
        out[1:] = jv(nu, zz) * np.exp(gammaln(nu + 1) + nu * np.log(2.0 / zz))
    return z, out


@lru_cache(maxsize=None)
def radial_matrix(n_dim: int, k_min: float = K_MIN, k_max: float = K_MAX,
                  dk: float = RADIAL_DK) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ks, rs, M) with K(rs) ∝ K̂(ks) @ M for a radial K̂ in `n_dim` dimensions, blurred by the datum's
    Gaussian e^{−k²s²/2}, s = 1/k_max: M[i, j] = w_i Λ_ν(k_i r_j), w the trapezoid weights times
    k^{N−1} e^{−k²s²/2} (scaled to peak 1).  rs: [0, 2π/k_min] in steps of s."""
    s = 1.0 / k_max
    ks = np.arange(0.0, _k_top(n_dim, s) + dk, dk)
    rs = np.arange(0.0, 2 * np.pi / k_min + s / 2, s)
    with np.errstate(divide="ignore"):
        logw = (n_dim - 1) * np.log(ks) - 0.5 * (ks * s) ** 2 if n_dim > 1 else -0.5 * (ks * s) ** 2
    w = np.exp(logw - logw.max())
    w[0] *= 0.5
    w[-1] *= 0.5
    if n_dim == 2:  # k·g(k) has f'(0) = g(0): the trapezoid's O(dk²) end term (Euler–Maclaurin)
        w[0] = dk / 12 * np.exp(-logw.max())
    z, lam = _lambda_table(n_dim, float(ks[-1] * rs[-1]))
    M = np.interp(np.outer(ks, rs), z, lam) * w[:, None]
    return ks, rs, M


def kernel_hats(pde: sp.Expr, ks: np.ndarray, ts: np.ndarray, values: dict, tol: float = 1e-9) -> np.ndarray:
    """`kernel_hat` at every time of ts at once, shape (len(ts), len(ks)): ω(k) evaluated once."""
    omegas = _omegas(pde, ks, values)
    bounded = [i for i in range(len(omegas)) if np.all(omegas[i].imag <= tol)]
    tt = np.asarray(ts, dtype=float)[:, None]
    if len(bounded) == 1:
        return np.exp(-1j * omegas[bounded[0]][None, :] * tt)
    if len(bounded) != 2:
        raise ValueError(f"{len(bounded)} bounded branches: no kernel rule for this PDE")
    w1, w2 = omegas[bounded[0]][None, :], omegas[bounded[1]][None, :]
    dw = w2 - w1
    close = np.abs(dw) < 1e-7
    safe = np.where(close, 1.0, dw)
    e1 = np.exp(-1j * w1 * tt)
    return np.where(close, tt * e1, (e1 - np.exp(-1j * w2 * tt)) / (1j * safe))


def kernel_min_nd(pde: sp.Expr, values: dict, dims: tuple = (DATA_DIM, *REPORTED_DIMS),
                  k_min: float = K_MIN, k_max: float = K_MAX, t_max: float | None = None,
                  times: int = KERNEL_TIMES) -> dict:
    """Per dimension N, the kernel's most negative value relative to its peak, min over r and t of
    K(r, t)/max_r |K(r, t)|, K the N-dimensional radial inverse transform of Re K̂ (the datum blurred
    at s = 1/k_max, r ≤ 2π/k_min), t on `times` log-spaced values from s/10 to t_max (default 1/k_min).
    A kernel decayed below double precision (peak 0) carries no sign and is skipped."""
    s = 1.0 / k_max
    t_max = 1.0 / k_min if t_max is None else t_max
    ts = np.geomspace(s / 10, t_max, times)
    top = max(dims, key=lambda n: _k_top(n, s))
    ks_all = radial_matrix(top, float(k_min), float(k_max), RADIAL_DK)[0]
    hat = kernel_hats(pde, ks_all, ts, values).real  # (times, k)
    out = {}
    for n_dim in dims:
        ks, _, M = radial_matrix(n_dim, float(k_min), float(k_max), RADIAL_DK)
        prof = hat[:, : len(ks)] @ M  # (times, r)
        peak = np.abs(prof).max(axis=1)
        live = peak > 0
        out[n_dim] = float((prof[live].min(axis=1) / peak[live]).min()) if live.any() else np.inf
    return out


def kernel_verdict_nd(p: Process, k_min: float = K_MIN, k_max: float = K_MAX, scan: tuple = LOG_SCAN,
                      dims: tuple = (DATA_DIM, *REPORTED_DIMS)) -> dict:
    """The table's verdicts under the two conditions (round 6, registered): positivity, `kernel_min_nd`
    ≥ −KERNEL_TOL in N dimensions up to T_max = 1/k_min; smoothing, the weak inequality on the band
    (as `kernel_verdict`).  Returns {"smooth": per value, "kmin": {N: per value}, "both": {N: verdict},
    "positivity": {N: verdict}, "smoothing": verdict}."""
    values = scan if p.parameter is not None else (None,)
    smooth, kmins = [], {n: [] for n in dims}
    for v in values:
        vals = {} if v is None else {p.parameter: v}
        smooth.append(analyse(p.name, p.pde, vals, k_max=k_max, k_min=k_min, criterion="bulk").verdict == "yes")
        for n_dim, worst in kernel_min_nd(p.pde, vals, dims, k_min, k_max).items():
            kmins[n_dim].append(worst)
    pos = {n: [w >= -KERNEL_TOL for w in kmins[n]] for n in dims}
    return {"values": values, "smooth": smooth, "kmin": kmins,
            "both": {n: _pattern(p, [a and b for a, b in zip(pos[n], smooth)]) for n in dims},
            "positivity": {n: _pattern(p, pos[n]) for n in dims}, "smoothing": _pattern(p, smooth)}
