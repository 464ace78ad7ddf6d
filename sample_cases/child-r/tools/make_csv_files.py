"""Build the CSV chronologies of the fictional Child R case pack.

Everything here is invented: the child, the family, the practitioners, the
places, the phone numbers and the postcodes. The cells are written exactly as
the agencies "sent" them (their own headers, date forms, encodings, delimiters
and line endings), so that the importer meets the usual mess:

* police_chronology.csv          UTF-8 with BOM, CRLF, date and time in one cell
* childrens_social_care.csv      UTF-8, LF, semicolon-delimited, dd.mm.yyyy, times as 1420,
                                 a delimiter-only row, the impossible date 31/02/2024
* gp_millbeck_medical_practice.csv  Windows-1252, CRLF, header "When" (override in case.toml),
                                 d/m/yy dates, the month-first date 06/25/2023
* housing_ashbourne_vale_homes.csv  UTF-8, LF, 13-Feb-2023 dates, a ?approximate date,
                                 a blank row, out of date order, two rows before the period
* hospital_ed_paediatrics.csv    UTF-8, LF, ISO dates, 24h times

Run:  .venv/bin/python sample_cases/child-r/tools/make_csv_files.py
"""

from __future__ import annotations

import csv
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "chronologies"

# --------------------------------------------------------------------------- police
POLICE_HEADER = ["Occurrence ref", "Date/Time", "Officer", "Details", "Action taken",
                 "Safeguarding considerations"]
