"""The generative code (notebooks 07–09) keeps every tensor on the device of its inputs (issue 24).

There is no GPU here, so the first two tests make a tensor on the wrong device *fail* on the CPU,
using "meta", a device whose tensors have shapes but no data:

1. `test_nothing_is_made_on_an_implicit_device`: while the library runs, every tensor that
   physai.generative code creates without naming a device (torch.randn(n) in a loss,
   torch.zeros(n, N) for a prior, torch.tensor(σ) in a drift, torch.as_tensor(numpy) ...)
   is made on "meta" instead of the CPU: the analogue of a GPU run, where such a tensor
   would land on the CPU beside CUDA data.  Inputs, models and generators are on the CPU,
   so it raises as soon as it meets them ("Tensor on device meta is not on the expected
   device cpu"), or when read (.item(), .numpy(): "no data").  torch's own internals
   (nn.Linear, Adam) and the core (physai.train, physai.batched, which keep some bookkeeping
   on the CPU on purpose) keep the CPU default.  The calls train PFGM, its EDM baseline, a
   PFGM++ family and Yukawa models for a few steps, sample with every sampler (RK45
   included), and score the samples, as notebooks 07–09 do.
2. `test_draws_follow_the_inputs_device`: the other mistake, a draw hard-coded to the CPU and
   never moved to the data's device, cannot show with CPU data; so the pure-torch pieces
   (losses, perturbations, priors, samplers) run with their inputs and models *on* "meta",
   and their outputs must be on "meta" too (a CPU tensor mixed in raises, one returned fails
   the device assertion).  Pieces that read values (the PFGM++ and Yukawa kernels check σ
   and z, RK45 runs in scipy) cannot run on "meta"; the first test covers them.

A third test checks that drawing on the generator's device and moving is exactly a plain
CPU draw there, so on the CPU no number changed.
"""
from __future__ import annotations

import math
import sys

import pytest
import torch
from torch.overrides import TorchFunctionMode
from torch.utils._device import _device_constructors

from physai import profiles
from physai.generative import data, draws, edm, field, kernels, metrics, pipeline
from physai.generative.genphys import experiments as ge, yukawa
from physai.generative.pfgm import experiments as pfx, model as pfgm
from physai.generative.pfgmpp import experiments as ppx, model as pfgmpp

META = torch.device("meta")


class ImplicitDeviceIsMeta(TorchFunctionMode):
    """Tensor constructors called from physai.generative without a `device` make it on "meta"."""

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = dict(kwargs or {})
        if func in _device_constructors() and kwargs.get("device") is None:
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.startswith("physai.generative"):
                kwargs["device"] = META
        return func(*args, **kwargs)


@pytest.fixture(scope="module")
def small() -> data.ImageData:
    d = data.digits()
    return data.ImageData(d.train[:300], d.test[:120], d.train_labels[:300], d.test_labels[:120], d.shape)


def _on_cpu(*tensors):
    for t in tensors:
        assert t.device.type == "cpu", t.device
        assert torch.isfinite(t).all()


def test_the_guard_catches_an_implicit_tensor():
    """The mode does what the docstring says: an implicit constructor in physai code is caught."""
    as_if_in_physai = {"torch": torch, "__name__": "physai.generative.example"}
    with ImplicitDeviceIsMeta():
        assert torch.randn(2).device.type == "cpu"  # this module is not physai: untouched
        assert eval("torch.randn(2, device='cpu')", as_if_in_physai).device.type == "cpu"
        assert eval("torch.randn(2)", as_if_in_physai).device == META
        with pytest.raises(RuntimeError, match="meta"):  # the pre-issue-24 edm.gaussian_noise, on CPU data
            eval("y + torch.randn(y.shape)", {**as_if_in_physai, "y": torch.ones(4, 3, device="cpu")})


