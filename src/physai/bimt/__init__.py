"""Brain-inspired modular training, BIMT (Liu, Gan, Tegmark 2023), notebook 04.

`model` (neurons with positions, the connection cost), `swap` (vectorised neuron swaps,
the original's loop as reference), `training` (loss + λ·cost with swaps, on physai.train),
`stacked` (several networks of one shape at once: seeds and the original's ablations),
`experiments` (the paper's tasks and what the trained networks look like), `structure`
(the paper's structural claims as tests: visible modules, feature reuse, a compositional
tree, S4's coset neurons) and `plots` (the picture of the network, receptive fields, circles).
"""
from .model import BioMLP, connection_cost
from .stacked import train_bimt_stacked
from .swap import relocate_, swap_neurons_
from .training import BIMTConfig, train_bimt

__all__ = ["BIMTConfig", "BioMLP", "connection_cost", "relocate_", "swap_neurons_", "train_bimt",
           "train_bimt_stacked"]
