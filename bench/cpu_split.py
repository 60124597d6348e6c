"""CPU time of a command and of every process it starts (forked workers, Pagefind), sampled from /proc.

    python3 bench/cpu_split.py .venv/bin/mkdocs build -q -f .cache/bench/n10000/hub/mkdocs.yml -d /tmp/site

Prints the wall time, how many cores were busy in each 2 s of it, then one line per process that used
more than 0.3 s (pid, name, parent, user and system CPU, minor page faults, when it lived, in seconds
from the start) and the CPU per process name. A 2-core machine runs a build
no faster than its total CPU / 2: this says where that total goes. Linux only; a measuring tool, not
part of `make bench`. A process that lives less than one sample (0.2 s) may be missed.
"""
from __future__ import annotations

import collections
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def _procs() -> dict[int, tuple[str, int, float, str]]:
    """pid -> (name, parent pid, (user CPU s, system CPU s, minor faults), start time in ticks)."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                s = fh.read()
        except OSError:
            continue
        r = s.rfind(")")
        f = s[r + 2:].split()
        out[int(d)] = (s[s.find("(") + 1:r], int(f[1]), (int(f[11]) / TICK, int(f[12]) / TICK, int(f[7])), f[19])
    return out


def _descendants(root: int, procs: dict) -> set[int]:
    kids, grown = {root}, True
    while grown:
        grown = False
        for pid, (_, parent, _, _) in procs.items():
            if parent in kids and pid not in kids:
                kids.add(pid)
                grown = True
    return kids


def main(argv: list[str]) -> int:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[tuple[int, str], list] = {}   # (pid, start) -> [name, parent, cpu, first seen, last seen]
    busy = []                                 # (time, CPU so far of every process seen, ended ones too)
    t0 = time.time()
    while proc.poll() is None:
        procs, now = _procs(), time.time() - t0
        for pid in _descendants(proc.pid, procs) & procs.keys():
            name, parent, cpu, start = procs[pid]
            row = seen.setdefault((pid, start), [name, parent, (0.0, 0.0, 0), now, now])
            row[0], row[2], row[4] = name, cpu, now
        busy.append((now, sum(r[2][0] + r[2][1] for r in seen.values())))
        time.sleep(0.2)
    print(f"wall {time.time() - t0:.1f} s, exit {proc.returncode}")
    # Cores busy per 2 s: where one idles (start-up, the tail) the build is not using the machine.
    print("cores busy: " + "  ".join(f"{ta:.0f}s {(cb - ca) / (tb - ta):.2f}"
                                     for (ta, ca), (tb, cb) in zip(busy[::10], busy[10::10])))
    by_name: collections.Counter = collections.Counter()
    for (pid, _), (name, parent, cpu, first, last) in sorted(seen.items(), key=lambda kv: kv[1][3]):
        user, system, faults = cpu
        if user + system > 0.3:
            print(f"{pid:>7} {name:<16} parent {parent:<7} user {user:6.1f} s  sys {system:5.1f} s  "
                  f"minflt {faults:>7}  alive {first:5.1f}-{last:5.1f} s")
        by_name[name] += user + system
    print("cpu by name: " + ", ".join(f"{k} {v:.1f} s" for k, v in by_name.most_common()))
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
