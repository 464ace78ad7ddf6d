"""Synthetic, fictional inputs for the benchmark.

``write_pack`` writes a case pack (``case.toml`` and one CSV chronology per
agency) of any size, shaped like what agencies really send: each agency its own
headers, delimiter and date form, a BOM here, CRLF there, the odd multi-line
cell, an unmapped column, and some events recorded by two or three agencies.
Text lengths follow real chronologies (a few hundred characters of event, a
shorter outcome, an analysis about half the time). Everything is generated from
a fixed seed, so a pack of a given size is the same on every run.

``write_pack`` also writes ``bench-manifest.json`` next to ``case.toml``: how to
read each file (delimiter, encoding, which header is which field, the
``strptime`` format). The plain-script import baseline uses it, since a script
written for one known set of files would know those things.

``large_workshop`` builds the ReviewData of a long workshop for the Word
minutes scenario. Only it imports the project; the pack writer is stdlib only.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workshop_tui.domain.models import ReviewData

PERIOD_START = dt.date(2014, 4, 1)
PERIOD_END = dt.date(2024, 3, 31)
"""Ten years: 50,000 entries is about 14 a day, a dense but believable history."""

REFERENCE_PREFIX = "LR-BENCH"


@dataclass(frozen=True)
class AgencyFile:
    """How one fictional agency writes its chronology."""

    key: str
    name: str
    weight: float
    headers: dict[str, str]
    """Field -> header as this agency writes it (``datetime`` = date and time in one cell)."""
    date_format: str
    time_format: str = "%H:%M"
    delimiter: str = ","
    bom: bool = False
    crlf: bool = False
    extra_header: str = ""
    """A column that maps to nothing (kept in ``extra``)."""


AGENCIES: tuple[AgencyFile, ...] = (
    AgencyFile(
        "police",
        "Fernmoor Constabulary",
        0.16,
        {
            "datetime": "Date/Time",
            "practitioner": "Officer",
            "event": "Details",
            "outcome": "Action taken",
        },
        "%d/%m/%Y %H:%M",
        bom=True,
        crlf=True,
        extra_header="Occurrence ref",
    ),
    AgencyFile(
        "social_care",
        "Fernmoor Children's Services",
        0.22,
        {
            "date": "Date of contact",
            "time": "Time",
            "practitioner": "Worker",
            "event": "Details of contact",
            "outcome": "Outcome",
            "analysis": "Significance",
        },
        "%d/%m/%Y",
        delimiter=";",
        extra_header="Case number",
    ),
    AgencyFile(
        "health_visiting",
        "Fernmoor Community Health Trust (Health Visiting)",
        0.14,
        {
            "date": "Date",
            "practitioner": "Practitioner",
            "event": "Event",
            "outcome": "Outcome",
            "analysis": "Analysis",
        },
        "%d.%m.%Y",
    ),
    AgencyFile(
        "gp",
        "Saltmarsh Lane Surgery",
        0.10,
        {
            "date": "Date seen",
            "practitioner": "Clinician",
            "event": "Summary",
            "outcome": "Outcome / decision",
        },
        "%d %b %Y",
        crlf=True,
    ),
    AgencyFile(
        "school",
        "Harbour Road Primary School",
        0.14,
        {
            "date": "Date",
            "practitioner": "Recorded by",
            "event": "Notes",
            "outcome": "Actions taken",
            "analysis": "Safeguarding considerations",
        },
        "%d/%m/%Y",
        bom=True,
    ),
    AgencyFile(
        "emergency_department",
        "Fernmoor General Hospital Emergency Department",
        0.08,
        {
            "date": "Date",
            "time": "Time",
            "practitioner": "Clinician",
            "event": "Event",
            "outcome": "Outcome",
        },
        "%Y-%m-%d",
        extra_header="Triage category",
    ),
    AgencyFile(
        "housing",
        "Fernmoor Homes",
        0.07,
        {
            "date": "Date",
            "practitioner": "Officer",
            "event": "Details",
            "outcome": "Outcome",
        },
        "%d/%m/%Y",
        delimiter="\t",
    ),
    AgencyFile(
        "early_help",
        "Fernmoor Early Help Service",
        0.09,
        {
            "date": "Event date",
            "practitioner": "Worker",
            "event": "Event",
            "outcome": "Outcome",
            "analysis": "Analysis",
        },
        "%d-%b-%Y",
    ),
)

_FIRST = [
    "Aled",
    "Bryn",
    "Carys",
    "Delyth",
    "Eilir",
    "Ffion",
    "Gethin",
    "Hafwen",
    "Idris",
    "Jessamy",
    "Kit",
    "Lowri",
    "Madoc",
    "Nerys",
    "Osian",
    "Petra",
    "Quinn",
    "Rhodri",
    "Seren",
    "Tamsin",
    "Ursula",
    "Vaughan",
    "Wren",
    "Yestin",
    "Zillah",
]
_LAST = [
    "Ashdown",
    "Brackley",
    "Carrow",
    "Dunmore",
    "Ellery",
    "Fenwick",
    "Garside",
    "Holloway",
    "Ingram",
    "Jessop",
    "Kettering",
    "Lathom",
    "Marwood",
    "Nettleship",
    "Orrell",
    "Pengelly",
    "Quarrie",
    "Rudd",
    "Stainton",
    "Thurlow",
]
_ROLES = {
    "police": ("PC", "DC", "Sergeant", "PCSO"),
    "social_care": ("Social Worker", "Team Manager", "Family Support Worker"),
    "health_visiting": ("Health Visitor", "Community Nursery Nurse"),
    "gp": ("GP", "Practice Nurse"),
    "school": ("DSL", "Class Teacher", "Headteacher", "SENCo"),
    "emergency_department": ("ED Registrar", "Staff Nurse", "Paediatric Liaison Nurse"),
    "housing": ("Housing Officer", "Tenancy Support Officer"),
    "early_help": ("Early Help Practitioner", "Family Worker"),
}

_OPENINGS = (
    "Home visit to the family address",
    "Telephone call from mother",
    "Strategy discussion held",
    "Attendance at child in need meeting",
    "Referral received from school",
    "Child seen at surgery with mother",
    "Unannounced visit; no answer at the door",
    "Domestic incident reported by a neighbour",
    "Child brought to the department with a bruise to the forearm",
    "Core group meeting",
    "Missed appointment; letter sent",
    "Information shared by housing about rent arrears",
    "Welfare check requested",
    "Multi-agency meeting to review the plan",
    "Child absent from school for the third day",
    "Text message from stepfather cancelling the visit",
)
_CLAUSES = (
    "the home was cold and there was little food in the kitchen",
    "mother said she was managing and did not want further support",
    "Child R was quiet and did not make eye contact",
    "the stepfather answered for the child on several occasions",
    "concerns about neglect were discussed but no referral was made",
    "the practitioner noted a strong smell of cannabis in the hallway",
    "school reported that Child R arrived hungry and without a coat",
    "the family had moved address without telling the health visitor",
    "a safety plan was agreed with mother and the maternal grandmother",
    "no interpreter was available and the discussion was held in English",
    "the dog was loose in the living room and the child seemed frightened of it",
    "the outstanding dental appointment was raised again",
    "mother disclosed that she had been pushed during an argument",
    "the worker could not see the child's bedroom as it was said to be untidy",
    "information from the previous authority had still not arrived",
    "the case was discussed in supervision and the plan was left unchanged",
    "attendance had fallen to 81 percent over the half term",
    "the child's weight had dropped across two centiles since the last review",
)
_OUTCOMES = (
    "No further action.",
    "Referral to children's social care.",
    "Advice given; follow-up visit booked in two weeks.",
    "Information shared with the allocated social worker by secure e-mail.",
    "Strategy discussion requested.",
    "Case stepped down to Early Help.",
    "Letter sent offering a new appointment.",
    "Discussed with the safeguarding lead; to monitor.",
    "Section 47 enquiry agreed.",
    "Child protection medical arranged for the same afternoon.",
)
_ANALYSES = (
    "This was an opportunity to consider the cumulative impact of neglect.",
    "The child's voice is not recorded; what was it like for Child R at this time?",
    "Good practice: the practitioner checked records held by other agencies first.",
    "The referral threshold was applied to the single incident, not the history.",
    "Disguised compliance may have been a factor in the family's engagement.",
    "Professional curiosity about the new adult in the household would have helped.",
)


def _person(rng: random.Random, agency: str) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}, {rng.choice(_ROLES[agency])}"


def _sentence(clause: str) -> str:
    return clause[0].upper() + clause[1:] + "."


def _event_text(rng: random.Random) -> str:
    parts = [rng.choice(_OPENINGS) + "."]
    for clause in rng.sample(_CLAUSES, rng.randint(1, 4)):
        parts.append(_sentence(clause))
    text = " ".join(parts)
    if rng.random() < 0.05:  # pasted from a case note: a line break inside the cell
        text = text.replace(". ", ".\n", 1)
    return text


def _outcome_text(rng: random.Random) -> str:
    return " ".join(rng.sample(_OUTCOMES, rng.randint(1, 2)))


def _analysis_text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return ""
    return " ".join(rng.sample(_ANALYSES, rng.randint(1, 2)))


@dataclass
class _Event:
    date: dt.date
    time: dt.time | None
    event: str
    outcome: str
    analysis: str


def _random_date(rng: random.Random) -> dt.date:
    span = (PERIOD_END - PERIOD_START).days
    return PERIOD_START + dt.timedelta(days=rng.randrange(span + 1))


def _random_time(rng: random.Random) -> dt.time:
    return dt.time(rng.randint(8, 19), rng.choice((0, 5, 10, 15, 20, 30, 40, 45, 50)))


def _plan_entries(rng: random.Random, total: int) -> dict[str, list[_Event]]:
    """Share ``total`` entries among the agencies; about 3% are one event seen by several."""
    per_agency: dict[str, list[_Event]] = {a.key: [] for a in AGENCIES}
    keys = [a.key for a in AGENCIES]
    weights = [a.weight for a in AGENCIES]
    made = 0
    while made < total:
        if rng.random() < 0.015 and total - made >= 3:
            # A meeting or call recorded by two or three agencies: same date and time.
            when, at = _random_date(rng), _random_time(rng)
            opening = rng.choice(("Strategy discussion held", "Core group meeting"))
            text = f"{opening}. {_sentence(rng.choice(_CLAUSES))}"
            for key in rng.sample(keys, rng.randint(2, 3)):
                per_agency[key].append(
                    _Event(when, at, text, _outcome_text(rng), _analysis_text(rng))
                )
                made += 1
            continue
        key = rng.choices(keys, weights)[0]
        per_agency[key].append(
            _Event(
                _random_date(rng),
                _random_time(rng) if rng.random() < 0.6 else None,
                _event_text(rng),
                _outcome_text(rng),
                _analysis_text(rng),
            )
        )
        made += 1
    for events in per_agency.values():
        events.sort(key=lambda e: (e.date, e.time or dt.time(0, 0)))
    return per_agency


def _cells(agency: AgencyFile, event: _Event, rng: random.Random, index: int) -> list[str]:
    row: list[str] = []
    for field in agency.headers:
        if field == "datetime":
            at = event.time or dt.time(9, 0)  # police logs always carry a time
            row.append(dt.datetime.combine(event.date, at).strftime(agency.date_format))
        elif field == "date":
            row.append(event.date.strftime(agency.date_format))
        elif field == "time":
            row.append(event.time.strftime(agency.time_format) if event.time else "")
        elif field == "practitioner":
            row.append(_person(rng, agency.key))
        else:
            row.append(getattr(event, field))
    if agency.extra_header:
        row.append(f"{agency.key[:3].upper()}/{2014 + index % 10}/{index:06d}")
    return row


def _case_toml(reference: str, total: int) -> str:
    lines = [
        "[review]",
        f'reference = "{reference}"',
        f'title = "Learning Review: Child R (benchmark, {total} entries)"',
        'subject = "Child R"',
        'partnership = "Fernmoor Children\'s Safeguarding Partnership"',
        'lead_reviewer = "Morwenna Tregarthen"',
        'note_taker = "Business Unit Officer"',
        'marking = "OFFICIAL-SENSITIVE"',
        f"period_start = {PERIOD_START.isoformat()}",
        f"period_end = {PERIOD_END.isoformat()}",
        "workshop_date = 2024-06-11",
        'workshop_start = "09:30"',
        'location = "Teams"',
        'terms_of_reference = """Synthetic, fictional case generated for the benchmark."""',
        "",
    ]
    for agency in AGENCIES:
        lines += [
            "[[agencies]]",
            f'key = "{agency.key}"',
            f'name = "{agency.name}"',
            f'files = ["chronologies/{agency.key}.csv"]',
            "",
        ]
    rng = random.Random(7)
    for number, agency in enumerate(AGENCIES * 2):
        lines += [
            "[[participants]]",
            f'name = "{_FIRST[number % len(_FIRST)]} {_LAST[number % len(_LAST)]}"',
            f'role = "{rng.choice(_ROLES[agency.key])}"',
            f'agency = "{agency.key}"',
            'attendance = "invited"',
            "",
        ]
    for number in range(1, 9):
        start = PERIOD_START + dt.timedelta(days=(number - 1) * 456)
        end = start + dt.timedelta(days=455)
        lines += [
            "[[kloes]]",
            f'title = "Key line of enquiry {number}"',
            f'question = "How well did agencies work together in period {number}?"',
            "minutes = 25",
            f"period_start = {start.isoformat()}",
            f"period_end = {min(end, PERIOD_END).isoformat()}",
            "",
        ]
    lines += ["[[pseudonyms]]", 'real = "Petra Quarrie"', 'label = "Mother"', ""]
    return "\n".join(lines)


def write_pack(folder: Path, total: int, *, seed: int = 20240611) -> Path:
    """Write a fictional case pack of ``total`` chronology entries into ``folder``.

    Args:
        folder: Created if missing; the pack's files go directly inside it.
        total: How many chronology entries, over all agencies.
        seed: Same seed, same pack.

    Returns:
        ``folder``.
    """
    rng = random.Random(seed + total)
    chronologies = folder / "chronologies"
    chronologies.mkdir(parents=True, exist_ok=True)
    reference = pack_reference(total)
    (folder / "case.toml").write_text(_case_toml(reference, total), encoding="utf-8")
    manifest: dict[str, Any] = {"reference": reference, "entries": total, "files": []}
    plan = _plan_entries(rng, total)
    for agency in AGENCIES:
        events = plan[agency.key]
        path = chronologies / f"{agency.key}.csv"
        header = list(agency.headers.values())
        if agency.extra_header:
            header.append(agency.extra_header)
        encoding = "utf-8-sig" if agency.bom else "utf-8"
        with path.open("w", encoding=encoding, newline="") as handle:
            writer = csv.writer(
                handle,
                delimiter=agency.delimiter,
                lineterminator="\r\n" if agency.crlf else "\n",
            )
            writer.writerow(header)
            for index, event in enumerate(events):
                writer.writerow(_cells(agency, event, rng, index))
        manifest["files"].append(
            {
                "agency": agency.key,
                "path": f"chronologies/{agency.key}.csv",
                "encoding": "utf-8-sig",
                "delimiter": agency.delimiter,
                "headers": agency.headers,
                "date_format": agency.date_format,
                "time_format": agency.time_format,
                "rows": len(events),
            }
        )
    (folder / "bench-manifest.json").write_text(json.dumps(manifest, indent=1), "utf-8")
    return folder


def pack_reference(total: int) -> str:
    """The review reference of the pack of ``total`` entries."""
    return f"{REFERENCE_PREFIX}-{total}"


# --- the Word minutes workload ------------------------------------------------------

WORKSHOP_SIZE = {
    "kloes": 8,
    "perspectives": 200,
    "findings": 40,
    "actions": 60,
    "entries": 2000,
    "participants": 16,
}


def large_workshop(seed: int = 11) -> ReviewData:
    """A workshop of 8 KLOEs, 200 perspectives, 40 findings, 60 actions, 2,000 entries.

    Ids are set as the repository would (1..n), so every link resolves. Everything
    is agreed except every fifth item, so the draft marking shows too.
    """
    from workshop_tui.domain import models as m

    rng = random.Random(seed)
    review = m.Review(
        id=1,
        reference="LR-BENCH-WORD",
        title="Learning Review: Child R (benchmark workshop)",
        subject="Child R",
        partnership="Fernmoor Children's Safeguarding Partnership",
        lead_reviewer="Morwenna Tregarthen",
        note_taker="Business Unit Officer",
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        workshop_date=dt.date(2024, 6, 11),
        workshop_start=dt.time(9, 30),
        location="Teams",
        terms_of_reference="Synthetic, fictional workshop generated for the benchmark. " * 6,
        status=m.ReviewStatus.DRAFT_MINUTES,
    )
    agencies = [m.Agency(id=i + 1, key=a.key, name=a.name) for i, a in enumerate(AGENCIES)]
    participants = [
        m.Participant(
            id=i + 1,
            name=f"{_FIRST[i % len(_FIRST)]} {_LAST[i % len(_LAST)]}",
            role=rng.choice(_ROLES[AGENCIES[i % len(AGENCIES)].key]),
            agency=AGENCIES[i % len(AGENCIES)].key,
            attendance=m.Attendance.APOLOGIES if i % 7 == 6 else m.Attendance.PRESENT,
        )
        for i in range(WORKSHOP_SIZE["participants"])
    ]
    kloes = [
        m.Kloe(
            id=n,
            number=n,
            title=f"Key line of enquiry {n}",
            question=f"How well did agencies recognise and respond to risk in period {n}?",
            minutes=25,
            status=m.KloeStatus.DONE,
        )
        for n in range(1, WORKSHOP_SIZE["kloes"] + 1)
    ]
    plan = _plan_entries(rng, WORKSHOP_SIZE["entries"])
    entries = []
    for agency in AGENCIES:
        for line, event in enumerate(plan[agency.key], start=2):
            entries.append(
                m.ChronologyEntry(
                    agency=agency.key,
                    date=event.date,
                    time=event.time,
                    practitioner=_person(rng, agency.key),
                    event=event.event,
                    outcome=event.outcome,
                    analysis=event.analysis,
                    source_file=f"chronologies/{agency.key}.csv",
                    source_line=line,
                )
            )
    entries.sort(key=lambda e: (e.date, e.time or dt.time(0, 0), e.agency, e.source_line))
    for index, entry in enumerate(entries, start=1):
        entry.id = index
    kinds = list(m.PerspectiveKind)
    captured = dt.datetime(2024, 6, 11, 9, 35)
    perspectives = [
        m.Perspective(
            id=i + 1,
            kloe_id=i % len(kloes) + 1,
            participant_id=rng.randrange(len(participants)) + 1,
            kind=kinds[i % len(kinds)],
            text=" ".join(_sentence(c) for c in rng.sample(_CLAUSES, 3)),
            entry_ids=[rng.randrange(len(entries)) + 1],
            captured_at=captured + dt.timedelta(minutes=i),
        )
        for i in range(WORKSHOP_SIZE["perspectives"])
    ]
    findings = [
        m.Finding(
            id=i + 1,
            kloe_ids=[i % len(kloes) + 1],
            kind=m.FindingKind.GOOD_PRACTICE if i % 4 == 0 else m.FindingKind.LEARNING,
            statement=" ".join(rng.sample(_ANALYSES, 2)),
            recommendation_to=m.RecommendationTo.BUSINESS_GROUP,
            themes=["neglect", "professional curiosity"],
            perspective_ids=[i * 5 + 1],
            agreed=i % 5 != 4,
        )
        for i in range(WORKSHOP_SIZE["findings"])
    ]
    actions = [
        m.Action(
            id=i + 1,
            finding_id=i % len(findings) + 1,
            kloe_id=i % len(kloes) + 1,
            description="Review the multi-agency guidance on " + rng.choice(_CLAUSES) + ".",
            lead_agency=AGENCIES[i % len(AGENCIES)].key,
            owner=rng.choice(_ROLES[AGENCIES[i % len(AGENCIES)].key]),
            subgroup="Learning and Improvement Subgroup",
            target_date=dt.date(2025, 1 + i % 12, 1),
            success_measure="Audit of 20 cases shows the guidance applied in 18 or more.",
            monitoring="Quality Assurance Subgroup, quarterly multi-agency audit.",
            agreed=i % 5 != 4,
        )
        for i in range(WORKSHOP_SIZE["actions"])
    ]
    escalations = [
        m.Escalation(
            id=i + 1,
            kloe_id=i + 1,
            description="Sibling's school place remains unresolved; " + rng.choice(_CLAUSES),
            raised_by=participants[i].name,
            escalate_to="Head of Service, Children's Services",
            due=dt.date(2024, 6, 18),
        )
        for i in range(4)
    ]
    log = [m.WorkshopLogEntry(id=1, started_at=captured, ended_at=captured.replace(hour=13))]
    for kloe in kloes:
        start = captured + dt.timedelta(minutes=25 * (kloe.number - 1))
        log.append(
            m.WorkshopLogEntry(
                id=kloe.number + 1,
                kloe_id=kloe.id,
                started_at=start,
                ended_at=start + dt.timedelta(minutes=24),
            )
        )
    return m.ReviewData(
        review=review,
        agencies=agencies,
        participants=participants,
        kloes=kloes,
        entries=entries,
        perspectives=perspectives,
        findings=findings,
        actions=actions,
        escalations=escalations,
        pseudonyms=[m.Pseudonym(id=1, real="Petra Quarrie", label="Mother")],
        workshop_log=log,
    )


# --- pathological shapes for duplicate linking ------------------------------------------

BUSY_MOMENT = dt.datetime(2020, 1, 1, 0, 0)
"""The default date and time of a system export that lost every row's own."""

