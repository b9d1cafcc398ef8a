"""PFGM: Poisson flow generative models (Xu, Liu, Tegmark, Jaakkola 2022).

- `model`: the hyper-parameters, perturbation, prior, network, loss and backward ODE.
- `experiments`, `plots`, `config`, `claims`: notebook 07's runs, figures, profiles and claims.
"""
from .model import Hyper, PFGMNet, hyperparameters, loss, perturb, sample, sample_prior

__all__ = ["Hyper", "PFGMNet", "hyperparameters", "loss", "perturb", "sample", "sample_prior"]
