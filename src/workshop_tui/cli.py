"""The command line (DESIGN.md section 6).

Commands that need no interface never import Textual: the app is imported
inside the commands that open it, so ``check``, ``import`` and ``chronology``
start quickly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workshop_tui.domain.display import visible
from workshop_tui.domain.problems import CaseReading, InputError, Problem, Severity
from workshop_tui.domain.search import KINDS as SEARCH_KINDS

if TYPE_CHECKING:
    from workshop_tui.domain.models import Review
    from workshop_tui.services import Services

DB_ENV = "WORKSHOP_TUI_DB"

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
def _export_refusals(output: Path) -> Iterator[None]:
    """An export refused or failed as the command's failure (nothing was written)."""
    from workshop_tui.services.exports import ExportFailed, LeaksRemain, LeaksRemainInFolder

    try:
        yield
    except (LeaksRemain, LeaksRemainInFolder) as error:
        _say_lines(error, err=True)
        _fail(
            "nothing written: add what was found as pseudonyms in the review, "
            "or pass --accept-leaks to write anyway"
        )
    except ExportFailed as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{output}: could not write: {error.strerror or error}")


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
    elif ctx.invoked_subcommand in {"import", "check", "add-chronology"}:
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
    from workshop_tui.services.reviews import check_archive

    if not (source.suffix.lower() == ".json" and source.is_file()):
        _import_streamed(ctx, source, strict)
        return
    # Read through and check, before the database is opened (or created); then read
    # again, each entry stored as it is read (issue 24).
    try:
        checked = check_archive(source)
    except InputError as error:
        _print_problems(error.problems)
        _fail(f"{source}: nothing imported")
    try:
        with _services(ctx) as services:
            imported = services.reviews.import_archive(source, checked)
    except InputError as error:  # the file changed in between
        _print_problems(error.problems)
        _fail(f"{source}: nothing imported")
    _imported(
        imported.review,
        imported.reading,
        imported.counts,
        imported.entries,
        imported.attention,
        imported.groups,
    )


def _imported(
    review: Review,
    reading: CaseReading,
    counts: Mapping[str, int],
    entries: int,
    attention: int,
    groups: int,
) -> None:
    """What an import stored: each agency's entries, the totals, what is outstanding."""
    data = reading.data
    _say(f"imported {review.reference}: {review.title}")
    for agency in data.agencies:
        _say(f"  {visible(agency.key, one_line=True):<24} {counts.get(agency.key, 0):>6} entries")
    click.echo(
        f"  {entries} entries, {attention} need attention, {groups} duplicate groups, "
        f"{len(data.participants)} participants, {len(data.kloes)} KLOEs, "
        f"{len(reading.warnings)} warning(s)"
    )
    waiting = [a for a in data.agencies if not a.sources or a.key in reading.outstanding]
    if waiting:
        _say(
            f"  {len(waiting)} of {len(data.agencies)} chronologies outstanding: "
            f"workshop-tui requests {review.reference}; add each with add-chronology"
        )


