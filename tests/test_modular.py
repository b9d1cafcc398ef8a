"""The core's tables, transformer and circles (physai.modular): known answers."""
import numpy as np
import pytest
import torch

from physai.modular import (ModAddTransformer, addition_split, circle_frequency, circularity, frequency_power,
                            s4_split, table_split, train_transformers)

P = 13


def test_model_shapes_and_the_attention_rate():
    torch.manual_seed(0)
    clock, pizza = ModAddTransformer(P, 32, 4, attn_rate=1.0), ModAddTransformer(P, 32, 4, attn_rate=0.0)
    tokens = torch.tensor([[1, 2], [3, 4]])
    assert clock(tokens).shape == (2, P) and clock.correct_logits().shape == (P, P)
    pizza.load_state_dict(clock.state_dict())
    assert pizza.attn_rate.item() == 1.0  # α is a buffer: stacked models can each have their own
    pizza.attn_rate.fill_(0.0)  # same weights, only the attention rate differs
    assert not torch.allclose(pizza(tokens), clock(tokens))
    correct = clock.correct_logits()
    assert correct[1, 2].item() == pytest.approx(clock(tokens)[0, 3].item(), abs=1e-6)  # [a, b]: logit of a + b
    with pytest.raises(ValueError, match="multiple"):
        ModAddTransformer(P, 30, 4)

