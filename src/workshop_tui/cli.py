"""The command line (DESIGN.md section 6).

Commands that need no interface never import Textual: the app is imported
inside the commands that open it, so ``check``, ``import`` and ``chronology``
start quickly.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workshop_tui.domain.display import visible
from workshop_tui.domain.problems import InputError, Problem, Severity
from workshop_tui.domain.search import KINDS as SEARCH_KINDS

if TYPE_CHECKING:
    from workshop_tui.services import Services

DB_ENV = "WORKSHOP_TUI_DB"
DEMO_PACK = "child-r"

F = TypeVar("F", bound=Callable[..., Any])


def default_db_path() -> Path:
    """The database in the platform's user data folder."""
    from platformdirs import user_data_path

    return user_data_path("workshop-tui", appauthor=False) / "workshop.db"


def _say(message: object, *, err: bool = False) -> None:
    """Print one line: whatever a file or a person wrote in it (a title, a file name,
    a cell) with controls and bidi characters made visible and line breaks as ``⏎``,
    so nothing reaches the terminal raw and no line is of a file's choosing."""
    click.echo(visible(message, one_line=True), err=err)


def _say_lines(message: object, *, err: bool = False) -> None:
    """Print a message of several lines (each made safe as in :func:`_say`)."""
    for line in str(message).split("\n"):
        _say(line, err=err)


def _fail(message: str, status: int = 1) -> None:
    _say(f"error: {message}", err=True)
    raise SystemExit(status)


@contextmanager
def _services(ctx: click.Context) -> Iterator[Services]:
    """Every use case, on the database of ``--db``; any storage failure is one clear line."""
    from workshop_tui.services import Services, StorageError

    path: Path = ctx.obj["db"]
    try:
        services = Services.open(path)
    except StorageError as error:
        _fail(str(error))
    for notice in services.reviews.notices:  # permissions tightened: the owner should know
        _say(f"warning: {notice}", err=True)
    try:
        yield services
    except StorageError as error:
        _fail(str(error))
    finally:
        services.close()


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        _say(problem, err=True)  # one line each, whatever the file's name holds


