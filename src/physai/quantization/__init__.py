"""The quantization model of neural scaling (Michaud, Liu, Girit, Tegmark 2023).

So far: the theory (`theory`: Zipfian quanta, the loss after learning the n most frequent
ones, the predicted exponents) and the multitask sparse-parity data (`data`).  The
training, the emergence and scaling measurements and notebook 03 are to come.
"""
from .data import MultitaskSparseParity
from .theory import predicted_exponents, zipf_frequencies

__all__ = ["MultitaskSparseParity", "predicted_exponents", "zipf_frequencies"]
