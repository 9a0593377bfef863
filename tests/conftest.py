import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def analyzer():
    import sayso

    return sayso.Analyzer()


@pytest.fixture(scope="session")
def examples():
    return sorted(EXAMPLES.glob("*.txt"))
