"""Sample quality on digits: Fréchet distance on classifier features, sliced Wasserstein, memorisation.

FID (Heusel et al. 2017) compares Gaussians fitted to Inception features; for 8×8 digits
the features are the hidden layer of a small classifier trained on real digits.  Its
value has no meaning in absolute terms, so every notebook reports the *floor*: the same
distance between two sets of real digits, at the sample sizes actually compared and with
its spread over random subsets (`fd_floor`).  The classifier sees pixels clipped to
[−1, 1], so FD is blind to out-of-range pixels: `out_of_range` reports their fraction.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import torch
from scipy import linalg
from sklearn.exceptions import ConvergenceWarning
from sklearn.neighbors import NearestNeighbors
from sklearn.neural_network import MLPClassifier


HALF_GREY_LEVEL = 1 / 16
"""Half of one grey-level step of the 8×8 digits (levels 0–16, a step of 2/16 on the [−1, 1] scale): the
one out-of-range tolerance (`out_of_range(x, tol=HALF_GREY_LEVEL)`) the generative notebooks use."""


def _np(x) -> np.ndarray:
    return x.detach().cpu().double().numpy() if isinstance(x, torch.Tensor) else np.asarray(x, float)


class ClassifierFeatures:
    """ReLU features of an MLPClassifier((128,)) trained on real labelled images in [−1, 1]."""

    def __init__(self, images, labels, hidden: int = 128, seed: int = 0, max_iter: int = 500):
        self.clf = MLPClassifier((hidden,), random_state=seed, max_iter=max_iter)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.clf.fit(self._inputs(images), labels)

    @staticmethod
    def _inputs(images) -> np.ndarray:
        return (np.clip(_np(images), -1, 1) + 1) / 2  # the pixel scale the classifier saw: [0, 1]

    def features(self, images) -> np.ndarray:
        x = self._inputs(images)
        return np.maximum(x @ self.clf.coefs_[0] + self.clf.intercepts_[0], 0)

    def predict(self, images) -> np.ndarray:
        return self.clf.predict(self._inputs(images))

    def frechet(self, a, b) -> float:
        return frechet_distance(self.features(a), self.features(b))


def frechet_distance(fa: np.ndarray, fb: np.ndarray) -> float:
    """‖μ_a − μ_b‖² + tr(Σ_a + Σ_b − 2(Σ_a Σ_b)^½) between Gaussian fits to two feature sets."""
    mu_a, mu_b = fa.mean(0), fb.mean(0)
    ca, cb = np.cov(fa, rowvar=False), np.cov(fb, rowvar=False)
    # tr (Σ_a Σ_b)^½ = Σ √λ(Σ_a^½ Σ_b Σ_a^½): symmetric, so dead (constant) features are harmless
    w, v = linalg.eigh(ca)
    root_a = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    tr_root = np.sqrt(np.clip(linalg.eigvalsh(root_a @ cb @ root_a), 0, None)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(ca) + np.trace(cb) - 2 * tr_root)


@dataclass(frozen=True)
class Floor:
    """Real-vs-real FD over random subsets: its mean, standard deviation and every value."""
    mean: float
    sd: float
    values: tuple[float, ...]

    def __str__(self) -> str:
        return f"{self.mean:.3f} ± {self.sd:.3f}"


def fd_floor(features: ClassifierFeatures, real, heldout, n: int, draws: int = 10, seed: int = 0,
             replace: bool = False) -> Floor:
    """FD between `n` real images drawn without replacement from `real` and all of `heldout`.

    `n` is the generated sample size a notebook scores against `heldout`, so the floor is
    the value a perfect sampler would get at that size; the spread over `draws` subsets is
    the scale below which two FDs cannot be told apart.  Those subsets overlap when n is a
    large part of `real` (1000 of 1203 share at least 797), so that spread understates the
    noise of independent samples.  replace=True draws with replacement instead: independent
    draws from the empirical distribution, i.e. the output of an exact sampler that returns
    training images; its mean sits above the floor (repeats) and its spread is that of
    independent samples of that size.
    """
    real = _np(real)
    if not 2 <= n <= (math.inf if replace else len(real)):
        raise ValueError(f"n must be between 2 and the {len(real)} real images available, got {n}")
    rng = np.random.default_rng(seed)
    fb = features.features(heldout)
    values = tuple(frechet_distance(features.features(real[rng.choice(len(real), n, replace=replace)]), fb)
                   for _ in range(draws))
    return Floor(float(np.mean(values)), float(np.std(values, ddof=1)) if draws > 1 else 0.0, values)


def out_of_range(x, low: float = -1.0, high: float = 1.0, tol: float = 0.0) -> float:
    """Fraction of pixels outside [low − tol, high + tol]: what the clipped classifier features cannot see.

    tol > 0 ignores the tiny excursions a sampler that stops just short of the data leaves
    (a PFGM sample at z_min, a VP sample at t = 10⁻³) on the many pixels that sit exactly
    at −1; half a grey level of the 8×8 digits is 1/16.
    """
    x = _np(x)
    return float(((x < low - tol) | (x > high + tol)).mean())


def sliced_wasserstein(a, b, n_projections: int = 256, seed: int = 0) -> float:
    """Mean 1-D Wasserstein-1 distance over random directions, in pixel space (equal weights).

    Each projection compares quantiles on a common grid, so the two sets may differ in size.
    """
    a, b = _np(a), _np(b)
    rng = np.random.default_rng(seed)
    dirs = rng.normal(size=(a.shape[1], n_projections))
    dirs /= np.linalg.norm(dirs, axis=0)
    q = np.linspace(0, 1, 201)[1:-1]
    pa, pb = np.quantile(a @ dirs, q, axis=0), np.quantile(b @ dirs, q, axis=0)
    return float(np.abs(pa - pb).mean())


def nearest_distance(x, reference) -> np.ndarray:
    """Euclidean distance from each row of x to its nearest row of `reference`."""
    nn = NearestNeighbors(n_neighbors=1).fit(_np(reference))
    return nn.kneighbors(_np(x))[0][:, 0]


def memorisation_ratio(generated, train, heldout) -> float:
    """median NN distance (generated → train) / median NN distance (held-out real → train).

    A model that copies its training set scores near 0; one that generates new digits like
    the real held-out ones scores near 1.
    """
    return float(np.median(nearest_distance(generated, train)) / np.median(nearest_distance(heldout, train)))


def class_shares(labels: np.ndarray, n_classes: int = 10) -> np.ndarray:
    """Fraction of samples the classifier puts in each class."""
    return np.bincount(labels, minlength=n_classes) / len(labels)
