"""Brain-inspired modular training, BIMT (Liu, Gan, Tegmark 2023), notebook 04.

`model` (neurons with positions, the connection cost), `swap` (vectorised neuron swaps,
the original's loop as reference), `training` (loss + λ·cost with swaps, on physai.train),
`experiments` (the paper's tasks and what the trained networks look like) and `plots`
(the picture of the network).
"""
from .model import BioMLP, connection_cost
from .swap import relocate_, swap_neurons_
from .training import BIMTConfig, train_bimt

__all__ = ["BIMTConfig", "BioMLP", "connection_cost", "relocate_", "swap_neurons_", "train_bimt"]