BUSY_AGENCIES = ("social_care", "emergency_department")
"""Two agencies whose files carry a time column (the busy pack's moment is timed)."""


def write_busy_pack(folder: Path, per_agency: int = 3_000, *, dated: bool = True) -> Path:
    """A pack of two agencies, ``per_agency`` rows each, every row at one date and time.

    What a system export with a default date and time looks like: varied event
    text (the usual sentences), but every row on ``BUSY_MOMENT``; with
    ``dated=False`` every date and time cell is empty instead (every row needs
    attention). Fictional and from a fixed seed, like :func:`write_pack`.
    """
    rng = random.Random(per_agency * 2 + int(dated))
    chronologies = folder / "chronologies"
    chronologies.mkdir(parents=True, exist_ok=True)
    total = per_agency * len(BUSY_AGENCIES)
    case = _case_toml(f"{REFERENCE_PREFIX}-BUSY-{total}", total)
    wanted = [a for a in AGENCIES if a.key in BUSY_AGENCIES]
    # Only this pack's two agencies (the [[agencies]] tables of the others are dropped).
    blocks = case.split("\n\n")
    kept = [
        b
        for b in blocks
        if not b.startswith("[[agencies]]") or any(f'"{a.key}"' in b for a in wanted)
    ]
    (folder / "case.toml").write_text("\n\n".join(kept), encoding="utf-8")
    for agency in wanted:
        header = list(agency.headers.values())
        path = chronologies / f"{agency.key}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=agency.delimiter)
            writer.writerow(header)
            for _ in range(per_agency):
                row = []
                for field in agency.headers:
                    if field == "date":
                        row.append(BUSY_MOMENT.strftime(agency.date_format) if dated else "")
                    elif field == "time":
                        row.append(BUSY_MOMENT.strftime(agency.time_format) if dated else "")
                    elif field == "practitioner":
                        row.append(_person(rng, agency.key))
                    elif field == "event":
                        row.append(_event_text(rng))
                    elif field == "outcome":
                        row.append(_outcome_text(rng))
                    else:
                        row.append(_analysis_text(rng))
                writer.writerow(row)
    return folder


