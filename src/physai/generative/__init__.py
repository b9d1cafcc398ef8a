"""Physics-inspired generative models: PFGM, PFGM++ and GenPhys (notebooks 07–09).

- `kernels`: the radial perturbation law shared by PFGM (D = 1) and PFGM++ (any D).
- `field`: the Poisson field of data placed on the z = 0 plane; field lines.
- `pfgm`: PFGM's hyper-parameters, perturbation, prior, loss and backward ODE.
- `edm`: the diffusion baselines on one denoiser (EDM; the VP-SDE and its ODE), which is
  also PFGM++'s D → ∞ limit.
- `samplers`: Euler, Heun, RK45 and Euler–Maruyama integrators.
- `metrics`, `networks`, `data`: sample quality, small conditioned MLPs, datasets.
- `genphys`: the dispersion analyser that decides which physical processes give
  generative models, and the Yukawa (screened Poisson) kernel.
- `experiments`, `plots`, `pfgm_config`: notebook 07's runs, figures and profiles.
"""
