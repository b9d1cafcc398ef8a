"""The dynamical systems of the SID paper, as the original code defines them.

Each system gives its field f (states (N, d) -> derivatives (N, d)), a sampler of
states, variable names and the paper's counts of independent conserved quantities.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class System:
    name: str
    title: str
    names: tuple[str, ...]
    field: Callable[[np.ndarray], np.ndarray]
    sample: Callable[[int, np.random.Generator], np.ndarray]
    paper_counts: dict  # degree -> independent conserved quantities reported by the paper
    where: str  # where in the paper the counts are
    dynamics: Callable[[np.ndarray], np.ndarray] | None = None  # unnormalised f, to integrate
    sample_original: Callable[[int, np.random.Generator], np.ndarray] | None = None  # the original's draw

    def sampler(self, how: str = "ours") -> Callable[[int, np.random.Generator], np.ndarray]:
        """How states are drawn: "ours" (`sample`) or "original" (as the original code does)."""
        if how == "ours":
            return self.sample
        if how == "original" and self.sample_original is not None:
            return self.sample_original
        valid = ["ours"] + (["original"] if self.sample_original is not None else [])
        raise ValueError(f"system {self.name!r} has no sampler {how!r}; choose one of {valid}")

    def rhs(self, x: np.ndarray) -> np.ndarray:
        """The time derivative used for trajectories (the field before normalisation)."""
        return (self.dynamics or self.field)(x)

    @property
    def n_vars(self) -> int:
        return len(self.names)


# --- toy: the paper's first example --------------------------------------------------

def toy_field(x: np.ndarray) -> np.ndarray:
    """ẋ = x(y − z), ẏ = y(z − x), ż = z(x − y); conserves x + y + z and xyz."""
    a, b, c = x.T
    return np.stack([a * (b - c), b * (c - a), c * (a - b)], axis=1)


def _normal(d: int) -> Callable[[int, np.random.Generator], np.ndarray]:
    return lambda n, rng: rng.standard_normal((n, d))


# --- incompressible "fluid" of dim+1 particles ----------------------------------------
# Particle i occupies entries [2·dim·i, 2·dim·(i+1)): (position, velocity) per axis, so
# positions sit at the even indices and velocities at the odd ones, as in the original.

def _split(x: np.ndarray, dim: int) -> tuple[np.ndarray, np.ndarray]:
    s = x.reshape(len(x), dim + 1, dim, 2)  # (N, particle, axis, pos/vel)
    return s[..., 0], s[..., 1]


def _volume_gradient(edges: np.ndarray) -> np.ndarray:
    """∂C/∂(P_1..P_dim) for C = det[P_1 − P_0; ...], edges (N, dim, dim) rows P_i − P_0."""
    if edges.shape[1] == 2:
        a1, a2 = edges[:, 0], edges[:, 1]
        g1 = np.stack([a2[:, 1], -a2[:, 0]], axis=1)
        g2 = np.stack([-a1[:, 1], a1[:, 0]], axis=1)
        return np.stack([g1, g2], axis=1)
    a1, a2, a3 = edges[:, 0], edges[:, 1], edges[:, 2]
    return np.stack([np.cross(a2, a3), np.cross(a3, a1), np.cross(a1, a2)], axis=1)


def _second_directional(edges: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """vᵀ(∇²C)v = 2 × the s² coefficient of det(A + sB): columns of B replacing those of A."""
    if edges.shape[1] == 2:
        return 2 * np.linalg.det(rates)
    total = np.zeros(len(edges))
    for keep in range(3):  # one row from A, two from B
        m = rates.copy()
        m[:, keep] = edges[:, keep]
        total += np.linalg.det(m)
    return 2 * total


def constraint_gradient(x: np.ndarray, dim: int) -> np.ndarray:
    """∇C with respect to all positions, shape (N, dim+1, dim)."""
    pos, _ = _split(x, dim)
    g = _volume_gradient(pos[:, 1:] - pos[:, :1])  # (N, dim, dim) for P_1..P_dim
    return np.concatenate([-g.sum(axis=1, keepdims=True), g], axis=1)


def fluid_field(x: np.ndarray, dim: int, normalize: bool = True) -> np.ndarray:
    """q̇ = v, v̇ = λ∇C with λ = −vᵀ(∇²C)v / |∇C|², which keeps the volume C constant.

    As in the original, the field is normalised to unit length at each state (this
    rescales rows of G and leaves its null space unchanged).
    """
    pos, vel = _split(x, dim)
    grad = constraint_gradient(x, dim)
    edges, rates = pos[:, 1:] - pos[:, :1], vel[:, 1:] - vel[:, :1]
    lam = -_second_directional(edges, rates) / np.sum(grad**2, axis=(1, 2))
    acc = lam[:, None, None] * grad
    f = np.stack([vel, acc], axis=-1).reshape(x.shape)
    if normalize:
        f = f / np.linalg.norm(f, axis=1, keepdims=True)
    return f


def sample_fluid(n: int, rng: np.random.Generator, dim: int) -> np.ndarray:
    """N(0, 1) states whose velocities are projected onto the constraint's tangent space.

    The original instead solves one velocity component for ∇C·v = 0, which divides by
    that component of ∇C and gives heavy tails (a few states with huge velocities; the
    columns of G then span 13 decades).  Projection v ← v − (∇C·v / |∇C|²) ∇C reaches the
    same manifold of valid states without the tails (`sample_fluid_original` draws them
    the original's way; notebook 06 and the tests run SID on both).
    """
    x = rng.standard_normal((n, 2 * dim * (dim + 1)))
    grad = constraint_gradient(x, dim)  # (N, particles, dim), w.r.t. positions
    s = x.reshape(n, dim + 1, dim, 2).copy()
    vel = s[..., 1]
    along = np.sum(grad * vel, axis=(1, 2)) / np.sum(grad**2, axis=(1, 2))
    s[..., 1] = vel - along[:, None, None] * grad
    return s.reshape(n, -1)


def sample_fluid_original(n: int, rng: np.random.Generator, dim: int) -> np.ndarray:
    """N(0, 1) states made valid as the original code does: the last velocity component
    (particle dim, last axis) is solved from ∇C·v = 0.

    v_last = −(Σ_{other i} ∂C/∂q_i v_i) / (∂C/∂q_last): a ratio of Gaussian polynomials,
    heavy-tailed (a few states with huge velocities), as in fluid.ipynb / fluid_3D.ipynb.
    """
    x = rng.standard_normal((n, 2 * dim * (dim + 1)))
    grad = constraint_gradient(x, dim).reshape(n, -1)  # (N, particles·dim), w.r.t. positions
    s = x.reshape(n, dim + 1, dim, 2).copy()  # (N, particle, axis, pos/vel)
    vel = s[..., 1].reshape(n, -1)
    vel[:, -1] = -np.sum(grad[:, :-1] * vel[:, :-1], axis=1) / grad[:, -1]
    s[..., 1] = vel.reshape(n, dim + 1, dim)
    return s.reshape(n, -1)


def fluid_volume(x: np.ndarray, dim: int) -> np.ndarray:
    pos, _ = _split(np.atleast_2d(x), dim)
    return np.linalg.det(pos[:, 1:] - pos[:, :1])


def fluid_invariants(dim: int) -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    """The fluid's conserved quantities by name, derived from its definition (not the paper).

    P total momentum; L angular momentum Σ q_i × v_i; E kinetic energy; K_ij the charges
    of relabelling the particles (rotations in particle-index space fixing (1, ..., 1)
    keep both E and C, so Noether gives K_ij = e_i·w_j − e_j·w_i with edges e_i = q_i − q_0,
    w_i = v_i − v_0: a discrete circulation); X × P the moment of the momentum about the
    origin carried by the centre of mass X = mean q_i (X moves at P / n, so it is fixed);
    C the volume (det of the edges) and Ċ = ∇C·v, which the dynamics keep at 0.
    Each maps (N, d) states to (N,) values; numpy only, so complex states work too.
    """
    def parts(x):
        return _split(np.atleast_2d(x), dim)  # (N, particles, axes) each

    axes = "xyz"[:dim]
    out: dict[str, Callable[[np.ndarray], np.ndarray]] = {}
    for a, ax in enumerate(axes):
        out[f"P_{ax}"] = lambda x, a=a: parts(x)[1][..., a].sum(axis=1)
    pairs = [(0, 1)] if dim == 2 else [(1, 2), (2, 0), (0, 1)]  # L_z in 2-D; L_x, L_y, L_z in 3-D
    for a, b in pairs:
        name = "z" if dim == 2 else axes[3 - a - b]
        out[f"L_{name}"] = lambda x, a=a, b=b: _moment(*parts(x), a, b).sum(axis=1)
        out[f"(X×P)_{name}"] = lambda x, a=a, b=b: _moment(parts(x)[0].mean(axis=1, keepdims=True),
                                                            parts(x)[1].sum(axis=1, keepdims=True), a, b)[:, 0]
    out["E"] = lambda x: 0.5 * np.sum(parts(x)[1] ** 2, axis=(1, 2))
    for i in range(1, dim + 1):
        for j in range(i + 1, dim + 1):
            out[f"K_{i}{j}"] = lambda x, i=i, j=j: _label_charge(*parts(x), i, j)
    out["C"] = lambda x: np.linalg.det(parts(x)[0][:, 1:] - parts(x)[0][:, :1])
    out["dC/dt"] = lambda x: np.sum(constraint_gradient(np.atleast_2d(x), dim) * parts(x)[1], axis=(1, 2))
    return out


def _moment(q: np.ndarray, v: np.ndarray, a: int, b: int) -> np.ndarray:
    """q_a v_b − q_b v_a per particle: one component of q × v."""
    return q[..., a] * v[..., b] - q[..., b] * v[..., a]


def _label_charge(q: np.ndarray, v: np.ndarray, i: int, j: int) -> np.ndarray:
    """K_ij = e_i·w_j − e_j·w_i with edges e = q_k − q_0 and w = v_k − v_0."""
    e, w = q - q[:, :1], v - v[:, :1]
    return np.sum(e[:, i] * w[:, j] - e[:, j] * w[:, i], axis=-1)


def _fluid_names(dim: int) -> tuple[str, ...]:
    axes = "xyz"[:dim]
    return tuple(f"{kind}{ax}{i}" for i in range(dim + 1) for ax in axes for kind in ("q", "v"))


# --- a chemical reaction network (mass action) ----------------------------------------

SPECIES = ("O3", "NO", "NO2", "HCHO", "HO2", "HO2H", "OH", "O", "HNO3", "CO", "H2")

# (reactants, products, rate constant) as in the original notebooks
REACTIONS = (
    ({"NO2": 1}, {"NO": 1, "O": 1}, 0.5),
    ({"O": 1}, {"O3": 1}, 20.2849),
    ({"O3": 1, "NO": 1}, {"NO2": 1}, 21.3994),
    ({"HCHO": 1}, {"HO2": 2, "CO": 1}, 0.015),
    ({"HCHO": 1}, {"H2": 1, "CO": 1}, 0.022),
    ({"HCHO": 1, "OH": 1}, {"HO2": 1, "CO": 1}, 12750.918),
    ({"HO2": 1, "NO": 1}, {"OH": 1, "NO2": 1}, 11982.578),
    ({"NO2": 1, "OH": 1}, {"HNO3": 1}, 14334.807),
    ({"HO2H": 1}, {"OH": 2}, 0.0003),
    ({"HO2H": 1, "OH": 1}, {"HO2": 1}, 2247.470),
)


def with_water(reactions=REACTIONS) -> tuple:
    """The water variant: HCHO + OH and HO2H + OH also produce H2O."""
    out = []
    for reactants, products, k in reactions:
        if "OH" in reactants and set(reactants) & {"HCHO", "HO2H"}:
            products = {**products, "H2O": 1}
        out.append((reactants, products, k))
    return tuple(out)


def mass_action_field(species: tuple[str, ...], reactions) -> Callable[[np.ndarray], np.ndarray]:
    """dc/dt = Σ_r k_r Π_s c_s^{ν_rs} (products_r − reactants_r)."""
    index = {s: i for i, s in enumerate(species)}
    stoich = np.zeros((len(reactions), len(species)))
    orders = np.zeros((len(reactions), len(species)))
    rates = np.array([k for _, _, k in reactions])
    for r, (reactants, products, _) in enumerate(reactions):
        for s, n in reactants.items():
            stoich[r, index[s]] -= n
            orders[r, index[s]] += n
        for s, n in products.items():
            stoich[r, index[s]] += n

    def field(c: np.ndarray) -> np.ndarray:
        flux = rates * np.prod(c[:, None, :] ** orders, axis=2)  # (N, reactions)
        return flux @ stoich

    return field


# Mean concentrations (ppm, the units of the rate constants: min⁻¹ and ppm⁻¹ min⁻¹) that
# the original chemistry notebooks record beside their missing data file; H2O, which
# they do not list, at 1 % of air.  Radicals (OH, O, HO2) are scarce, stable species not.
TYPICAL_PPM = dict(zip(SPECIES + ("H2O",), (
    0.0553, 0.00268, 0.00538, 0.00478, 7.45e-5, 0.00489, 2.56e-6, 6.35e-10, 0.00197, 0.00511,
    0.00246, 1e4,
)))


def sample_concentrations(n: int, rng: np.random.Generator, species: tuple[str, ...],
                          spread: float = 3.0) -> np.ndarray:
    """Positive concentrations, log-uniform within a factor `spread` of the original's means.

    The original reads a data file that is not in its repository, and plain N(0, 1)
    states give 4 and 5 conserved quantities instead of 3 and 4 (shared/papers/06_sid.md):
    at order-one concentrations the slow HO2H photolysis (k = 3e-4) moves the state
    1e-8 times slower than the fast radical reactions, and its constraint hides among the
    round-off.  At the recorded concentrations the scarce radicals slow the fast reactions
    down to the others' pace, and the null space stands clear of every reaction.
    """
    scale = np.array([TYPICAL_PPM[s] for s in species])
    return scale * np.exp(rng.uniform(-np.log(spread), np.log(spread), size=(n, len(species))))


def linear_invariants_symbolic(species: tuple[str, ...], reactions) -> int:
    """Exact count of linear conserved quantities with *generic* (symbolic) rate constants.

    θ·f(c) = 0 for all c means θ is orthogonal to Σ_r k_r ν_r within every group of
    reactions sharing the same reactant monomial (distinct monomials are independent
    functions).  sympy computes the rank of those vectors with symbols for the k_r.
    """
    import sympy as sp

    index = {s: i for i, s in enumerate(species)}
    groups: dict[tuple, list] = {}
    for r, (reactants, products, _) in enumerate(reactions):
        k = sp.Symbol(f"k{r + 1}", positive=True)
        nu = [0] * len(species)
        for s, n in reactants.items():
            nu[index[s]] -= n
        for s, n in products.items():
            nu[index[s]] += n
        key = tuple(sorted(reactants.items()))
        groups.setdefault(key, []).append([k * v for v in nu])
    rows = [[sum(col) for col in zip(*vectors)] for vectors in groups.values()]
    return len(species) - sp.Matrix(rows).rank()


# --- the registry ---------------------------------------------------------------------

def _system(name, title, names, field, sample, counts, where, dynamics=None, sample_original=None) -> System:
    return System(name, title, tuple(names), field, sample, counts, where, dynamics, sample_original)


SYSTEMS: dict[str, System] = {
    s.name: s
    for s in [
        _system("toy", "Biology toy: ẋ = x(y−z), ẏ = y(z−x), ż = z(x−y)", ("x", "y", "z"),
                toy_field, _normal(3), {3: 2}, "biology example (toy.ipynb)"),
        _system("fluid2d", "2-D incompressible fluid (3 particles)", _fluid_names(2),
                lambda x: fluid_field(x, 2), lambda n, rng: sample_fluid(n, rng, 2),
                {1: 2, 2: 8, 3: 8, 4: 8}, "fluid-mechanics example, 2-D (fluid.ipynb)",
                lambda x: fluid_field(x, 2, normalize=False),
                lambda n, rng: sample_fluid_original(n, rng, 2)),
        _system("fluid3d", "3-D incompressible fluid (4 particles)", _fluid_names(3),
                lambda x: fluid_field(x, 3), lambda n, rng: sample_fluid(n, rng, 3),
                {1: 3, 2: 12, 3: 14}, "abstract; fluid-mechanics example, 3-D (fluid_3D.ipynb)",
                lambda x: fluid_field(x, 3, normalize=False),
                lambda n, rng: sample_fluid_original(n, rng, 3)),
        _system("chemistry", "Atmospheric chemistry, 11 species", SPECIES,
                mass_action_field(SPECIES, REACTIONS),
                lambda n, rng: sample_concentrations(n, rng, SPECIES),
                {1: 3}, "abstract; atmospheric-chemistry example (chem.ipynb)"),
        _system("chemistry_water", "Atmospheric chemistry with water, 12 species",
                SPECIES + ("H2O",), mass_action_field(SPECIES + ("H2O",), with_water()),
                lambda n, rng: sample_concentrations(n, rng, SPECIES + ("H2O",)),
                {1: 4}, "atmospheric-chemistry example with water (chem-H2O.ipynb)"),
    ]
}


def get_system(name: str) -> System:
    if name not in SYSTEMS:
        raise ValueError(f"unknown SID system {name!r}; choose one of {sorted(SYSTEMS)}")
    return SYSTEMS[name]
