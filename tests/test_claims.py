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


ABOVE_NULL = C.predicate("above the null's 95th percentile", lambda o, null: o > null, uses_control=True)

DEMO = C.Registry("99_demo", "Demo paper", [
    C.ClaimSpec("a", "paper", "three things", C.exact(3), 3, "paper", "Fig. 1", fails_if="any count but 3"),
    C.ClaimSpec("b", "speed", "fast", C.at_most(60, " s"), 60, "authors' talk", "talk"),
    C.ClaimSpec("c", "paper", "GPU only", C.at_most(2.0), 1.0, "paper", "Table 2", fails_if="FID above 2"),
    C.ClaimSpec("d", "method", "an identity", C.at_most(1e-6)),
    C.ClaimSpec("e", "paper", "a band", ABOVE_NULL, "a band", "paper", "Fig. 5", control="shuffled labels"),
])


def _card(speed=80.0, identity=1e-9):
    card = DEMO.scorecard()
    card.check("a", 3)
    card.check("b", speed, reason="slow machine")
    card.not_testable("c", "needs a GPU")
    card.check("d", identity)
    card.check("e", 0.9, control=0.5)
    return card


def test_summary_is_stable_text_without_speed_rows():
    assert _card().summary() == (
        "a: reproduced\nc: not testable here\nd: holds\ne: reproduced\n"
        "paper: 2 reproduced, 1 not testable here; method: 1 holds")
    assert _card(speed=20.0).summary() == _card(speed=80.0).summary()
    assert "b: 80" in _card().speed() and "cores" in _card().speed()


def test_method_claims_hold_or_fail():
    assert _card(identity=1e-3).claims[3].verdict == C.FAILS


def _controlled(rule=None):
    return C.Registry("99_x", "x", [C.ClaimSpec("f", "paper", "s", rule or C.at_least(0.5), control="shuffled")])


@pytest.mark.parametrize("ours, control, verdict, control_verdict", [
    (0.9, 0.1, C.REPRODUCED, "fails"),          # the rule rejects the control: the claim stands
    (0.9, 0.98, C.NOT_REPRODUCED, "passes"),    # the control passes too: the run cannot tell
    (0.1, 0.1, C.NOT_REPRODUCED, "fails"),
    (0.9, math.nan, C.NOT_REPRODUCED, "no value"),  # a crashed control shows no power
])
def test_an_absolute_rule_is_applied_to_the_control(ours, control, verdict, control_verdict):
    claim = _controlled().scorecard().check("f", ours, control=control)
    assert (claim.verdict, claim.control_verdict) == (verdict, control_verdict)
    if control_verdict in ("passes", "no value"):
        assert "cannot" in claim.reason


def test_a_control_that_partly_passes_caps_the_claim_at_partly():
    both = C.predicate("both ≥ 0.5", lambda v: C.REPRODUCED if min(v) >= 0.5 else
                       C.PARTLY if max(v) >= 0.5 else C.NOT_REPRODUCED)
    claim = _controlled(both).scorecard().check("f", [0.9, 0.8], control=[0.9, 0.1])
    assert (claim.verdict, claim.control_verdict) == (C.PARTLY, "partly")


def test_a_rule_against_the_control_reads_it_once():
    """A relative rule ("above the null") already uses the control: no self-comparison."""
    above = DEMO.scorecard().check("e", 0.9, control=0.5)
    below = DEMO.scorecard().check("e", 0.4, control=0.5)
    assert above.verdict == C.REPRODUCED and below.verdict == C.NOT_REPRODUCED
    assert above.control_verdict == below.control_verdict == "" and above.control_value == 0.5
    assert DEMO.scorecard().check("e", 0.9, control=math.nan).verdict == C.NOT_REPRODUCED


def test_declared_control_must_be_measured():
    with pytest.raises(ValueError, match="declares a control"):
        DEMO.scorecard().check("e", 0.9)


