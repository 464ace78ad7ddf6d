"""Independent check of the Child R case pack: reads every chronology file the way
the README's "Chronology files as agencies send them" describes, applies the linking
rule, and compares the result with expected.json (or writes it with --write).

It is a test aid, deliberately separate from the application's importer, so that the
expected results in README.md / expected.json are derived from the files themselves.

Run:  .venv/bin/python sample_cases/child-r/tools/check_pack.py [--write]
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import io
import json
import re
import sys
import tomllib
from itertools import combinations, pairwise
from pathlib import Path

PACK = Path(__file__).resolve().parent.parent

SYNONYMS = {
    "date": ["date", "date of contact", "date/time"],
    "time": ["time"],
    "event": ["event", "details", "details of contact", "entry", "summary", "notes"],
    "outcome": ["outcome", "action taken", "outcome / decision"],
    "analysis": ["analysis", "significance", "safeguarding considerations"],
    "practitioner": ["practitioner", "worker", "clinician", "recorded by", "officer"],
}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})


class BadDate(ValueError):
    pass


def norm(header: str) -> str:
    return re.sub(r"\s+", " ", header.strip().lower())


def map_headers(headers, override):
    mapping = {}
    for field, header in (override or {}).items():
        mapping[norm(header)] = field
    result = {}
    for index, header in enumerate(headers):
        h = norm(header)
        field = mapping.get(h) or next((f for f, s in SYNONYMS.items() if h in s), None)
        if field and field not in result.values():
            result[index] = field
        else:
            result[index] = "extra:" + header.strip()
    return result


def make_date(y, m, d, raw):
    if y < 100:
        y += 2000
    if not 1 <= m <= 12:
        if 1 <= d <= 12 and 13 <= m <= 31:
            raise BadDate(f'invalid date "{raw}": looks month-first (month {m})')
        raise BadDate(f'invalid date "{raw}": no month {m}')
    days = calendar.monthrange(y, m)[1]
    if not 1 <= d <= days:
        raise BadDate(f'invalid date "{raw}": {calendar.month_name[m]} {y} has {days} days')
    return dt.date(y, m, d)


def parse_time(raw: str):
    s = raw.strip().lower()
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})\s*(am|pm)?", s) or re.fullmatch(r"(\d{2})(\d{2})()", s)
    if not m:
        raise BadDate(f'invalid time "{raw}"')
    h, mi, ap = int(m.group(1)), int(m.group(2)), m.group(3)
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    return dt.time(h, mi)


def parse_date(raw):
    """-> (date, time or None, approximate)"""
    if isinstance(raw, dt.datetime):
        return raw.date(), None, False
    if isinstance(raw, dt.date):
        return raw, None, False
    s = str(raw or "").strip()
    approx = s.startswith("?")
    s = s.lstrip("?").strip()
    if not s:
        raise BadDate("missing date")
    time = None
    m = re.fullmatch(r"(.+?)\s+(\d{1,2}:\d{2})", s)
    if m:
        s, time = m.group(1), parse_time(m.group(2))
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        return make_date(int(m[1]), int(m[2]), int(m[3]), raw), time, approx
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", s):
        return make_date(int(m[3]), int(m[2]), int(m[1]), raw), time, approx
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([A-Za-z]+)[ -](\d{4})", s):
        month = MONTHS.get(m[2].lower())
        if month:
            return make_date(int(m[3]), month, int(m[1]), raw), time, approx
    raise BadDate(f'unrecognised date "{raw}"')


def read_csv(path: Path):
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    header = next(reader)
    rows, skipped = [], []
    previous = reader.line_num
    for cells in reader:
        start, previous = previous + 1, reader.line_num
        if not any(c.strip() for c in cells):
            skipped.append(start)
            continue
        rows.append(("", start, cells))
    return header, rows, {"skipped_empty_rows": skipped, "encoding": encoding, "delimiter": dialect.delimiter,
                          "bom": data.startswith(b"\xef\xbb\xbf"), "crlf": b"\r\n" in data}


def read_xlsx(path: Path):
    from openpyxl import load_workbook
    wb = load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        values = list(ws.iter_rows(values_only=True))
        header = [str(v or "") for v in values[0]] if values else []
        if any(f == "date" for f in map_headers(header, None).values()):
            rows = [(ws.title, i, [("" if v is None else v) for v in row])
                    for i, row in enumerate(values[1:], start=2)
                    if any(v not in (None, "") for v in row)]
            return header, rows, {"sheet": ws.title, "sheets": wb.sheetnames}
    raise SystemExit(f"{path}: no chronology sheet")


def read_docx(path: Path):
    from docx import Document
    doc = Document(path)
    header, rows, skipped = None, [], []
    for t, table in enumerate(doc.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            cells = [c.text for c in row.cells]
            if r == 1:
                header = header or cells
                continue
            if not any(c.strip() for c in cells):
                skipped.append(f"table {t}:{r}")
                continue
            rows.append((f"table {t}", r, cells))
    return header, rows, {"skipped_empty_rows": skipped, "tables": len(doc.tables)}


def load():
    case = tomllib.loads((PACK / "case.toml").read_text(encoding="utf-8"))
    start, end = case["review"]["period_start"], case["review"]["period_end"]
    entries, errors, files = [], [], {}
    for agency in case["agencies"]:
        for rel in agency["files"]:
            path = PACK / rel
            reader = {".csv": read_csv, ".xlsx": read_xlsx, ".docx": read_docx}[path.suffix]
            header, rows, info = reader(path)
            mapping = map_headers(header, agency.get("columns"))
            info["columns"] = {header[i]: f for i, f in mapping.items()}
            files[rel] = info
            for part, line, cells in rows:
                rec = {"agency": agency["key"], "file": rel, "part": part, "line": line}
                fields = {mapping[i]: c for i, c in enumerate(cells) if i in mapping}
                loc = f"{rel}[{part}]:{line}" if part else f"{rel}:{line}"
                rec["location"] = loc
                try:
                    date, time, approx = parse_date(fields.get("date"))
                    if fields.get("time") not in (None, ""):
                        time = parse_time(str(fields["time"]))
                except BadDate as exc:
                    errors.append({"location": loc, "agency": agency["key"], "reason": str(exc),
                                   "raw_date": str(fields.get("date"))})
                    continue
                rec.update(date=date, time=time, approx=approx,
                           event=str(fields.get("event", "")),
                           extra=sorted(k[6:] for k in fields if k.startswith("extra:")),
                           in_period=start <= date <= end)
                entries.append(rec)
    return case, entries, errors, files


def tokens(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def similar(a, b):
    ta, tb = tokens(a), tokens(b)
    ratio = difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio()
    sa, sb = set(ta), set(tb)
    jac = len(sa & sb) / len(sa | sb) if sa | sb else 0.0
    return ratio, jac


def link(entries):
    parent = list(range(len(entries)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    notes = []
    for i, j in combinations(range(len(entries)), 2):
        a, b = entries[i], entries[j]
        if a["agency"] == b["agency"] or a["date"] != b["date"]:
            continue
        ratio, jac = similar(a["event"], b["event"])
        same_time = a["time"] is not None and a["time"] == b["time"]
        linked = same_time or ratio >= 0.85 or jac >= 0.7
        if linked:
            parent[find(i)] = find(j)
        notes.append({"a": a["location"], "b": b["location"], "date": a["date"].isoformat(),
                      "times": [str(a["time"]), str(b["time"])], "ratio": round(ratio, 2),
                      "jaccard": round(jac, 2), "linked": linked, "same_time": same_time})
    groups = {}
    for i in range(len(entries)):
        groups.setdefault(find(i), []).append(i)
    result = [sorted(g, key=lambda k: (entries[k]["time"] or dt.time(0), entries[k]["agency"]))
              for g in groups.values() if len(g) > 1]
    result.sort(key=lambda g: (entries[g[0]]["date"], entries[g[0]]["time"] or dt.time(0)))
    return result, notes


# What the pack is designed to contain (a guard when the data is edited).
INTENDED_GROUPS = {
    "2023-04-25": {"childrens_social_care", "school"},                      # TAF meeting
    "2023-09-19": {"childrens_social_care", "health_visiting", "school"},   # CIN meeting
    "2023-10-26": {"childrens_social_care", "health_visiting", "police"},   # MARAC
    "2023-12-05": {"childrens_social_care", "health_visiting", "police"},   # strategy discussion
    "2023-12-21": {"childrens_social_care", "health_visiting", "police", "school"},  # ICPC
    "2024-01-10": {"childrens_social_care", "health_visiting", "school"},   # core group
    "2024-01-23": {"childrens_social_care", "health_visiting"},             # HV-SW phone call (wording)
    "2024-01-26": {"childrens_social_care", "health_visiting"},             # joint home visit
    "2024-03-14": {"childrens_social_care", "health_visiting", "school"},   # review CP conference
    "2024-05-20": {"childrens_social_care", "hospital", "police"},          # strategy discussion
    "2024-05-21": {"childrens_social_care", "police"},                      # joint police/SW visit
}
COUNTER_EXAMPLES = {
    "2023-07-17": "DA incident recorded by police on 16/07 at 23:10; next day police (PPN), school "
                  "(Operation Encompass), CSC (MASH) and HV each record their own notification at "
                  "different times with different wording",
    "2023-10-16": "notifications of the 14/10 strangulation: school 08:35, CSC MASH 09:05, HV 11:20, "
                  "CSC home visit 15:00",
    "2023-12-05": "besides the strategy discussion (10:00): CP medical at the hospital 14:00, CSC home "
                  "visit 17:00, school's e-mailed information (no time)",
    "2024-04-16": "four unrelated events on one day: GP 09:10, school 10:15, HV 15:00, housing (no time)",
    "2024-05-18": "ED attendance 18:05 and ED referral to EDT 19:30 (hospital) vs EDT record of the call "
                  "19:45 (CSC): different times and wording, not linked automatically",
    "2024-05-20": "besides the strategy discussion (10:30): HV notification 08:45, school office 09:05",
}


def build():
    case, entries, errors, files = load()
    groups, notes = link(entries)
    per_agency = {}
    for a in case["agencies"]:
        valid = sum(1 for e in entries if e["agency"] == a["key"])
        invalid = sum(1 for e in errors if e["agency"] == a["key"])
        per_agency[a["key"]] = {"valid": valid, "invalid": invalid, "total": valid + invalid}
    out_of_order = []
    for rel in files:
        dates = [(e["date"], e["line"] if not e["part"] else (e["part"], e["line"]))
                 for e in entries if e["file"] == rel]
        for (d1, _), (d2, loc) in pairwise(dates):
            if d2 < d1:
                entry = next(e for e in entries if e["file"] == rel and
                             (e["line"] if not e["part"] else (e["part"], e["line"])) == loc)
                out_of_order.append({"file": rel, "location": entry["location"],
                                     "date": d2.isoformat(), "after": d1.isoformat()})
    dup_groups = []
    for g in groups:
        members = [entries[i] for i in g]
        times = {str(m["time"])[:5] if m["time"] else None for m in members}
        dup_groups.append({
            "date": members[0]["date"].isoformat(),
            "linked_by": "time" if len(times) == 1 and None not in times else "wording",
            "members": [{"agency": m["agency"], "location": m["location"],
                         "time": m["time"].strftime("%H:%M") if m["time"] else None} for m in members],
        })
    not_linked_same_day = [n for n in notes if not n["linked"]]
    got = {g["date"]: {m["agency"] for m in g["members"]} for g in dup_groups}
    if got != INTENDED_GROUPS or len(got) != len(dup_groups):
        raise SystemExit(f"duplicate groups differ from the design: {got}")
    counter = []
    for date, why in COUNTER_EXAMPLES.items():
        grouped = {m["location"] for g in dup_groups if g["date"] == date for m in g["members"]}
        counter.append({"date": date, "why": why, "must_not_link_to_each_other_or_to_a_group": [
            e["location"] for e in entries if e["date"].isoformat() == date and e["location"] not in grouped]})
    expected = {
        "pack": "child-r",
        "reference": case["review"]["reference"],
        "period": [case["review"]["period_start"].isoformat(), case["review"]["period_end"].isoformat()],
        "entries_per_agency": per_agency,
        "total_rows": len(entries) + len(errors),
        "total_valid": len(entries),
        "total_invalid": len(errors),
        "invalid": errors,
        "duplicate_groups": dup_groups,
        "linked_entries": sum(len(g) for g in groups),
        "not_duplicates": counter,
        "out_of_period": [{"location": e["location"], "date": e["date"].isoformat(), "agency": e["agency"]}
                          for e in entries if not e["in_period"]],
        "approximate_dates": [e["location"] for e in entries if e["approx"]],
        "out_of_order_files": out_of_order,
        "not_duplicates_same_day_cross_agency": not_linked_same_day,
        "files": files,
    }
    return expected, entries


def main():
    expected, _ = build()
    text = json.dumps(expected, indent=2, ensure_ascii=False, default=str) + "\n"
    target = PACK / "expected.json"
    risky = [n for n in expected["not_duplicates_same_day_cross_agency"]
             if n["times"] == ["None", "None"] or n["ratio"] >= 0.6 or n["jaccard"] >= 0.45]
    for n in risky:
        print("RISKY near-miss:", n)
    if "--write" in sys.argv:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.name}")
    elif target.read_text(encoding="utf-8") != text:
        print("expected.json differs from what the files give", file=sys.stderr)
        sys.exit(1)
    print(json.dumps({k: expected[k] for k in ("entries_per_agency", "total_rows", "total_invalid")}, indent=1))
    for e in expected["invalid"]:
        print("INVALID", e["location"], e["reason"])
    for g in expected["duplicate_groups"]:
        print("GROUP", g["date"], g["linked_by"], [(m["agency"], m["location"], m["time"]) for m in g["members"]])
    print("OUT OF PERIOD", [o["location"] for o in expected["out_of_period"]])
    print("OUT OF ORDER", expected["out_of_order_files"])
    print("APPROX", expected["approximate_dates"])
    if "--risky-exit" in sys.argv and risky:
        sys.exit(2)


if __name__ == "__main__":
    main()
