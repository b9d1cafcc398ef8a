"""The quantization model of neural scaling (Michaud, Liu, Girit, Tegmark 2023), notebook 03.

`theory` (Zipfian quanta, the loss after learning the n most frequent ones, asymptotic and
finite-size exponents; the fit itself is `physai.fits`), `data` (multitask sparse parity), `model` (every
width as one block of a single block-diagonal MLP), `experiments` (training, when each
subtask is learned, emergence, scaling fits, QDG), `pythia` (the paper profile's
per-token losses) and `plots`.
"""
from .data import MultitaskSparseParity
from .theory import predicted_exponents, zipf_frequencies

__all__ = ["MultitaskSparseParity", "predicted_exponents", "zipf_frequencies"]
