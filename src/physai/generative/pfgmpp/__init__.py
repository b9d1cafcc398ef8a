"""PFGM++ (Xu, Liu, Tian, Tong, Tegmark, Jaakkola 2023): the family from PFGM (D = 1) to EDM (D → ∞).

- `model`: the kernel's prior and noise for EDM's loss, the optimal denoiser, weight
  quantisation and the sampler (EDM's Heun from the D-kernel prior).
- `experiments`, `plots`, `config`, `claims`: notebook 08's runs, figures, profiles and claims.

The kernel's sampler `perturb(x, sigma, D, generator=None)` is shared generative code
(physai.generative.kernels, GenPhys uses it too) and importable here by its paper's name.
"""
from ..kernels import perturb
from .model import (BETA_CLIP, KernelDenoiser, optimal_denoiser, quantize_weights, sample, training_perturb,
                    variance_factor)

__all__ = ["BETA_CLIP", "KernelDenoiser", "optimal_denoiser", "perturb", "quantize_weights", "sample",
           "training_perturb", "variance_factor"]
