"""SID: conservation laws as sparse invariants (Liu et al., Phys. Rev. E 109, 023301, 2024)."""
from .core import SIDResult, discover, jacobian_rank, null_space_by_gap

__all__ = ["SIDResult", "discover", "jacobian_rank", "null_space_by_gap"]