@click.group(invoke_without_command=True)
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=DB_ENV,
    help=f"Database file (default: your data folder; or set {DB_ENV}).",
)
@click.version_option(package_name="workshop-tui")
@click.pass_context
def main(ctx: click.Context, db: Path | None) -> None:
    """Run a multi-agency Learning Review: chronology, workshop, minutes.

    With no command, opens the application on the database.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db or default_db_path()
    if ctx.invoked_subcommand in {None, "demo", "open"}:
        from workshop_tui.memory import pause_for_start_up

        pause_for_start_up()  # until the first screen is painted (WorkshopApp)
    elif ctx.invoked_subcommand in {"import", "check"}:
        from workshop_tui.memory import collector_paused

        # Reading a pack builds thousands of entries that all live to the end and
        # form no cycles: the collector's passes over them found nothing to free
        # and cost about a tenth of an import (40 ms of 10,000 entries' 0.5 s).
        ctx.with_resource(collector_paused())
    if ctx.invoked_subcommand is None:
        _run_app(ctx, review_reference=None)


def _run_app(ctx: click.Context, review_reference: str | None) -> None:
    from workshop_tui.memory import start_up_done

    try:
        with _services(ctx) as services:
            if review_reference is None and ctx.obj.get("demo"):
                review_reference = services.reviews.list_reviews()[0].reference
            if review_reference is not None:
                services.reviews.get(review_reference)  # a clear message now, not in the app
            from workshop_tui.app import make_app

            make_app(services, review_reference=review_reference).run()
    finally:
        start_up_done()  # if the app never painted (a refusal, an error)


@main.command()
@click.argument("pack", type=click.Path(path_type=Path))
def check(pack: Path) -> None:
    """Validate a case pack; write nothing. One FILE:LINE: message per problem."""
    from workshop_tui.services.reviews import check_pack

    problems = check_pack(pack)
    _print_problems(problems)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    _say(f"{pack}: {errors} error(s), {warnings} warning(s)", err=True)
    if errors:
        raise SystemExit(1)


@main.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Import nothing while any error remains.")
@click.pass_context
def import_(ctx: click.Context, source: Path, strict: bool) -> None:
    """Create a review from a case pack folder or an ARCHIVE.json."""
    from workshop_tui.services.reviews import ImportRefused, read_case, refuse_if_strict

    # Read, and refuse under --strict, before the database is opened (or created).
    try:
        reading = read_case(source, archive=True)
        data, problems, errors = reading.data, reading.problems, reading.errors
        _print_problems(problems)
        refuse_if_strict(reading, strict=strict)
    except InputError as error:
        _print_problems(error.problems)
        _fail(f"{source}: nothing imported")
    except ImportRefused as refused:
        _fail(str(refused))
    with _services(ctx) as services:
        review = services.reviews.import_case(reading, strict=strict)
    counts: dict[str, int] = {}
    for entry in data.entries:
        counts[entry.agency] = counts.get(entry.agency, 0) + 1
    _say(f"imported {review.reference}: {review.title}")
    for agency in data.agencies:
        _say(f"  {visible(agency.key, one_line=True):<24} {counts.get(agency.key, 0):>6} entries")
    attention = sum(1 for e in data.entries if e.needs_attention)
    groups = len({e.duplicate_group for e in data.entries if e.duplicate_group is not None})
    click.echo(
        f"  {len(data.entries)} entries, {attention} need attention, {groups} duplicate groups, "
        f"{len(data.participants)} participants, {len(data.kloes)} KLOEs, "
        f"{len(problems) - len(errors)} warning(s)"
    )


@main.command(name="list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """The reviews in the database."""
    with _services(ctx) as services:
        reviews = services.reviews.list_reviews()
    if not reviews:
        click.echo("no reviews yet: workshop-tui import PACK")
    for review in reviews:
        when = review.workshop_date.isoformat() if review.workshop_date else "-"
        reference = visible(review.reference, one_line=True)
        _say(f"{reference:<16} {when:<10}  {review.status.value:<13}  {review.title}")


@main.command()
@click.argument("reference")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "md"]),
    default="csv",
    show_default=True,
)
@click.pass_context
def chronology(ctx: click.Context, reference: str, fmt: str) -> None:
    """Print the merged chronology of review REFERENCE to standard output (streamed)."""
    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        out = sys.stdout
        try:
            services.exports.stream_chronology(review.id, fmt, out)
            out.flush()
        except BrokenPipeError:
            # `| head` closed the pipe: not an error for a stream.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())


@main.command()
@click.argument("reference")
@click.pass_context
def open(ctx: click.Context, reference: str) -> None:
    """Open the application straight into review REFERENCE."""
    _run_app(ctx, review_reference=reference)


@main.command()
@click.argument("reference")
@click.pass_context
def room(ctx: click.Context, reference: str) -> None:
    """Show the room view of review REFERENCE, for a projector or a shared screen.

    Run it in a second terminal beside the chair's: it opens the database read-only and
    follows the workshop (the current KLOE, its timer, the agenda, agreed wording only).
    """
    from workshop_tui.services import StorageError
    from workshop_tui.services.room import Room

    try:
        follower = Room.open(ctx.obj["db"])
    except StorageError as error:
        _fail(str(error))
    with follower:
        try:
            follower.check(reference)
        except StorageError as error:
            _fail(str(error))
        from workshop_tui.app import make_app

        make_app(follower, review_reference=reference).run()


def demo_cache_dir() -> Path:
    """Where ``demo`` keeps its imported sample case, to copy instead of importing again."""
    from platformdirs import user_cache_path

    return user_cache_path("workshop-tui", appauthor=False) / "demo"


def _demo_template(pack: Path) -> Path:
    """The cached database for ``pack``: named by the program, schema and pack contents.

    Any change to a file of the pack (or a new version) gives a new name, so a stale
    copy is never used.
    """
    import hashlib

    from workshop_tui import __version__
    from workshop_tui.services.reviews import database_version

    digest = hashlib.sha256(f"{__version__}\0{database_version()}\0".encode())
    for path in sorted(p for p in pack.rglob("*") if p.is_file()):
        digest.update(path.relative_to(pack).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return demo_cache_dir() / f"{pack.name}-{digest.hexdigest()[:20]}.db"


def _copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` to the new file ``target``, readable by its owner only."""
    import shutil

    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out)


def _save_demo_template(services: Services, template: Path) -> None:
    """Keep a copy of the freshly imported demo for next time; a failure only costs time."""
    from workshop_tui.services import StorageError

    partial = template.with_name(f".{template.name}.{os.getpid()}")
    try:
        template.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        services.reviews.backup(partial)
        os.replace(partial, template)  # whole or not at all, even with two demos at once
    except (OSError, StorageError):
        with suppress(OSError):
            partial.unlink(missing_ok=True)