def shaped_entries(shape: str) -> list[Any]:
    """Chronology entries (in memory) of one pathological or large shape.

    ``busy``: two agencies x 3,000 rows at one date and time. ``large``: 100,000
    rows spread as :func:`write_pack` spreads them. ``undated``: 100,000 rows of
    eight agencies, none with a date (each needing attention, as the readers keep
    them).
    """
    from workshop_tui.domain.models import ChronologyEntry

    rng = random.Random(f"shape-{shape}")
    entries: list[ChronologyEntry] = []

    def add(agency: str, line: int, when: dt.date | None, at: dt.time | None, text: str) -> None:
        entries.append(
            ChronologyEntry(
                agency=agency,
                date=when,
                time=at,
                practitioner=_person(rng, agency),
                event=text,
                outcome=_outcome_text(rng),
                source_file=f"chronologies/{agency}.csv",
                source_line=line,
                error=None if when is not None else "missing date",
            )
        )

    if shape == "busy":
        for agency in BUSY_AGENCIES:
            for line in range(2, 3_002):
                add(agency, line, BUSY_MOMENT.date(), BUSY_MOMENT.time(), _event_text(rng))
    elif shape == "large":
        for key, events in _plan_entries(rng, 100_000).items():
            for line, event in enumerate(events, start=2):
                add(key, line, event.date, event.time, event.event)
    elif shape == "undated":
        keys = [a.key for a in AGENCIES]
        for line in range(2, 100_002):
            add(keys[line % len(keys)], line, None, None, _event_text(rng))
    else:
        raise ValueError(f"unknown shape {shape!r}")
    rng.shuffle(entries)  # the sort has something to do, as entries come from many files
    return entries