def textbook_logits(model: ModAddTransformer, e: torch.Tensor) -> torch.Tensor:
    """The transformer as the original writes it: einsums over both positions and all heads,
    the α-interpolated attention for every query, the MLP on every position, the last read."""
    x = e + model.W_pos
    q, k, v = (torch.einsum("hed,bpd->bhpe", W, x) for W in (model.W_Q, model.W_K, model.W_V))
    scores = torch.einsum("bhqe,bhke->bhqk", q, k) / (model.d // model.h) ** 0.5
    attn = model.attn_rate * torch.softmax(scores, dim=-1) + (1 - model.attn_rate)
    z = torch.einsum("bhqk,bhke->bqhe", attn, v).flatten(2)
    h = x + z @ model.W_O.T
    h = h + torch.relu(h @ model.W_in.T + model.b_in) @ model.W_out.T + model.b_out
    return h[:, -1] @ model.W_U


@pytest.mark.parametrize("rate", [0.0, 0.3, 1.0])
def test_the_fast_forward_is_the_textbook_transformer(rate):
    """Vocabulary tables, one-hot picks and elementwise two-key attention (issue 20) give the
    textbook formulation's logits and gradients, from tokens and from embeddings (GS)."""
    torch.manual_seed(1)
    model = ModAddTransformer(P, 32, 4, attn_rate=rate)
    tokens = addition_split(P, 0.5).x_train
    reference = textbook_logits(model, model.embed(tokens))
    for logits in (model(tokens), model.forward_from_embeddings(model.embed(tokens))):
        torch.testing.assert_close(logits, reference, atol=1e-5, rtol=1e-5)
    target = torch.randn_like(reference)
    fast = torch.autograd.grad((model(tokens) * target).sum(), list(model.parameters()))
    slow = torch.autograd.grad((reference * target).sum(), list(model.parameters()))
    for name, g_fast, g_slow in zip([n for n, _ in model.named_parameters()], fast, slow):
        torch.testing.assert_close(g_fast, g_slow, atol=1e-5, rtol=1e-4, msg=name)


def test_bf16_training_runs_the_matmuls_in_bf16_and_keeps_fp32_weights():
    split = addition_split(P, 0.8)
    fp32, h32 = train_transformers(split, 32, [1.0], [0], steps=40, log_every=20)
    bf16, h16 = train_transformers(split, 32, [1.0], [0], steps=40, log_every=20, precision="bf16")
    assert all(p.dtype == torch.float32 for p in bf16.params.values())
    loss32, loss16 = h32.loss.iloc[-1], h16.loss.iloc[-1]
    assert loss16 != loss32 and abs(loss16 - loss32) < 0.05 * loss32  # rounded, but the same training
    with pytest.raises(ValueError, match="fp32"):
        train_transformers(split, 32, [1.0], [0], steps=1, precision="half")


def test_frequency_power_finds_a_pure_cosine_at_any_phase():
    a = np.arange(P)
    power = frequency_power(np.cos(2 * np.pi * 4 * a / P + 0.7))
    assert power.argmax() + 1 == 4 and power.max() == pytest.approx(1, abs=1e-12)
    assert power.sum() == pytest.approx(1, abs=1e-12)

def test_embeddings_on_circles_have_circularity_one_and_noise_does_not():
    a = np.arange(59)
    rng = np.random.default_rng(1)
    circles = np.stack([np.cos(2 * np.pi * 5 * a / 59), np.sin(2 * np.pi * 5 * a / 59),
                        0.5 * np.cos(2 * np.pi * 17 * a / 59), 0.5 * np.sin(2 * np.pi * 17 * a / 59)], 1)
    W_E = circles @ np.linalg.qr(rng.normal(size=(32, 4)))[0].T  # rotated into 32 dimensions
    assert circularity(W_E) == pytest.approx(1, abs=1e-9)
    assert circle_frequency(circles[:, :2] @ rng.normal(size=(2, 2))) == 5
    assert circularity(rng.normal(size=(59, 32))) < 0.3

def test_the_split_covers_every_pair_once_with_correct_labels():
    split = addition_split(11, 0.8, seed=3)
    x = torch.cat([split.x_train, split.x_test])
    assert len(split.x_train) == int(0.8 * 121) and len({tuple(r) for r in x.tolist()}) == 121
    assert torch.equal(torch.cat([split.y_train, split.y_test]), (x[:, 0] + x[:, 1]) % 11)
    with pytest.raises(ValueError, match="train_fraction"):
        addition_split(11, 1.0)

def test_s4_table_is_a_group():
    split = s4_split(0.8, seed=0)
    x = torch.cat([split.x_train, split.x_test])
    y = torch.cat([split.y_train, split.y_test])
    table = torch.empty(24, 24, dtype=torch.long)
    table[x[:, 0], x[:, 1]] = y
    assert len(split.x_train) == int(0.8 * 576) and len(x) == 576
    for row in (table, table.T):  # a Latin square: every product once per row and column
        assert all(sorted(r.tolist()) == list(range(24)) for r in row)
    identity = [e for e in range(24) if table[e].tolist() == list(range(24))]
    assert identity == [0] and table[:, 0].tolist() == list(range(24))
    g = torch.arange(24)
    for a, b in ((3, 7), (11, 20), (5, 5)):  # associativity on a few triples, against every c
        assert torch.equal(table[table[a, b], g], table[a, table[b, g]])


def test_a_table_split_is_any_operation_and_checks_its_fraction():
    split = table_split(5, lambda x: x[:, 0] * x[:, 1] % 5, 0.6, seed=1)
    assert split.n == 5 and len(split.x_train) == 15 and len(split.x_test) == 10
    assert torch.equal(split.y_test, split.x_test[:, 0] * split.x_test[:, 1] % 5)
    with pytest.raises(ValueError, match="train_fraction"):
        s4_split(0.0)


def test_stacked_transformers_log_accuracies_and_their_settings():
    split = addition_split(7, 0.8)
    models, history = train_transformers(split, 8, [0.0, 1.0], [0, 1], steps=20, log_every=10)
    assert set(history.attn_rate) == {0.0, 1.0} and history.step.max() == 20 and set(history.d_model) == {8}
    assert models.buffers["attn_rate"].tolist() == [0.0, 1.0]
    assert history[["train_acc", "test_acc"]].stack().between(0, 1).all()
    with pytest.raises(ValueError, match="one seed per attention rate"):
        train_transformers(split, 8, [0.0, 1.0], [0], steps=1)
