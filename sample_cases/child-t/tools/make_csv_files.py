"""Write the fictional chronologies of the Child T pack (run from the pack's folder).

Every person, place, organisation and reference here is invented.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "chronologies"

POLICE = [
    ("14/01/2025", "22:40", "PC Hollie Strand", "Child T (14) found by patrol at Wexley bus station at 22:30, alone, with a new phone and £120 in cash. Said he was 'waiting for a mate'.", "Taken home to mother. PPN submitted.", "Possible exploitation indicators not recorded on the PPN."),
    ("02/02/2025", "19:15", "PC Hollie Strand", "Mother Dana Brennock reported Child T missing from home since 16:00.", "Graded medium risk. Found 23:50 at a flat in Orrin Court, with two older males.", "Address not known to the missing persons team."),
    ("03/02/2025", "10:05", "DC Gethin Marlowe (Missing Persons)", "Return home interview request sent to the commissioned service.", "Referral made.", ""),
    ("21/02/2025", "", "PC Tamsin Oduya", "Child T stopped and searched near Corran Brook retail park; small amount of cannabis found.", "Community resolution. Mother informed by phone.", "Treated as offending, not as a sign of exploitation."),
    ("09/03/2025", "01:20", "PC Hollie Strand", "Missing episode 2. Child T found in Dunholt, 30 miles away, on a train without a ticket.", "Returned home by British Transport Police.", "Travel out of area: a county lines indicator."),
    ("10/03/2025", "09:00", "DS Owain Petch (Exploitation Team)", "Intelligence: Orrin Court flat linked to a supply line into Dunholt.", "Shared at the exploitation panel.", "First link between Child T and a known line."),
    ("27/03/2025", "16:30", "DS Owain Petch (Exploitation Team)", "Multi-agency child exploitation (MACE) meeting: Child T discussed as emerging risk.", "Disruption plan: visits to Orrin Court, child abduction warning notice considered.", "School not invited to the meeting."),
    ("15/04/2025", "21:10", "PC Jory Vance", "Missing episode 3. Found at 02:00 with a facial injury he said came from a fall.", "Medical check offered and declined.", "Injury not photographed; no referral."),
    ("16/04/2025", "11:00", "DC Gethin Marlowe (Missing Persons)", "Return home interview not done: Child T declined twice.", "Closed by the interview service after two attempts.", ""),
    ("02/05/2025", "18:45", "PC Tamsin Oduya", "Call from a neighbour: father Leon Achterberg at mother's address shouting. Child T present.", "Words of advice. Father left.", "Father's involvement with Child T not explored."),
    ("20/05/2025", "", "DS Owain Petch (Exploitation Team)", "Child abduction warning notice served on an adult male (Orrin Court).", "Recorded.", ""),
    ("11/06/2025", "23:30", "PC Jory Vance", "Missing episode 4. Found in Dunholt in a property used for drug supply; arrested on suspicion of possession with intent.", "Released under investigation. National Referral Mechanism (NRM) referral made by the custody sergeant.", "First NRM referral, five months after the first indicator."),
    ("12/06/2025", "09:30", "DS Owain Petch (Exploitation Team)", "Strategy discussion requested with Children's Social Care.", "Held 13/06; section 47 enquiry agreed.", ""),
    ("30/07/2025", "20:00", "PC Hollie Strand", "Child T seen in Wexley town centre with the adult served with the warning notice.", "Intelligence submitted.", ""),
    ("18/08/2025", "", "DS Owain Petch (Exploitation Team)", "NRM: positive reasonable grounds decision received.", "Shared with YJS and CSC.", "Reasonable grounds decision helped the court and YJS see Child T as a victim."),
    ("02/10/2025", "15:00", "DC Gethin Marlowe (Missing Persons)", "No missing episodes since the move to his aunt's home in August.", "Flag reviewed and kept.", ""),
]

CSC = [
    ("15/01/2025", "10:20", "MASH Social Worker Ines Caulder", "PPN from police (bus station, cash, phone) screened.", "No further action; information passed to school.", ""),
    ("04/02/2025", "14:00", "MASH Social Worker Ines Caulder", "Second PPN (missing, found with older males).", "Referred to Early Help.", "Threshold for a statutory assessment judged not met."),
    ("12/02/2025", "11:00", "Early Help Practitioner Bryony Kettle", "Home visit. Mother worried Child T 'has new friends and new trainers'. Child T would not come downstairs.", "Early Help assessment started.", "Child T's own view not gathered."),
    ("10/03/2025", "09:40", "MASH Social Worker Ines Caulder", "Third PPN (Dunholt). Stepped up to a Child and Family Assessment.", "Allocated to Tomas Reyes-Hale.", ""),
    ("18/03/2025", "16:00", "Social Worker Tomas Reyes-Hale", "First visit. Child T said he 'owes someone' but would not say who.", "Exploitation screening tool completed: medium.", "A debt is a strong indicator; the score did not reflect it."),
    ("27/03/2025", "16:30", "Social Worker Tomas Reyes-Hale", "Attended the MACE meeting.", "Safety plan agreed with police.", ""),
    ("08/04/2025", "", "Social Worker Tomas Reyes-Hale", "Visit cancelled: worker off sick; not rearranged for three weeks.", "", "Caseload of 27 children at the time."),
    ("29/04/2025", "15:30", "Social Worker Tomas Reyes-Hale", "Visit. Facial injury healing. Child T said he fell off a bike.", "Recorded. No strategy discussion.", "Injury after a missing episode not escalated."),
    ("06/05/2025", "10:00", "Team Manager Aled Pennock", "Supervision: case to stay at Child in Need.", "Review in six weeks.", "Supervision recorded actions but little reflection."),
    ("13/06/2025", "09:00", "Team Manager Aled Pennock", "Strategy discussion after the Dunholt arrest (police, YJS, health; school not invited).", "Section 47 enquiry.", ""),
    ("20/06/2025", "14:00", "Social Worker Tomas Reyes-Hale", "Section 47 visit. Child T spoke about his father and wanting to live with his aunt in Fellbridge.", "Family network meeting arranged.", "First record of what Child T wanted."),
    ("03/07/2025", "10:00", "Social Worker Tomas Reyes-Hale", "Family network meeting with mother, father, aunt.", "Plan for Child T to live with his aunt over the summer.", "Father engaged well when invited."),
    ("15/07/2025", "", "Conference Chair Marguerite Oyelowo", "Initial child protection conference: plan under physical abuse (extra-familial harm).", "Child protection plan.", "Conference noted that the family's heritage and Child T's experience of racism at school had not been explored."),
    ("04/08/2025", "12:00", "Social Worker Tomas Reyes-Hale", "Child T moved to his aunt's home in Fellbridge.", "Placement with family under a section 20 agreement.", ""),
    ("22/09/2025", "11:00", "Social Worker Tomas Reyes-Hale", "Core group. School place at Fellbridge Academy from 29/09.", "Transport agreed.", "Four weeks out of school after the move."),
    ("27/10/2025", "10:30", "Conference Chair Marguerite Oyelowo", "Review conference: no missing episodes, attending school.", "Plan continues.", ""),
]

SCHOOL = [
    ("09/01/2025", "Head of Year 9 Dale Finchley", "Attendance 84% this term. Two late arrivals with new trainers and a phone.", "Letter home."),
    ("16/01/2025", "DSL Ruth Ashdown", "Police information received via MASH (bus station).", "Logged on the safeguarding system. Form tutor told."),
    ("05/02/2025", "DSL Ruth Ashdown", "Missing episode shared by MASH.", "Meeting offered to mother; she did not attend."),
    ("24/02/2025", "Head of Year 9 Dale Finchley", "Child T involved in a fight; says older boys outside school are 'looking for him'.", "Fixed-term suspension, 3 days.", ),
    ("11/03/2025", "DSL Ruth Ashdown", "Child T says he was called racist names by a group at the retail park and that 'nobody does anything'.", "Recorded as a behaviour incident."),
    ("27/03/2025", "DSL Ruth Ashdown", "Learned afterwards that a MACE meeting was held; school not invited.", "Emailed the social worker asking to be included."),
    ("01/04/2025", "Head of Year 9 Dale Finchley", "Attendance down to 61%. Part-time timetable proposed.", "Part-time timetable from 07/04 (mornings only)."),
    ("22/04/2025", "DSL Ruth Ashdown", "Child T arrived with a healing facial injury.", "Logged; told the social worker by email."),
    ("12/05/2025", "Head of Year 9 Dale Finchley", "Permanent exclusion considered after a knife was found in his bag.", "Governors' meeting arranged."),
    ("19/05/2025", "Headteacher Colm Ashby", "Permanent exclusion.", "Referred to the pupil referral unit; place from 16/06."),
    ("20/05/2025", "DSL Ruth Ashdown", "No strategy discussion before the exclusion; the risk of exclusion increasing exploitation not discussed with partners.", "Exclusion shared with CSC and YJS by email."),
    ("16/06/2025", "PRU Teacher Nadine Grove", "First day at the pupil referral unit. Child T did not attend.", "Home visit by PRU staff."),
    ("23/06/2025", "PRU Teacher Nadine Grove", "Attended two mornings. Engaged well in the art room.", "Key adult allocated."),
    ("10/07/2025", "PRU Teacher Nadine Grove", "Child T told his key adult he was 'scared to go back to Wexley'.", "Passed to the social worker the same day."),
    ("25/07/2025", "PRU Teacher Nadine Grove", "End of term. Attendance at the PRU 48%.", "Transition information sent to the social worker."),
    ("29/09/2025", "Fellbridge Academy Pastoral Lead Keira Voss", "Started Year 10. Transition records from the PRU not received.", "Requested from the PRU."),
    ("13/10/2025", "Fellbridge Academy Pastoral Lead Keira Voss", "Records arrived. Attendance 94% since starting.", "Mentor allocated."),
]


def write(name: str, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


if __name__ == "__main__":
    write("police_chronology.csv", ["Date", "Time", "Officer", "Details", "Action taken", "Analysis"], POLICE)
    write("childrens_social_care.csv", ["Date", "Time", "Worker", "Event", "Outcome", "Analysis"], CSC)
    write("corran_brook_academy.csv", ["Date", "Staff member", "Event", "Outcome"], SCHOOL)
