"""Omnigrok (Liu, Michaud, Tegmark 2023): grokking beyond algorithmic data, and the LU mechanism.

- `norm`: the total weight norm of stacked models and the projection onto a fixed-norm sphere.
- `data`: the teacher-student task and a tabular stand-in (diabetes); digits and MNIST come
  from `physai.datasets`.
- `models`: the paper's MLPs, K of them stacked natively for the batched engine.
- `experiments`: families of networks from scaled initialisations, free (AdamW) or on the
  sphere, trained as one stacked model; grokking gaps, the norm where a run generalised,
  the Goldilocks zone measured on spheres (fits: `physai.fits`).
"""
from .norm import project_norm_, weight_norm

__all__ = ["project_norm_", "weight_norm"]
