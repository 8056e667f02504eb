"""Process measurement helpers for the bench scripts (stdlib only).

Peak RSS is read from ``/proc/PID/status`` ``VmHWM``, never from ``ru_maxrss``:
on Linux a child's ``ru_maxrss`` carries the parent's high-water mark across
fork+exec (``../shared/lab/FLOORS.md``).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

CLK_TCK = os.sysconf("SC_CLK_TCK")
MB = 1024 * 1024


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """``Vm*`` fields of ``/proc/PID/status`` in bytes; empty once the process is gone."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"Vm"):
                    key, _, rest = line.partition(b":")
                    parts = rest.split()
                    if parts and parts[-1] == b"kB":
                        out[key.decode()] = int(parts[0]) * 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def cpu_seconds(pid: int | str = "self", children: bool = False) -> float:
    """utime + stime of ``pid`` (and with ``children`` its reaped children) in seconds."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / CLK_TCK


def group_cpu_seconds(pgid: int) -> float:
    """CPU of a process group so far: its live (and zombie) members, plus the children its
    leader has reaped. The difference of two readings is the CPU spent in between, even
    for a worker that started and was reaped in between (a Dovecot ``imap`` session)."""
    total = cpu_seconds(pgid, children=True) - cpu_seconds(pgid)
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK
    return total


def self_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu_s() -> float:
    """CPU of this process's reaped children (a finished worker, once waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (from /proc/stat)."""
    with open("/proc/stat", "rb") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def wait_idle(max_wait: float, threshold: float = 0.25, window: float = 1.0) -> tuple[float, float]:
    """Wait until the whole machine is below ``threshold`` busy (share of all cores) over
    ``window`` seconds, for at most ``max_wait``. Other sessions run test suites on these
    2 cores; a measurement started meanwhile mostly measures them. Returns (waited, busy)."""
    start = time.perf_counter()
    cores = os.cpu_count() or 1
    while True:
        before, t0 = machine_busy_s(), time.perf_counter()
        time.sleep(window)
        busy = (machine_busy_s() - before) / ((time.perf_counter() - t0) * cores)
        waited = time.perf_counter() - start
        if busy < threshold or waited >= max_wait:
            return waited, busy


def rss_mb(key: str = "VmRSS", pid: int | str = "self") -> float:
    return proc_status(pid).get(key, 0) / MB