def test_median_of_seeds_with_spread():
    claim = DEMO.scorecard().check_seeds("a", [3, 3, 4])
    assert claim.ours == 3 and claim.spread == [3, 4] and claim.seeds == 3
    diverged = DEMO.scorecard().check_seeds("a", [3, math.nan, 3])
    assert diverged.verdict == C.NOT_REPRODUCED and diverged.ours is None
    with pytest.raises(ValueError, match="at least 3 seeds"):
        DEMO.scorecard().check_seeds("a", [3, 3])


@pytest.mark.parametrize("kw, match", [
    (dict(kind="big"), "unknown kind"),
    (dict(source="blog"), "unknown source"),
    (dict(source="none", paper_value=3), "needs a source"),
    (dict(where=""), "say where"),
    (dict(fails_if=""), "control or a fails_if"),
])
def test_declarations_are_validated(kw, match):
    args = dict(id="x", kind="paper", statement="s", rule=C.exact(3), paper_value=3, source="paper",
                where="Fig. 1", fails_if="any other count")
    with pytest.raises(ValueError, match=match):
        C.ClaimSpec(**{**args, **kw})


def test_undeclared_duplicate_and_unchecked_claims_are_errors(tmp_path, monkeypatch):
    monkeypatch.setenv(C.CLAIMS_ENV, str(tmp_path))
    card = _card()
    with pytest.raises(KeyError, match="not declared"):
        card.check("zz", 1)
    with pytest.raises(ValueError, match="duplicate"):
        card.check("a", 3)
    partial = DEMO.scorecard()
    partial.check("a", 3)
    with pytest.raises(ValueError, match="never checked: b, c, d, e"):
        partial.save()
    with pytest.raises(ValueError, match="declared twice"):
        C.Registry("99_x", "x", [DEMO["a"], DEMO["a"]])
    with pytest.raises(ValueError, match="unknown verdict"):
        C.Claim("x", "method", "s", 1, "paper", "", 1, "=", C.REPRODUCED)


def test_save_writes_json_where_told(tmp_path, monkeypatch):
    monkeypatch.setenv(C.CLAIMS_ENV, str(tmp_path))
    path = _card().save()
    assert path == tmp_path / "99_demo.json"
    data = json.loads(path.read_text())
    assert [c["verdict"] for c in data["claims"]] == [C.REPRODUCED, C.FAILS, C.NOT_TESTABLE, C.HOLDS, C.REPRODUCED]
    assert [c["kind"] for c in data["claims"]] == ["paper", "speed", "paper", "method", "paper"]
    assert data["claims"][2]["rule"] == "≤ 2", "the declared rule is saved even when not testable"
    assert data["claims"][1]["machine"] and data["claims"][4]["control"] == "shuffled labels"
    table = C.load_all(tmp_path)
    assert len(table) == 5 and set(table.notebook) == {"99_demo"}


def test_only_make_execute_writes_the_committed_claims(monkeypatch):
    """Without $PHYSAI_CLAIMS_DIR (a notebook run by hand) no profile touches data/claims/."""
    monkeypatch.delenv(C.CLAIMS_ENV, raising=False)
    assert "_build/claims/standard" in C.Scorecard(DEMO, "standard").path().as_posix()
    assert "_build/claims/smoke" in C.Scorecard(DEMO, "smoke").path().as_posix()


def test_numbers_are_stored_plainly():
    import numpy as np
    card = C.Registry("99_demo", "Demo", [C.ClaimSpec("n", "ours", "np scalar", C.exact(4))]).scorecard()
    claim = card.check("n", np.int64(4), reason="")
    assert claim.ours == 4 and type(claim.ours) is int and claim.verdict == C.HOLDS


def _write(folder, card):
    folder.mkdir()
    (folder / f"{card.notebook}.json").write_text(json.dumps(
        {"notebook": card.notebook, "title": card.title, "profile": "standard", "claims": [vars(x) for x in card.claims]}))


