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
              fails_if="either model below 0.99 test accuracy"),
    ClaimSpec("gs-pizza", "paper", "Model B (α = 0) has symmetric gradients (GS)", at_least(0.98), 0.9937, "paper",
              "Sec. 4.3", fails_if="Model B's gradient symmetricity below 0.98"),
    ClaimSpec("di-pizza", "paper", "Model B's correct logit depends on a − b (DI)", at_most(0.3), 0.1717, "paper",
              "Sec. 4.3", fails_if="Model B's distance irrelevance above 0.3",
              caveat=_EARLY + "pizzas' DI falls to 0.45–0.60 by 3 000 steps (three seeds); and ≤ 0.3 is stricter "
                     "than the authors' own runs (pizzas: median DI 0.35, interquartile range 0.19–0.66)."),
    ClaimSpec("gs-clock", "paper", "Model A (α = 1) has asymmetric gradients (GS)", at_most(0.6), 0.3336, "paper",
              "Sec. 4.3", fails_if="Model A's gradient symmetricity above 0.6"),
    ClaimSpec("di-clock", "paper", "Model A's correct logit ignores a − b (DI)", at_least(0.6), 0.8483, "paper",
              "Sec. 4.3", fails_if="Model A's distance irrelevance below 0.6",
              caveat=_EARLY + "the clock's DI decays too (0.87 → 0.60 by 3 000 steps), so at p = 31 DI "
                     "separates the two algorithms poorly."),
    ClaimSpec("circularity", "paper", "Both embeddings lie on circles (circularity)",
              predicate("both > 0.95", lambda v: min(v.values()) > 0.95), "high for both", "paper", "App. C",
              fails_if="either model's circularity at or below 0.95"),
    ClaimSpec("q-pizza", "paper", "The pizza template explains Model B's logits (Q_pizza, leading circle)",
              at_least(0.98), "≈ 98 %", "paper", "Table 1",
              fails_if="Model B's Q_pizza below 0.98 on its leading circle",
              caveat=_EARLY + "Model B's Q_pizza reaches 0.93 in the 6 000-step continuation, and 0.82–0.95 "
                     "over three seeds at 3 000 steps."),
    ClaimSpec("q-clock", "paper",
              "The clock template explains Model A's logits better than the pizza's (leading circle)",
              predicate("Q_clock > Q_pizza", lambda v: v["Q_clock"] > v["Q_pizza"]), "clock", "paper", "Table 1",
              fails_if="Model A's Q_pizza at least as high as its Q_clock on the leading circle"),
    ClaimSpec("phase-low", "paper", "Every run with α ≤ 0.4 is a pizza (share with GS > 0.98)", at_least(1.0),
              "100 % (α ≤ 0.3), 99 % (0.3–0.5)", "original code, measured", _TABLES,
              fails_if="any run with α ≤ 0.4 whose GS is not above 0.98",
              caveat="Audit #22: the d = 32 cells are under-trained at 1 200 steps (3 runs below 99 % test "
                     "accuracy) and α = 0.2 sits on the 0.980 cut."),
    ClaimSpec("phase-high", "paper", "Runs with α ≥ 0.8 are not pizzas (share with GS > 0.98)", at_most(0.05),
              "0.2 % (α 0.7–0.9)", "original code, measured", _TABLES,
              fails_if="more than 5 % of the runs with α ≥ 0.8 above the GS cut"),
    ClaimSpec("transition", "paper", "The pizza → clock transition lies between α = 0.4 and 0.9 at every width",
              predicate("every width in [0.4, 0.9]", lambda v: all(0.4 <= r <= 0.9 for r in v.values())),
              "0.5–0.7", "original code, measured", _TABLES,
              fails_if="a width whose transition lies below α = 0.4 or above 0.9",
              caveat="Audit #22: decided by the under-trained d = 32 cells (3 runs below 99 % test accuracy "
                     "at 1 200 steps)."),
    ClaimSpec("width", "paper", "Wider models stay pizzas to larger α",
              predicate("widest > narrowest", lambda v: list(v.values())[1] > list(v.values())[0]),
              "increases", "paper", "Fig. 6",
              fails_if="the widest model's transition at or below the narrowest's"),
    ClaimSpec("non-circular", "paper", "Non-circular algorithms and accompanying pizzas", None, "Secs. 5–6", "paper",
              "Secs. 5–6", fails_if="no non-circular algorithm or accompanying pizza found (not built here)"),
])
