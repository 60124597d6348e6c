"""buzzhub/idlegc.py: the preview's full collection runs while it is idle, frees what died, freezes the rest."""
from __future__ import annotations

import gc
import time
import weakref

import pytest

from buzzhub.idlegc import IdleCollector


class _Node:
    pass


@pytest.fixture(autouse=True)
def _unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def _cycle():
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_after_a_build_the_idle_collection_freezes_what_lives():
    idle = IdleCollector(delay=0.05)
    idle.build_done()
    time.sleep(0.5)
    assert gc.get_freeze_count() > 0


def test_a_build_that_starts_first_postpones_it():
    idle = IdleCollector(delay=0.3)
    idle.build_done()
    idle.build_starts()
    time.sleep(0.6)
    assert gc.get_freeze_count() == 0


def test_cycles_that_die_while_frozen_are_freed_by_the_next_idle_collection():
    idle = IdleCollector(delay=0.0)
    ref = _cycle()          # alive only through its own cycle: garbage the collector has not seen yet
    gc.freeze()             # as if an earlier idle collection had frozen it
    gc.collect()
    assert ref() is not None, "frozen objects are not collected"
    idle.collect()
    assert ref() is None
