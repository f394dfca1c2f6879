"""Texts of the data files (the Excel workbook, the CSV zip's README and the command line's data
options), in both languages (merged into the catalogs)."""

EN: dict[str, str | dict[str, str]] = {
    "console.download.results.xlsx": "Results (Excel)",
    # Sheet names: at most 31 characters, none of : \ / ? * [ ] (Excel refuses them).
    "data.sheet.results": "Results",
    "data.sheet.participants": "Participants",
    "data.sheet.key_items": "Key items",
    "data.sheet.phases": "Phases",
    "data.sheet.achievability": "Achievability",
    "data.sheet.consent": "Fist of five",
    "data.sheet.coaches": "Coaching",
    "data.sheet.milestones": "Roll-out",
    "data.sheet.metrics": "Metrics",
    "data.sheet.observation": "Observation",
    "data.sheet.challenges": "Challenges",
    "data.sheet.room": "From the room",
    "data.sheet.workshop": "Workshop",
    "data.col.observation": "Observation",
    "data.col.viewpoint": "Viewpoint",
    "data.col.kind": "Strength or weakness",
    "data.col.author_role": "Written by",
    "data.col.source": "Source",
    "data.col.score": "Customer's score",
    "data.col.dots": "Dots in total",
    "data.col.dots_by": "Dots: {role}",
    "data.col.phase": "Phase",
    "data.col.key": "Key item",
    "data.col.merged_into": "Merged into",
    "data.col.role": "Role",
    "data.col.people": "People",
    "data.col.rank": "Rank",
    "data.col.item": "Item",
    "data.col.number": "No.",
    "data.col.target_state": "Target state",
    "data.col.critical": "Critical",
    "data.col.behaviour": "Behaviour",
    "data.col.fixed": "Fixed or flexible",
    "data.col.ratings": "Ratings",
    "data.col.fingers": {"one": "{n} finger", "other": "{n} fingers"},
    "data.col.average": "Average",
    "data.col.question": "Question",
    "data.col.answer": "Answer",
    "data.col.field": "Item",
    "data.col.value": "Value",
    "data.sheet.fu_metrics": "Metrics over time",
    "data.sheet.fu_observation": "Observation results",
    "data.sheet.fu_milestones": "Milestone status",
    "data.sheet.fu_coaching": "Coaching log",
    "data.sheet.fu_pulse": "Pulse vs workshop",
    "data.col.metric": "Metric",
    "data.col.unit": "Unit",
    "data.col.period": "Period",
    "data.col.result": "Result",
    "data.col.measure": "Unit of measure",
    "data.col.status": "Status",
    "data.col.seen_share": "Seen, % of visits it applied to",
    "data.col.day": "Day",
    "data.col.pulse": "Pulse",
    "data.col.unrealistic_then": "Not realistic in the workshop, %",
    "data.col.unrealistic_now": "Not realistic in the pulse, %",
    "data.col.slipping": "Slipping back",
    "data.total": "Total",
    "data.yes": "Yes",
    "data.no": "No",
    "data.fixed": "Fixed",
    "data.flexible": "Flexible",
    "data.source.participant": "From a phone",
    "data.source.facilitator": "Added by the facilitator",
    "data.source.import": "Imported feedback",
    "data.kind.strength": "Strength",
    "data.kind.weakness": "Weakness",
    "data.info.title": "Title",
    "data.info.organisation": "Organisation",
    "data.info.made_on": "Data exported on",
    "data.info.status": "Status",
    "data.info.draft": "Draft: the workshop is still in progress",
    "data.info.final": "Finished",
    "data.info.agreed_on": "Agreed on",
    "data.info.not_agreed": "Not agreed yet",
    "data.info.customer_type": "Customer type",
    "data.info.industry": "Industry",
    "data.info.channels": "Channels",
    "data.info.model_name": "Name of the model",
    "data.info.promise": "Promise",
    "data.info.tone_words": "Tone",
    "data.info.judgement": "Left to judgement",
    "data.readme.title": "Kohtaamo: the raw data of the workshop {title} ({organisation})",
    "data.readme.format": (
        "One CSV file per table of the database. The files are UTF-8 with a byte order mark and"
        " their fields are separated by semicolons (;), so that Excel opens them correctly with"
        " a double click also where a comma is the decimal separator. The first row names the"
        " columns, also when a table has no rows. Numbers use a point as the decimal"
        " separator (4.5), times are in UTC and written as ISO 8601 (2027-01-15T09:30:00), and a"
        " list is written as its values joined with |. A column ending in _id holds the id of"
        " a row in the table it names. A text that begins with =, +, -, @, a tab or a carriage"
        " return starts with an apostrophe ('), so that a spreadsheet shows it as text instead"
        " of running it as a formula. For reading and filtering, results.xlsx is easier."
    ),
    "data.readme.columns": "Columns",
    "data.readme.rows": {"one": "{n} row", "other": "{n} rows"},
    "data.readme.table.workshops": "The workshop: its settings, its step and the model's texts.",
    "data.readme.table.participants": (
        "The participants: role and when they joined. Names are left out: the participants"
        " took part anonymously and the results are given by role only."
    ),
    "data.readme.table.observations": (
        "Observations of step 1, with their viewpoint, kind and writer's role; merged_into"
        " points at the observation a duplicate was merged into."
    ),
    "data.readme.table.ballots": "Dot ballots of step 2, one per participant and kind sent.",
    "data.readme.table.ballot_dots": "The dots of each ballot, one row per item voted for.",
    "data.readme.table.phases": "The phases of the encounter (step 3), with the target states.",
    "data.readme.table.placements": "Which phase each key item was placed in (step 3).",
    "data.readme.table.phase_suggestions": "The participants' suggestions of a phase per item.",
    "data.readme.table.behaviours": "The behaviours of each phase (step 4), fixed or flexible.",
    "data.readme.table.proposals": "The participants' proposals for a target state (step 4).",
    "data.readme.table.proposal_votes": "The votes on the target-state proposals.",
    "data.readme.table.ratings": "Achievability ratings of each phase (step 5).",
    "data.readme.table.consent": "Fist of five: the fingers each participant showed (step 5).",
    "data.readme.table.plan_rows": (
        "The change plan's rows by section; the fields in the order of the section's table"
        " (a metric's first field is the id of its phase)."
    ),
    "data.readme.table.contributions": "The participants' answers to the change plan's questions.",
    "data.readme.table.units": "The follow-up's units (stores, teams, locations).",
    "data.readme.table.tracked_metrics": (
        "The metrics followed after the workshop: phase, unit of measure, direction (higher or"
        " lower is better), baseline, target and how often they are measured."
    ),
    "data.readme.table.metric_results": (
        "Each metric's results per period (its first day) and unit; unit_id 0 is the whole"
        " organisation."
    ),
    "data.readme.table.tracked_milestones": (
        "The plan's milestones with the status the project lead set (a milestone whose day has"
        " passed without done is late; that is not stored)."
    ),
    "data.readme.table.coaching_log": (
        "The coaching log: day, unit, topic and note (the coach's name is left out)."
    ),
    "data.readme.table.pulses": "The staff pulses, when each was opened and closed.",
    "data.readme.table.follow_up_codes": (
        "The follow-up's codes for observers and for each pulse, when opened and closed (the"
        " codes themselves are left out)."
    ),
    "data.readme.table.follow_up_people": (
        "Observers and staff who joined the follow-up from a phone, by role and unit, without"
        " names."
    ),
    "data.readme.table.observation_visits": (
        "Observation visits: the unit, the phase, and its behaviours with what the observer"
        " marked for each, in the same order (seen, not_seen, na)."
    ),
    "data.readme.table.pulse_answers": (
        "Staff pulse answers: phase_ids and ratings in the same order, and the fist of five."
    ),
    "cli.follow_up.title": "Follow-up (model version {version}):",
    "cli.follow_up.units": "  units: {units}",
    "cli.follow_up.visits": {
        "one": "  observation: {n} visit",
        "other": "  observation: {n} visits",
    },
    "cli.follow_up.standing_out": "{phase}: the metric looks fine, the fixed behaviours are seldom seen",
    "cli.follow_up.milestones": "  milestones: {counts}",
    "cli.follow_up.pulse": {
        "one": "  staff pulse {number}: {n} answer",
        "other": "  staff pulse {number}: {n} answers",
    },
    "cli.passphrase_file_missing": "error: cannot read the passphrase file {file}: {reason}",
    "cli.passphrase_file_empty": (
        "error: the passphrase file {file} is empty: write the passphrase on its first line"
    ),
}

