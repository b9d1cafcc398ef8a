"""The clock and the pizza (Zhong, Liu, Tegmark, Andreas 2023): two algorithms for modular addition.

So far: the one-layer transformer with attention rate α (`model`) and the paper's metrics
(`metrics`: gradient symmetricity, distance irrelevance).  The notebook (05) is to come.
"""
from .metrics import distance_irrelevance, gradient_symmetricity

__all__ = ["distance_irrelevance", "gradient_symmetricity"]