POLICE = [
    ["AV-23-011874", "11/03/2023 21:47", "PC Sam Ortega",
     "999 call from neighbour at Tannery Court reporting shouting and a child crying at flat 14.\n"
     "Officers attended. Kerry Dunmore and her partner Jason Pike stated they had argued about money "
     "and that it was \"verbal only\". Rowan (4) awake and tearful on the landing, Maisie (11 weeks) "
     "asleep in a travel cot in the living room.",
     "DASH completed with Kerry: standard risk. Words of advice given to both. Jason left to stay with a friend. "
     "PPN submitted for both children.",
     "First domestic abuse incident reported at this address. Children present. Rowan described by officer as "
     "\"frightened, would not let go of his mum\"."],
    ["AV-23-011874", "12/03/2023 08:55", "DC Mel Hardacre (MASH)",
     "PPN reviewed by MASH police researcher. No previous incidents for the couple in force area. "
     "Intelligence from Northfell Constabulary: Jason Pike named as suspect in two DA incidents with a previous "
     "partner (2019, 2020), no further action on both.",
     "PPN and intelligence shared with Children's Social Care (MASH) and 0-19 health.",
     "Previous DA history of partner shared at MASH. Risk graded standard on the information known."],
    ["AV-23-030156", "02/05/2023 16:20", "PC Kayleigh Brandt",
     "Kerry attended Kelsholm police station front counter. Reported that Jason had taken her phone and bank card "
     "and was \"keeping her money for her\". Said she did not want him arrested, just wanted the card back.",
     "Crime recorded (theft) - victim declined to support. DASH: standard. Jason contacted by phone, "
     "returned the card to the station same evening.",
     "Possible economic abuse / coercive control not explored. Children not seen."],
    ["AV-23-051902", "16/07/2023 23:10", "PC Sam Ortega",
     "999 call from Kerry: Jason had pushed her into the door frame during an argument. On arrival Kerry had a "
     "swollen left eye. Rowan found hiding behind the sofa holding his sister. Jason still present, "
     "intoxicated.",
     "Jason arrested for assault (ABH). DASH completed: medium risk, 9 ticks. Body-worn video captured. "
     "Children checked and left in the care of Kerry.",
     "Second reported incident, escalation in physical violence. Both children present and Rowan directly "
     "exposed."],
    ["AV-23-051902", "17/07/2023 01:35", "PC Sam Ortega",
     "Public Protection Notices completed for Rowan and Maisie and sent to the MASH inbox. "
     "Operation Encompass notification queued for Hollins Lane Primary for the start of the school day.",
     "PPNs submitted, graded medium.", ""],
    ["AV-23-051902", "18/07/2023 15:40", "DC Ryan Coldwell",
     "Jason interviewed under caution, gave a no comment interview. Kerry provided a signed statement.",
     "Released on pre-charge bail: not to contact Kerry directly or indirectly, not to attend Tannery Court.",
     "Bail conditions protect the household only while they are complied with and enforced."],
    ["AV-23-055310", "04/08/2023 19:05", "PC Kayleigh Brandt",
     "Neighbour reported Jason seen entering flat 14 earlier that afternoon. Officers attended: Jason not present. "
     "Kerry said he had not been there. Men's trainers in the hallway.",
     "Breach of bail not evidenced. Kerry given safety advice and the local domestic abuse service number "
     "(01632 960418).",
     "Possible breach of bail and concealment of contact. CSC informed by email."],
    ["AV-23-051902", "29/08/2023 11:00", "DC Ryan Coldwell",
     "Kerry withdrew her support for the prosecution and made a retraction statement. CPS advice: "
     "insufficient evidence without the victim.",
     "No further action. Bail cancelled, Jason free to return to the address.",
     "Protective bail conditions ended; CSC not told until the MARAC in October."],
    ["AV-23-071447", "14/10/2023 00:20", "PC Sam Ortega",
     "999 call from Kerry, whispering. Jason had held her by the throat against the kitchen wall until she "
     "\"saw stars\". Rowan woke and came into the kitchen. Visible red marks to Kerry's neck. Maternal "
     "grandmother Pat Dunmore collected the children at 01:30.",
     "Jason arrested for intentional strangulation. DASH: high risk (17 ticks). Referred to MARAC and to IDVA. "
     "PPNs for both children graded high.",
     "Non-fatal strangulation is a marker of serious harm and homicide risk. Third incident, escalating. "
     "Rowan witnessed the assault."],
    ["AV-23-071447", "14/10/2023 17:30", "DS Neil Garrow",
     "Custody review. Jason charged with intentional strangulation (s75A Serious Crime Act 2015).",
     "Bailed to Ashbourne Vale Magistrates on 08/01/2024 with conditions: no contact with Kerry, exclusion "
     "zone around Tannery Court.", ""],
    ["AV-23-071447", "26/10/2023 09:30", "DS Neil Garrow",
     "MARAC: case heard (referral from police, high risk). Present: police, CSC, health, housing, IDVA, "
     "probation.",
     "Actions: police marker on address (urgent response); housing Sanctuary target hardening; IDVA to continue "
     "support; CSC to review CIN plan in light of the risk; health to share with GP.",
     "Multi-agency risk management plan in place. Children's lived experience discussed briefly."],
    ["AV-23-080215", "20/11/2023 22:40", "PC Kayleigh Brandt",
     "Report from Kerry that Jason was outside the block shouting up at the window. Jason located nearby and "
     "arrested for breach of bail.",
     "Remanded in custody to next court date.",
     "Second breach of conditions. Kerry called police herself - protective action."],
    ["AV-23-084402", "05/12/2023 10:00", "DS Neil Garrow",
     "Strategy discussion (by Teams) following school referral: bruise to Rowan's left cheek. Chaired by CSC "
     "team manager. Police checks: Jason remanded in custody since 21/11/2023, so not in the household when the "
     "bruise occurred.",
     "Agreed: single-agency s47 enquiry by CSC, police to share information, CP medical today at the hospital. "
     "No criminal investigation at this stage.", ""],
    ["AV-23-084402", "21/12/2023 13:30", "DS Neil Garrow",
     "Attended initial child protection conference. Police report provided (3 DA incidents, MARAC, pending "
     "prosecution).",
     "Both children made subject to child protection plans, category neglect.", ""],
    ["AV-23-071447", "08/01/2024", "DS Neil Garrow",
     "Magistrates: Jason pleaded not guilty. Trial listed for 19/03/2024.",
     "Remanded in custody to trial.", ""],
    ["AV-24-011930", "17/02/2024 20:15", "PC Kayleigh Brandt",
     "Kerry reported receiving messages on Snapchat from an account she believes Jason's friend set up for him "
     "in prison: \"tell Rowan his dad loves him, I'll see you all soon\".",
     "Crime recorded (breach of remand conditions / harassment). Prison intelligence submitted.",
     "Jason is not Rowan's father; Rowan calls him \"dad\". Continuing coercive contact from custody."],
    ["AV-23-071447", "19/03/2024", "DS Neil Garrow",
     "Trial at Ashbourne Vale Magistrates: Jason found guilty of intentional strangulation.",
     "Sentenced to 26 weeks' imprisonment. Restraining order for 5 years (no contact with Kerry or the children).",
     "Restraining order includes the children."],
    ["AV-24-036118", "19/05/2024 10:10", "DS Neil Garrow",
     "Referral from CSC Emergency Duty Team overnight: Rowan admitted to Ashbourne Vale General with an infected "
     "scald to his right forearm and hand, presentation delayed by around 2 days.",
     "PPU allocated. Strategy discussion requested for Monday.", ""],
    ["AV-24-036118", "20/05/2024 10:30", "DS Neil Garrow",
     "Strategy discussion (in person, Ashbourne Vale MASH) with CSC and the consultant paediatrician. Mother's "
     "account: Rowan pulled the kettle cable while she was asleep on the sofa after taking sleeping tablets "
     "bought online.",
     "Agreed joint s47 investigation. Police to consider an offence of child neglect (s1 Children and Young "
     "Persons Act 1933). Children to remain with maternal grandmother.", ""],
    ["AV-24-036118", "21/05/2024 14:00", "PC Kayleigh Brandt",
     "Joint visit with the social worker to Pat Dunmore's house. Rowan seen, bandaged arm, chatty with the "
     "officer. Said \"mummy was sleeping and I wanted hot chocolate\". ABE interview not considered proportionate.",
     "Account recorded in pocket notebook. Photographs of the kitchen at Tannery Court taken later that day.",
     ""],
    ["AV-24-036118", "12/07/2024", "DS Neil Garrow",
     "File reviewed with CPS: no realistic prospect of conviction for wilful neglect.",
     "No further action. CSC informed.", ""],
    ["AV-23-071447", "30/08/2024 15:15", "DS Neil Garrow",
     "Information from probation: Jason Pike released on licence 28/08/2024 to approved premises in another "
     "county. Licence conditions: no contact with Kerry or the children, exclusion zone covering Kelsholm.",
     "Shared with CSC, IDVA and MARAC coordinator. Address marker refreshed.", ""],
]

