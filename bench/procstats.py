"""Run a command and measure it from outside: wall time, CPU time, peak RSS.

Peak RSS is reported two ways: the largest single process (``ru_maxrss`` from wait4,
exact), and the process tree's total (the sum over the command and its descendants,
sampled from /proc every SAMPLE_S) — with spaCy's n_process workers the total is what
the machine must hold.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

# Sampling period of the tree's RSS. A stage holding a large list for under 0.2 s could
# be missed, but growth with the size of a day lasts many seconds and cannot.
SAMPLE_S = 0.2
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measured:
    returncode: int
    wall_s: float
    cpu_s: float  # user + system of the command and its descendants (see run())
    max_rss_mb: float  # largest single process
    tree_rss_mb: float  # largest sampled sum over the process tree
    stdout: str
    stderr: str


TICKS = os.sysconf("SC_CLK_TCK")


def _tree(root: int) -> tuple[int, dict[int, float]]:
    """(RSS in kB summed over ``root`` and its descendants, CPU seconds per process)."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) may hold spaces; the fields after it are fixed.
        fields = stat[stat.rfind(")") + 2 :].split()
        pid = int(entry.name)
        parent[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE_KB
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    total = 0
    mine: dict[int, float] = {}
    for pid, kb in rss.items():
        p = pid
        while p > 1:
            if p == root:
                total += kb
                mine[pid] = cpu[pid]
                break
            p = parent.get(p, 0)
    return total, mine


def run(cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> Measured:
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    # Last CPU seen per process of the tree: wait4 misses workers the command never waits
    # for (a forkserver's pool workers are the forkserver's children, not the command's).
    seen_cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            kb, cpu = _tree(proc.pid)
            peak = max(peak, kb)
            seen_cpu.update(cpu)
            stop.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Read the pipes in threads so a chatty command never blocks on a full pipe.
    out: dict[str, str] = {}
    readers = [
        threading.Thread(target=lambda n=n, f=f: out.__setitem__(n, f.read()), daemon=True)
        for n, f in (("out", proc.stdout), ("err", proc.stderr))
    ]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    for reader in readers:
        reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        returncode=proc.returncode,
        wall_s=wall,
        # wait4 counts the command and the descendants it waited for; the sampled sum
        # counts every process of the tree but misses up to SAMPLE_S of each one's end.
        # The larger of the two is the closer figure.
        cpu_s=max(usage.ru_utime + usage.ru_stime, sum(seen_cpu.values())),
        max_rss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=peak / 1024,
        stdout=out.get("out", ""),
        stderr=out.get("err", ""),
    )