FI: dict[str, str | dict[str, str]] = {
    "console.download.results.xlsx": "Tulokset (Excel)",
    "data.sheet.results": "Tulokset",
    "data.sheet.participants": "Osallistujat",
    "data.sheet.key_items": "Avainkohdat",
    "data.sheet.phases": "Vaiheet",
    "data.sheet.achievability": "Toteutettavuus",
    "data.sheet.consent": "Viiden sormen äänestys",
    "data.sheet.coaches": "Valmennus",
    "data.sheet.milestones": "Käyttöönotto",
    "data.sheet.metrics": "Mittarit",
    "data.sheet.observation": "Havainnointi",
    "data.sheet.challenges": "Haasteet",
    "data.sheet.room": "Työpajan ääni",
    "data.sheet.workshop": "Työpaja",
    "data.col.observation": "Havainto",
    "data.col.viewpoint": "Näkökulma",
    "data.col.kind": "Vahvuus vai heikkous",
    "data.col.author_role": "Kirjoittaja",
    "data.col.source": "Lähde",
    "data.col.score": "Asiakkaan arvosana",
    "data.col.dots": "Pisteet yhteensä",
    "data.col.dots_by": "Pisteet: {role}",
    "data.col.phase": "Vaihe",
    "data.col.key": "Avainkohta",
    "data.col.merged_into": "Yhdistetty kohtaan",
    "data.col.role": "Rooli",
    "data.col.people": "Henkilöitä",
    "data.col.rank": "Sija",
    "data.col.item": "Kohta",
    "data.col.number": "Nro",
    "data.col.target_state": "Tavoitetila",
    "data.col.critical": "Kriittinen",
    "data.col.behaviour": "Toimintatapa",
    "data.col.fixed": "Kiinteä vai joustava",
    "data.col.ratings": "Arvioita",
    "data.col.fingers": {"one": "{n} sormi", "other": "{n} sormea"},
    "data.col.average": "Keskiarvo",
    "data.col.question": "Kysymys",
    "data.col.answer": "Vastaus",
    "data.col.field": "Tieto",
    "data.col.value": "Arvo",
    "data.sheet.fu_metrics": "Mittarit ajassa",
    "data.sheet.fu_observation": "Havainnoinnin tulokset",
    "data.sheet.fu_milestones": "Virstanpylväiden tila",
    "data.sheet.fu_coaching": "Valmennusloki",
    "data.sheet.fu_pulse": "Pulssi ja työpaja",
    "data.col.metric": "Mittari",
    "data.col.unit": "Yksikkö",
    "data.col.period": "Jakso",
    "data.col.result": "Tulos",
    "data.col.measure": "Mittayksikkö",
    "data.col.status": "Tila",
    "data.col.seen_share": "Nähty, % käynneistä, joita se koski",
    "data.col.day": "Päivä",
    "data.col.pulse": "Pulssi",
    "data.col.unrealistic_then": "Ei realistinen työpajassa, %",
    "data.col.unrealistic_now": "Ei realistinen pulssissa, %",
    "data.col.slipping": "Vanha tapa palaamassa",
    "data.total": "Yhteensä",
    "data.yes": "Kyllä",
    "data.no": "Ei",
    "data.fixed": "Kiinteä",
    "data.flexible": "Joustava",
    "data.source.participant": "Puhelimelta",
    "data.source.facilitator": "Fasilitaattorin lisäämä",
    "data.source.import": "Tuotu palaute",
    "data.kind.strength": "Vahvuus",
    "data.kind.weakness": "Heikkous",
    "data.info.title": "Otsikko",
    "data.info.organisation": "Organisaatio",
    "data.info.made_on": "Tiedot koottu",
    "data.info.status": "Tila",
    "data.info.draft": "Luonnos: työpaja on vielä kesken",
    "data.info.final": "Valmis",
    "data.info.agreed_on": "Sovittu",
    "data.info.not_agreed": "Ei vielä sovittu",
    "data.info.customer_type": "Asiakastyyppi",
    "data.info.industry": "Toimiala",
    "data.info.channels": "Kanavat",
    "data.info.model_name": "Mallin nimi",
    "data.info.promise": "Lupaus",
    "data.info.tone_words": "Sävy",
    "data.info.judgement": "Harkinnan varaan jätetty",
    "data.readme.title": "Kohtaamo: työpajan {title} ({organisation}) raakadata",
    "data.readme.format": (
        "Jokainen tietokannan taulu on oma CSV-tiedostonsa. Tiedostot ovat UTF-8-muotoisia"
        " (BOM-merkillä) ja kentät on erotettu puolipisteellä (;), jotta suomenkielinen Excel"
        " avaa ne oikein kaksoisnapsautuksella. Ensimmäinen rivi nimeää sarakkeet silloinkin,"
        " kun taulussa ei ole rivejä. Desimaalierottimena on pilkku (4,5), kuten suomenkielinen"
        " Excel sen lukee. Ajat ovat UTC-aikaa"
        " ISO 8601 -muodossa (2027-01-15T09:30:00) ja luettelon arvot on erotettu merkillä |."
        " Sarake, jonka nimi päättyy _id, viittaa nimeämänsä taulun riviin. Jos teksti alkaa"
        " merkillä =, +, -, @, sarkaimella tai rivinvaihdolla, sen eteen on lisätty heittomerkki"
        " ('), jotta taulukko-ohjelma näyttää sen tekstinä eikä suorita sitä kaavana."
        " Lukemiseen ja suodattamiseen results.xlsx on helpompi."
    ),
    "data.readme.columns": "Sarakkeet",
    "data.readme.rows": {"one": "{n} rivi", "other": "{n} riviä"},
    "data.readme.table.workshops": "Työpaja: sen asetukset, vaihe ja mallin tekstit.",
    "data.readme.table.participants": (
        "Osallistujat: rooli ja liittymisaika. Nimiä ei ole mukana: osallistujat vastasivat"
        " nimettömästi, ja tulokset kerrotaan vain rooleittain."
    ),
    "data.readme.table.observations": (
        "Vaiheen 1 havainnot näkökulmineen, tyyppeineen ja kirjoittajan rooleineen; merged_into"
        " viittaa havaintoon, johon kaksoiskappale yhdistettiin."
    ),
    "data.readme.table.ballots": (
        "Vaiheen 2 pisteäänestykset, yksi kutakin osallistujaa ja tyyppiä kohden."
    ),
    "data.readme.table.ballot_dots": "Kunkin äänestyksen pisteet, rivi kohtaa kohden.",
    "data.readme.table.phases": "Kohtaamisen vaiheet (vaihe 3) tavoitetiloineen.",
    "data.readme.table.placements": "Mihin vaiheeseen kukin avainkohta sijoitettiin (vaihe 3).",
    "data.readme.table.phase_suggestions": "Osallistujien ehdotukset kunkin kohdan vaiheeksi.",
    "data.readme.table.behaviours": "Kunkin vaiheen toimintatavat (vaihe 4), kiinteät ja joustavat.",
    "data.readme.table.proposals": "Osallistujien ehdotukset tavoitetilaksi (vaihe 4).",
    "data.readme.table.proposal_votes": "Äänet tavoitetilaehdotuksista.",
    "data.readme.table.ratings": "Kunkin vaiheen toteutettavuusarviot (vaihe 5).",
    "data.readme.table.consent": (
        "Viiden sormen äänestys: sormet, jotka kukin osallistuja näytti (vaihe 5)."
    ),
    "data.readme.table.plan_rows": (
        "Muutossuunnitelman rivit osioittain; kentät osion taulukon järjestyksessä"
        " (mittarin ensimmäinen kenttä on sen vaiheen id)."
    ),
    "data.readme.table.contributions": "Osallistujien vastaukset muutossuunnitelman kysymyksiin.",
    "data.readme.table.units": "Seurannan yksiköt (myymälät, tiimit, toimipisteet).",
    "data.readme.table.tracked_metrics": (
        "Työpajan jälkeen seurattavat mittarit: vaihe, yksikkö, suunta (suurempi vai pienempi"
        " on parempi), lähtötaso, tavoite ja mittaustiheys."
    ),
    "data.readme.table.metric_results": (
        "Mittarien tulokset jaksoittain (jakson ensimmäinen päivä) ja yksiköittäin; unit_id 0"
        " on koko organisaatio."
    ),
    "data.readme.table.tracked_milestones": (
        "Suunnitelman virstanpylväät projektipäällikön asettamine tiloineen (virstanpylväs,"
        " jonka päivä on mennyt ilman valmistumista, on myöhässä; sitä ei tallenneta)."
    ),
    "data.readme.table.coaching_log": (
        "Valmennusloki: päivä, yksikkö, aihe ja muistiinpano (valmentajan nimi jätetään pois)."
    ),
    "data.readme.table.pulses": "Henkilöstön pulssikyselyt, milloin kukin avattiin ja suljettiin.",
    "data.readme.table.follow_up_codes": (
        "Seurannan koodit havainnoijille ja kullekin pulssille, avattu ja suljettu (itse koodit"
        " jätetään pois)."
    ),
    "data.readme.table.follow_up_people": (
        "Puhelimella seurantaan liittyneet havainnoijat ja henkilöstö roolin ja yksikön mukaan,"
        " ilman nimiä."
    ),
    "data.readme.table.observation_visits": (
        "Havainnointikäynnit: yksikkö, vaihe ja sen toimintatavat sekä havainnoijan merkintä"
        " kullekin samassa järjestyksessä (seen = nähty, not_seen = ei nähty, na = ei koske)."
    ),
    "data.readme.table.pulse_answers": (
        "Pulssikyselyn vastaukset: phase_ids ja ratings samassa järjestyksessä sekä viiden"
        " sormen äänestys."
    ),
    "cli.follow_up.title": "Seuranta (mallin versio {version}):",
    "cli.follow_up.units": "  yksiköt: {units}",
    "cli.follow_up.visits": {
        "one": "  havainnointi: {n} käynti",
        "other": "  havainnointi: {n} käyntiä",
    },
    "cli.follow_up.standing_out": "{phase}: mittari näyttää hyvältä, mutta kiinteitä toimintatapoja nähdään harvoin",
    "cli.follow_up.milestones": "  virstanpylväät: {counts}",
    "cli.follow_up.pulse": {
        "one": "  henkilöstön pulssi {number}: {n} vastaus",
        "other": "  henkilöstön pulssi {number}: {n} vastausta",
    },
    "cli.passphrase_file_missing": "virhe: tunnuslausetiedostoa {file} ei voi lukea: {reason}",
    "cli.passphrase_file_empty": (
        "virhe: tunnuslausetiedosto {file} on tyhjä: kirjoita tunnuslause sen ensimmäiselle riville"
    ),
}