# --------------------------------------------------------------------- social care
CSC_HEADER = ["Date of contact", "Time", "Worker", "Details of contact", "Outcome / decision",
              "Safeguarding considerations", "Source system"]
CSC = [
    ["13.03.2023", "1015", "Nadia Frome (MASH)",
     "PPN (standard) received re DA incident on 11/03/2023 at 14 Tannery Court, children present. MASH checks: "
     "HV reports mother's low mood after Maisie's birth; school reports lateness and Rowan's presentation.",
     "Threshold: Early Help. Family to be offered an Early Help Assessment.",
     "Partner's DA history with previous partner (Northfell) known to MASH but not weighed in the decision.",
     "CareFile"],
    ["21.03.2023", "1400", "Lucy Fenn",
     "Phone call with Kerry: consent given for Early Help Assessment. Kerry said she is \"tired all the time\", "
     "worried about money and the damp in the flat.",
     "EHA home visit booked.", "", "EH Hub"],
    ["04.04.2023", "1030", "Lucy Fenn",
     "Home visit for EHA. Flat cold, black mould across the children's bedroom wall; Rowan sleeping on a "
     "mattress in mother's room, Maisie in a travel cot. Little food in the cupboards. Kerry says Jason \"helps "
     "out\" but does not live there; his coat and work boots in the hallway.",
     "EHA started. Food bank voucher.\nPlan:\n1. housing repairs;\n2. parenting support;\n3. school attendance.",
     "Inconsistent account about Jason's presence. Home conditions poor.", "EH Hub"],
    ["25.04.2023", "1530", "Lucy Fenn",
     "Team Around the Family meeting at Hollins Lane Primary. Present: Kerry, DSL, Early Help practitioner. "
     "HV sent apologies and a written update.",
     "TAF plan agreed: EH to chase housing disrepair; school to offer breakfast club; Kerry to see GP about "
     "her mood.", "", "EH Hub"],
    ["03.05.2023", "1120", "Lucy Fenn",
     "Kerry rang, upset: Jason had taken her phone and bank card; she had gone to the police and got the card "
     "back. Said \"it's sorted now\".",
     "Advice given; domestic abuse service details (01632 960418) given again.",
     "Economic abuse not recognised as domestic abuse; not shared with TAF partners.", "EH Hub"],
    ["24.05.2023", "", "Lucy Fenn",
     "Planned home visit: no answer. Kerry's phone off.", "Card left.", "", "EH Hub"],
    ["13.06.2023", "", "Lucy Fenn",
     "Second planned home visit, no answer. Letter hand-delivered.", "", "", "EH Hub"],
    ["27.06.2023", "1330", "Lucy Fenn",
     "TAF review at school. Kerry attended late. Rowan's attendance 84%. HV update: Maisie not brought to her "
     "6-month review. Housing damp survey not done (no access).",
     "Continue TAF. Review in 6 weeks.",
     "Drift. Several indicators of neglect across agencies, no escalation considered.", "EH Hub"],
    ["17.07.2023", "0920", "Nadia Frome (MASH)",
     "MASH received police PPN for both children, graded medium, re assault by Jason Pike on Kerry the previous "
     "night. Rowan hiding behind the sofa holding Maisie when police arrived.",
     "Contact progressed to referral. Step up from Early Help to Child and Family Assessment. Allocated to "
     "Assessment Team.",
     "Escalating DA with children present, known neglect indicators.", "CareFile"],
    ["19.07.2023", "1330", "Amira Chaudry",
     "Home visit. Kerry said the relationship with Jason is over and he is on bail not to come to the flat. Rowan "
     "seen alone in his room: said \"Jason shouts at mummy and breaks stuff\".",
     "Child and Family Assessment started. Safety plan discussed with Kerry.", "", "CareFile"],
    ["25.07.2023", "", "Amira Chaudry",
     "Agency checks: GP (summary received), HV, school, housing.", "", "", "CareFile"],
    ["07.08.2023", "1010", "Amira Chaudry",
     "Email from police: neighbour saw Jason at the flat on 04/08/2023, not evidenced.",
     "Unannounced visit planned.", "Possible breach of bail and contact with the children.", "CareFile"],
    ["08.08.2023", "1600", "Amira Chaudry",
     "Unannounced home visit. Flat chaotic, dirty nappies in a bag in the bedroom, little food. Kerry flat in mood. "
     "Rowan in pyjamas at 4pm, said he was \"bored\" and \"hungry\".",
     "Food parcel, holiday activity club referral for Rowan. Kerry agreed to GP appointment.", "", "CareFile"],
    ["12.09.2023", "", "Amira Chaudry",
     "Child and Family Assessment completed. Concerns: parental mental health, domestic abuse (perpetrator on "
     "bail, relationship said to be over), home conditions, attendance, missed health appointments.",
     "Outcome: Child in Need plan (s17). Agreed by team manager Carla Benning.",
     "Assessment accepted Kerry's account that the relationship had ended; the end of bail on 29/08 was not known.",
     "CareFile"],
    ["19.09.2023", "1530", "Amira Chaudry",
     "First Child in Need meeting at Hollins Lane Primary: Kerry, school DSL, HV, social worker.",
     "CIN plan agreed: attendance, home conditions, GP review of Kerry's medication, HV weight checks for "
     "Maisie.", "", "CareFile"],
    ["16.10.2023", "0905", "Nadia Frome (MASH)",
     "High-risk PPNs received re strangulation of Kerry by Jason on 14/10/2023; Rowan witnessed. Jason charged "
     "and bailed with conditions. MARAC referral made by police.",
     "Passed to allocated social worker for same-day visit. Strategy discussion considered by MASH manager; not "
     "convened as the case is open on a CIN plan.",
     "Threshold for s47 arguably met.", "CareFile"],
    ["16.10.2023", "1500", "Amira Chaudry",
     "Home visit. Red marks still visible on Kerry's neck. Kerry said Jason \"won't be back this time\". Rowan "
     "seen: subdued, asked if the police will take Jason away forever.",
     "Safety plan updated; Kerry agreed to IDVA support.", "", "CareFile"],
    ["26.10.2023", "0930", "Amira Chaudry",
     "MARAC meeting: Kerry and children discussed, high risk. Attended for CSC.",
     "MARAC actions for CSC: review CIN plan, consider whether threshold for s47 / ICPC is met.",
     "", "CareFile"],
    ["07.11.2023", "1500", "Amira Chaudry",
     "CIN review meeting. Rowan's attendance 76%. HV: Maisie's weight dropped from the 50th to the 9th centile. "
     "Home conditions variable.",
     "Continue CIN plan; manager to review in supervision.",
     "Cumulative harm; the plan did not change despite MARAC.", "CareFile"],
    ["04.12.2023", "1612", "Nadia Frome (MASH)",
     "Telephone referral from the school DSL: facial bruising noticed by staff at the end of the day; the child "
     "has given staff two different explanations. DSL worried about an unknown adult visiting the flat.",
     "Passed to allocated team. Strategy discussion to be convened tomorrow morning.", "", "CareFile"],
    ["05.12.2023", "1000", "Carla Benning",
     "Strategy discussion chaired by team manager with police (PPU) and health (HV). School information "
     "shared in advance by email.",
     "Decision: s47 enquiry (single agency, CSC). CP medical at the hospital this afternoon. Safety plan: "
     "maternal grandmother to stay at the flat.", "", "CareFile"],
    ["05.12.2023", "1700", "Amira Chaudry",
     "Home visit after the CP medical. Kerry said a friend, \"Dev\", stayed over on Saturday; she did not see how "
     "Rowan was hurt. Pat Dunmore present and agreed to stay.",
     "Safety plan signed.", "Unknown adult male in the household.", "CareFile"],
    ["14.12.2023", "", "Amira Chaudry",
     "s47 enquiry concluded: concerns substantiated (neglect; emotional harm from DA). Cause of the bruise "
     "not established.",
     "Initial Child Protection Conference requested.", "", "CareFile"],
    ["21.12.2023", "1330", "Mark Ellery (CP Chair)",
     "Initial Child Protection Conference. Agencies present: CSC, police, school, HV. GP report received.",
     "Rowan and Maisie made subject to child protection plans under the category of neglect. Core group within "
     "10 working days.", "", "CareFile"],
    ["10.01.24", "1400", "Amira Chaudry",
     "First core group meeting at Hollins Lane Primary.",
     "Outline plan made into a detailed plan: daily school attendance, weekly home visits, HV weights fortnightly, "
     "Kerry to GP for a medication review.", "", "CareFile"],
    ["23.01.2024", "1145", "Amira Chaudry",
     "Telephone call between HV Jo Pell and SW Amira Chaudry about Maisie's weight and the missed clinic on "
     "19/01/2024. Agreed a joint home visit on 26/01/2024.",
     "Joint visit booked.", "", "CareFile"],
    ["26.01.2024", "1000", "Amira Chaudry",
     "Joint home visit with HV. Maisie weighed: small gain. Home tidier. Kerry said she is \"trying really hard\".",
     "Positive progress noted.", "", "CareFile"],
    ["31/02/2024", "1100", "Carla Benning",
     "Supervision: progress on the CP plan is slow; attendance 74%; Kerry has stopped her medication.",
     "If there is no improvement by the review conference, legal planning meeting to consider the PLO.",
     "", "CareFile"],
    ["14.03.2024", "1330", "Mark Ellery (CP Chair)",
     "Review Child Protection Conference.",
     "Children remain subject to CP plans (neglect).", "Progress limited; risk remains.", "CareFile"],
    ["09.04.2024", "1400", "Amira Chaudry",
     "Core group. Rowan's attendance 71%; missed dental appointment. Kerry says she is not sleeping.",
     "Kerry encouraged to see GP; referral to Talking Therapies declined.", "", "CareFile"],
    ["18.05.2024", "1945", "Sean Talbot (EDT)",
     "Call from ED at Ashbourne Vale General: Rowan presented with an infected scald to the right forearm and hand, "
     "sustained about 2 days earlier. Mother's account: he pulled the kettle over while she was asleep.",
     "EDT social worker attended the ward. Children to stay with Pat Dunmore overnight by agreement.",
     "Delayed presentation; child on a CP plan.", "CareFile"],
    ["20.05.2024", "1030", "Carla Benning",
     "Strategy discussion with police (PPU) and the consultant paediatrician.",
     "Joint s47 investigation. Children to stay with maternal grandmother under a safety plan.", "", "CareFile"],
    ["21.05.2024", "1400", "Amira Chaudry",
     "Joint visit with police to maternal grandmother's home. Rowan seen alone; his account matched mother's.",
     "", "", "CareFile"],
    ["05.06.2024", "", "Carla Benning",
     "Legal planning meeting: threshold for the Public Law Outline met.",
     "Letter before proceedings to be sent to Kerry.", "", "CareFile"],
    ["18.06.2024", "1000", "Amira Chaudry",
     "PLO meeting with Kerry and her solicitor.",
     "Written agreement: children to stay with Pat Dunmore; Kerry to engage with the community mental health "
     "team.", "", "CareFile"],
    ["02.07.2024", "1400", "Amira Chaudry",
     "Core group. Rowan settled at grandmother's, attendance 96% since the move. Maisie's weight on the 25th "
     "centile.", "Continue plan.", "", "CareFile"],
    ["03.09.2024", "", "Amira Chaudry",
     "Family Group Conference. Family plan: children to remain with Pat Dunmore; Kerry to have supervised "
     "contact three times a week.", "Family plan accepted by CSC.", "", "CareFile"],
    ["24.09.2024", "", "Amira Chaudry",
     "Special guardianship assessment of Pat Dunmore started.", "", "", "CareFile"],
]

