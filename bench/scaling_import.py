"""The benchmark's rows for import and export growth (issues 17 and 24).

Registered by ``run.py``'s ``build_scenarios``. Rows:

- import of 1,000, 10,000 and 100,000 rows (``workshop-tui import`` of a synthetic pack,
  whole process), each against the plain-script floor (``drivers/import_baseline.py``)
  on the same pack, with the child's peak memory (``ru_maxrss``); goal at 100,000: at
  most 3x the floor and under 300 MiB;
- growth: import of 100,000 rows against import of 10,000, ours and the floor's (linear
  growth is a ratio of about 10); these reuse the samples of the rows above when they
  ran in the same run, so they cost no extra time;
- the chronology's Word and Excel export of 10,000 and 20,000 entries in process against
  a bare python-docx or openpyxl script writing the same cells
  (``drivers/export_floor.py``), with the goals of issue 17 (Word 10,000 within 1 s,
  Excel within 1.5 s) as rows against those constants;
- opt-in (``BENCH_LARGE=1``; ``--only 2M`` runs just these; tens of minutes): import,
  CSV export, archive export and import (the archive, about 1.4 GB, kept in
  ``bench/.work`` too) and Excel export of 2,000,000 rows, peak memory under 1 GiB
  (issue 24). The
  2,000,000-row pack (1.2 GB of CSV, about 7 minutes to write) is written once into
  ``bench/.work`` (gitignored) and kept there for later runs.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import synth

LARGE = 2_000_000
#: The 2,000,000-row pack and its database, kept between runs (bench/.work is gitignored).
WORK = Path(__file__).resolve().parent / ".work"


def scenarios(ws: Any, run: ModuleType) -> list[Any]:
    """The scaling rows; ``run`` is bench/run.py itself (its Scenario, Sample, run_child)."""
    Scenario, Sample, run_child = run.Scenario, run.Sample, run.run_child
    py = sys.executable
    workshop_tui = run.WORKSHOP_TUI
    drivers = run.DRIVERS
    recorded: dict[tuple[str, int], list[Any]] = {}

    def imported(side: str, size: int) -> Callable[[], Any]:
        def measure() -> Any:
            folder = ws.scratch("import")
            pack = ws.pack(size)
            try:
                if side == "ours":
                    argv = [workshop_tui, "--db", str(folder / "x.db"), "import", str(pack)]
                else:
                    baseline = str(drivers / "import_baseline.py")
                    argv = [py, baseline, str(pack), str(folder / "x.db")]
                sample = run_child(argv, work=ws.root, timeout_s=900)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            recorded.setdefault((side, size), []).append(sample)
            return sample

        return measure

    def again(
        side: str, size: int, warmup: bool = True, fresh: Callable[[], Any] | None = None
    ) -> Callable[[], Any]:
        """A sample the rows above took in this run (in order, after their unrecorded
        warm-up one when they had one), or a new one taken by ``fresh`` (an import of
        ``side`` when not given)."""
        used: list[int] = [1 if warmup else 0]
        take = fresh if fresh is not None else imported(side, size)

        def measure() -> Any:
            samples = recorded.get((side, size), [])
            if used[0] < len(samples):
                used[0] += 1
                return samples[used[0] - 1]
            return take()

        return measure

    def export(fmt: str, size: int) -> Callable[[], Any]:
        def measure() -> Any:
            db = ws.database(size)
            reference = synth.pack_reference(size)
            sample = run_child(
                [py, str(drivers / "export_floor.py"), fmt, str(db), reference, "3"],
                work=ws.root,
                timeout_s=900,
            )
            recorded.setdefault((f"export-{fmt}", size), []).append(sample)
            return sample

        return measure

    def export_alone(fmt: str, size: int) -> Callable[[], Any]:
        # The floor row's samples when it ran; otherwise new ones (never an import's).
        reuse = again(f"export-{fmt}", size, warmup=False, fresh=export(fmt, size))

        def measure() -> Any:
            sample = reuse()
            return Sample(sample.ms, sample.rss_mib)

        return measure

    rows: list[Any] = []
    for size, goal, rss in ((1_000, None, None), (10_000, None, None), (100_000, 3.0, 300.0)):
        rows.append(
            Scenario(
                f"import scaling: {size:,} rows",
                goal,
                imported("ours", size),
                imported("floor", size),
                runs=(1, 3) if size == 100_000 else (3, 5),
                in_quick=size != 100_000,
                rss_goal_mib=rss,
                note="whole process: workshop-tui import vs the plain script (csv, strptime, one "
                "executemany; no search index, no duplicate linking); peak RSS is ours"
                + (f"; goal: <= 3x and peak RSS under {rss:.0f} MiB" if rss else ""),
            )
        )
    for who, side in (("ours", "ours"), ("plain script", "floor")):
        rows.append(
            Scenario(
                f"import growth 100,000 / 10,000 rows: {who}",
                12.0 if side == "ours" else None,
                again(side, 100_000),
                again(side, 10_000),
                runs=(1, 3),
                warmup=False,
                in_quick=False,
                note="the ratio is the growth (10 is linear; ours held to 12, for noise; the "
                "script's informational); the samples of the import scaling rows when they ran",
            )
        )
    for fmt, name, limit in (("docx", "Word", 1_000.0), ("xlsx", "Excel", 1_500.0)):
        for size in (10_000, 20_000):
            rows.append(
                Scenario(
                    f"{name} export: {size:,} entries vs the library floor",
                    None,
                    export(fmt, size),
                    paired=True,
                    runs=(1, 3),
                    warmup=False,
                    in_quick=size == 10_000,
                    note=f"informational; render(chronology, {fmt}) in process vs a bare "
                    f"{'python-docx' if fmt == 'docx' else 'openpyxl write-only'} script writing "
                    "the same cells; median of 3 alternating rounds per run",
                )
            )
        rows.append(
            Scenario(
                f"{name} export: 10,000 entries vs {limit / 1000:g} s",
                1.0,
                export_alone(fmt, 10_000),
                baseline_constant=limit,
                runs=(1, 3),
                warmup=False,
                note=f"the same samples as the row above; goal (issue 17): within {limit:,.0f} ms",
            )
        )
    if os.environ.get("BENCH_LARGE") == "1":
        rows.extend(_large(ws, run))
    return rows


def _large_pack() -> Path:
    folder = WORK / f"pack-{LARGE}"
    if not (folder / "bench-manifest.json").exists():
        print(f"\n  (writing the {LARGE:,}-row pack into {folder}: a few minutes) ", end="")
        synth.write_pack(folder, LARGE)
    return folder


def _large(ws: Any, run: ModuleType) -> list[Any]:
    Scenario, run_child = run.Scenario, run.run_child
    database = WORK / f"review-{LARGE}.db"

    def import_large() -> Any:
        pack = _large_pack()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        return run_child(
            [run.WORKSHOP_TUI, "--db", str(database), "import", str(pack)],
            work=ws.root,
            timeout_s=3600,
        )

    def export_large(fmt: str) -> Callable[[], Any]:
        def measure() -> Any:
            if not database.exists():
                import_large()
            target = ws.root / f"large.{fmt}"
            try:
                return run_child(
                    [
                        run.WORKSHOP_TUI,
                        "--db",
                        str(database),
                        "export",
                        synth.pack_reference(LARGE),
                        "chronology",
                        "-o",
                        str(target),
                    ],
                    work=ws.root,
                    timeout_s=3600,
                )
            finally:
                target.unlink(missing_ok=True)

        return measure

    archive = WORK / f"review-{LARGE}.json"

    def export_archive() -> Any:
        """The archive of the imported 2,000,000 rows, kept for the row below."""
        if not database.exists():
            import_large()
        reference = synth.pack_reference(LARGE)
        argv = [run.WORKSHOP_TUI, "--db", str(database), "export", reference, "archive"]
        return run_child([*argv, "-o", str(archive)], work=ws.root, timeout_s=3600)

    def import_archive() -> Any:
        if not archive.exists():
            export_archive()
        folder = ws.scratch("archive-import")
        try:
            argv = [run.WORKSHOP_TUI, "--db", str(folder / "x.db"), "import", str(archive)]
            return run_child(argv, work=ws.root, timeout_s=3600)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def row(name: str, measure: Callable[[], Any]) -> Any:
        return Scenario(
            name,
            None,
            measure,
            runs=(1, 1),
            warmup=False,
            in_quick=False,
            rss_goal_mib=1024.0,
            note="opt-in (BENCH_LARGE=1); whole process; goal (issue 24): peak RSS under 1 GiB",
        )

    return [
        row("2M rows: import", import_large),
        row("2M rows: chronology export as CSV", export_large("csv")),
        row("2M rows: archive export", export_archive),
        row("2M rows: archive import", import_archive),
        row("2M rows: chronology export as Excel", export_large("xlsx")),
    ]
