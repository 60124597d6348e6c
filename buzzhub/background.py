"""One function in a forked child while the parent goes on: the machine's second core at work.

A full build is mostly MkDocs converting and rendering pages on one core. Work that MkDocs does not
wait for at once (related stories until the first page is rendered; half of the tagging) runs in a
forked child meanwhile. Forking hands the child its inputs (10,000 article texts) for free, with no
pickling; only the result comes back through a pipe. Linux only (fork is unsafe elsewhere); callers
fall back to running the function in place.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import time
import traceback

PARALLEL_MIN = 1000   # stories; below this the fork costs more than it saves


def can_fork() -> bool:
    """Linux (fork is unsafe elsewhere) with a second core to run the child on."""
    return sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1


def available(n_items: int) -> bool:
    return n_items >= PARALLEL_MIN and can_fork()


class Forked:
    def __init__(self, fn, *args):
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
        self._proc.start()
        send.close()

    def result(self):
        """(value, seconds the child worked); waits for it. A failure in the child is raised here."""
        try:
            ok, value, took = self._recv.recv()
        except EOFError:
            raise RuntimeError("a background worker died without an answer") from None
        finally:
            self._recv.close()
            self._proc.join()
        if not ok:
            raise RuntimeError(f"a background worker failed:\n{value}")
        return value, took


def _child(send, fn, args) -> None:
    t0 = time.perf_counter()
    try:
        value = fn(*args)
        send.send((True, value, time.perf_counter() - t0))
    except BaseException:   # reported to the parent, which raises it in the build
        send.send((False, traceback.format_exc(), 0.0))
    finally:
        send.close()


def run(fn, *args, parallel: bool = True):
    """fn(*args) now, in place; or, with parallel, started in a child: call .result() on what returns."""
    if parallel:
        return Forked(fn, *args)
    return _Done(fn, *args)


class _Done:
    def __init__(self, fn, *args):
        t0 = time.perf_counter()
        self._value = fn(*args)
        self._took = time.perf_counter() - t0

    def result(self):
        return self._value, self._took


# One function over the two halves of a list at once, the second half in a forked child. os.fork, not
# multiprocessing: the caller may itself run in a daemonic child (Forked), which multiprocessing forbids
# to have children. Anything wrong with the child: the parent does its half too.

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
        _half_child(read, write, fn, items[half:])
    os.close(write)
    try:
        first = fn(items[:half])
    except BaseException:
        os.close(read)  # the child's write fails, and it exits
        os.waitpid(pid, 0)
        raise
    return first, _half_answer(read, pid, fn, items[half:])


def _half_child(read: int, write: int, fn, items: list) -> None:
    code = 1
    try:
        os.close(read)
        with os.fdopen(write, "wb") as out:
            pickle.dump(fn(items), out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)  # never back into the parent's code: no cleanup, no atexit, no flushed buffers


def _half_answer(read: int, pid: int, fn, items: list):
    try:
        with os.fdopen(read, "rb") as inp:
            value = pickle.load(inp)
    except Exception:  # the child died before answering in full
        value = None
    _, status = os.waitpid(pid, 0)
    return value if value is not None and status == 0 else fn(items)