def test_compare_guards_verdicts_rules_and_the_set_of_claims(tmp_path):
    """What `make check-claims` fails on: a changed verdict or rule, a claim added or removed.

    A number that moves inside its tolerance, or a time on a busier machine, fails nothing.
    """
    base = _card(speed=20.0)
    _write(tmp_path / "committed", base)
    _write(tmp_path / "drift", _card(speed=75.0))  # a speed row flips: a benchmark matter
    _write(tmp_path / "broken", _card(identity=1.0))
    smaller = C.Registry("99_demo", "Demo paper", [DEMO["a"], DEMO["b"], DEMO["c"], DEMO["d"], DEMO["e"],
                                                   C.ClaimSpec("g", "ours", "new", C.exact(1))]).scorecard()
    for i, value in zip("abde", [3, 20.0, 1e-9, 0.9]):
        smaller.check(i, value, control=0.5 if i == "e" else None)
    smaller.not_testable("c", "needs a GPU")
    smaller.check("g", 1)
    smaller.claims = [c for c in smaller.claims if c.id != "a"]  # a dropped, g added
    _write(tmp_path / "reshaped", smaller)
    rewritten = _card(speed=20.0)
    rewritten.claims[0].rule = "= 4"
    _write(tmp_path / "rewritten", rewritten)

    drift = C.compare(tmp_path / "committed", tmp_path / "drift")
    assert C.failures(drift) == 0 and drift.value_changed.sum() == 1
    broken = C.compare(tmp_path / "committed", tmp_path / "broken")
    assert C.failures(broken) == 1 and broken.set_index("id").change["d"] == "verdict"
    reshaped = C.compare(tmp_path / "committed", tmp_path / "reshaped").set_index("id")
    assert C.failures(reshaped.reset_index()) == 2
    assert reshaped.change["a"] == "removed" and reshaped.change["g"] == "added"
    rule = C.compare(tmp_path / "committed", tmp_path / "rewritten").set_index("id")
    assert rule.change["a"] == "rule" and C.failures(rule.reset_index()) == 1

    relabelled = _card(speed=20.0)
    relabelled.claims[0].kind = "ours"  # out of the reproduction rate: a declaration change
    relabelled.claims[0].verdict = C.HOLDS
    relabelled.claims[1].kind, relabelled.claims[1].verdict = "paper", C.NOT_REPRODUCED  # speed -> paper
    relabelled.claims[3].caveat = "a new caveat"  # wording only
    _write(tmp_path / "relabelled", relabelled)
    moved = C.compare(tmp_path / "committed", tmp_path / "relabelled").set_index("id")
    assert moved.declaration_changed["a"] and moved.verdict_changed["b"] and moved.change["d"] == "text"
    assert C.failures(moved.reset_index()) == 2


def test_headline_is_computed_from_the_scorecards(tmp_path, monkeypatch):
    monkeypatch.setenv(C.CLAIMS_ENV, str(tmp_path))
    _card().save()
    assert C.headline(tmp_path) == ("2 of 3 paper claims reproduced (0 of them with a caveat on the test; "
                                    "0 partly, 0 not reproduced, 1 not testable here); 1 of 1 method checks hold")
    assert C.headline(tmp_path / "empty").startswith("0 of 0 paper claims")


def test_unknown_registry_names_the_known_ones():
    with pytest.raises(ValueError, match="known: 01_grokking"):
        C.registry("42_nothing")


def test_check_claims_report_fails_on_a_dropped_claim(tmp_path, capsys):
    from physai.execute import report_claims
    _write(tmp_path / "committed", _card())
    dropped = _card()
    dropped.claims = dropped.claims[1:]
    _write(tmp_path / "fresh", dropped)
    assert report_claims(tmp_path / "committed", tmp_path / "fresh") == 1
    out = capsys.readouterr().out
    assert "removed" in out and "1 failure(s)" in out
    assert report_claims(tmp_path / "committed", tmp_path / "committed") == 0
