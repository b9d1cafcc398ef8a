"""The claims notebook 05 tests, declared before the run that decides them (DESIGN.md §4).

GS and DI are compared with the paper's checkpoints (Sec. 4.3), thresholds set around
them before measuring.  The phase-diagram references are not numbers the paper prints:
they are the shares of pizzas in the authors' released run tables (d = 128), read from
the original repository.
"""
from ..claims import ClaimSpec, Registry, at_least, at_most, predicate

_TABLES = "authors' released run tables (result/1l_*.csv in fjzzq2002/pizza), d = 128"
_EARLY = "Audit #22: decided by runs stopped at 1 200 steps although the scores are still moving: "

CLAIMS = Registry("05_clock_pizza", "The clock and the pizza: two algorithms for modular addition", [
    ClaimSpec("accuracy", "paper", "Both models learn modular addition (test accuracy)",
              predicate("both ≥ 0.99", lambda v: min(v.values()) >= 0.99), "100 %", "paper", "Sec. 3",
              fails_if="Either model memorising without generalising below 0.99 test accuracy — as this grid's "
                       "width-32 clock does (0.943; under 94 % even at 3,000 steps)."),
    ClaimSpec("gs-pizza", "paper", "Model B (α = 0) has symmetric gradients (GS)", at_least(0.98), 0.9937, "paper",
              "Sec. 4.3", fails_if="Model B's GS below 0.98, toward a clock's (Model A: 0.26) — possible since the "
                                   "last position's residual carries E_b alone, not only E_a + E_b."),
    ClaimSpec("di-pizza", "paper", "Model B's correct logit depends on a − b (DI)", at_most(0.3), 0.1717, "paper",
              "Sec. 4.3", fails_if="Model B's DI near a clock's (Model A: 0.87): a correct logit that ignores a − b — "
                                   "our 1,200-step pizza, at 0.71, is that outcome.",
              caveat=_EARLY + "pizzas' DI falls to 0.45–0.60 by 3 000 steps (three seeds); and ≤ 0.3 is stricter "
                     "than the authors' own runs (pizzas: median DI 0.35, interquartile range 0.19–0.66)."),
    ClaimSpec("gs-clock", "paper", "Model A (α = 1) has asymmetric gradients (GS)", at_most(0.6), 0.3336, "paper",
              "Sec. 4.3", fails_if="Model A's gradients nearly as symmetric as a pizza's (GS above 0.6; Model B 0.99): "
                                   "softmax attention left near-uniform, or an unsettled clock (0.72–0.84 at step 500, "
                                   "p = 59)."),
    ClaimSpec("di-clock", "paper", "Model A's correct logit ignores a − b (DI)", at_least(0.6), 0.8483, "paper",
              "Sec. 4.3", fails_if="Model A's correct logit varying with a − b like a pizza's (DI below 0.6; paper's "
                                   "pizza 0.17) — nearly seen: our clock's DI falls to 0.60–0.63 in longer runs.",
              caveat=_EARLY + "the clock's DI decays too (0.87 → 0.60 by 3 000 steps), so at p = 31 DI "
                     "separates the two algorithms poorly."),
    ClaimSpec("circularity", "paper", "Both embeddings lie on circles (circularity)",
              predicate("both > 0.95", lambda v: min(v.values()) > 0.95), "high for both", "paper", "App. C",
              fails_if="An embedding off circles — a random one scores ≈ 0.22 on this metric at p = 31 — or circles "
                       "still forming (Model B: 0.954, just above the cut)."),
    ClaimSpec("q-pizza", "paper", "The pizza template explains Model B's logits (Q_pizza, leading circle)",
              at_least(0.98), "≈ 98 %", "paper", "Table 1",
              fails_if="Model B's Q_pizza no better than a clock's (Model A's leading circle: 0.74) — our 1,200-step "
                       "pizza, at 0.73, is that outcome (0.93 by 6,000 steps).",
              caveat=_EARLY + "Model B's Q_pizza reaches 0.93 in the 6 000-step continuation, and 0.82–0.95 "
                     "over three seeds at 3 000 steps."),
    ClaimSpec("q-clock", "paper",
              "The clock template explains Model A's logits better than the pizza's (leading circle)",
              predicate("Q_clock > Q_pizza", lambda v: v["Q_clock"] > v["Q_pizza"]), "clock", "paper", "Table 1",
              fails_if="Model A explained better by the pizza template, as Model B is (Q_pizza 0.73 > Q_clock 0.52): "
                       "an α = 1 model that learned a pizza."),
    ClaimSpec("phase-low", "paper", "Every run with α ≤ 0.4 is a pizza (share with GS > 0.98)", at_least(1.0),
              "100 % (α ≤ 0.3), 99 % (0.3–0.5)", "original code, measured", _TABLES,
              fails_if="A run at α ≤ 0.4 with GS ≤ 0.98: a clock where the paper has pizzas, or an unsettled pizza "
                       "like width 32, α = 0.4 here (0.964).",
              caveat="Audit #22: the d = 32 cells are under-trained at 1 200 steps (3 runs below 99 % test "
                     "accuracy) and α = 0.2 sits on the 0.980 cut."),
    ClaimSpec("phase-high", "paper", "Runs with α ≥ 0.8 are not pizzas (share with GS > 0.98)", at_most(0.05),
              "0.2 % (α 0.7–0.9)", "original code, measured", _TABLES,
              fails_if="Any of the four α ≥ 0.8 runs a pizza (GS > 0.98): attention rate not selecting the algorithm, "
                       "every model adding E_a + E_b as Model B does."),
    ClaimSpec("transition", "paper", "The pizza → clock transition lies between α = 0.4 and 0.9 at every width",
              predicate("every width in [0.4, 0.9]", lambda v: all(0.4 <= r <= 0.9 for r in v.values())),
              "0.5–0.7", "original code, measured", _TABLES,
              fails_if="A width whose GS crosses 0.98 below α = 0.4 (width 32: 0.18 here) or nowhere — clocks from "
                       "α = 0, or pizzas up to α = 1.",
              caveat="Audit #22: decided by the under-trained d = 32 cells (3 runs below 99 % test accuracy "
                     "at 1 200 steps)."),
    ClaimSpec("width", "paper", "Wider models stay pizzas to larger α",
              predicate("widest > narrowest", lambda v: list(v.values())[1] > list(v.values())[0]),
              "increases", "paper", "Fig. 6",
              fails_if="No rise of the transition with width, as the authors' own tables show below d = 128 (pizzas at "
                       "α 0.5–0.7: 15 % for d 32–64, 9 % for 65–128)."),
    ClaimSpec("non-circular", "paper", "Non-circular algorithms and accompanying pizzas", None, "Secs. 5–6", "paper",
              "Secs. 5–6", fails_if="The paper's linear-layer and deeper models, trained to 100 %, showing only "
                                    "circular clocks or pizzas — no non-circular algorithm, no accompanying pizza."),
])
