"""The claims notebook 03 tests, declared before the run that decides them (DESIGN.md §4).

Every row is one of the paper's empirical claims.  The exponent rows compare with the
paper's equations evaluated at our Zipf exponent α = 0.5 (every profile's, `config.py`;
the paper's Fig. 3 uses α = 0.4), within ±50 %.
"""
from ..claims import ClaimSpec, Registry, abs_tol, at_least, between, predicate

ALPHA = 0.5  # the paper's α (the original code's `alpha` is α + 1) at every profile
ALPHA_N = ALPHA  # Eq. 4
ALPHA_S = ALPHA / (ALPHA + 1)  # Eqs. 5-6: α_S = α_D
_OFFLINE = "no profile here can run it offline"

CLAIMS = Registry("03_quantization_model", "The quantization model of neural scaling", [
    ClaimSpec("emergence", "paper", "Each subtask's loss drops abruptly while the mean falls smoothly "
              "(median per-subtask abruptness; the mean's)",
              predicate("per subtask ≥ 0.5 and ≥ 2 × mean",
                        lambda v: v["per subtask"] >= 0.5 and v["per subtask"] >= 2 * v["mean"]),
              "abrupt per subtask, smooth mean", "paper", "Fig. 2",
              fails_if="a median per-subtask abruptness below 0.5, or below twice the mean loss's",
              caveat="Audit #21: abruptness is a share of the drop (at most 1 for a falling curve) and the "
                     "±5 % window scores the early-falling mean high (0.78 in the standard run), so "
                     "'≥ 2 × mean' asked for ≥ 1.56 and could not pass; a rule that can pass and fail is "
                     "to replace it."),
    ClaimSpec("order", "paper", "Subtasks are learned in order of frequency (Spearman frequency vs learning step)",
              predicate("≤ −0.8 over ≥ 15 learned", lambda v: v["Spearman"] <= -0.8 and v["learned"] >= 15),
              "strongly negative", "paper", "Sec. 3, Fig. 2",
              fails_if="a Spearman correlation above −0.8 (weak or no ordering by frequency), or fewer than "
                       "15 subtasks learned"),
    ClaimSpec("order-slope", "paper", "Learning step ∝ 1/frequency (log-log slope)", between(-1.3, -0.7),
              -1.0, "paper", "Sec. 3",
              fails_if="A slope near −1/(α+1) = −0.67: subtasks learned one after another at a steady rate "
                       "(step ∝ frequency rank), not after a fixed count of their own samples; or 0."),
    ClaimSpec("alpha-N", "paper", f"Parameter scaling: α_N = α (= {ALPHA:g})",
              between(0.5 * ALPHA_N, 1.5 * ALPHA_N), ALPHA_N, "paper", "Eq. 4 at our α = 0.5, Fig. 3",
              fails_if="α_N well below 0.25: loss nearly flat in width, as when every width is step-limited and learns "
                       "the same frequent subtasks (the window still admits α/(α+1) = 0.33).",
              caveat="Audit #21: the ±50 % window also contains α_S's prediction 0.33, so it cannot tell the "
                     "two laws apart; and widths 128 and 256 are still falling at the 15k steps fitted."),
    ClaimSpec("alpha-S", "paper", "Step scaling: α_S = α/(α+1)",
              between(0.5 * ALPHA_S, 1.5 * ALPHA_S), round(ALPHA_S, 3), "paper", "Eq. 6 at our α = 0.5, Fig. 3",
              fails_if="α_S ≈ 0.57: quanta learned at a steady rate (n ∝ S) inherit the finite tail's own slope, not "
                       "S·p_n = const's 0.38 (asymptotically 0.5, which the window admits).",
              caveat="Audit #21: the ±50 % window also contains α_N's prediction 0.5, so it cannot tell the "
                     "two laws apart."),
    ClaimSpec("alpha-D", "paper", "Data scaling: α_D = α/(α+1)", None, round(ALPHA_S, 3), "paper",
              "Eq. 5 at our α = 0.5, Fig. 3",
              fails_if="a data-scaling exponent unlike α/(α+1) (no rule registered: no profile runs the "
                       "data sweep yet)"),
    ClaimSpec("qdg", "paper", "QDG's gradient clusters recover the known subtasks (adjusted Rand index, |cos|)",
              at_least(0.5), "clusters = quanta", "paper", "Sec. 5",
              fails_if="an adjusted Rand index below 0.5 (clusters that mix the known subtasks; chance is 0)",
              caveat="Audit #21: this scores the |cos| variant; the paper's own similarity, 1 − arccos(C)/π, "
                     "is not scored yet."),
    ClaimSpec("pythia-alpha-N", "paper", "Pythia: mean loss ∝ N^−α_N", abs_tol(0.083, 0.02), 0.083, "paper",
              "Fig. 4", fails_if="a fitted Pythia exponent outside 0.083 ± 0.02"),
    ClaimSpec("pythia-qdg", "paper", "Pythia: QDG clusters are coherent skills with power-law sizes", None,
              "≈ Zipf", "paper", "Sec. 5, Fig. 5",
              fails_if=f"incoherent clusters, or cluster sizes unlike a power law (no rule registered: {_OFFLINE})"),
])
