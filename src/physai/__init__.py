"""physai: the shared library of an executable book replicating nine papers.

The house (tests/test_architecture.py keeps it):

- the core — `profiles`, `runtime`, `train` (the one loop, minibatches, optimizers, EMA),
  `batched` (many small models as one stacked model), `sweep` (grids, chunked and cached,
  in-process / processes / Ray), `claims` (declared claims, scorecards), `fits`, `modular`
  (modular-arithmetic and group tables, the one-layer transformer, embedding circles),
  `datasets`, `plotting`, `execute`;
- one subpackage per paper — `grokking`, `omnigrok`, `quantization`, `bimt`, `clockpizza`,
  `sid` — importing the core only;
- `generative`, what PFGM, PFGM++ and GenPhys share, with `generative.pfgm`,
  `generative.pfgmpp` and `generative.genphys` inside, importing the core and `generative`
  only.

Imports point one way: core <- papers, generative <- pfgm, pfgmpp, genphys; a paper never
imports another, and what two papers share moves into the core.
"""
