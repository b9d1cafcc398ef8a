import json
import math

import pytest

from physai import claims as C


@pytest.mark.parametrize("rule, ours, verdict", [
    (C.exact(3), 3, C.REPRODUCED),
    (C.exact(3), 4, C.NOT_REPRODUCED),
    (C.exact([2, 8, 8]), [2, 8, 8], C.REPRODUCED),
    (C.exact([2, 8, 8]), [2, 8, 9], C.PARTLY),
    (C.exact([2, 8, 8]), [1, 7, 9], C.NOT_REPRODUCED),
    (C.rel_tol(10.0, 0.1), 10.9, C.REPRODUCED),
    (C.rel_tol(10.0, 0.1), 11.1, C.NOT_REPRODUCED),
    (C.abs_tol(-1.0, 0.4), -1.3, C.REPRODUCED),
    (C.at_most(60, " s"), 59.0, C.REPRODUCED),
    (C.at_most(60, " s"), 61.0, C.NOT_REPRODUCED),
    (C.at_least(0.9), 0.95, C.REPRODUCED),
    (C.between(0, 1), 1.5, C.NOT_REPRODUCED),
    (C.predicate("looks right", lambda o: C.PARTLY), 0, C.PARTLY),
    (C.at_most(1.0), math.nan, C.NOT_REPRODUCED),
])
def test_rules(rule, ours, verdict):
    assert rule.verdict(ours) == verdict


def _card():
    card = C.Scorecard("99_demo", "Demo paper")
    card.check("a", "three things", 3, "Fig. 1", 3, C.exact(3))
    card.check("b", "fast", 60, "talk", 80.0, C.at_most(60, " s"), reason="slow machine")
    card.not_testable("c", "GPU only", 1.0, "Table 2", "needs a GPU")
    return card


def test_summary_is_stable_text():
    assert _card().summary() == (
        "a: reproduced\nb: not reproduced\nc: not testable here\n"
        "1 reproduced, 1 not reproduced, 1 not testable here")


def test_save_writes_json_where_told(tmp_path, monkeypatch):
    monkeypatch.setenv(C.CLAIMS_ENV, str(tmp_path))
    path = _card().save()
    assert path == tmp_path / "99_demo.json"
    data = json.loads(path.read_text())
    assert [c["verdict"] for c in data["claims"]] == [C.REPRODUCED, C.NOT_REPRODUCED, C.NOT_TESTABLE]
    table = C.load_all(tmp_path)
    assert len(table) == 3 and set(table.notebook) == {"99_demo"}


def test_non_standard_profiles_never_write_the_committed_claims(monkeypatch):
    monkeypatch.delenv(C.CLAIMS_ENV)
    assert "data/claims" in C.Scorecard("06_sid", "x", "standard").path().as_posix()
    assert "_build/claims/smoke" in C.Scorecard("06_sid", "x", "smoke").path().as_posix()


def test_duplicate_ids_and_bad_verdicts_are_errors():
    card = _card()
    with pytest.raises(ValueError, match="duplicate"):
        card.check("a", "again", 1, "", 1, C.exact(1))
    with pytest.raises(ValueError, match="unknown verdict"):
        C.Claim("x", "s", 1, "", 1, "=", "great")


def test_numbers_are_stored_plainly():
    import numpy as np
    card = C.Scorecard("99_demo", "Demo")
    claim = card.check("n", "np scalar", np.float64(1.23456789), "", np.int64(4), C.exact(4))
    assert claim.paper_value == 1.235 and claim.ours == 4 and type(claim.ours) is int


def test_regression_semantics_verdicts_guard_values_do_not(tmp_path):
    """What nbval and `make check-claims` guard: a verdict change, never a number inside tolerance."""
    def card(ours):
        c = C.Scorecard("99_demo", "Demo")
        c.check("speed", "fast", 60, "talk", ours, C.at_most(60, " s"))
        return c

    base, drift, broken = card(20.0), card(35.0), card(75.0)
    assert base.summary() == drift.summary() != broken.summary()
    for name, c in [("committed", base), ("drift", drift), ("broken", broken)]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "99_demo.json").write_text(
            json.dumps({"notebook": c.notebook, "title": c.title, "profile": "standard",
                        "claims": [vars(x) for x in c.claims]}))
    moved = C.compare(tmp_path / "committed", tmp_path / "drift")
    assert moved.value_changed.all() and not moved.verdict_changed.any()
    flipped = C.compare(tmp_path / "committed", tmp_path / "broken")
    assert flipped.verdict_changed.all()