@main.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Open the application on a scratch copy of the bundled sample case.

    The first demo imports the sample case and keeps the result in your cache folder
    (about a third of a second); later ones copy that file instead. Your own
    database is never opened.
    """
    from workshop_tui.resources import sample_cases_dir

    scratch = Path(tempfile.mkdtemp(prefix="workshop-tui-demo-"))  # 0700
    target = scratch / "demo.db"
    ctx.obj["db"] = target
    ctx.obj["demo"] = True
    pack = sample_cases_dir() / DEMO_PACK
    template = _demo_template(pack)
    try:
        _copy_private(template, target)
    except OSError:
        target.unlink(missing_ok=True)
        _import_demo(ctx, pack, template)
    _run_app(ctx, review_reference=None)
    _say(f"demo database (a scratch copy, safe to delete): {target}", err=True)


def _import_demo(ctx: click.Context, pack: Path, template: Path) -> None:
    from workshop_tui.services.reviews import read_case

    try:
        reading = read_case(pack)
    except InputError as error:
        _print_problems(error.problems)
        _fail("the bundled sample case could not be read")
    with _services(ctx) as services:
        services.reviews.import_case(reading)
        _save_demo_template(services, template)


@main.command()
@click.argument("reference")
@click.argument("document")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--pseudonymise", is_flag=True, help="Write a version fit to publish.")
@click.option(
    "--accept-leaks",
    is_flag=True,
    help="With --pseudonymise: write even though the check found possible identifiers.",
)
@click.pass_context
def export(
    ctx: click.Context,
    reference: str,
    document: str,
    output: Path,
    pseudonymise: bool,
    accept_leaks: bool,
) -> None:
    """Write DOCUMENT (minutes, report, actions, chronology, archive) of review REFERENCE.

    The format follows the extension of the output file.
    """
    from workshop_tui.services.exports import (
        ExportFailed,
        LeaksRemain,
        documents,
        format_for_path,
    )

    if document not in documents():
        _fail(f"unknown document {document!r}: choose one of {', '.join(documents())}")
    try:
        fmt = format_for_path(document, output)
    except ExportFailed as error:
        _fail(str(error))
    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        data = services.exports.load(review.id)
    try:
        rendered = services.exports.write(
            data,
            document,
            output,
            pseudonymise=pseudonymise,
            accept_leaks=accept_leaks,
            protected=(ctx.obj["db"],),
        )
    except LeaksRemain as error:
        _say_lines(error, err=True)
        _fail(
            "nothing written: add what was found as pseudonyms in the review, "
            "or pass --accept-leaks to write anyway"
        )
    except ExportFailed as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{output}: could not write: {error.strerror or error}")
    for leak in rendered.leaks:
        _say(f"accepted: {leak}", err=True)
    _say(f"wrote {document} ({fmt}) to {output}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.pass_context
def backup(ctx: click.Context, output: Path) -> None:
    """Copy the whole database to a new owner-only file (SQLite's backup API)."""
    with _services(ctx) as services:
        target = services.reviews.backup(output)
    _say(f"backed up {ctx.obj['db']} to {target}")


@main.command()
@click.argument("reference")
@click.pass_context
def history(ctx: click.Context, reference: str) -> None:
    """Print the audit trail of review REFERENCE: every change, oldest first."""
    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        events = services.reviews.history(review.id)
    for event in events:
        what = f"{event.entity} {event.entity_id}" if event.entity_id else event.entity
        line = f"{event.at.isoformat(sep=' ')}  {event.change:<7} {what}"
        if event.field:
            line += f" {event.field}: {_short(event.old)} -> {_short(event.new)}"
        _say(line)


def _short(value: str | None, width: int = 60) -> str:
    if value is None:
        return "(none)"
    text = " ".join(visible(value).split())  # ␛ as everywhere else, not \u001b
    return json.dumps(text if len(text) <= width else text[: width - 1] + "…", ensure_ascii=False)


@main.command()
@click.argument("query")
@click.option("--review", "review", metavar="REF", help="Only this review.")
@click.option(
    "--kind",
    "kinds",
    type=click.Choice(SEARCH_KINDS),
    multiple=True,
    help="Only this kind of item (repeat for several).",
)
@click.option("--agency", help="Only this agency (its key or name).")
@click.option("--from", "since", metavar="DATE", help="On or after this date (2023-01-31).")
@click.option("--to", "until", metavar="DATE", help="On or before this date.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
)
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    review: str | None,
    kinds: tuple[str, ...],
    agency: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Search every review for QUERY: one line per hit, best first.

    Words are stemmed (bruise finds bruising); "a phrase" in quotes; neglec* for a
    prefix; AND, OR, NOT and brackets; -word leaves a word out. Filters may also be
    typed in QUERY: review:REF kind:finding agency:police from:2023 to:2023-06-30.
    """
    from workshop_tui.domain.search import SearchFilters, parse_date

    def day(option: str, text: str | None) -> Any:
        found = parse_date(text, end=option == "--to") if text else None
        if text and found is None:
            _fail(f"{option} {text}: not a date (2023-01-31, 31/01/2023 or 2023)", status=2)
        return found

    filters = SearchFilters(
        review=review,
        kinds=kinds,
        agency=agency,
        since=day("--from", since),
        until=day("--to", until),
    )
    with _services(ctx) as services:
        result = services.search.find(query, filters, limit=limit)
    for note in result.notes:
        _say(f"note: {note}", err=True)
    if result.message is not None:
        _fail(result.message)
    _write_hits(result.hits, fmt)
    if result.more:
        _say(f"note: more than {limit} hits; the best {limit} shown (--limit)", err=True)
    elif not result.hits and fmt == "table":
        _say("no hits", err=True)


def _write_hits(hits: list[Any], fmt: str) -> None:
    """Search hits (``domain.search.SearchHit``) to standard output."""
    from workshop_tui.domain.search import marked
    from workshop_tui.services.search import Search

    if fmt in ("json", "md"):
        click.echo(Search.render(hits, fmt), nl=False)
        return
    for hit in hits:
        who = visible(hit.who or hit.agency, one_line=True, limit=24)
        _say(
            f"{visible(hit.review, one_line=True):<14} {hit.kind:<11} {hit.day or '-':<10} "
            f"{who:<24} {marked(hit.snippet)}"
        )


def _day_option(option: str, text: str | None) -> Any:
    """A --from or --to date (2023-01-31, 31/01/2023, 2023-05 or 2023); --to a month or
    year means its last day. Exits with a message naming the option when not a date."""
    from workshop_tui.domain.search import parse_date

    found = parse_date(text, end=option == "--to") if text else None
    if text and found is None:
        _fail(f"{option} {text}: not a date (2023-01-31, 31/01/2023 or 2023)", status=2)
    return found


@main.command()
@click.option("--from", "since", metavar="DATE", help="Reviews held on or after this date.")
@click.option("--to", "until", metavar="DATE", help="Reviews held on or before this date.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "md"]),
    default="table",
    show_default=True,
)
@click.option(
    "--extra-theme",
    "extra",
    multiple=True,
    metavar="NAME",
    help="A theme of the partnership's own, after the built-in ones (repeat for several).",
)
@click.pass_context
def themes(
    ctx: click.Context, since: str | None, until: str | None, fmt: str, extra: tuple[str, ...]
) -> None:
    """Count findings by theme across every review: findings, agreed, reviews, by year,
    level and scope, and which reviews.

    A review is placed by its workshop date (else the end of its period); with --from
    or --to, a review with neither is left out and named under the table.
    """
    start = _day_option("--from", since)
    end = _day_option("--to", until)
    with _services(ctx) as services:
        services.themes.extra = extra
        tally = services.themes.tally(start, end)
    click.echo(services.themes.render(tally, fmt), nl=False)


@main.command("annual-report")
@click.option("--from", "since", metavar="DATE", help="Reviews held on or after this date.")
@click.option("--to", "until", metavar="DATE", help="Reviews held on or before this date.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option(
    "--extra-theme",
    "extra",
    multiple=True,
    metavar="NAME",
    help="A theme of the partnership's own, after the built-in ones (repeat for several).",
)
@click.pass_context
def annual_report(
    ctx: click.Context,
    since: str | None,
    until: str | None,
    output: Path,
    extra: tuple[str, ...],
) -> None:
    """Write the annual report extract for the reviews held from --from to --to: the
    reviews done, their themes, action progress (by status, overdue today) and the
    impact recorded. The format follows the extension: .docx, .md or .csv.
    """
    from workshop_tui.services.exports import ExportFailed

    start = _day_option("--from", since)
    end = _day_option("--to", until)
    with _services(ctx) as services:
        services.themes.extra = extra
        data = services.themes.annual(start, end)
        try:
            fmt = services.themes.write_annual(data, output, (ctx.obj["db"],))
        except ExportFailed as error:
            _fail(str(error))
        except OSError as error:
            _fail(f"{output}: could not write: {error.strerror or error}")
    for review in data.left_out:
        _say(f"not in the period: {visible(review.reference, one_line=True)}", err=True)
    _say(f"wrote the annual report extract ({fmt}, {len(data.records)} reviews) to {output}")