# ----------------------------------------------------------------------------- GP
GP_HEADER = ["When", "Time", "Clinician", "Summary", "Action taken", "Patient"]
GP = [
    ["18/10/22", "1010", "Dr Renée Calloway",
     "Antenatal (31/40). Low mood in pregnancy, poor sleep, \"worrying about everything\". No thoughts of harm.",
     "Declined referral to perinatal mental health. Review after the birth.", "Kerry Dunmore (mother)"],
    ["30/1/23", "1120", "Dr Renée Calloway",
     "Postnatal review. PHQ-9 18, tearful. Says partner is supportive. Asked about the children: \"they're fine\".",
     "Sertraline 50mg started. Review 4 weeks.", "Kerry Dunmore (mother)"],
    ["27/2/23", "", "Dr Renée Calloway",
     "Medication review: did not attend.", "Text reminder sent.", "Kerry Dunmore (mother)"],
    ["17/4/23", "0915", "Dr Owen Tarrant",
     "Maisie, 4 months: cough and wheeze for a week, bronchiolitis. Mother reports black mould in the bedroom.",
     "Salbutamol not indicated; safety-netting advice. Letter to housing provided, the usual £25 fee waived.",
     "Maisie Dunmore"],
    ["15/5/23", "1630", "Dr Owen Tarrant",
     "Rowan: school concerned about his hearing and speech. Wax in both ears.",
     "Referred to community paediatric audiology.", "Rowan Dunmore"],
    ["06/25/2023", "1450", "Admin (docman)",
     "Letter from community paediatric audiology: Rowan not brought to his appointment. Rebooked.",
     "Filed, no action.", "Rowan Dunmore"],
    ["3/7/23", "1140", "Dr Renée Calloway",
     "Kerry: mood no better, says she’s \"coping\". Sleeping badly, partner \"not around much now\".",
     "Sertraline increased to 100mg.", "Kerry Dunmore (mother)"],
    ["19/7/23", "1605", "Dr Renée Calloway",
     "Request for information from Children's Social Care (Child and Family Assessment).",
     "GP summary for Kerry and both children sent.", "Kerry Dunmore (mother)"],
    ["21/9/23", "", "Dr Renée Calloway",
     "Medication review: did not attend (second time).", "Letter sent.", "Kerry Dunmore (mother)"],
    ["17/10/23", "1130", "Dr Renée Calloway",
     "Kerry attended with bruising to the neck after partner's assault on 14/10. Hoarse voice. Says the children "
     "are \"with my mum for now\".",
     "Examined and documented. IDVA details given. Safeguarding template for the children not completed.",
     "Kerry Dunmore (mother)"],
    ["9/11/23", "1500", "Dr Owen Tarrant",
     "Maisie, 10 months: HV referral for faltering growth (50th to 9th centile). Alert, no illness found.",
     "Bloods requested; referred to paediatric dietetics.", "Maisie Dunmore"],
    ["13/12/23", "", "Dr Renée Calloway",
     "Report for the initial child protection conference completed. GP unable to attend (surgery).",
     "Report e-mailed to the conference administrator.", "Rowan Dunmore"],
    ["18/12/23", "", "Practice Nurse Aoife Brennock",
     "Maisie: 1-year immunisations, not brought.", "Rebooked; HV informed.", "Maisie Dunmore"],
    ["11/1/24", "0940", "Practice Nurse Aoife Brennock",
     "Maisie: 1-year immunisations given (brought by grandmother).", "", "Maisie Dunmore"],
    ["6/3/24", "1215", "Dr Renée Calloway",
     "Kerry: stopped sertraline a month ago, \"it made me feel numb\". Low mood, poor sleep.",
     "Referred to Talking Therapies (self-referral details given). Review 2 weeks - not booked.",
     "Kerry Dunmore (mother)"],
    ["16/4/24", "0910", "Practice Nurse Aoife Brennock",
     "Maisie: catch-up booster (Hib/MenC) not brought.", "Rebooked. Third missed immunisation appointment.",
     "Maisie Dunmore"],
    ["22/5/24", "", "Dr Owen Tarrant",
     "ED discharge summary: Rowan admitted 18/05/2024 with infected scald, delayed presentation.",
     "Reviewed by practice safeguarding lead; coded; CSC already aware.", "Rowan Dunmore"],
    ["28/5/24", "1020", "Practice Nurse Aoife Brennock",
     "Rowan: dressing change, brought by grandmother. Healing well.", "Next dressing at burns clinic.",
     "Rowan Dunmore"],
    ["12/8/24", "", "Admin",
     "Notification from CSC: Rowan and Maisie living with maternal grandmother Pat Dunmore (registered at the same "
     "practice).", "Records linked; alert added.", "Rowan Dunmore"],
    ["10/9/24", "1110", "Dr Renée Calloway",
     "Kerry: low mood, tearful about the children living with her mum. No plans to harm herself.",
     "Referral to the community mental health team accepted.", "Kerry Dunmore (mother)"],
]