def _import_streamed(ctx: click.Context, source: Path, strict: bool) -> None:
    """Import a case pack folder, each entry stored as it is read (issue 24); a refusal
    leaves the database as it was, and removes it if this import created it."""
    from workshop_tui.services.reviews import ImportRefused

    db: Path = ctx.obj["db"]
    existed, folder_existed = db.exists(), db.parent.exists()
    refusal: tuple[list[Problem], str] | None = None
    with _services(ctx) as services:
        try:
            imported = services.reviews.import_pack_streamed(source, strict=strict)
        except InputError as error:
            refusal = error.problems, f"{source}: nothing imported"
        except ImportRefused as refused:
            refusal = refused.problems, str(refused)
    if refusal is not None:
        if not existed:  # as if the database had never been opened
            for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                path.unlink(missing_ok=True)
            if not folder_existed:
                with suppress(OSError):  # only when nothing else is in it
                    db.parent.rmdir()
        _print_problems(refusal[0])
        _fail(refusal[1])
    _print_problems(imported.reading.problems)
    _imported(
        imported.review,
        imported.reading,
        imported.counts,
        imported.entries,
        imported.attention,
        imported.groups,
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


def _demo_template(packs: Path, today: Any) -> Path:
    """The cached demo database: named by the program, schema, the demo's steps, today's
    date (its dates are relative to today) and the contents of every demo pack.

    Any change to a file of a pack, to the steps (``services/demo.py``,
    ``services/demo_themes.py``) or a new version gives a new name, so a stale copy is
    never used. The steps' source is read, not imported: loading them builds their
    findings and actions (pydantic models), which a start from the cache never needs.
    """
    import hashlib
    from importlib.util import find_spec

    from workshop_tui import __version__
    from workshop_tui.resources import DEMO_PACKS
    from workshop_tui.services.reviews import database_version

    digest = hashlib.sha256(f"{__version__}\0{database_version()}\0{today}\0".encode())
    for module in ("workshop_tui.services.demo", "workshop_tui.services.demo_themes"):
        spec = find_spec(module)
        assert spec is not None and spec.origin is not None
        digest.update(Path(spec.origin).read_bytes() + b"\0")
    for name in DEMO_PACKS:
        pack = packs / name
        for path in sorted(p for p in pack.rglob("*") if p.is_file()):
            digest.update(path.relative_to(packs).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return demo_cache_dir() / f"demo-{digest.hexdigest()[:20]}.db"


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
        for stale in template.parent.glob("demo-*.db"):  # yesterday's, or older steps'
            if stale != template:
                stale.unlink(missing_ok=True)
    except (OSError, StorageError):
        with suppress(OSError):
            partial.unlink(missing_ok=True)


@main.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Open the application on a scratch copy of the bundled sample cases.

    The demo holds two fictional reviews with their action plans followed for months
    (actions open, in progress, overdue, completed and closed). The first demo of a day
    builds it and keeps the result in your cache folder; later ones copy that file
    instead. Your own database is never opened.
    """
    from workshop_tui.resources import sample_cases_dir

    scratch = Path(tempfile.mkdtemp(prefix="workshop-tui-demo-"))  # 0700
    target = scratch / "demo.db"
    ctx.obj["db"] = target
    ctx.obj["demo"] = True
    packs = sample_cases_dir()
    today = dt.date.today()
    template = _demo_template(packs, today)
    try:
        _copy_private(template, target)
    except OSError:
        target.unlink(missing_ok=True)
        _build_demo(ctx, packs, template, today)
    _run_app(ctx, review_reference=None)
    _say(f"demo database (a scratch copy, safe to delete): {target}", err=True)


def _build_demo(ctx: click.Context, packs: Path, template: Path, today: Any) -> None:
    from workshop_tui.services import StorageError
    from workshop_tui.services.demo import build_demo

    try:
        build_demo(ctx.obj["db"], packs, today)
    except InputError as error:
        _print_problems(error.problems)
        _fail("the bundled sample cases could not be read")
    except StorageError as error:
        _fail(str(error))
    with _services(ctx) as services:
        _save_demo_template(services, template)


@main.command()
@click.argument("reference")
@click.argument("document")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write (its extension names the format); a folder for template and pack.",
)
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
    """Write DOCUMENT of review REFERENCE: minutes, report, actions, chronology, archive,
    tracker, briefing, briefing-plan, response; before the workshop, terms, invitation
    (.ics .docx .md), template and pack.

    The format follows the extension of the output file. template and pack write a
    folder (-o DIR, made if missing) with one file per agency, named by its key.
    Pseudonymised, dates of birth, NHS numbers, phone numbers, postcodes and e-mail
    addresses are redacted by themselves (where is printed and kept in the review's
    history, never the value); names and places the check still finds stop the export
    unless --accept-leaks.
    """
    from workshop_tui.services.exports import (
        ExportFailed,
        documents,
        format_for_path,
        writes_folder,
    )

    known = documents(before_workshop=True)
    if document not in known:
        _fail(f"unknown document {document!r}: choose one of {', '.join(known)}")
    try:
        fmt = format_for_path(document, output)
    except ExportFailed as error:
        _fail(str(error))
    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        with _export_refusals(output):  # the chronology as CSV or Excel, the archive:
            streamed = services.exports.export_streamed(  # written a row at a time
                review.id, document, output, pseudonymise=pseudonymise, accept_leaks=accept_leaks
            )
        if streamed is not None:
            problem = services.publishing.settings_problem()
            if problem:
                _say_lines(f"warning: {problem}", err=True)
            for leak in streamed.leaks:
                _say(f"accepted: {leak}", err=True)
            for redaction in streamed.redactions:
                _say(f"redacted: {redaction.where}: {redaction.kind}", err=True)
            _say(f"wrote {document} ({fmt}) to {output}")
            return
        try:  # a Word document of a long chronology, before the review is loaded
            services.exports.check_size(review.id, document, fmt)
        except ExportFailed as error:
            _fail(str(error))
        data = services.exports.load(review.id)
        publishing = services.exports.publishing(review.id, data)
        problem = services.publishing.settings_problem()
    if problem:
        _say_lines(f"warning: {problem}", err=True)
    written: list[str] = []
    rendered = None
    with _export_refusals(output):
        if writes_folder(document):
            folder = services.exports.write_folder(
                data,
                document,
                output,
                pseudonymise=pseudonymise,
                accept_leaks=accept_leaks,
                protected=(ctx.obj["db"],),
            )
            leaks, notes = folder.leaks, folder.notes
            written = [name for name, _ in folder.files]
        else:
            rendered = services.exports.write(
                data,
                document,
                output,
                pseudonymise=pseudonymise,
                accept_leaks=accept_leaks,
                protected=(ctx.obj["db"],),
                publishing=publishing,
            )
            leaks, notes = rendered.leaks, rendered.notes
    for leak in leaks:
        _say(f"accepted: {leak}", err=True)
    for note in notes:
        _say(f"note: {note}", err=True)
    if rendered is not None:
        for redaction in rendered.redactions:
            _say(f"redacted: {redaction.where}: {redaction.kind}", err=True)
        if pseudonymise:
            with _services(ctx) as services:
                services.exports.log(review.id, rendered, output)
    if written:
        _say(f"wrote {document} ({fmt}) to {output}: {len(written)} files, one per agency")
        for name in written:
            _say(f"  {name}")
    else:
        _say(f"wrote {document} ({fmt}) to {output}")


@main.command()
@click.argument("reference")
@click.argument("document", type=click.Choice(["report", "briefing"]))
@click.argument("status", type=click.Choice(["draft", "approved", "published"]))
@click.option("--by", "approved_by", default="", help="Who approved it (a group or role).")
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
    help="When it was approved or published (default: today).",
)
@click.pass_context
def publication(
    ctx: click.Context,
    reference: str,
    document: str,
    status: str,
    approved_by: str,
    on: dt.datetime | None,
) -> None:
    """Set the publication block of DOCUMENT (report or briefing) of review REFERENCE:
    draft, approved or published, by whom and when."""
    from workshop_tui.services.publishing import PublishingRefused

    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        try:
            block = services.publishing.set_publication(
                review.id, document, status, approved_by, on.date() if on else None
            )
        except PublishingRefused as error:
            _fail(str(error))
    line = f"{document} of {visible(reference, one_line=True)}: {block.status}"
    if block.approved_by:
        line += f", approved by {visible(block.approved_by, one_line=True)}"
    if block.date:
        line += f", {block.date.isoformat()}"
    _say(line)


@main.command()
@click.argument("reference")
@click.argument("number", type=click.IntRange(min=1))
@click.argument("text")
@click.pass_context
def respond(ctx: click.Context, reference: str, number: int, text: str) -> None:
    """Record the partnership's response to recommendation F<NUMBER> of review REFERENCE
    (shown in the partnership response document)."""
    from workshop_tui.services.publishing import PublishingRefused

    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        try:
            services.publishing.save_response(review.id, number, text)
        except PublishingRefused as error:
            _fail(str(error))
    _say(f"response to F{number} recorded")


@main.command()
@click.option("--review", "reference", metavar="REF", help="The settings as this review uses them.")
@click.option(
    "--group",
    "groups",
    nargs=2,
    multiple=True,
    metavar="KEY NAME",
    help="With --review: this review's own name for a group (case_review, business, "
    "quality_assurance); an empty NAME goes back to the settings' name.",
)
@click.pass_context
def settings(
    ctx: click.Context, reference: str | None, groups: tuple[tuple[str, str], ...]
) -> None:
    """Show the settings in force (the file, the partnership's name, its groups)."""
    from workshop_tui.services.publishing import PublishingRefused

    if groups and not reference:
        _fail("--group needs --review REF: the settings file is edited by hand")
    with _services(ctx) as services:
        loaded = services.publishing.loaded_settings()
        current = loaded.settings
        if reference:
            review = services.reviews.get(reference)
            assert review.id is not None
            for key, name in groups:
                try:
                    services.publishing.set_group(review.id, key, name)
                except PublishingRefused as error:
                    _fail(str(error))
            current = services.publishing.settings_for(review.id)
    _say(
        f"settings file: {loaded.path}"
        + ("" if loaded.path and loaded.path.exists() else " (absent: defaults)")
    )
    if loaded.problem:
        _say_lines(f"warning: {loaded.problem}", err=True)
    _say(f"partnership: {visible(current.partnership, one_line=True) or '(not set)'}")
    for key, name in current.groups.model_dump().items():
        _say(f"group {key}: {visible(name, one_line=True)}")
    for theme in current.themes:
        _say(f"extra theme: {visible(theme, one_line=True)}")


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
    from workshop_tui.domain.search import SearchFilters

    filters = SearchFilters(
        review=review,
        kinds=kinds,
        agency=agency,
        since=_day_option("--from", since),
        until=_day_option("--to", until),
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
        who = visible(hit.source, one_line=True, limit=24)
        _say(
            f"{visible(hit.review, one_line=True):<14} {hit.kind:<11} {hit.when or '-':<10} "
            f"{who:<24} {marked(hit.snippet)}"
        )


def _key_dates(option: str, values: tuple[str, ...]) -> list[tuple[str, Any]]:
    """``KEY=DATE`` pairs (``police=2025-01-31``; ``police=`` clears the date)."""
    pairs = []
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            _fail(f"{option} {value}: expected KEY=DATE, like police=2025-01-31", status=2)
        try:
            day = dt.date.fromisoformat(text.strip()) if text.strip() else None
        except ValueError:
            _fail(f"{option} {value}: {text!r} is not a date like 2025-01-31", status=2)
        pairs.append((key.strip(), day))
    return pairs


@main.command()
@click.argument("reference")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--requested", multiple=True, metavar="KEY=DATE", help="When it was asked for.")
@click.option("--due", multiple=True, metavar="KEY=DATE", help="When it is due.")
@click.option("--chase", multiple=True, metavar="KEY", help="Record a chase today.")
@click.option("--not-involved", "not_involved", multiple=True, metavar="KEY")
@click.option("--involved", multiple=True, metavar="KEY", help="Undo --not-involved.")
@click.pass_context
def requests(
    ctx: click.Context,
    reference: str,
    fmt: str,
    requested: tuple[str, ...],
    due: tuple[str, ...],
    chase: tuple[str, ...],
    not_involved: tuple[str, ...],
    involved: tuple[str, ...],
) -> None:
    """Every agency of review REFERENCE: its chronology's status, dates and entry count.

    The options record what the lead did first (each names an agency by its key),
    then the list is printed.
    """
    import csv

    changes = [
        *((key, {"requested": day}) for key, day in _key_dates("--requested", requested)),
        *((key, {"due": day}) for key, day in _key_dates("--due", due)),
        *((key, {"not_involved": True}) for key in not_involved),
        *((key, {"not_involved": False}) for key in involved),
    ]
    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        for key, values in changes:
            services.intake.update_request(review.id, key, **values)
        for key in chase:
            services.intake.chase(review.id, key)
        lines = services.intake.lines(review.id)
    records = [line.as_dict() for line in lines]
    if fmt == "json":
        click.echo(json.dumps(records, indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        names = ["agency", "name", "status", "requested", "due", "received", "chased", "entries"]
        writer.writerow(names)
        for record in records:
            chased = ";".join(str(day) for day in record["chased"])  # type: ignore[attr-defined]
            writer.writerow([chased if n == "chased" else record[n] or "" for n in names])
        return
    if not lines:
        _say("no agencies yet: add one with add-chronology REF FILE --agency KEY", err=True)
    click.echo(
        f"{'agency':<24} {'status':<20} {'requested':<10} {'due':<10} {'received':<10} "
        f"{'chased':<6} {'entries':>7}"
    )
    for line in lines:
        request = line.request
        cells = [
            (request.requested.isoformat() if request.requested else "-"),
            (request.due.isoformat() if request.due else "-"),
            (request.received.isoformat() if request.received else "-"),
        ]
        _say(
            f"{visible(line.agency, one_line=True, limit=24):<24} {line.status_words():<20} "
            f"{cells[0]:<10} {cells[1]:<10} {cells[2]:<10} {len(request.chased):<6} "
            f"{line.entries:>7}"
        )
    outstanding = sum(1 for line in lines if line.outstanding)
    _say(f"{outstanding} of {len(lines)} chronologies outstanding", err=True)


@main.command(name="add-chronology")
@click.argument("reference")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", "agency", required=True, metavar="KEY", help="The agency's key.")
@click.option("--name", help="The agency's name, when the key is new to the review.")
@click.option("--strict", is_flag=True, help="Write nothing while any error remains.")
@click.option("--replace", is_flag=True, help="Replace the agency's chronology with FILE.")
@click.option("--also", is_flag=True, help="Add FILE as a further file of the agency.")
@click.option("--dry-run", "dry_run", is_flag=True, help="With --replace: only show the change.")
@click.option("--yes", is_flag=True, help="With --replace: do not ask to confirm.")
@click.pass_context
def add_chronology(
    ctx: click.Context,
    reference: str,
    file: Path,
    agency: str,
    name: str | None,
    strict: bool,
    replace: bool,
    also: bool,
    dry_run: bool,
    yes: bool,
) -> None:
    """Add one agency's chronology FILE to review REFERENCE (or replace it with --replace).

    The file is read as the pack import reads it (bad rows kept, each named FILE:LINE),
    then duplicates are linked again. --replace shows what changes first.
    """
    from workshop_tui.services.intake import AddRefused, ChronologyExists

    if replace and also:
        _fail("--replace and --also cannot be used together", status=2)
    if dry_run and not replace:
        _fail("--dry-run shows a replacement: use it with --replace", status=2)
    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        if not replace:
            _add_streamed(services, review, file, agency, also=also, strict=strict, name=name)
            return
        try:
            read = services.intake.read_file(review.id, file, agency)
        except InputError as error:
            _print_problems(error.problems)
            _fail(f"{file}: nothing added")
        _print_problems(read.problems)
        try:
            plan = services.intake.plan_replacement(review.id, read)
            for line in plan.summary():
                _say(line)
            if dry_run:
                _say("dry run: nothing written", err=True)
                return
            if strict and read.errors:
                raise AddRefused(read.errors)
            if not yes and not click.confirm("Replace?", default=False, err=True):
                _fail("nothing replaced")
            done = services.intake.replace_chronology(review.id, read, strict=strict)
            _say(
                f"replaced {agency} in {review.reference}: {len(read.entries)} entries, "
                f"{done.relinked} duplicate link(s) changed"
            )
        except (AddRefused, ChronologyExists) as refused:
            _fail(str(refused))


def _add_streamed(
    services: Services,
    review: Review,
    file: Path,
    agency: str,
    *,
    also: bool,
    strict: bool,
    name: str | None,
) -> None:
    """add-chronology without --replace: each entry inserted as it is read (issue 24)."""
    from workshop_tui.services.intake import AddRefused, ChronologyExists

    assert review.id is not None
    try:
        added = services.intake.add_file_streamed(
            review.id, file, agency, also=also, strict=strict, name=name
        )
    except InputError as error:
        _print_problems(error.problems)
        _fail(f"{file}: nothing added")
    except (AddRefused, ChronologyExists) as refused:
        if isinstance(refused, AddRefused):
            _print_problems(refused.problems)
        _fail(str(refused))
    _print_problems(added.problems)
    new = " (a new agency)" if added.new_agency else ""
    _say(
        f"added {added.entries} entries for {agency}{new} to {review.reference}: "
        f"{added.needs_attention} need attention, {added.relinked} duplicate link(s) changed, "
        f"{sum(1 for p in added.problems if p.severity is Severity.WARNING)} warning(s)"
    )


# ---------------------------------------------------------------- the action plan (issue 13)


def _day(option: str, text: str | None) -> Any:
    """A date typed on the command line (``2027-01-31``, ``31/01/2027``), or exit 2."""
    from workshop_tui.domain.search import parse_date

    if text is None:
        return None
    found = parse_date(text)
    if found is None or len(text.strip()) == 4:
        _fail(f"{option} {text}: not a date (2027-01-31 or 31/01/2027)", status=2)
    return found


def _actions_table(rows: list[Any]) -> None:
    """One line per action: id, review, status, RAG, target, due (OVERDUE in words); the
    action's words cut to what the terminal has left (piped: 70 characters)."""
    import shutil

    room = max(24, shutil.get_terminal_size((166, 24)).columns - 96)
    for row in rows:
        action = row.action
        target = action.current_target
        revised = "*" if action.revisions else " "
        _say(
            f"{row.id:>5}  {visible(row.review_reference, one_line=True, limit=12):<12} "
            f"{action.status.value:<11} {(action.rag.value if action.rag else '-'):<5} "
            f"{target.isoformat() if target else '-':<10}{revised} {row.due or '-':<19} "
            f"{visible(action.owner, one_line=True, limit=24) or '-':<24} "
            f"{visible(action.description, one_line=True, limit=room)}"
        )


@main.command()
@click.option("--review", "review", metavar="REF", help="Only this review.")
@click.option("--overdue", is_flag=True, help="Only actions past their target, not done.")
@click.option("--due-soon", is_flag=True, help="Only actions due within 30 days.")
@click.option("--owner", metavar="NAME", help="Owner containing NAME (any case).")
@click.option("--agency", metavar="A", help="Lead agency: its key or part of its name.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["open", "in progress", "completed", "closed"]),
    help="Only this status (repeat for several).",
)
@click.option(
    "--rag",
    "rags",
    multiple=True,
    type=click.Choice(["red", "amber", "green"]),
    help="Only this RAG status (repeat for several).",
)
@click.option("--by-owner", is_flag=True, help="Group the table by owner.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "md"]),
    default="table",
    show_default=True,
)
@click.pass_context
def actions(
    ctx: click.Context,
    review: str | None,
    overdue: bool,
    due_soon: bool,
    owner: str | None,
    agency: str | None,
    statuses: tuple[str, ...],
    rags: tuple[str, ...],
    by_owner: bool,
    fmt: str,
) -> None:
    """Every action of every review in the database (the action plan's tracker).

    The table shows id, review, status, RAG, target (* revised), when it is due
    (OVERDUE by N days, due in N days), owner and the action. Update one with
    `workshop-tui action progress ID TEXT`.
    """
    from workshop_tui.domain.actions import ActionFilters
    from workshop_tui.domain.models import ActionStatus, Rag

    filters = ActionFilters(
        review=review,
        owner=owner,
        agency=agency,
        statuses=tuple(ActionStatus(s) for s in statuses),
        rags=tuple(Rag(r) for r in rags),
        overdue=overdue,
        due_soon=due_soon,
    )
    with _services(ctx) as services:
        if review is not None:
            services.reviews.get(review)  # NotFound: a clear line
        if owner is not None:
            matched = services.actions.owners_matching(owner)
            if matched:
                _say(f"note: --owner {owner} matched {', '.join(matched)}", err=True)
            else:
                _say(f"note: --owner {owner} matched no owner", err=True)
        rows = services.actions.list_actions(filters)
        if fmt != "table":
            click.echo(services.actions.render(rows, fmt), nl=False)
            return
        if not rows:
            _say("no actions match", err=True)
            return
        if by_owner:
            for name, group in services.actions.by_owner(filters):
                _say(f"{name} ({len(group)})")
                _actions_table(group)
        else:
            _actions_table(rows)
        late = sum(1 for row in rows if row.overdue)
        _say(f"{len(rows)} action(s), {late} overdue", err=True)


@main.group()
def action() -> None:
    """Update one action of the plan by its id (see `workshop-tui actions`)."""


def _show_action(services: Services, action_id: int) -> None:
    row = services.actions.get(action_id)
    a = row.action
    _say(f"action {row.id} of {row.review_reference}: {a.description}")
    due = f"; {row.due}" if row.due else ""
    _say(f"  status {a.status.value}; RAG {a.rag.value if a.rag else '-'}{due}")
    target = a.current_target.isoformat() if a.current_target else "-"
    if a.revisions and a.target_date:
        target += f" (agreed {a.target_date.isoformat()})"
    agency = services.actions.agency_names().get(a.lead_agency, a.lead_agency) or "-"
    _say(f"  owner {a.owner or '-'}; lead agency {agency}; target {target}")
    for revision in a.revisions:
        _say(
            f"  revised {revision.at:%Y-%m-%d}: {revision.previous or '-'} -> "
            f"{revision.target} ({revision.reason})"
        )
    for entry in a.progress:
        who = f" {entry.by}" if entry.by else ""
        rag = f" [{entry.rag.value}]" if entry.rag else ""
        _say(f"  {entry.at:%Y-%m-%d %H:%M}{who}: {entry.text}{rag}")
    if a.evidence:
        _say(f"  evidence: {a.evidence}")
    if a.assurance:
        _say(f"  assurance: {a.assurance.value}")


def _action_use_case(ctx: click.Context, action_id: int, run: Callable[[Services], object]) -> None:
    """Run one update of action ``action_id``; a refusal is one clear line, exit 1."""
    from workshop_tui.services.actions import ActionRefused

    with _services(ctx) as services:
        try:
            run(services)
        except ActionRefused as refused:
            _fail(f"action {action_id}: {refused}")
        _show_action(services, action_id)


@action.command(name="show")
@click.argument("action_id", type=int)
@click.pass_context
def action_show(ctx: click.Context, action_id: int) -> None:
    """Show action ACTION_ID: status, RAG, target and revisions, the progress log."""
    with _services(ctx) as services:
        _show_action(services, action_id)


@action.command(name="progress")
@click.argument("action_id", type=int)
@click.argument("text")
@click.option("--rag", type=click.Choice(["red", "amber", "green"]), help="New RAG status.")
@click.option("--evidence", help="Evidence of completion offered (added to what is there).")
@click.option(
    "--status",
    type=click.Choice(["open", "in progress", "completed", "closed"]),
    help="Move the status too (the rules apply).",
)
@click.option("--by", default="", help="Who reported it (a role).")
@click.pass_context
def action_progress(
    ctx: click.Context,
    action_id: int,
    text: str,
    rag: str | None,
    evidence: str | None,
    status: str | None,
    by: str,
) -> None:
    """Add a dated line of progress to action ACTION_ID (saved at once)."""
    from workshop_tui.domain.models import ActionStatus, Rag

    _action_use_case(
        ctx,
        action_id,
        lambda s: s.actions.record_progress(
            action_id,
            text,
            Rag(rag) if rag else None,
            evidence,
            by=by,
            status=ActionStatus(status) if status else None,
            reason=text,
        ),
    )


@action.command(name="move")
@click.argument("action_id", type=int)
@click.argument("status", type=click.Choice(["open", "in progress", "completed", "closed"]))
@click.option("--reason", default="", help="Why (needed to reopen a completed or closed one).")
@click.option("--by", default="", help="Who (a role).")
@click.pass_context
def action_move(ctx: click.Context, action_id: int, status: str, reason: str, by: str) -> None:
    """Move action ACTION_ID to STATUS: open -> in progress -> completed -> closed
    (closing needs evidence of completion)."""
    from workshop_tui.domain.models import ActionStatus

    _action_use_case(
        ctx,
        action_id,
        lambda s: s.actions.move(action_id, ActionStatus(status), reason=reason, by=by),
    )


@action.command(name="revise")
@click.argument("action_id", type=int)
@click.argument("target")
@click.option("--reason", required=True, help="Why the target moves.")
@click.option("--by", default="", help="Who (a role).")
@click.pass_context
def action_revise(ctx: click.Context, action_id: int, target: str, reason: str, by: str) -> None:
    """Revise the target date of ACTION_ID to TARGET (the old date is kept)."""
    day = _day("TARGET", target)
    _action_use_case(
        ctx, action_id, lambda s: s.actions.revise_target(action_id, day, reason, by=by)
    )


@action.command(name="assure")
@click.argument("action_id", type=int)
@click.argument(
    "rating",
    type=click.Choice(["Substantial", "Reasonable", "Limited", "No"], case_sensitive=False),
)
@click.option("--impact", help="The impact on practice noted.")
@click.pass_context
def action_assure(ctx: click.Context, action_id: int, rating: str, impact: str | None) -> None:
    """Record the subgroup's assurance RATING for ACTION_ID."""
    from workshop_tui.domain.actions import parse_assurance

    _action_use_case(
        ctx,
        action_id,
        lambda s: s.actions.rate_assurance(action_id, parse_assurance(rating), impact=impact),
    )


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--review", "review", metavar="REF", help="Only this review (else every review).")
@click.pass_context
def tracker(ctx: click.Context, output: Path, review: str | None) -> None:
    """Write the action tracker workbook (.xlsx) of every review, to edit in Excel and
    bring back with `workshop-tui import-tracker`."""
    from workshop_tui.services.exports import ExportFailed

    with _services(ctx) as services:
        try:
            count = services.actions.write_tracker(
                output, review=review, protected=(ctx.obj["db"],)
            )
        except ExportFailed as error:
            _fail(str(error))
        except OSError as error:
            _fail(f"{output}: could not write: {error.strerror or error}")
    _say(f"wrote the tracker ({count} actions) to {output}")


@main.command(name="import-tracker")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Apply the changes without asking.")
@click.option("--by", default="", help="Who the updates are from (default: the file's name).")
@click.pass_context
def import_tracker(ctx: click.Context, source: Path, yes: bool, by: str) -> None:
    """Bring back a tracker edited in Excel: every changed cell is listed (action,
    column, old -> new) and, once confirmed, applied as audited updates. A changed or
    unknown action id, a bad date or a move the rules refuse: nothing is written."""
    from workshop_tui.services.actions import ActionRefused, TrackerRefused

    with _services(ctx) as services:
        try:
            proposal = services.actions.propose_tracker(source)
        except TrackerRefused as refused:
            _say_lines(refused, err=True)
            raise SystemExit(1) from None
        for change in proposal.ignored:
            _say(f"not imported (worked out by workshop-tui): {change}", err=True)
        if not proposal.changes:
            _say(f"{source.name}: no cell was changed; nothing to import")
            return
        for change in proposal.changes:
            _say(f"  {change}")
        count = len(proposal.changes)
        actions_changed = len(proposal.updates)
        question = f"apply {count} change(s) to {actions_changed} action(s)?"
        if not yes and not click.confirm(question, default=False):
            _say("nothing written", err=True)
            raise SystemExit(1)
        try:
            services.actions.apply_tracker(source, proposal, by=by)
        except (TrackerRefused, ActionRefused) as refused:
            _say_lines(refused, err=True)
            raise SystemExit(1) from None
    _say(f"applied {count} change(s) to {actions_changed} action(s) from {source.name}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--review", "review", metavar="REF", help="Only this review (else every review).")
@click.option(
    "--since",
    metavar="DATE",
    help="Count new reds and revised targets from this date (default: 30 days ago).",
)
@click.pass_context
def highlight(ctx: click.Context, output: Path, review: str | None, since: str | None) -> None:
    """Write the QA highlight report for the subgroup (.docx or .md): counts by status,
    new reds, overdue actions, actions proposed for closure with their evidence."""
    from workshop_tui.services.exports import ExportFailed

    with _services(ctx) as services:
        start = _day("--since", since) or services.actions.today() - dt.timedelta(days=30)
        try:
            data = services.actions.write_highlight(
                output, start, review=review, protected=(ctx.obj["db"],)
            )
        except ExportFailed as error:
            _fail(str(error))
        except OSError as error:
            _fail(f"{output}: could not write: {error.strerror or error}")
    _say(
        f"wrote the highlight report to {output}: {len(data.rows)} action(s) since "
        f"{start.isoformat()}, {len(data.overdue)} overdue, {len(data.reds)} new red, "
        f"{len(data.proposed_closures)} proposed for closure"
    )


# ---------------------------------------------------- themes and the annual report (issue 14)


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


@main.command()
@click.argument("reference")
@click.option(
    "--minutes",
    "number",
    type=click.IntRange(min=1),
    metavar="N",
    help="Write the minutes of meeting N (as listed) to --output.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The minutes file: .docx or .md.",
)
@click.pass_context
def meetings(ctx: click.Context, reference: str, number: int | None, output: Path | None) -> None:
    """The meetings of review REFERENCE (the workshop, follow-ups, the sign-off), numbered;
    with --minutes N -o FILE, write meeting N's minutes (the actions it reviewed, with
    what was said of each)."""
    from workshop_tui.services.meetings import MeetingRefused

    if (number is None) != (output is None):
        _fail("--minutes N and -o FILE go together", status=2)
    with _services(ctx) as services:
        review = services.reviews.get(reference)
        assert review.id is not None
        held = services.meetings.meetings(review.id)
        if number is None or output is None:
            for n, meeting in enumerate(held, start=1):
                day = meeting.date.isoformat() if meeting.date else "no date"
                notes = len(services.meetings.notes(review.id, meeting.id or 0))
                _say(f"{n}  {meeting.kind.value:<10}  {day}  {notes} action update(s)")
            return
        if number > len(held):
            _fail(f"{reference} has {len(held)} meeting(s); there is no meeting {number}")
        meeting = held[number - 1]
        assert meeting.id is not None
        try:
            written = services.meetings.write_minutes(review.id, meeting.id, output)
        except MeetingRefused as error:
            _fail(str(error))
    _say(f"wrote the minutes of the {meeting.kind.value} meeting to {written}")


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
