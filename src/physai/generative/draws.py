"""Random draws for the generative code: made where the generator lives, used where the data live.

Every draw comes from the caller's `torch.Generator` on its own device (the CPU generator,
torch's global one, when none is passed) and is then moved to the device of the data or the
model it perturbs.  So a seed gives the same numbers on every device, and on the CPU the move
is a no-op: the numbers are exactly those of a CPU run.  No draw is made on torch's *default*
device implicitly (tests/test_generative_device.py runs the library with the default device
set to "meta" to catch one that is).
"""
from __future__ import annotations

import torch


def device_of(obj) -> torch.device:
    """The device of a tensor, of a module's first parameter or buffer (CPU if it has none),
    or a device name itself."""
    if isinstance(obj, torch.Tensor):
        return obj.device
    if isinstance(obj, torch.nn.Module):
        for t in obj.parameters():
            return t.device
        for t in obj.buffers():
            return t.device
        return torch.device("cpu")
    return torch.device(obj)


def generator_device(generator: torch.Generator | None) -> torch.device:
    return generator.device if generator is not None else torch.device("cpu")


def randn(*size: int, generator: torch.Generator | None = None, device="cpu",
          dtype: torch.dtype | None = None) -> torch.Tensor:
    """torch.randn drawn on the generator's device, returned on `device`."""
    return torch.randn(*size, generator=generator, device=generator_device(generator), dtype=dtype).to(device)


def rand(*size: int, generator: torch.Generator | None = None, device="cpu",
         dtype: torch.dtype | None = None) -> torch.Tensor:
    """torch.rand drawn on the generator's device, returned on `device`."""
    return torch.rand(*size, generator=generator, device=generator_device(generator), dtype=dtype).to(device)


def randint(high: int, size: tuple[int, ...], generator: torch.Generator | None = None,
            device="cpu") -> torch.Tensor:
    """torch.randint(high, size) drawn on the generator's device, returned on `device`."""
    return torch.randint(high, size, generator=generator, device=generator_device(generator)).to(device)