# ------------------------------------------------------------------------ housing
HOUSING_HEADER = ["Case number", "Date", "Officer", "Notes", "Outcome"]
HOUSING = [
    ["T/0448/22", "14-Sep-2022", "Dean Whitcombe",
     "New tenancy sign-up: 2-bed flat, 14 Tannery Court, Kelsholm AV4 7RT (second floor, no lift). Household: "
     "Kerry Dunmore and Rowan; Kerry pregnant.", "Tenancy started."],
    ["T/0448/22", "02-Nov-2022", "Repairs contact centre",
     "Tenant reported condensation on bedroom windows.", "Condensation advice leaflet posted."],
    ["T/0448/22", "18-Apr-2023", "Repairs contact centre",
     "Tenant reported black mould in the children's bedroom, says baby has a chest infection. GP letter to follow.",
     "Damp and mould survey raised (28-day priority)."],
    ["T/0448/22", "23-May-2023", "Damp surveyor",
     "Survey appointment: no access, card left.", "Rebooked."],
    [],
    ["T/0448/22", "?12-Jun-2023", "Dean Whitcombe",
     "Letter from the health visitor supporting a move on health grounds (scanned, undated - date approximate).",
     "Added to housing register application; medical priority not awarded."],
    ["T/0448/22", "10-Jul-2023", "Repairs operative",
     "Mould wash and stain block to bedroom walls. Extractor fan in bathroom not working.",
     "Fan repair raised."],
    ["T/0448/22", "27-Oct-2023", "Dean Whitcombe",
     "MARAC action received: tenant high-risk DA victim. Referral to Sanctuary scheme for target hardening.",
     "Property flagged. Sanctuary survey booked."],
    ["T/0448/22", "09-Nov-2023", "Sanctuary contractor",
     "Target hardening completed: door viewer, door chain, window restrictors, letterbox guard.", "Complete."],
    ["T/0448/22", "01-Nov-2023", "Income officer",
     "Rent arrears £640. Tenant said she has been \"too low to sort the universal credit\".",
     "Arrears agreement £10 per week; referral to money advice."],
    ["T/0448/22", "16-Apr-2024", "Dean Whitcombe",
     "Inspection after repeated mould report: mould back in the bedroom, extractor still not working, "
     "broken window latch.\nChildren's clothes in bin bags on the floor.", "Works order raised: fan, latch, mould wash."],
    ["T/0448/22", "4 Jun 2024", "Dean Whitcombe",
     "Kerry asked about a transfer nearer her mother.", "Transfer application form sent."],
    ["T/0448/22", "15 Aug 2024", "Dean Whitcombe",
     "Tenancy visit. Flat in poor condition, children living with their grandmother. Kerry says she wants them "
     "home \"when the flat is sorted\".",
     "Tenancy sustainment referral."],
    ["T/0448/22", "26 Sep 2024", "Income officer",
     "Arrears now £1,105. Notice of Seeking Possession considered.",
     "Deferred pending tenancy sustainment support."],
]

