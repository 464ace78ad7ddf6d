"""The benchmark: workshop-tui against plain baselines, in one run, as ratios.

    .venv/bin/python bench/run.py            # full run (about two minutes on a quiet machine)
    .venv/bin/python bench/run.py --quick    # fewer repetitions (under two minutes)
    .venv/bin/python bench/run.py --check    # exit 1 if any goal is missed
    .venv/bin/python bench/run.py --only start,capture

Shared machines are noisy, so every figure is a ratio against a baseline
measured in the same run, the two alternating (ours, baseline, baseline, ours,
...) after one unrecorded warm-up pair. Every measurement is a fresh child
process; its peak memory is the child's ``ru_maxrss`` from ``os.wait4``.
Whole-process figures run from just before the process is started to the
moment the child reports (first paint) or exits; in-process figures (capture,
filter, Word) are timed inside the child, around the operation only.

Synthetic, fictional case packs (1,000, 10,000 and 50,000 entries, and a busy
day of 2 x 3,000 rows at one timestamp) are written to a temporary folder (see
``synth.py``) and removed afterwards (``--keep`` keeps them). Results are
printed and written to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DRIVERS = BENCH / "drivers"
RESULTS = BENCH / "results.json"
PYTHON = sys.executable
WORKSHOP_TUI = str(Path(PYTHON).with_name("workshop-tui"))
FRAME_MS = 1000 / 60

sys.path.insert(0, str(BENCH))
import scaling_chronology  # noqa: E402
import scaling_import  # noqa: E402
import synth  # noqa: E402


class BenchError(Exception):
    """A measurement could not be taken (the child failed)."""


@dataclass
class Sample:
    ms: float
    rss_mib: float
    extra: dict[str, object] = field(default_factory=dict)


def run_child(
    argv: list[str],
    *,
    work: Path,
    stdout_path: Path | None = None,
    env: dict[str, str] | None = None,
    timeout_s: float = 300,
) -> Sample:
    """Run one child process and measure it.

    The child may write JSON to the file named by ``BENCH_OUT``: ``paint_ns``
    (a ``time.monotonic_ns()`` reading: the figure is then start to that
    moment), ``ms`` (timed inside the child), or ``ours_ms``/``baseline_ms``
    (a child measuring both). Otherwise the figure is start to exit.
    """
    report = work / "child-report.json"
    report.unlink(missing_ok=True)
    stderr_path = work / "child-stderr.txt"
    child_env = dict(os.environ)
    child_env.update(env or {})
    child_env["BENCH_OUT"] = str(report)
    child_env["TMPDIR"] = str(work / "tmp")  # `demo`'s scratch copy lands here
    # Byte code cached as on any installed copy (pip compiles it; Python writes it on
    # first import), for both sides alike, in this run's folder: an environment with
    # PYTHONDONTWRITEBYTECODE set would otherwise compile workshop-tui's editable
    # sources on every start while Textual's installed .pyc files are used.
    child_env.pop("PYTHONDONTWRITEBYTECODE", None)
    child_env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    child_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(BENCH), os.environ.get("PYTHONPATH", "")) if p
    )
    (work / "tmp").mkdir(exist_ok=True)
    with (
        open(stdout_path or os.devnull, "wb") as out,
        open(stderr_path, "wb") as err,
    ):
        start = time.monotonic_ns()
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=child_env, cwd=work
        )
        deadline = time.monotonic() + timeout_s
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                process.returncode = os.waitstatus_to_exitcode(status)
                raise BenchError(f"{argv[1:3]} timed out after {timeout_s:.0f} s")
            time.sleep(0.0005)
        end = time.monotonic_ns()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = stderr_path.read_text("utf-8", "replace").strip().splitlines()[-12:]
        raise BenchError(
            f"{' '.join(Path(a).name for a in argv[:3])} exited {process.returncode}:\n    "
            + "\n    ".join(tail)
        )
    rss_mib = usage.ru_maxrss / 1024  # KiB on Linux
    values: dict[str, object] = {}
    if report.exists():
        values = json.loads(report.read_text("utf-8"))
    if "paint_ns" in values:
        ms = (int(values["paint_ns"]) - start) / 1e6  # type: ignore[call-overload]
    elif "ours_ms" in values:
        ms = float(values["ours_ms"])  # type: ignore[arg-type]
    elif "ms" in values:
        ms = float(values["ms"])  # type: ignore[arg-type]
    else:
        ms = (end - start) / 1e6
    return Sample(ms, rss_mib, values)


# --- scenarios ------------------------------------------------------------------------


@dataclass
class Scenario:
    """One measured comparison.

    ``ours`` and ``baseline`` each take one measurement. A ``paired`` scenario's
    child measures both sides itself (``ours`` returns a Sample whose extra holds
    ``baseline_ms``); a scenario with ``baseline_constant`` compares with a fixed
    figure (the frame interval).
    """

    name: str
    goal_ratio: float | None
    ours: Callable[[], Sample]
    baseline: Callable[[], Sample] | None = None
    baseline_constant: float | None = None
    paired: bool = False
    setup: Callable[[], object] | None = None
    runs: tuple[int, int] = (3, 7)
    """Recorded repetitions: (quick, full)."""
    warmup: bool = True
    """Run one unrecorded pair first (disk cache, .pyc files)."""
    in_quick: bool = True
    """False: left out of ``--quick`` (the 1,000-entry chronology open)."""
    note: str = ""
    rss_goal_mib: float | None = None
    """A goal on the peak memory of ``ours`` (MiB), as well as the ratio's."""


