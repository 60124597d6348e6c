"""One function over the two halves of a list at once: the second half in a forked child, on the other core.

Forking hands the child its input (thousands of article texts) for free; only its answer is pickled back
through a pipe. os.fork, not multiprocessing: the ranker itself may run in a daemonic child (background.py),
which multiprocessing forbids to have children. Anything wrong with the child: the parent does its half.
"""
from __future__ import annotations

import os
import pickle
import sys


def can_fork() -> bool:
    return sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1


def split_run(fn, items: list) -> tuple:
    """(fn(first half), fn(second half)), the same values whether or not a child computed one."""
    half = len(items) // 2
    if not can_fork():
        return fn(items[:half]), fn(items[half:])
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return fn(items[:half]), fn(items[half:])
    if pid == 0:
        _child(read, write, fn, items[half:])
    os.close(write)
    try:
        first = fn(items[:half])
    except BaseException:
        os.close(read)  # the child's write fails, and it exits
        os.waitpid(pid, 0)
        raise
    return first, _answer(read, pid, fn, items[half:])


def _child(read: int, write: int, fn, items: list) -> None:
    code = 1
    try:
        os.close(read)
        with os.fdopen(write, "wb") as out:
            pickle.dump(fn(items), out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # never back into the parent's code: no cleanup, no atexit, no flushed buffers


def _answer(read: int, pid: int, fn, items: list):
    try:
        with os.fdopen(read, "rb") as inp:
            value = pickle.load(inp)
    except Exception:  # the child died before answering in full
        value = None
    _, status = os.waitpid(pid, 0)
    return value if value is not None and status == 0 else fn(items)