# ----------------------------------------------------------------------- hospital
HOSPITAL_HEADER = ["Date", "Time", "Clinician", "Event", "Outcome", "Analysis", "Attendance no."]
HOSPITAL = [
    ["2023-01-27", "02:15", "Dr Felix Amadi (ED)",
     "Maisie, 5 weeks: brought by mother with inconsolable crying and poor feeding. Examined: no injuries, mild "
     "reflux. Mother tired and tearful.",
     "Discharged with feeding advice. ED liaison notification to HV.", "", "ED-23-004417"],
    ["2023-04-19", "16:40", "Dr Felix Amadi (ED)",
     "Maisie, 4 months: bronchiolitis, saturations 94%. Mother mentions damp flat.",
     "Observed 4 hours on the paediatric assessment unit; discharged.", "", "ED-23-021906"],
    ["2023-06-20", "", "Audiology clinic",
     "Rowan: community paediatric audiology, not brought.", "Rebooked (second appointment).", "", "OP-23-1188"],
    ["2023-09-13", "", "Audiology clinic",
     "Rowan: second audiology appointment, not brought.",
     "Discharged back to GP under the trust's Did Not Attend policy.",
     "\"Was not brought\" policy not applied to a child; no safeguarding check.", "OP-23-1188"],
    ["2023-10-14", "01:40", "Nurse Ellie Marchbank (ED)",
     "Mother (adult ED) attended by ambulance after a non-fatal strangulation. ED nurse asked about children: "
     "with maternal grandmother.", "Adult safeguarding referral; children's ED liaison informed.", "",
     "ED-23-055210"],
    ["2023-12-05", "14:00", "Dr Tomasz Wrenn",
     "Child protection medical for Rowan (5): 3 x 2cm bruise over the left cheekbone, 2-4 days old, no other "
     "injuries. Dental decay, head lice, clothes too small. Weight 9th centile, height 50th.",
     "Bruise: explanation not established, consistent with a blow or a fall. Findings consistent with neglect.",
     "", "CP-23-0071"],
    ["2023-12-06", "", "Dr Tomasz Wrenn",
     "CP medical report sent to the allocated social worker.", "", "", "CP-23-0071"],
    ["2024-01-31", "10:20", "Paediatric dietitian",
     "Maisie: faltering growth clinic, brought by mother and grandmother. Food diary reviewed.",
     "Advice on meals and snacks; review in 3 months.", "", "OP-24-0233"],
    ["2024-05-18", "18:05", "Dr Felix Amadi (ED)",
     "Rowan (5) brought by mother and grandmother: scald to the right forearm and back of the hand, about 3% "
     "body surface area, blistered and infected. Mother says it happened \"on Thursday\" when Rowan pulled "
     "the kettle cable while she was asleep.",
     "Admitted to the children's ward for IV antibiotics.",
     "Delayed presentation (about 2 days); child on a CP plan.", "ED-24-030877"],
    ["2024-05-18", "19:30", "Dr Felix Amadi (ED)",
     "Referral to the Emergency Duty Team by phone.", "EDT social worker to attend.", "", "ED-24-030877"],
    ["2024-05-19", "11:00", "Dr Tomasz Wrenn",
     "Ward review. Injury pattern consistent with the account (spill from above). Skeletal survey not indicated.",
     "Burns unit advice by telemedicine; dressings.", "", "IP-24-1120"],
    ["2024-05-20", "10:30", "Dr Tomasz Wrenn",
     "Strategy discussion with CSC and police: clinical opinion shared.",
     "Joint s47 agreed. Discharge to grandmother when medically fit.", "", "IP-24-1120"],
    ["2024-05-21", "", "Children's ward",
     "Rowan discharged to maternal grandmother per the safety plan.", "Burns dressing clinic in one week.", "",
     "IP-24-1120"],
    ["2024-05-29", "09:20", "Burns dressing clinic",
     "Rowan: wound healing, no infection.", "Review in 6 weeks.", "", "OP-24-1561"],
    ["2024-07-09", "09:20", "Burns dressing clinic",
     "Rowan: healed. Scar management advice given to grandmother.", "Discharged.", "", "OP-24-1561"],
]


def write(name: str, header, rows, *, delimiter=",", encoding="utf-8", newline="\n",
          extra_raw: dict[int, str] | None = None) -> None:
    """Write rows; ``[]`` is written as a blank line; extra_raw inserts raw lines before row index."""
    path = OUT / name
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator=newline)
        writer.writerow(header)
        for index, row in enumerate(rows):
            if extra_raw and index in extra_raw:
                handle.write(extra_raw[index] + newline)
            if not row:
                handle.write(newline)
                continue
            writer.writerow(row)
    print(f"wrote {path.relative_to(OUT.parent)}: {len(rows)} rows")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    write("police_chronology.csv", POLICE_HEADER, POLICE, encoding="utf-8-sig", newline="\r\n")
    write("childrens_social_care.csv", CSC_HEADER, CSC, delimiter=";",
          extra_raw={14: ";;;;;;"})
    write("gp_millbeck_medical_practice.csv", GP_HEADER, GP, encoding="cp1252", newline="\r\n")
    write("housing_ashbourne_vale_homes.csv", HOUSING_HEADER, HOUSING)
    write("hospital_ed_paediatrics.csv", HOSPITAL_HEADER, HOSPITAL)


if __name__ == "__main__":
    main()