def test_nothing_is_made_on_an_implicit_device(small):
    d = small
    g = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    with ImplicitDeviceIsMeta():
        cfg7 = profiles.load("07_pfgm", "smoke", steps=3, width=16, batch_size=32)
        pf, hyper = pfx.train_pfgm(d, cfg7)
        df = pfx.train_diffusion(d, cfg7)
        assert not pf.history.attrs["diverged"] and not df.history.attrs["diverged"]
        for t in (pf, df):
            assert {p.device.type for p in t.model.parameters()} == {"cpu"}
        features = metrics.ClassifierFeatures(d.train, d.train_labels, max_iter=5)
        runs = [("PFGM", "Euler", lambda: pfgm.sample(pf.model, 20, hyper, solver="euler", steps=3, generator=g())),
                ("PFGM", "RK45", lambda: pfgm.sample(pf.model, 5, hyper, solver="rk45", max_nfe=50, z_exp=2.2,
                                                     generator=g())),
                ("EDM", "Heun", lambda: edm.sample(df.model, 20, steps=3, generator=g())),
                ("VP-SDE", "EM", lambda: edm.sample_vp(df.model, 20, steps=3, generator=g())),
                ("VP-ODE", "Euler", lambda: edm.sample_vp(df.model, 20, steps=3, stochastic=False, generator=g()))]
        table, samples = pipeline.quality_table(runs, d, features)
        for (method, _, _), x in samples.items():
            assert x.device.type == "cpu"
            if method != "PFGM":  # an untrained PFGM's RK45 may stop at max_nfe with NaNs, by design
                _on_cpu(x)
        metrics.memorisation_ratio(samples["EDM", "Heun", 5], d.train, d.test)
        cos = pfx.batch_field_cosine(d.train, hyper, [4, 16], 8, [0.0, 10.0])
        assert cos.cosine.notna().all()
        charges, traced, ks = pfx.field_line_demo(4, 8, [2, 4])
        _on_cpu(charges, traced["paths"])

        cfg8 = profiles.load("08_pfgmpp", "smoke", steps=3, width=16, batch_size=32, n_samples=20, steps_clean=3,
                             few_steps=[2], bits=[4], alphas=[0.5])
        denoisers, history, _ = ppx.train_family(d, [4, math.inf], [0], cfg8)
        assert history.loss.notna().all()
        table8, clean = ppx.robustness(denoisers, d, features, cfg8)
        _on_cpu(*clean.values())
        assert ppx.kernel_checks(8, [1, math.inf], 1.0, 200).ks.notna().all()
        y = d.train.double()
        _on_cpu(pfgmpp.optimal_denoiser(y[:5], 0.5, y, 4), pfgmpp.optimal_denoiser(y[:5], 0.5, y, math.inf))

        cfg9 = profiles.load("09_genphys", "smoke", steps=3, width=16, batch_size=32, n_samples=20, sample_steps=3)
        toy = ge.moons(200)
        toy_model = ge.train_yukawa(toy, 1.0, 16, cfg9)
        zs, snaps = ge.trajectory(toy_model.model, 20, cfg9.toy_z_max, 1.0, 3)
        _on_cpu(*snaps)
        models = {m: ge.train_yukawa(d.train, m, 16, cfg9) for m in (0.0, 1.0)}
        table9, digit_samples = ge.digits_quality(models, d, features, cfg9)
        _on_cpu(*digit_samples.values())
        ge.posterior_balance(d.train[:50], d.train_labels[:50], [0.0, 1.0], cfg9.z_max, 10, 3, features)
        ge.posterior_toy_sweep(toy, [0.0, 1.0], cfg9.toy_z_max, 50, 10, 3)
        _on_cpu(yukawa.perturb(torch.zeros(10, 2), 1.0, 0.5, g()))


def test_draws_follow_the_inputs_device():
    torch.manual_seed(0)
    y = torch.randn(16, 8).to(META)
    g = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    den = edm.Denoiser(8, 16, 2).to(META)
    net = pfgm.PFGMNet(8, 16, 2).to(META)
    hyper = pfgm.hyperparameters(2.0, 8)
    outputs = {
        "edm.loss": edm.loss(den, y, generator=g()),
        "pfgm.perturb": pfgm.perturb(y, hyper, generator=g()),
        "pfgm.loss": pfgm.loss(net, y, y, hyper, 5.0, g()),
        "pfgm.sample_prior": pfgm.sample_prior(4, 8, hyper, g(), device=META),
        "pfgm.sample (heun)": pfgm.sample(net, 4, hyper, steps=2, generator=g())[0],
        "edm.sample (heun)": edm.sample(den, 4, steps=2, generator=g())[0],
        "edm.sample_vp (SDE)": edm.sample_vp(den, 4, steps=3, generator=g())[0],
        "edm.sample_vp (ODE)": edm.sample_vp(den, 4, steps=3, stochastic=False, generator=g())[0],
        "edm.sample_sigma": edm.sample_sigma(4, g(), META),
        "kernels.uniform_directions": kernels.uniform_directions(4, 8, g(), device=META),
        "kernels.sample_radius": kernels.sample_radius(4, 8, 4, torch.ones(4, device=META), g()),
        "field.augment": field.augment(y, 0.5),
        "field.normalized_field": field.normalized_field(field.augment(y, 0.5), y, 5.0),
        "yukawa.Denoiser": yukawa.Denoiser(8, 1.0, 16, 2).to(META)(y, 0.5),
        "draws.randn": draws.randn(3, generator=g(), device=META),
    }
    wrong = {name: str(t.device) for name, t in outputs.items() if t.device != META}
    assert not wrong, f"outputs not on the inputs' device: {wrong}"


def test_draws_are_the_plain_cpu_draws():
    """On the CPU, drawing on the generator's device then moving changes no number."""
    a = draws.randn(5, 3, generator=torch.Generator().manual_seed(1))
    b = torch.randn(5, 3, generator=torch.Generator().manual_seed(1))
    assert torch.equal(a, b)
    assert torch.equal(draws.randint(10, (6,), generator=torch.Generator().manual_seed(2)),
                       torch.randint(10, (6,), generator=torch.Generator().manual_seed(2)))
    torch.manual_seed(3)
    a = draws.rand(4)
    torch.manual_seed(3)
    assert torch.equal(a, torch.rand(4))
