"""Grokking as representation learning (Liu et al. 2022, arXiv 2205.10343)."""
from .representation import predicted_accuracy, rqi
from .task import AdditionTask

__all__ = ["AdditionTask", "predicted_accuracy", "rqi"]
