"""Build the XLSX and DOCX chronologies of the fictional Child R case pack.

* hv_0-19_service_chronology.xlsx: sheet 1 "Cover notes" (agency, author, date sent,
  a note), sheet 2 "Chronology" (header on row 1, real Excel date cells for most rows,
  a few dates typed as text, times as text, an extra column "Child").
* hollins_lane_primary_chronology.docx: a heading, an introduction, then the chronology in
  two tables (academic years 2022/23 and 2023/24), each with its own header row. Table 1
  has a completely empty merged row (a separator, to be skipped) and a row whose
  "Details" and "Action taken" cells are merged; one cell holds two paragraphs.

All names, places and numbers are invented.

Run:  .venv/bin/python sample_cases/child-r/tools/make_binary_files.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent.parent / "chronologies"
D = dt.date

# --------------------------------------------------------------------------- HV XLSX
HV_HEADER = ["Date", "Time", "Clinician", "Child", "Entry", "Outcome", "Analysis"]
HV = [
    [D(2023, 1, 4), "11:00", "Jo Pell (HV)", "Maisie",
     "New birth visit. Maisie born 20/12/2022 at 38 weeks, 3.1kg, bottle fed. Kerry tearful, said she has not "
     "slept properly since the birth. Partner Jason present for part of the visit. Rowan (4) at school.",
     "Universal Plus. Listening visit in 2 weeks.", "Maternal low mood; previous low mood in pregnancy."],
    [D(2023, 1, 18), "14:30", "Jo Pell (HV)", "Maisie",
     "Listening visit. EPDS 17. Kerry said she \"can't cope with two\". Rowan at home with a cough.",
     "Advised to see GP this week. Perinatal mental health leaflet.", "EPDS score indicates probable depression."],
    [D(2023, 1, 30), "16:10", "Jo Pell (HV)", "Maisie",
     "ED liaison notification: Maisie attended ED 27/01 with crying and poor feeding. Phone call to Kerry.",
     "Feeding advice; weight check booked.", ""],
    ["14-Feb-2023", "10:30", "Jo Pell (HV)", "Maisie",
     "6-8 week review. Weight 50th centile. Jason present throughout and answered most questions for Kerry.",
     "Routine enquiry about domestic abuse not possible.", "Partner present: unable to ask about DA."],
    [D(2023, 3, 14), "09:40", "Jo Pell (HV)", "Both",
     "Notification via MASH health liaison: PPN standard risk, DA incident on 11/03/2023, both children present.",
     "Targeted visit planned.", ""],
    [D(2023, 3, 20), "13:00", "Jo Pell (HV)", "Maisie",
     "Targeted visit. Jason answered the door and stayed in the room. Kerry said \"everything is fine now\".",
     "Plan to see Kerry alone at clinic.", "Second missed opportunity for routine enquiry."],
    [D(2023, 4, 12), "13:15", "Jo Pell (HV)", "Maisie",
     "Home visit. Black mould on the bedroom wall above the travel cot. Maisie has a cough.",
     "Advised GP. Letter of support to housing to be written.", "Damp and mould: risk to infant respiratory health."],
    [D(2023, 4, 25), "12:10", "Jo Pell (HV)", "Both",
     "Unable to attend the TAF meeting at school because of clinic. Written update e-mailed to the Early Help "
     "practitioner.", "", ""],
    [D(2023, 6, 8), "", "Jo Pell (HV)", "Maisie",
     "6-month review: not brought.", "Appointment letter sent.", ""],
    ["22/06/2023", "", "Jo Pell (HV)", "Maisie",
     "6-month review: not brought (second). Discussed in safeguarding supervision with Bernadette Oyelaran.",
     "Home visit to be arranged; inform EH practitioner.", "Pattern of children not being brought."],
    [D(2023, 7, 17), "14:05", "Jo Pell (HV)", "Both",
     "Health received notification of the DA incident overnight on 16/07 (PPN medium) - phone call from "
     "0-19 safeguarding team.", "Contact with Kerry planned this week.", ""],
    [D(2023, 7, 26), "10:00", "Jo Pell (HV)", "Maisie",
     "Home visit. Maisie 7 months, 25th centile (falling). Kerry said Jason has gone for good.",
     "Weaning advice; weight in 4 weeks.", ""],
    [D(2023, 9, 19), "15:30", "Jo Pell (HV)", "Both",
     "Child in Need meeting at school with SW, DSL and Kerry.",
     "HV actions: fortnightly weights for Maisie; support with routines.", ""],
    [D(2023, 10, 16), "11:20", "Jo Pell (HV)", "Both",
     "Safeguarding team informed the HV of the high-risk incident (strangulation) on 14/10; children with "
     "grandmother overnight.", "Information shared with the GP by task.", ""],
    [D(2023, 10, 26), "09:30", "Bernadette Oyelaran (Named Nurse)", "Both",
     "MARAC: attended for health. Health information shared (maternal depression, missed reviews, "
     "Maisie's weight).", "Health actions: HV to see Kerry alone; GP flag.", ""],
    [D(2023, 11, 2), "13:40", "Jo Pell (HV)", "Maisie",
     "Home visit. Maisie 10 months: weight 9th centile (crossed two centile lines). Severe nappy rash; bottle "
     "propped in the cot. Home cluttered.",
     "Referral to GP for faltering growth. Concerns shared with SW.", "Neglect indicators increasing."],
    [D(2023, 11, 20), "", "Jo Pell (HV)", "Maisie",
     "1-year review: not brought.", "Rebooked; SW informed.", ""],
    [D(2023, 12, 5), "10:00", "Jo Pell (HV)", "Both",
     "Strategy discussion by phone: shared Maisie's weight faltering and the missed reviews.",
     "Agreed s47 enquiry; HV to contribute.", ""],
    ["21/12/2023", "13:30", "Jo Pell (HV)", "Both",
     "Initial Child Protection Conference attended, report submitted.",
     "Both children on CP plans (neglect). HV core group member.", ""],
    [D(2024, 1, 10), "14:00", "Jo Pell (HV)", "Both",
     "Core group meeting at school.", "HV: fortnightly weights, home conditions, routines.", ""],
    [D(2024, 1, 23), "11:40", "Jo Pell (HV)", "Maisie",
     "Telephone call between HV Jo Pell and SW Amira Chaudry re Maisie's weight and the missed weighing clinic "
     "on 19/01/2024. Agreed joint home visit for 26/01/2024.", "", ""],
    [D(2024, 1, 26), "10:00", "Jo Pell (HV)", "Maisie",
     "Joint home visit with social worker. Maisie 13 months: 9th-25th centile, small gain.", "", "Some progress."],
    ["13 Feb 2024", "", "Jo Pell (HV)", "Maisie",
     "Clinic weight (brought by grandmother): on the 25th centile.", "", ""],
    [D(2024, 3, 14), "13:30", "Jo Pell (HV)", "Both",
     "Review Child Protection Conference.", "Plans continue.", ""],
    [D(2024, 4, 16), "15:00", "Jo Pell (HV)", "Maisie",
     "Home visit. Kerry low in mood, has stopped her medication. Maisie well presented; Kerry's mother helping "
     "most days.", "Encouraged GP review.", ""],
    [D(2024, 5, 20), "08:45", "Jo Pell (HV)", "Rowan",
     "ED liaison notification: Rowan admitted 18/05 with a scald, delayed presentation.",
     "Information passed to SW and GP.", ""],
    [D(2024, 6, 11), "10:30", "Jo Pell (HV)", "Maisie",
     "Targeted 18-month contact at grandmother's home: ASQ-3 below cut-off for communication.",
     "Referral to speech and language therapy drop-in.", ""],
    [D(2024, 8, 6), "14:15", "Jo Pell (HV)", "Both",
     "Visit to Pat Dunmore's home: children settled, routines good.", "", "Protective factor: grandmother."],
    [D(2024, 9, 10), "", "Jo Pell (HV)", "Rowan",
     "Rowan's health record transferred to the School Nursing team (handover call).", "", ""],
]


def make_xlsx() -> Path:
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover notes"
    cover["A1"] = "Chronology for Learning Review LR-2025-07 (Child R)"
    cover["A1"].font = Font(bold=True, size=14)
    rows = [
        ("Agency", "Ashbourne Vale Community Health NHS Trust - 0-19 Service (health visiting)"),
        ("Author", "Bernadette Oyelaran, Named Nurse Safeguarding Children"),
        ("Date sent", D(2024, 10, 21)),
        ("Contact", "0-19 safeguarding team, 01632 960733"),
        ("Note", "Entries for both children from the electronic patient record. Times are as recorded by the "
                 "clinician; some contacts have no time. OFFICIAL-SENSITIVE."),
    ]
    for offset, (label, value) in enumerate(rows, start=3):
        cover.cell(offset, 1, label).font = Font(bold=True)
        cell = cover.cell(offset, 2, value)
        if isinstance(value, dt.date):
            cell.number_format = "dd/mm/yyyy"
    cover.column_dimensions["A"].width = 14
    cover.column_dimensions["B"].width = 90

    sheet = wb.create_sheet("Chronology")
    sheet.append(HV_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in HV:
        sheet.append(row)
        r = sheet.max_row
        if isinstance(row[0], dt.date):
            sheet.cell(r, 1).number_format = "dd/mm/yyyy"
        for c in range(5, 8):
            sheet.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (12, 8, 26, 8, 70, 40, 40)):
        sheet.column_dimensions[letter].width = width
    path = OUT / "hv_0-19_service_chronology.xlsx"
    wb.save(path)
    return path


# -------------------------------------------------------------------------- school
SCHOOL_HEADER = ["Date", "Time", "Recorded by", "Details", "Action taken", "Significance"]
# A row is a list of 6 cells; "MERGE_EMPTY" is an empty row merged across the table;
# a row with "MERGE_DETAILS" in the action cell has Details and Action taken merged;
# a Details cell given as a tuple becomes several paragraphs.
SCHOOL_T1 = [
    ["10th January 2023", "9.20am", "Hannah Quist (class teacher)",
     "Rowan arrived 25 minutes late, the fourth time this half term. Same clothes as Friday, uniform stained.",
     "Spoke to Mum at pick-up.", "Lateness and presentation."],
    ["24 Jan 2023", "", "Hannah Quist (class teacher)",
     "In circle time Rowan said \"the baby cries all night and mummy cries too\".",
     "Logged on the safeguarding system; DSL informed.", ""],
    ["7th February 2023", "", "Gareth Lyle (DSL)",
     "Attendance 89% for the spring term so far.", "Attendance letter 1 sent.", ""],
    ["13 Mar 2023", "8.40am", "Gareth Lyle (DSL)",
     "Operation Encompass notification: police attended a domestic incident at home on Saturday night, Rowan "
     "present.", "Class teacher told; Rowan monitored - quiet, fell asleep after lunch.", ""],
    ["20th March 2023", "", "Hannah Quist (class teacher)",
     "Head lice, untreated for several weeks. Mum said she can't afford the treatment.",
     "Treatment provided by school.", ""],
    "MERGE_EMPTY",
    ["25 Apr 2023", "3.30pm", "Gareth Lyle (DSL)",
     "TAF meeting in school with Mum and the Early Help worker.",
     "School actions: breakfast club place offered; attendance monitored weekly.", ""],
    ["16th May 2023", "3.25pm", "Hannah Quist (class teacher)",
     ("Rowan collected by Jason, who is not on the contact list. Rowan went with him happily.",
      "Mum phoned and said it was fine, she had asked him to."),
     "Contact list to be updated by Mum.", "Unknown adult collecting - school not told of DA history."],
    ["26 Jun 2023", "", "Gareth Lyle (DSL)",
     "Attendance 84%. Mum did not come to the attendance meeting.", "Second letter.", ""],
    ["17 Jul 2023", "8.45am", "Gareth Lyle (DSL)",
     "Operation Encompass call from police this morning: domestic abuse incident at Rowan's home last night, "
     "Rowan present and hid behind the sofa.", "Class teacher and TA informed; key adult check-in at 9am.", ""],
    ["17 Jul 2023", "11.15am", "Hannah Quist (class teacher)",
     "Rowan said \"Jason pushed mummy and the police came and took him in the car\".",
     "Logged; DSL shared with MASH.", ""],
    ["19th July 2023", "", "Gareth Lyle (DSL)",
     "End of the summer term: attendance 83.4%.", "Holiday activity information sent home.", ""],
]
SCHOOL_T2 = [
    ["6th September 2023", "", "Gareth Lyle (DSL)",
     "Rowan did not attend the first two days of Year 1. Mum said he was \"poorly\".", "First-day calls made.", ""],
    ["19 Sep 2023", "3.30pm", "Gareth Lyle (DSL)",
     "Child in Need meeting at school: SW, HV, Mum and DSL.", "School actions: attendance, breakfast club.", ""],
    ["16 Oct 2023", "8.35am", "Gareth Lyle (DSL)",
     "Operation Encompass: serious incident at home over the weekend, Rowan witnessed his mum being hurt.",
     "Rowan staying with Nan; she will bring him in.", ""],
    ["3rd November 2023", "12.10pm", "Hannah Quist (class teacher)",
     "Rowan taking food from other children's lunch boxes, said he had no breakfast.",
     "MERGE_DETAILS", "Hunger."],
    ["4 Dec 2023", "3.50pm", "Hannah Quist (class teacher)",
     ("Bruise on Rowan's left cheek noticed at home time. Rowan said \"I bumped it on the table\".",
      "Later to the TA: \"mummy's friend was cross\"."),
     "DSL phoned MASH at 4.12pm. Body map completed.", "Possible physical abuse."],
    ["5 Dec 2023", "", "Gareth Lyle (DSL)",
     "Written information for the strategy discussion e-mailed to the MASH (school was not invited to the "
     "discussion).", "", ""],
    ["21st December 2023", "1.30pm", "Gareth Lyle (DSL)",
     "Initial child protection conference. School report given.", "Rowan on a CP plan; DSL in the core group.", ""],
    ["10 Jan 2024", "2.00pm", "Gareth Lyle (DSL)",
     "First core group in school.", "Daily attendance checks; first-day calls.", ""],
    ["1st February 2024", "", "Gareth Lyle (DSL)",
     "Attendance 74% - persistent absence.", "Referral to the Education Welfare Service.", ""],
    ["14 Mar 2024", "1.30pm", "Gareth Lyle (DSL)",
     "Review child protection conference. Attendance report given.", "", ""],
    ["16 Apr 2024", "10.15am", "Education Welfare Officer",
     "Attendance meeting with Mum: attendance 71%. Mum said she can't get up in the mornings.",
     "Attendance contract signed.", ""],
    ["20 May 2024", "9.05am", "School office",
     "Mum rang: Rowan absent, \"he burnt his arm on the kettle and he's in hospital\".",
     "DSL informed; DSL rang SW.", ""],
    ["3rd June 2024", "", "Hannah Quist (class teacher)",
     "Rowan back in school, dressing on right arm. Staying with Nan, brought in on time.", "", ""],
    ["19th July 2024", "", "Gareth Lyle (DSL)",
     "End of year attendance 78%; 96% in the last six weeks while living with Nan.", "", "Improvement."],
    ["4th September 2024", "", "Gareth Lyle (DSL)",
     "Rowan started Year 2 on time and in uniform, brought by Nan.", "", ""],
]


def _fill_table(doc: Document, rows: list) -> None:
    table = doc.add_table(rows=1, cols=len(SCHOOL_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, SCHOOL_HEADER):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        if row == "MERGE_EMPTY":
            cells[0].merge(cells[-1])
            continue
        merge_details = row[4] == "MERGE_DETAILS"
        for index, value in enumerate(row):
            if merge_details and index == 4:
                continue
            if isinstance(value, tuple):
                cells[index].text = value[0]
                for more in value[1:]:
                    cells[index].add_paragraph(more)
            else:
                cells[index].text = value
        if merge_details:
            text = cells[3].text
            merged = cells[3].merge(cells[4])
            merged.text = text


def make_docx() -> Path:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    section = doc.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL-SENSITIVE"
    doc.add_heading("Hollins Lane Primary School - chronology for Learning Review (Child R)", level=1)
    doc.add_paragraph(
        "Prepared by Gareth Lyle, Deputy Headteacher and Designated Safeguarding Lead, from the school's "
        "safeguarding records and attendance data for Rowan Dunmore (Reception 2022/23, Year 1 2023/24). "
        "Significant events only; routine attendance letters are summarised. School telephone 01632 960250."
    )
    doc.add_heading("Academic year 2022/23 (Reception)", level=2)
    _fill_table(doc, SCHOOL_T1)
    doc.add_paragraph("")
    doc.add_heading("Academic year 2023/24 (Year 1) and September 2024", level=2)
    _fill_table(doc, SCHOOL_T2)
    doc.add_paragraph("Signed: G. Lyle (DSL), 18 October 2024")
    path = OUT / "hollins_lane_primary_chronology.docx"
    doc.save(path)
    return path


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for path in (make_xlsx(), make_docx()):
        print(f"wrote {path.relative_to(OUT.parent)}")


if __name__ == "__main__":
    main()