SEARCH_SHAPE = {"reviews": 100, "entries": 500, "captures": 50}
"""The search scenario's database: 100 reviews, 500 entries and 50 captures each (55,000
documents with their KLOEs)."""

_RARE = ("trampoline", "orthodontist", "hypothermia", "scalding", "truancy", "overdose")
"""Words found in a few documents only, as a real search often looks for."""


def search_reviews(
    reviews: int = SEARCH_SHAPE["reviews"],
    entries: int = SEARCH_SHAPE["entries"],
    captures: int = SEARCH_SHAPE["captures"],
    seed: int = 22,
) -> Any:
    """Yield the ReviewData of ``reviews`` reviews for the search scenario: each with
    ``entries`` chronology entries, ``captures`` perspectives, findings, actions and
    escalations (in the ratio 5:2:2:1) and two KLOEs, from the pack's vocabulary."""
    from workshop_tui.domain import models as m

    rng = random.Random(seed)
    agencies = list(_ROLES)
    for number in range(1, reviews + 1):
        entry_list = []
        for index in range(entries):
            event = _event_text(rng)
            if rng.random() < 0.002:
                event += f" A {rng.choice(_RARE)} was mentioned."
            agency = rng.choice(agencies)
            entry_list.append(
                m.ChronologyEntry(
                    agency=agency,
                    date=_random_date(rng),
                    practitioner=_person(rng, agency),
                    event=event,
                    outcome=_outcome_text(rng),
                    analysis=_analysis_text(rng),
                    source_file=f"{agency}.csv",
                    source_line=index + 2,
                )
            )
        texts = [
            _sentence(rng.choice(_CLAUSES)) + " " + rng.choice(_ANALYSES) for _ in range(captures)
        ]
        shares = captures // 10
        yield m.ReviewData(
            review=m.Review(reference=f"LR-SEARCH-{number:03d}", title=f"Search review {number}"),
            agencies=[m.Agency(key=a, name=a.replace("_", " ").title()) for a in agencies],
            kloes=[
                m.Kloe(number=1, title="Cumulative neglect", question=rng.choice(_ANALYSES)),
                m.Kloe(number=2, title="The child's voice", question=rng.choice(_ANALYSES)),
            ],
            entries=entry_list,
            perspectives=[
                m.Perspective(speaker_name=_person(rng, "school"), text=t)
                for t in texts[: shares * 5]
            ],
            findings=[m.Finding(statement=t) for t in texts[shares * 5 : shares * 7]],
            actions=[
                m.Action(description=t, lead_agency=rng.choice(agencies))
                for t in texts[shares * 7 : shares * 9]
            ],
            escalations=[m.Escalation(description=t) for t in texts[shares * 9 :]],
        )