@dataclass
class Result:
    name: str
    goal_ratio: float | None
    status: str = "ok"
    """ok, MISSED, error."""
    message: str = ""
    ours: list[Sample] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)
    baseline_rss: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def ours_ms(self) -> float | None:
        return statistics.median(s.ms for s in self.ours) if self.ours else None

    @property
    def base_ms(self) -> float | None:
        return statistics.median(self.baseline_ms) if self.baseline_ms else None

    @property
    def ratio(self) -> float | None:
        if self.ours_ms is None or not self.base_ms:
            return None
        return self.ours_ms / self.base_ms

    def to_json(self) -> dict[str, object]:
        def r(value: float | None, digits: int = 2) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "name": self.name,
            "status": self.status,
            "message": self.message,
            "ours_ms": r(self.ours_ms),
            "baseline_ms": r(self.base_ms),
            "ratio": r(self.ratio, 3),
            "goal_ratio": self.goal_ratio,
            "peak_rss_mib": r(max((s.rss_mib for s in self.ours), default=None), 1),
            "baseline_peak_rss_mib": r(max(self.baseline_rss, default=None), 1),
            "ours_min_ms": r(min((s.ms for s in self.ours), default=None)),
            "ours_max_ms": r(max((s.ms for s in self.ours), default=None)),
            "baseline_min_ms": r(min(self.baseline_ms, default=None)),
            "baseline_max_ms": r(max(self.baseline_ms, default=None)),
            "runs": len(self.ours),
            "note": self.note,
        }


def run_scenario(scenario: Scenario, quick: bool) -> Result:
    result = Result(scenario.name, scenario.goal_ratio, note=scenario.note)
    try:
        if scenario.setup is not None:
            scenario.setup()
        runs = scenario.runs[0] if quick else scenario.runs[1]
        _measure(scenario, result, runs)
    except BenchError as error:
        result.status, result.message = "error", str(error)
        return result
    ratio = result.ratio
    if ratio is not None and scenario.goal_ratio is not None and ratio > scenario.goal_ratio:
        result.status = "MISSED"
    peak = max((s.rss_mib for s in result.ours), default=0.0)
    if scenario.rss_goal_mib is not None and peak > scenario.rss_goal_mib:
        result.status = "MISSED"
        result.message = f"peak RSS {peak:.0f} MiB > goal {scenario.rss_goal_mib:g} MiB"
    return result


def _measure(scenario: Scenario, result: Result, runs: int) -> None:
    def once(side: str, record: bool) -> None:
        if side == "ours":
            sample = scenario.ours()
            if record:
                result.ours.append(sample)
                if scenario.paired:
                    result.baseline_ms.append(float(sample.extra["baseline_ms"]))  # type: ignore[arg-type]
                elif scenario.baseline_constant is not None:
                    result.baseline_ms.append(scenario.baseline_constant)
            return
        assert scenario.baseline is not None
        sample = scenario.baseline()
        if record:
            result.baseline_ms.append(sample.ms)
            result.baseline_rss.append(sample.rss_mib)

    sides = ["ours"] if scenario.baseline is None else ["ours", "baseline"]
    if scenario.warmup:
        for side in sides:
            once(side, record=False)
    for index in range(runs):
        order = sides if index % 2 == 0 else sides[::-1]
        for side in order:
            once(side, record=True)
        print(".", end="", flush=True)


