"""Micro-benchmark: K = 64 small MLPs trained as one batched model vs a Python loop.

Prints the speed-up; not a test (timings on shared machines are noisy: compare the
two numbers of one run, not runs with each other).  `make bench`.
"""
import time

import torch

from physai.batched import BatchedConfig, BatchedModels, train_batched
from physai.train import TrainConfig, train

K, STEPS = 64, 200


def make_mlp():
    return torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.Tanh(), torch.nn.Linear(32, 1))


def mse(model, batch):
    x, y = batch
    return ((model(x) - y) ** 2).mean()


def main():
    torch.set_num_threads(1)
    g = torch.Generator().manual_seed(0)
    x = torch.randn(256, 8, generator=g)
    data = (x, torch.sin(x.sum(1, keepdim=True)))
    lrs = torch.logspace(-4, -2, K)
    start = time.perf_counter()
    train_batched(BatchedModels.build(make_mlp, seeds=range(K)), mse, data, BatchedConfig(steps=STEPS), lr=lrs)
    batched = time.perf_counter() - start
    start = time.perf_counter()
    for k in range(K):
        torch.manual_seed(k)
        train(make_mlp(), mse, data, TrainConfig(steps=STEPS, lr=float(lrs[k])))
    loop = time.perf_counter() - start
    print(f"K={K} MLPs (8-32-1), {STEPS} full-batch AdamW steps on 256 points, 1 thread:")
    print(f"  batched {batched:.2f} s | python loop {loop:.2f} s | speed-up {loop / batched:.1f}x")


if __name__ == "__main__":
    main()