@dataclass
class Measured:
    """A finished subprocess: wall clock, CPU, and its peak RSS as sampled from /proc.

    ``peak_rss_mb`` is the main process's VmHWM. A poll may start worker processes;
    ``tree_peak_rss_mb`` is the highest sum of VmRSS over the process and all its
    descendants seen in one sample, ``children`` the most processes seen at once, and
    ``children_hwm_mb`` each descendant's own VmHWM (so their sum bounds the tree)."""

    pid: int
    returncode: int
    wall_s: float
    cpu_s: float  # the process and its waited-for descendants (wait4 rusage)
    peak_rss_mb: float
    samples: int
    tree_peak_rss_mb: float = 0.0
    children: int = 0
    children_hwm_mb: list[float] = field(default_factory=list)
    machine_busy_s: float = 0.0  # all cores, everyone: the rest is other sessions' load
    timeline: list[tuple[float, float, float]] = field(default_factory=list)  # s, main, tree MB

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _descendants(root: int, known: set[int]) -> set[int]:
    """``root`` and every process below it (/proc has no children file on this kernel)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    parents[int(entry.name)] = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree = {root} | (known & parents.keys())
    grew = True
    while grew:
        new = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        tree |= new
        grew = bool(new)
    return tree


def run_sampled(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdout: Path | None = None,
    stderr: Path | None = None,
    interval: float = 0.02,
    rescan_every: int = 5,
    timeline_step: float = 0.5,
    timeout: float = 3600.0,
) -> Measured:
    """Run ``cmd``, sampling VmHWM and the RSS of its process tree every ``interval`` s.

    VmHWM is the kernel's own high-water mark, so sampling cannot miss a peak of the
    main process between two reads (only growth in the last ``interval`` before exit
    could go unseen); the tree's summed RSS is a sample, new descendants are looked
    for every ``rescan_every`` samples. CPU comes from ``wait4``'s rusage, exact for
    the child and the descendants it waited for (unlike ``ru_maxrss``).
    """
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    err = open(stderr, "wb") if stderr else subprocess.DEVNULL  # noqa: SIM115
    try:
        busy0 = machine_busy_s()
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            env=dict(env) if env else None,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        hwm, samples, timeline, next_mark = 0, 0, [], 0.0
        tree: set[int] = {proc.pid}
        child_hwm: dict[int, int] = {}
        tree_peak, most = 0, 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter() - start
            if now > timeout:
                proc.kill()
            if samples % rescan_every == 0:
                tree = _descendants(proc.pid, tree)
            vm = proc_status(proc.pid)
            if "VmHWM" in vm:
                hwm = max(hwm, vm["VmHWM"])
                samples += 1
                total = vm.get("VmRSS", 0)
                alive = 0
                for child in tree - {proc.pid}:
                    cvm = proc_status(child)
                    if "VmRSS" in cvm:
                        alive += 1
                        total += cvm["VmRSS"]
                        child_hwm[child] = max(child_hwm.get(child, 0), cvm.get("VmHWM", 0))
                tree_peak, most = max(tree_peak, total), max(most, alive)
                if now >= next_mark:
                    timeline.append(
                        (round(now, 2), round(vm.get("VmRSS", 0) / MB, 1), round(total / MB, 1))
                    )
                    next_mark = now + timeline_step
            time.sleep(interval)
        wall = time.perf_counter() - start
        busy = machine_busy_s() - busy0
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        for fh in (out, err):
            if hasattr(fh, "close"):
                fh.close()
    return Measured(
        pid=proc.pid,
        returncode=proc.returncode,
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=hwm / MB,
        samples=samples,
        tree_peak_rss_mb=tree_peak / MB,
        children=most,
        children_hwm_mb=sorted((round(v / MB, 1) for v in child_hwm.values()), reverse=True),
        machine_busy_s=busy,
        timeline=timeline,
    )


def run_json(cmd: Sequence[str], *, env: Mapping[str, str] | None = None) -> dict[str, object]:
    """Run a worker that prints one JSON object as its last stdout line; return it, with the
    worker's whole-process CPU and wall and the machine's busy CPU seconds meanwhile."""
    busy0, start, kids0 = machine_busy_s(), time.perf_counter(), children_cpu_s()
    proc = subprocess.Popen(
        list(cmd),
        env=dict(env) if env else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    out, err = proc.communicate()
    wall, busy = time.perf_counter() - start, machine_busy_s() - busy0
    if proc.returncode != 0:
        raise RuntimeError(f"worker {cmd[-2:]} failed ({proc.returncode}):\n{err[-4000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(process_wall_s=wall, process_cpu_s=children_cpu_s() - kids0, machine_busy_s=busy)
    return result  # type: ignore[no-any-return]


def emit(result: Mapping[str, object]) -> None:
    """A worker's answer: one JSON line on stdout."""
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


class SinkProcess:
    """A counting aiosmtpd sink (tests/servers.py ``SmtpSink(count_only=True)``) in its own
    process, so it never competes with the measured client for a GIL."""

    def __init__(self, script: Path, tests_dir: Path) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(script),
                "--worker",
                "sink",
                "--spec",
                json.dumps({"tests": str(tests_dir)}),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        hello = json.loads(self._line())
        self.host: str = hello["host"]
        self.port: int = hello["port"]

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the SMTP sink process died")
        return line

    def _ask(self, command: str) -> dict[str, object]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return json.loads(self._line())  # type: ignore[no-any-return]

    def count(self) -> int:
        return int(self._ask("count")["count"])  # type: ignore[arg-type]

    def wait_for(self, n: int, timeout: float) -> int:
        """Block until the sink has counted ``n`` in all (or the timeout); return the count."""
        return int(self._ask(f"wait {n} {timeout}")["count"])  # type: ignore[arg-type]

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                self._ask("quit")
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def sink_worker(tests_dir: str) -> None:
    """The sink process: start ``SmtpSink(count_only=True)``, answer count/wait/quit on stdin."""
    sys.path.insert(0, tests_dir)
    from support.servers import SmtpSink

    sink = SmtpSink(count_only=True).start()
    emit({"host": sink.host, "port": sink.port, "pid": os.getpid()})
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "count":
            emit({"count": sink.count})
        elif words[0] == "wait":
            sink.wait_for(int(words[1]), float(words[2]))
            emit({"count": sink.count})
        elif words[0] == "quit":
            emit({"count": sink.count})
            break
    sink.stop()
