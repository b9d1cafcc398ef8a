import json
import subprocess
import sys
import textwrap

import pytest

from physai.sweep import config_key, grid, run_sweep


def square(x, y=1):
    return {"value": x * x + y}


def test_grid_is_the_cartesian_product():
    assert grid(a=[1, 2], b=["u", "v"]) == [
        {"a": 1, "b": "u"}, {"a": 1, "b": "v"}, {"a": 2, "b": "u"}, {"a": 2, "b": "v"}]


def test_results_table_has_config_and_results(tmp_path):
    table = run_sweep(square, grid(x=[1, 2, 3]), tmp_path)
    assert table.to_dict("records") == [{"x": 1, "value": 2}, {"x": 2, "value": 5}, {"x": 3, "value": 10}]


def test_cached_points_are_not_recomputed(tmp_path):
    calls = []

    def counted(x):
        calls.append(x)
        return {"x2": 2 * x}

    run_sweep(counted, grid(x=[1, 2]), tmp_path)
    run_sweep(counted, grid(x=[1, 2, 3]), tmp_path)
    assert calls == [1, 2, 3]


def test_key_depends_on_function_and_config():
    assert config_key(square, {"x": 1}) == config_key(square, {"x": 1})
    assert config_key(square, {"x": 1}) != config_key(square, {"x": 2})
    assert config_key(square, {"x": 1}) != config_key(grid, {"x": 1})


