"""Physics-inspired generative models: PFGM, PFGM++ and GenPhys (notebooks 07–09).

So far: `genphys`, the dispersion analyser that decides which physical processes give
generative models, and the Yukawa (screened Poisson) perturbation kernel.  The field, kernels, samplers, metrics and networks shared by the three
papers arrive with notebook 07 (PFGM).
"""
