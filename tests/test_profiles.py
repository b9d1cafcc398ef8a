import pytest

from physai import profiles
from physai.execute import landed


def test_load_standard_sid():
    cfg = profiles.load("06_sid", "standard")
    assert cfg.profile == "standard" and cfg.notebook == "06_sid"
    assert ("fluid3d", 3, 4000) in cfg.cases


@pytest.mark.parametrize("alias", ["06", 6, "sid", "06_sid"])
def test_notebook_aliases(alias):
    assert profiles.resolve_notebook(alias) == "06_sid"


def test_unknown_profile_lists_valid_values():
    with pytest.raises(ValueError, match="smoke, standard, paper"):
        profiles.load("06_sid", "fast")


def test_unknown_notebook_lists_valid_values():
    with pytest.raises(ValueError, match="06_sid"):
        profiles.load("10_nope")


def test_notebook_not_landed_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(profiles.NOTEBOOKS, "99_future", "physai.future_paper.config")  # no such module
    with pytest.raises(ValueError, match="not landed"):
        profiles.load("99_future")


def test_environment_overrides_the_default(monkeypatch):
    monkeypatch.setenv("PHYSAI_PROFILE", "smoke")
    assert profiles.load("06_sid", "standard").profile == "smoke"
    monkeypatch.setenv("PHYSAI_PROFILE", "huge")
    with pytest.raises(ValueError, match=r"\$PHYSAI_PROFILE"):
        profiles.resolve_profile("standard")


def test_a_profile_asked_for_that_disagrees_with_the_environment_is_refused(monkeypatch):
    """Issue 24: two channels, one answer.  The variable overrides the notebook's default
    only; papermill's -p profile paper against PHYSAI_PROFILE=smoke is an error."""
    monkeypatch.setenv("PHYSAI_PROFILE", "smoke")
    with pytest.raises(ValueError, match=r"'paper' and \$PHYSAI_PROFILE='smoke' disagree"):
        profiles.resolve_profile("paper")
    assert profiles.resolve_profile("smoke") == "smoke" and profiles.resolve_profile(None) == "smoke"


def test_overrides_change_one_parameter_and_reject_unknown_ones():
    cfg = profiles.load("06_sid", "smoke", trajectory_time=0.1)
    assert cfg.trajectory_time == 0.1
    with pytest.raises(ValueError, match="valid"):
        profiles.load("06_sid", "smoke", n_pointz=3)
    with pytest.raises(AttributeError, match="trajectory_time"):
        cfg.trajectory_tme


def test_params_are_read_only():
    cfg = profiles.load("06_sid", "smoke")
    with pytest.raises(TypeError):
        cfg["isolate"] = True


@pytest.mark.parametrize("stem", landed())
def test_every_landed_notebook_has_three_profiles_with_the_same_keys(stem):
    table = profiles.table(stem)
    assert set(table) == set(profiles.PROFILE_NAMES)
    keys = [set(v) for v in table.values()]
    assert all(k == keys[0] for k in keys)


def test_the_load_docstring_example_runs():
    import doctest
    from physai import profiles
    example = doctest.DocTestParser().get_examples(profiles.load.__doc__)[0].source
    namespace = {"load": profiles.load}
    exec(example, namespace)  # a key that does not exist would raise here
    assert namespace["cfg"].trajectory_time == 5.0
