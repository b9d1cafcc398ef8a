"""Physics-inspired generative models: PFGM, PFGM++ and GenPhys (notebooks 07–09).

What the three papers share lives here; each paper's own method is a subpackage that
imports only this shared code and the core (never another paper):

- `kernels`: the radial perturbation law of PFGM (D = 1) and PFGM++ (any D), and
  `perturb`, its sampler around data (also GenPhys's Yukawa model at m = 0).
- `field`: the Poisson field of data placed on the z = 0 plane; field lines.
- `edm`: the diffusion baselines on one denoiser (EDM; the VP-SDE and its ODE), which is
  also PFGM++'s D → ∞ limit; EDM's σ draw and weighted loss.
- `samplers`: Euler, Heun, RK45 and Euler–Maruyama integrators.
- `networks`: small conditioned MLPs (the EMA of weights is the core's, physai.train.EMA).
- `metrics`, `data`: sample quality (Fréchet distance on classifier features, ...), images.
- `pipeline`: train with an EMA → sample → score, the loop notebooks 07 and 09 share.
- `plots`: image grids.
- `draws`: random draws made on the generator's device and moved to the data's, so that
  every model and tensor stays on the device its inputs are on (issue 24).

Subpackages: `pfgm` (notebook 07), `pfgmpp` (08), `genphys` (09), each with its
`config`, `claims`, `experiments`, `plots` and method modules.
"""
