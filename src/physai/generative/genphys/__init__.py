"""GenPhys: from physical processes to generative models (Liu, Luo, Xu, Jaakkola, Tegmark 2023).

- `dispersion`: the analyser that decides which linear PDEs are smoothing ("s-generative"),
  the paper's processes, and a 1-D profile evolved by each.
- `yukawa`: the Yukawa (screened Poisson) kernel in closed form and the Yukawa generative
  model (NIG perturbation, exact posterior, denoiser, field-line sampler).
- `experiments`, `plots`, `config`, `claims`: notebook 09's runs, figures, profiles and claims.
"""
from .dispersion import PROCESSES, Analysis, analyse, verdict_table

__all__ = ["PROCESSES", "Analysis", "analyse", "verdict_table"]
