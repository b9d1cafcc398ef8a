"""The clock and the pizza (Zhong, Liu, Tegmark, Andreas 2023): two algorithms for modular addition.

The one-layer transformer with attention rate α (Model A: α = 1, Model B: α = 0), its
stacked trainer and the embedding's circles (circularity) are the core's, `physai.modular`:
grokking, Omnigrok and BIMT use them too.  Here, what only this paper needs:

- `metrics`: the paper's scores — gradient symmetricity, distance irrelevance, the clock
  and pizza templates and the share of the logits' variance they explain.
- `experiments`: the α × width grid trained as stacked models, scoring, Q per circle.
- `plots`: the notebook's figures (notebook 05).
"""
from .metrics import distance_irrelevance, gradient_symmetricity

__all__ = ["distance_irrelevance", "gradient_symmetricity"]
