"""Notebook 06 (SID) parameters per profile.

A case is (system, degree, number of sampled states).  `isolate` runs each case in
a fresh process so that its time and peak memory are its own.  `original_cases` are run
again on states drawn the way the original code draws them (heavy-tailed; issue 22),
and `sparsifier_case` is the null space on which the sparsifiers are compared.
"""

# The original's state counts: toy 100; 2-D fluid 5000; 3-D fluid 20 000; chemistry
# 10 000 rows of its (missing) data file.  The original runs only the top degree.
_PAPER_CASES = [
    ("toy", 3, 100),
    *[("fluid2d", d, 5000) for d in (1, 2, 3, 4)],
    *[("fluid3d", d, 20000) for d in (1, 2, 3)],
    ("chemistry", 1, 10000),
    ("chemistry_water", 1, 10000),
]

PROFILES = {
    "smoke": {
        "cases": [("toy", 3, 200), ("fluid2d", 1, 300), ("fluid2d", 2, 300), ("fluid3d", 1, 300),
                  ("chemistry", 1, 200), ("chemistry_water", 1, 200)],
        "isolate": False,  # no process start-up cost: seconds in all
        "trajectory_time": 0.5,
        "original_cases": [("fluid3d", 1, 300)],
        "sparsifier_case": ("fluid2d", 2, 300),
    },
    "standard": {
        "cases": [
            ("toy", 3, 1000),
            *[("fluid2d", d, 5000) for d in (1, 2, 3, 4)],
            # 4000 states: 1.4× the 2924 monomials at degree 3; the bar set in shared/papers
            *[("fluid3d", d, 4000) for d in (1, 2, 3)],
            ("chemistry", 1, 2000),
            ("chemistry_water", 1, 2000),
        ],
        "isolate": True,
        "trajectory_time": 2.0,
        # the test: 14 independent at degree 3 on both samplers, 4000 states each
        "original_cases": [("fluid3d", 3, 4000)],
        "sparsifier_case": ("fluid3d", 3, 4000),  # 60 invariants: the paper's L1 rotation at full size
    },
    "paper": {
        "cases": _PAPER_CASES,
        "isolate": True,
        "trajectory_time": 2.0,
        "original_cases": [("fluid3d", 3, 20000)],  # fluid_3D.ipynb's own states
        "sparsifier_case": ("fluid3d", 3, 4000),
    },
}
