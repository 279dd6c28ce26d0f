"""A wiring for tests that need the apps wired differently: `rewire` (tests/conftest.py) sets it."""

from werkdruk.wegwijzer import WIRING

CURRENT = WIRING