# --- one agency's file arriving late -----------------------------------------------------

ADDED_AGENCY = "youth_justice"
"""The key of the agency whose file the add-chronology benchmark adds (not in the packs)."""


def write_added_agency(folder: Path, rows: int = 500) -> tuple[Path, Path]:
    """One fictional agency's chronology of ``rows`` rows, written the way the packs' police
    write theirs but with other events (another seed), and a pack holding only that file.

    Returns:
        The file (``youth_justice.csv``) and the pack folder (its case.toml lists the one
        agency; reference ``BENCH-ADD``), for importing the same file alone.
    """
    source = write_pack(folder / "source", rows * 8, seed=4242)
    police = AGENCIES[0]
    with (source / "chronologies" / f"{police.key}.csv").open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        records = list(csv.reader(handle, delimiter=police.delimiter))
    pack = folder / "alone"
    (pack / "chronologies").mkdir(parents=True, exist_ok=True)
    file = pack / "chronologies" / f"{ADDED_AGENCY}.csv"
    with file.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=police.delimiter, lineterminator="\r\n")
        writer.writerows(records[: rows + 1])
    (pack / "case.toml").write_text(
        "\n".join(
            [
                "[review]",
                'reference = "BENCH-ADD"',
                'title = "One agency alone (benchmark)"',
                f"period_start = {PERIOD_START.isoformat()}",
                f"period_end = {PERIOD_END.isoformat()}",
                "",
                "[[agencies]]",
                f'key = "{ADDED_AGENCY}"',
                'name = "Fernmoor Youth Justice Service"',
                f'files = ["chronologies/{ADDED_AGENCY}.csv"]',
                "",
            ]
        ),
        encoding="utf-8",
    )
    shutil.rmtree(source)
    return file, pack