# --- the run's fixtures ---------------------------------------------------------------------


class Workspace:
    """The temporary folder: synthetic packs, databases, scratch space."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.packs: dict[int, Path] = {}
        self.dbs: dict[int, Path] = {}
        self.sequence = 0

    def scratch(self, name: str) -> Path:
        self.sequence += 1
        path = self.root / f"{name}-{self.sequence}"
        path.mkdir(parents=True)
        return path

    def pack(self, size: int) -> Path:
        if size not in self.packs:
            self.packs[size] = synth.write_pack(self.root / f"pack-{size}", size)
        return self.packs[size]

    def database(self, size: int) -> Path:
        """A database holding the pack of ``size`` entries, imported once."""
        if size not in self.dbs:
            pack = self.pack(size)
            db = self.root / f"review-{size}.db"
            print(f"\n  (setting up: importing {size:,} entries ... ", end="", flush=True)
            started = time.monotonic()
            run_child(
                [WORKSHOP_TUI, "--db", str(db), "import", str(pack)],
                work=self.root,
                timeout_s=900,
            )
            print(f"{time.monotonic() - started:.1f} s)", end="", flush=True)
            self.dbs[size] = db
        return self.dbs[size]


def build_scenarios(ws: Workspace) -> list[Scenario]:
    py = PYTHON

    def driver(name: str) -> str:
        return str(DRIVERS / name)

    def bare() -> Sample:
        return run_child([py, driver("paint.py"), "bare"], work=ws.root)

    def bare_libraries() -> Sample:
        return run_child([py, driver("paint.py"), "bare-libraries"], work=ws.root)

    def demo() -> Sample:
        return run_child([py, driver("paint.py"), "demo"], work=ws.root)

    def chronology_open(size: int) -> Callable[[], Sample]:
        def measure() -> Sample:
            db = ws.database(size)
            return run_child(
                [py, driver("paint.py"), "chronology", str(db), synth.pack_reference(size)],
                work=ws.root,
            )

        return measure

    def filter_keys() -> Sample:
        db = ws.database(50_000)
        return run_child(
            [py, driver("filter_keys.py"), str(db), synth.pack_reference(50_000)],
            work=ws.root,
        )

    def keystroke_floor() -> Sample:
        return run_child([py, driver("filter_keys.py"), "bare"], work=ws.root)

    def capture(iterations: int) -> Callable[[], Sample]:
        def measure() -> Sample:
            folder = ws.scratch("capture")
            try:
                return run_child(
                    [py, driver("capture.py"), str(folder), str(iterations)], work=ws.root
                )
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        return measure

    def import_ours() -> Sample:
        folder = ws.scratch("import")
        try:
            return run_child(
                [WORKSHOP_TUI, "--db", str(folder / "x.db"), "import", str(ws.pack(10_000))],
                work=ws.root,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def import_baseline() -> Sample:
        folder = ws.scratch("import")
        try:
            return run_child(
                [py, driver("import_baseline.py"), str(ws.pack(10_000)), str(folder / "x.db")],
                work=ws.root,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def shape(kind: str, rounds: int) -> Callable[[], Sample]:
        return lambda: run_child([py, driver("shapes.py"), kind, str(rounds)], work=ws.root)

    def minutes(side: str) -> Callable[[], Sample]:
        return lambda: run_child([py, driver("minutes.py"), side], work=ws.root)

    def json_ours() -> Sample:
        db = ws.database(50_000)
        return run_child(
            [
                WORKSHOP_TUI,
                "--db",
                str(db),
                "chronology",
                synth.pack_reference(50_000),
                "--format",
                "json",
            ],
            work=ws.root,
            stdout_path=ws.root / "ours.json",
        )

    def json_baseline() -> Sample:
        db = ws.database(50_000)
        return run_child(
            [py, driver("json_baseline.py"), str(db), synth.pack_reference(50_000)],
            work=ws.root,
            stdout_path=ws.root / "baseline.json",
        )

    def linking(shape: str, rounds: int) -> Callable[[], Sample]:
        return lambda: run_child(
            [py, driver("linking.py"), shape, str(rounds)], work=ws.root, timeout_s=900
        )

    def busy_pack() -> Path:
        folder = ws.root / "pack-busy"
        if not folder.exists():
            synth.write_busy_pack(folder, 3_000)
        return folder

    def busy_check() -> Sample:
        return run_child([WORKSHOP_TUI, "check", str(busy_pack())], work=ws.root)

    def busy_check_baseline() -> Sample:
        return run_child([py, driver("check_baseline.py"), str(busy_pack())], work=ws.root)

    def search_databases() -> tuple[Path, Path]:
        """The previous release's database of 100 reviews (built once) and a migrated copy."""
        folder = ws.root / "search"
        old, new = folder / "old.db", folder / "new.db"
        if not old.exists():
            folder.mkdir(exist_ok=True)
            run_child([py, driver("search.py"), "build", str(old)], work=ws.root, timeout_s=900)
        if not new.exists():
            run_child([py, driver("search.py"), "migrate", str(old), str(new)], work=ws.root)
        return old, new

    def search_migrate() -> Sample:
        old, _ = search_databases()
        folder = ws.scratch("search-migrate")
        try:
            return run_child(
                [py, driver("search.py"), "migrate", str(old), str(folder / "x.db")],
                work=ws.root,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def search_query() -> Sample:
        _, new = search_databases()
        return run_child([py, driver("search.py"), "query", str(new)], work=ws.root)

    def search_query_alone() -> Sample:
        sample = search_query()
        return Sample(sample.ms, sample.rss_mib)  # against 50 ms, not the bare query

    def added_agency() -> tuple[Path, Path]:
        """The 500-row file of an agency new to the 10,000-entry review, and a pack of it alone."""
        folder = ws.root / "added-agency"
        if not folder.exists():
            synth.write_added_agency(folder, 500)
        return folder / "alone" / "chronologies" / f"{synth.ADDED_AGENCY}.csv", folder / "alone"

    def add_chronology() -> Sample:
        file, _ = added_agency()
        review = ws.database(10_000)
        folder = ws.scratch("add")
        try:
            db = folder / "x.db"
            shutil.copyfile(review, db)  # a fresh copy each run, not timed
            return run_child(
                [
                    WORKSHOP_TUI,
                    "--db",
                    str(db),
                    "add-chronology",
                    synth.pack_reference(10_000),
                    str(file),
                    "--agency",
                    synth.ADDED_AGENCY,
                ],
                work=ws.root,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def import_alone() -> Sample:
        _, pack = added_agency()
        folder = ws.scratch("alone")
        try:
            return run_child(
                [WORKSHOP_TUI, "--db", str(folder / "x.db"), "import", str(pack)], work=ws.root
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def json_same() -> None:
        """Both sides must produce the same records, or the comparison means nothing."""
        json_ours()
        json_baseline()
        ours = json.loads((ws.root / "ours.json").read_text("utf-8"))
        base = json.loads((ws.root / "baseline.json").read_text("utf-8"))
        if len(ours) != len(base) or ours[:50] != base[:50]:
            raise BenchError(
                f"chronology JSON differs from the baseline's ({len(ours)} vs {len(base)} "
                f"records; first: {ours[:1]} vs {base[:1]})"
            )

    return [
        Scenario(
            "start: demo to review painted",
            1.3,
            demo,
            bare,
            runs=(3, 9),
            note="exec to first paint of the review screen; baseline: bare app (Header, Label, "
            "Footer) to first paint; both headless 120x40",
        ),
        Scenario(
            "start floor: bare app importing pydantic and click",
            None,
            bare_libraries,
            bare,
            runs=(3, 9),
            note="informational; the bare app after importing the two libraries workshop-tui "
            "needs before it can show a review: the floor under the start-up ratios",
        ),
        Scenario(
            "chronology open: 1,000 entries",
            None,
            chronology_open(1_000),
            bare,
            runs=(2, 5),
            in_quick=False,
            note="informational; exec to the chronology screen painted with its rows",
        ),
        Scenario(
            "chronology open: 10,000 entries",
            1.5,
            chronology_open(10_000),
            bare,
            runs=(3, 7),
            note="exec to the chronology screen painted with its rows; baseline: bare app",
        ),
        Scenario(
            "chronology open: 50,000 entries",
            2.0,
            chronology_open(50_000),
            bare,
            runs=(2, 5),
            note="exec to the chronology screen painted with its rows; baseline: bare app",
        ),
        Scenario(
            "filter keystroke: 50,000 entries",
            2.0,
            filter_keys,
            baseline_constant=FRAME_MS,
            runs=(1, 3),
            warmup=False,
            note="median of 35 keys per run, key sent to table repainted; baseline: one frame "
            "(16.7 ms)",
        ),
        Scenario(
            "keystroke floor: bare Textual Input",
            None,
            keystroke_floor,
            baseline_constant=FRAME_MS,
            runs=(1, 3),
            warmup=False,
            note="informational; the same 35 keys into a bare app's Input echoed to a Label, "
            "measured the same way: what Textual itself costs per key",
        ),
        Scenario(
            "capture commit",
            1.5,
            capture(200),
            paired=True,
            runs=(2, 5),
            note="Repository.add_perspective vs raw sqlite3 INSERT+COMMIT, WAL, synchronous=FULL; "
            "interleaved op by op, 200 of each per run; figure: median op of each run",
        ),
        Scenario(
            "search: 100 reviews (55,000 documents), query vs 50 ms",
            1.0,
            search_query_alone,
            baseline_constant=50.0,
            setup=search_databases,
            runs=(1, 3),
            warmup=False,
            note="median of 12 queries x 5 rounds through Search.find (parse, filters, join, "
            "snippet, best 100) in process; baseline: the goal, 50 ms",
        ),
        Scenario(
            "search: query vs a bare FTS5 query",
            None,
            search_query,
            paired=True,
            setup=search_databases,
            runs=(1, 3),
            warmup=False,
            note="informational; the same runs: Search.find vs SELECT rowid ... MATCH ? ORDER "
            "BY rank LIMIT 101 on the expression the service built, alternating",
        ),
        Scenario(
            "search: index built on migration, 55,000 documents",
            1.0,
            search_migrate,
            baseline_constant=10_000.0,
            setup=search_databases,
            runs=(1, 3),
            warmup=False,
            note="Repository.open of the previous release's database (schema 6): backup copy "
            "and migration 7, which builds the index; baseline: the goal, 10 s",
        ),
        Scenario(
            "import: 10,000 entries",
            3.0,
            import_ours,
            import_baseline,
            runs=(3, 7),
            note="whole process; baseline: csv + strptime + one executemany in one transaction",
        ),
        Scenario(
            "add chronology: 500 rows to a 10,000-entry review vs 1 s",
            1.0,
            add_chronology,
            baseline_constant=1_000.0,
            runs=(3, 7),
            note="whole process: workshop-tui add-chronology of one new agency's 500-row CSV "
            "(read, inserted, indexed, duplicates linked again over its days) on a copy of the "
            "10,000-entry review; baseline: the goal, 1 s",
        ),
        Scenario(
            "add chronology: vs importing the same 500 rows alone",
            None,
            add_chronology,
            import_alone,
            runs=(3, 7),
            note="informational; the same add-chronology vs workshop-tui import of a pack "
            "holding only that file, into an empty database (whole process each)",
        ),
        Scenario(
            "Word minutes: large workshop",
            1.5,
            minutes("ours"),
            minutes("baseline"),
            runs=(2, 7),
            note="render() in process; baseline: python-docx, tables sized up front; 8 KLOEs, "
            "200 perspectives, 40 findings, 60 actions, 2,000-entry appendix",
        ),
        Scenario(
            "chronology JSON: 50,000 entries",
            3.0,
            json_ours,
            json_baseline,
            setup=json_same,
            runs=(2, 7),
            note="whole process to a file; baseline: sqlite3 + json.dumps per row, same records",
        ),
        Scenario(
            "busy day: 2 x 3,000 rows on one timestamp, linking",
            None,
            linking("busy", 5),
            paired=True,
            runs=(1, 3),
            warmup=False,
            note="informational; link_duplicates (merge and link) in process vs sorted() by the "
            "merged order's key, same rows; median of 5 alternating rounds per run",
        ),
        Scenario(
            "busy day: 2 x 3,000 rows on one timestamp, check",
            None,
            busy_check,
            busy_check_baseline,
            runs=(3, 5),
            note="informational; goal: under 2 s whole process; workshop-tui check PACK vs a "
            "plain script (csv, strptime, sort) reading the same two files",
        ),
        Scenario(
            "XLSX declaring A1:XFD1048576: 3 rows",
            2.0,
            shape("xlsx", 21),
            paired=True,
            runs=(1, 3),
            warmup=False,
            note="read_xlsx in process of a 3-row workbook declaring the whole sheet as its "
            "used range vs the same declaring A1:C4; median of 21 alternating reads per run",
        ),
        Scenario(
            "DOCX column merged down 3,000 rows",
            2.0,
            shape("docx", 3),
            paired=True,
            runs=(1, 3),
            warmup=False,
            note="read_docx in process of a 3,000-row table whose Agency column is one "
            "vertically merged cell vs the same table unmerged; median of 3 alternating reads",
        ),
        Scenario(
            "100k rows: linking",
            None,
            linking("large", 1),
            paired=True,
            runs=(1, 3),
            warmup=False,
            note="informational; 100,000 rows over ten years, link_duplicates vs sorted() as "
            "above, one round per run",
        ),
        Scenario(
            "100k rows, all undated: linking",
            None,
            linking("undated", 1),
            paired=True,
            runs=(1, 3),
            warmup=False,
            note="informational; 100,000 rows without a date, link_duplicates vs sorted() as "
            "above, one round per run",
        ),
        *scaling_chronology.scenarios(ws, Scenario, run_child, bare),
        *scaling_import.scenarios(ws, sys.modules[__name__]),
    ]


# --- reporting --------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        memory = f"{int(first.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    import sqlite3
    from importlib.metadata import version

    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": memory,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "sqlite": sqlite3.sqlite_version,
        "textual": version("textual"),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"


def table(results: list[Result]) -> str:
    header = (
        "| scenario | ours ms (min-max) | baseline ms (min-max) | ratio | goal | "
        "peak RSS MiB | runs | result |"
    )
    lines = [header, "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        j = r.to_json()
        ours = f"{_fmt(r.ours_ms)} ({_fmt(j['ours_min_ms'])}-{_fmt(j['ours_max_ms'])})"  # type: ignore[arg-type]
        base = f"{_fmt(r.base_ms)} ({_fmt(j['baseline_min_ms'])}-{_fmt(j['baseline_max_ms'])})"  # type: ignore[arg-type]
        if not r.ours:
            ours = base = "-"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "-"
        goal = f"<= {r.goal_ratio:g}" if r.goal_ratio is not None else "-"
        rss = _fmt(j["peak_rss_mib"]) if j["peak_rss_mib"] is not None else "-"  # type: ignore[arg-type]
        status = r.status if r.goal_ratio is not None or r.status != "ok" else "info"
        lines.append(
            f"| {r.name} | {ours} | {base} | {ratio} | {goal} | {rss} | {len(r.ours)} | {status} |"
        )
    return "\n".join(lines)


def only_words(values: list[str]) -> list[str]:
    """The name fragments ``--only`` asks for: split at ';' where a value holds one, else at ','."""
    words: list[str] = []
    for value in values:
        parts = value.split(";") if ";" in value else value.split(",")
        words.extend(part.strip().lower() for part in parts if part.strip())
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (< 2 minutes)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="run the scenarios whose name holds this text (repeat for more); a value without "
        "';' is also split at commas, so '--only start,capture' works but a name holding a "
        "comma ('import: 10,000') is asked for as '--only \"import: 10,000;\"'",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="results JSON path")
    args = parser.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="workshop-tui-bench-"))
    ws = Workspace(root)
    began = time.monotonic()
    results: list[Result] = []
    info = machine()
    print(f"workshop-tui benchmark ({'quick' if args.quick else 'full'}) in {root}")
    print(f"machine: {info['cpu']}, {info['cpus']} CPUs, {info['memory']}")
    print(f"load average: {info['load_average']}")
    try:
        for scenario in build_scenarios(ws):
            if args.quick and not scenario.in_quick:
                continue
            words = only_words(args.only)
            if words and not any(w in scenario.name.lower() for w in words):
                continue
            print(f"{scenario.name} ", end="", flush=True)
            started = time.monotonic()
            result = run_scenario(scenario, args.quick)
            results.append(result)
            ratio = f"ratio {result.ratio:.2f}" if result.ratio is not None else ""
            print(f" {result.status} {ratio} ({time.monotonic() - started:.0f} s)")
            if result.message:
                print("    " + result.message.replace("\n", "\n    "))
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    info["mode"] = "quick" if args.quick else "full"
    info["seconds"] = round(time.monotonic() - began, 1)
    args.output.write_text(
        json.dumps({"machine": info, "scenarios": [r.to_json() for r in results]}, indent=2) + "\n",
        "utf-8",
    )
    print()
    print(table(results))
    missed = [r for r in results if r.status == "MISSED"]
    for r in missed:
        print(f"MISSED: {r.name}: ratio {r.ratio:.2f} > goal {r.goal_ratio:g}")
    print(f"\n{len(results)} scenarios in {info['seconds']} s; results in {args.output}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