def test_a_killed_sweep_resumes_without_redoing_finished_points(tmp_path):
    """A child process runs a sweep and dies abruptly at the third point."""
    script = textwrap.dedent(f"""
        import os, pathlib
        from physai.sweep import run_sweep, grid
        log = pathlib.Path({str(tmp_path / 'log')!r})
        def work(x):
            with log.open('a') as f:
                f.write(f'{{x}}\\n')
            if x == 3 and os.environ.get('DIE'):
                os._exit(9)
            return {{'y': x + 100}}
        work.__module__ = 'sweeptest'
        table = run_sweep(work, grid(x=[1, 2, 3, 4, 5]), {str(tmp_path / 'cache')!r})
        print(table.y.tolist())
    """)
    died = subprocess.run([sys.executable, "-c", script], env={"DIE": "1", "PHYSAI_QUIET": "1", "PATH": ""},
                          capture_output=True, text=True)
    assert died.returncode == 9
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2
    done = subprocess.run([sys.executable, "-c", script], env={"PHYSAI_QUIET": "1", "PATH": ""},
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[101, 102, 103, 104, 105]"
    assert (tmp_path / "log").read_text().split() == ["1", "2", "3", "3", "4", "5"]


def test_process_pool_backend_agrees_with_in_process(tmp_path):
    points = grid(x=[1, 2, 3], y=[0, 1])
    assert run_sweep(square, points, backend="processes").equals(run_sweep(square, points))


def test_backend_errors():
    with pytest.raises(ValueError, match="inprocess, processes, ray"):
        run_sweep(square, grid(x=[1]), backend="slurm")


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[cluster]' (make test does)")
    # Ray's workers import functions by module name; this test module is not installed,
    # so ship its functions by value (what cloudpickle does for a notebook's own functions).
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_backend_gives_identical_results_and_shares_the_cache(local_ray, tmp_path):
    points = grid(x=[1, 2, 3], y=[0, 1])
    expected = run_sweep(square, points)
    half = run_sweep(square, points[:3], tmp_path, backend="processes")  # interrupted elsewhere...
    assert half.equals(expected.iloc[:3].reset_index(drop=True))
    on_ray = run_sweep(square, points, tmp_path, backend="ray")  # ...resumed on Ray
    assert on_ray.equals(expected)
    assert len(list(tmp_path.glob("*.json"))) == len(points)


def test_cache_files_hold_point_and_result(tmp_path):
    run_sweep(square, [{"x": 4}], tmp_path)
    (record,) = [json.loads(p.read_text()) for p in tmp_path.glob("*.json")]
    assert record == {"point": {"x": 4}, "result": {"value": 17}}


def squares_at_once(points):
    """A stand-in for one stacked model: the whole chunk in one call."""
    return [{"value": p["x"] * p["x"] + p.get("y", 1), "chunk_len": len(points)} for p in points]


def test_chunked_grid_matches_point_by_point_and_caches_per_chunk(tmp_path):
    from physai.sweep import chunks, run_chunked
    points = grid(x=[1, 2, 3, 4, 5], y=[0])
    one = run_chunked(squares_at_once, points)
    assert one.value.tolist() == run_sweep(square, points).value.tolist()
    assert set(one.chunk_len) == {5}, "the standard profile's call: the whole grid as one chunk"
    two = run_chunked(squares_at_once, points, tmp_path, chunk_size=2)
    assert two.chunk_len.tolist() == [2, 2, 2, 2, 1] and two.value.equals(one.value)
    assert len(list(tmp_path.glob("*.json"))) == 3
    assert [len(c) for c in chunks(points, None)] == [5]
    with pytest.raises(ValueError, match="positive integer"):
        chunks(points, 0)


def test_group_by_keeps_each_shape_in_its_own_chunks():
    """Points of one width stack; a new width starts a new chunk, then chunk_size cuts."""
    from physai.sweep import chunks, run_chunked
    points = grid(width=[32, 64], x=[1, 2, 3])
    assert [[p["width"] for p in c] for c in chunks(points, None, "width")] == [[32] * 3, [64] * 3]
    assert [len(c) for c in chunks(points, 2, ["width"])] == [2, 1, 2, 1]
    table = run_chunked(squares_at_once, points, group_by="width")
    assert table.chunk_len.tolist() == [3] * 6
    with pytest.raises(ValueError, match=r"group_by key\(s\) \['depth'\]"):
        chunks(points, None, "depth")


def test_an_interrupted_chunked_grid_resumes_chunk_by_chunk(tmp_path):
    from physai.sweep import run_chunked
    calls = []

    def counted(points):
        calls.append([p["x"] for p in points])
        return squares_at_once(points)

    run_chunked(counted, grid(x=[1, 2, 3, 4]), tmp_path, chunk_size=2)
    run_chunked(counted, grid(x=[1, 2, 3, 4, 5, 6]), tmp_path, chunk_size=2)
    assert calls == [[1, 2], [3, 4], [5, 6]]


def test_chunked_grid_on_processes_agrees(tmp_path):
    from physai.sweep import run_chunked
    points = grid(x=[1, 2, 3], y=[0, 1])
    assert run_chunked(squares_at_once, points, chunk_size=4, backend="processes").equals(
        run_chunked(squares_at_once, points, chunk_size=4))


def test_default_backend_follows_the_environment(monkeypatch):
    from physai.sweep import default_backend
    monkeypatch.delenv("PHYSAI_SWEEP_BACKEND", raising=False)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    assert default_backend() == "inprocess"
    monkeypatch.setenv("RAY_ADDRESS", "ray://head:10001")
    assert default_backend() == "ray"
    monkeypatch.setenv("PHYSAI_SWEEP_BACKEND", "processes")
    assert default_backend() == "processes"
    monkeypatch.setenv("PHYSAI_SWEEP_BACKEND", "slurm")
    with pytest.raises(ValueError, match="inprocess, processes, ray"):
        default_backend()


def fails_at_three(x):
    if x == 3:
        raise ValueError("bad point")
    return {"y": x}


@pytest.mark.parametrize("backend", ["inprocess", "processes"])
def test_a_failing_point_is_named_and_the_others_are_cached(tmp_path, backend):
    from physai.sweep import SweepError
    with pytest.raises(SweepError, match=r"1 of 6 .*\{'x': 3\}.*ValueError: bad point.*5 finished"):
        run_sweep(fails_at_three, grid(x=[1, 2, 3, 4, 5, 6]), tmp_path, backend=backend, workers=2)
    assert len(list(tmp_path.glob("*.json"))) == 5


def test_the_cache_key_changes_with_the_functions_source():
    def first(x):
        return {"y": x}
    key = config_key(first, {"x": 1})

    def first(x):  # noqa: F811  (the same name, fixed code)
        return {"y": x + 1}
    assert config_key(first, {"x": 1}) != key


def test_a_declared_dependency_joins_the_cache_key(tmp_path):
    from physai.sweep import _ChunkRunner

    def helper_v1(x):
        return x

    def helper_v2(x):
        return x + 1

    a = config_key(_ChunkRunner(squares_at_once), {"chunk": [{"x": 1}]}, depends_on=(helper_v1,))
    b = config_key(_ChunkRunner(squares_at_once), {"chunk": [{"x": 1}]}, depends_on=(helper_v2,))
    assert a != b


def test_an_empty_chunked_grid_is_an_empty_table():
    from physai.sweep import run_chunked
    assert run_chunked(squares_at_once, []).empty
