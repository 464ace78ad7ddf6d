"""Write the CSV chronologies of the fictional Child S pack (every name invented).

Run from the repository: .venv/bin/python sample_cases/child-s/tools/make_csv_files.py
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "chronologies"

POLICE = [
    ("04/01/2024 22:15", "PC Idris Maplethorpe", "Call from a neighbour at Larkspur Row: raised voices and a child crying at number 9.", "Attended. Both adults calm on arrival. Words of advice. PPN for Sami (7).", "Children present. First call to this address."),
    ("05/01/2024 09:30", "DC Priya Lanchester (MASH)", "PPN reviewed. No previous incidents at the address.", "Shared with Early Help and Fernmoor Academy (Operation Encompass).", "Standard risk."),
    ("19/01/2024 17:40", "PC Idris Maplethorpe", "Sami found alone at the park after dark by a passer-by.", "Returned home; mother Tess Orrin said he had gone out without asking.", "Child missing for about an hour; not recorded as a missing episode."),
    ("02/02/2024 23:05", "PC Nell Ashgrove", "Second call to 9 Larkspur Row: partner Dale Ferrow shouting in the street.", "Dale left before officers arrived. DASH: medium.", "Sami seen at the window."),
    ("03/02/2024 10:10", "DC Priya Lanchester (MASH)", "PPN (medium) reviewed with the previous incident.", "Referred to Early Help; no strategy discussion.", "Pattern of two incidents in a month."),
    ("15/02/2024 14:00", "PC Nell Ashgrove", "Follow-up visit. Tess says Dale no longer visits.", "Safety advice; leaflet for the domestic abuse service.", ""),
    ("09/03/2024 20:50", "PC Ravi Kettleby", "Shoplifting report: Sami (7) with an older boy at Fernmoor Parade.", "Sami taken home; mother told.", "Age 7: no further action; information to school."),
    ("28/03/2024 01:20", "PC Ravi Kettleby", "Call from Tess: Dale at the door, drunk, refusing to leave.", "Dale arrested for a public order offence; released on bail.", "Children asleep upstairs. DASH: high. MARAC referral."),
    ("29/03/2024 09:00", "DS Hollis Granger", "MARAC referral reviewed.", "Listed for the April MARAC.", "IDVA allocated."),
    ("11/04/2024 10:00", "DS Hollis Granger", "MARAC held. Actions for police, Early Help and school.", "Marker on the address. Bail conditions: no contact.", "Sami's school not invited to MARAC."),
    ("26/04/2024 16:45", "PC Nell Ashgrove", "Breach of bail: Dale seen at Larkspur Row.", "Arrested and charged.", "Mother did not want to give a statement."),
    ("14/05/2024 19:30", "PC Idris Maplethorpe", "Sami reported missing by mother; found at a friend's house two streets away.", "Return interview offered.", "Second missing episode."),
    ("20/05/2024 11:00", "DC Priya Lanchester (MASH)", "Return interview not completed: family not at home on two visits.", "Closed without the interview.", "Voice of the child not heard."),
    ("03/06/2024 22:40", "PC Ravi Kettleby", "Neighbour reports Sami climbing on a garage roof.", "Advice to mother.", ""),
    ("21/06/2024 15:10", "PC Nell Ashgrove", "Court: Dale given a restraining order.", "Order shared with MASH.", ""),
    ("08/07/2024 18:25", "PC Idris Maplethorpe", "Sami (7) injured falling from a wall; ambulance called by a neighbour.", "Mother arrived twenty minutes later.", "Supervision concerns shared with Children's Social Care."),
    ("09/07/2024 09:15", "DS Hollis Granger", "Strategy discussion with CSC and health.", "Section 47 enquiry agreed.", ""),
]

EARLY_HELP = [
    ("08/01/2024", "Bryony Castell", "PPN received from MASH. Family not known.", "Early Help offered by letter.", ""),
    ("22/01/2024", "Bryony Castell", "Phone call with Tess Orrin: declined Early Help; said things were fine now.", "Case closed: consent not given.", "No contact with Sami."),
    ("06/02/2024", "Bryony Castell", "Second PPN received. School says Sami tired and hungry.", "Early Help offered again; home visit booked.", ""),
    ("13/02/2024", "Bryony Castell", "Home visit. Flat tidy, little food. Tess low in mood; says Dale has gone.", "Early Help Assessment started.", "Sami seen briefly; said he 'plays out a lot'."),
    ("27/02/2024", "Bryony Castell", "Team around the family meeting with school.", "Plan: breakfast club, parenting course, GP for Tess.", "Police not invited."),
    ("12/03/2024", "Bryony Castell", "Told by school of the shoplifting incident.", "Discussed at supervision.", "No change to the plan."),
    ("02/04/2024", "Omar Pettifer (manager)", "Supervision after the MARAC referral.", "Plan to continue at Early Help level.", "Threshold not reconsidered."),
    ("11/04/2024", "Bryony Castell", "Attended MARAC.", "Actions: safety planning with Tess, update the school.", ""),
    ("16/04/2024", "Bryony Castell", "Safety planning session with Tess.", "Completed.", "Sami not spoken to alone."),
    ("30/04/2024", "Bryony Castell", "Review meeting: parenting course not started.", "New start date in June.", ""),
    ("15/05/2024", "Bryony Castell", "Told of the missing episode by police.", "Home visit offered.", ""),
    ("24/05/2024", "Bryony Castell", "Home visit: no answer.", "Letter left.", "Second missed visit."),
    ("05/06/2024", "Omar Pettifer (manager)", "Case discussed at the Early Help panel.", "Step up to social care considered, not agreed.", "Decision not recorded with reasons."),
    ("18/06/2024", "Bryony Castell", "Home visit. Tess started the parenting course.", "Plan reviewed.", ""),
    ("09/07/2024", "Bryony Castell", "Told of the injury; strategy discussion held.", "Stepped up to social care.", ""),
    ("23/07/2024", "Kit Ansel (social worker)", "Child and family assessment started.", "Sami seen alone at school.", "Sami: 'Mum sleeps in the day'."),
]

SCHOOL = [
    ("08/01/2024", "Mrs Wren Halloway (DSL)", "Operation Encompass notification received.", "Class teacher told; Sami offered time with the learning mentor.", ""),
    ("15/01/2024", "Mr Aled Fairbrook (class teacher)", "Sami asleep in class.", "Logged on the safeguarding system.", ""),
    ("24/01/2024", "Mr Aled Fairbrook (class teacher)", "Sami asked for food from other children's lunch boxes.", "Breakfast club place offered.", "Hunger noted."),
    ("05/02/2024", "Mrs Wren Halloway (DSL)", "Second Operation Encompass notification.", "Spoke to Early Help.", ""),
    ("27/02/2024", "Mrs Wren Halloway (DSL)", "Team around the family meeting.", "School actions: breakfast club, learning mentor weekly.", ""),
    ("11/03/2024", "Mrs Wren Halloway (DSL)", "Told of the shoplifting incident by police.", "Shared with Early Help.", ""),
    ("25/03/2024", "Mr Aled Fairbrook (class teacher)", "Attendance 84% this term.", "Letter home.", ""),
    ("15/04/2024", "Mrs Wren Halloway (DSL)", "Learned of the MARAC a week after it was held.", "Asked to be invited next time.", "School not part of the MARAC."),
    ("22/04/2024", "Ms Juno Atherley (learning mentor)", "Sami drew his family without Dale; said 'he shouts'.", "Passed to DSL.", "Voice of the child."),
    ("13/05/2024", "Mr Aled Fairbrook (class teacher)", "Sami not in school; mother said he was ill.", "First-day call made.", ""),
    ("16/05/2024", "Mrs Wren Halloway (DSL)", "Told of the missing episode by police.", "Welfare check in school; Sami quiet.", ""),
    ("03/06/2024", "Mrs Wren Halloway (DSL)", "Early Help panel outcome received.", "DSL disagreed but did not escalate.", "Escalation policy not used."),
    ("17/06/2024", "Ms Juno Atherley (learning mentor)", "Sami says he is out 'till it gets dark'.", "Passed to DSL and Early Help.", ""),
    ("01/07/2024", "Mr Aled Fairbrook (class teacher)", "Attendance 79% this year.", "Attendance meeting booked for September.", ""),
    ("10/07/2024", "Mrs Wren Halloway (DSL)", "Strategy discussion: school gave its chronology.", "Section 47 enquiry.", ""),
    ("19/07/2024", "Mrs Wren Halloway (DSL)", "End of term. Summer plan with social care.", "Holiday activity place found for Sami.", ""),
]


def write(name: str, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    write("police.csv", ["Date/Time", "Officer", "Details", "Action taken", "Safeguarding considerations"], POLICE)
    write("early_help.csv", ["Date", "Worker", "Details of contact", "Outcome / decision", "Analysis"], EARLY_HELP)
    write("school.csv", ["Date", "Staff member", "Event", "Action taken", "Significance"], SCHOOL)
