"""Texts of the plan step's panels, in both languages (merged into the catalogs)."""

EN: dict[str, str | dict[str, str]] = {
    # Console tabs and their introductions
    "plan.tab.coaches": "Coaching",
    "plan.tab.milestones": "Roll-out",
    "plan.tab.metrics": "Metrics",
    "plan.tab.observation": "Observation",
    "plan.tab.challenges": "Challenges",
    "plan.tab.room": "From the room",
    "plan.coaches_intro": (
        "Who coaches the new way of working, in which teams, and what they do: show it, "
        "follow it and give feedback."
    ),
    "plan.milestones_intro": (
        "A new way of working takes time to take root. Run the roll-out as a project: "
        "milestones, each with a date and an owner."
    ),
    "plan.metrics_intro": (
        "Measure the model's critical phases. These metrics become the teams' key success criteria."
    ),
    "plan.observation_intro": (
        "Numbers hide deviations that watching reveals. Plan what is observed alongside the "
        "metrics, how, by whom and how often."
    ),
    "plan.challenges_intro": (
        "Every roll-out meets these three challenges. Write down how each could show here and "
        "what you will do about it."
    ),
    "plan.save": "Save",
    "plan.saved": "Saved.",
    "plan.table_help": "Add a row in the last line; select rows to delete them. Save when done.",
    # Metrics
    "plan.critical_phases": "Critical phases: {names}",
    "plan.no_critical": (
        "No phase is marked critical yet. Choose the critical phases in step {step}, then come "
        "back here to give them metrics."
    ),
    "plan.phase_help": "One of the critical phases",
    "plan.source_help": (
        "Where the figure comes from, e.g. customer feedback, mystery shopping, observation, "
        "system data"
    ),
    "plan.frequency_help": "E.g. weekly, monthly, every quarter",
    "plan.suggestions_title": "Suggested metrics for “{phase}” ({n})",
    "plan.add_suggestions": "Add the suggestions",
    "plan.suggestions_help": (
        "Saves the table with the suggestions added to {phase}: the first critical phase "
        "without a metric, or else the first critical phase. Change the phase row by row if "
        "another fits better. A suggestion already in the table is not added twice."
    ),
    "plan.suggestions_added": {
        "one": "{n} suggested metric added.",
        "other": "{n} suggested metrics added.",
    },
    "plan.suggestions_none_new": "The suggestions are already in the table.",
    # Challenges
    "plan.challenge.habits.title": "Habits",
    "plan.challenge.habits.help": (
        "Old routines pull people back, even those who agree with the model. What keeps the "
        "old way alive, and what will make the new one stick?"
    ),
    "plan.challenge.uniformity.title": "Alike everywhere, still personal",
    "plan.challenge.uniformity.help": (
        "Every unit must act the same way or the brand splinters, yet people should stay "
        "themselves. Decide what is never skipped, and where there is room to flex or to "
        "surprise the customer."
    ),
    "plan.challenge.coverage.title": "The model cannot cover everything",
    "plan.challenge.coverage.help": (
        "A model that tries to cover every situation is not remembered. Agree what is left to "
        "each person's judgement, and how they are supported in it."
    ),
    "plan.risks_placeholder": "How could this trip us up?",
    "plan.actions_placeholder": "What will we do about it?",
    # Contributions: the phone, the console's curation, the projector
    "plan.prompt": "Which question do you answer?",
    "plan.prompt.hard": "What will make this hard in my work?",
    "plan.prompt.help": "What would help me do it?",
    "plan.prompt_missing": "Choose the question first.",
    "plan.answer": "Your answer",
    "plan.answer_placeholder": "E.g. at rush hour there is no time to ask anything",
    "plan.send": "Send",
    "plan.sent": "Sent. Thank you! Add another if you like.",
    "plan.mine": "My answers ({n})",
    "plan.none_yet": "Nothing yet.",
    "plan.in_plan": "In the plan",
    "plan.hidden": "Hidden",
    "plan.room_intro": (
        "Answers from the phones. Take the useful ones into the plan: they appear on the "
        "projector. Hide what does not belong."
    ),
    "plan.room_empty": "No answers yet.",
    "plan.take": "Take into the plan",
    "plan.drop": "Leave out",
    "plan.hide": "Hide",
    "plan.show": "Show again",
    "plan.room_counts": {
        "one": "{n} answer from the room · {m} taken into the plan",
        "other": "{n} answers from the room · {m} taken into the plan",
    },
    "plan.coaches": "Coaches",
    "plan.next_milestones": "Next milestones",
    "plan.metrics_by_phase": "Metrics of the critical phases",
    "plan.not_yet": "Not planned yet.",
    "plan.no_date": "no date",
    "plan.due_help": "The day as you write it: 31/03/2027, 31 Mar 2027 or 2027-03-31.",
    "plan.late": "late",
    "plan.late_heading": "These milestones are late: agree on a new date, or delete the row if it is done.",
    "plan.next_milestone": "Next milestone",
}

FI: dict[str, str | dict[str, str]] = {
    "plan.tab.coaches": "Valmennus",
    "plan.tab.milestones": "Käyttöönotto",
    "plan.tab.metrics": "Mittarit",
    "plan.tab.observation": "Havainnointi",
    "plan.tab.challenges": "Haasteet",
    "plan.tab.room": "Salista",
    "plan.coaches_intro": (
        "Ketkä valmentavat uutta toimintatapaa, missä tiimeissä ja mitä he tekevät: näyttävät "
        "mallia, seuraavat ja antavat palautetta."
    ),
    "plan.milestones_intro": (
        "Uusi toimintatapa juurtuu ajan kanssa. Viekää käyttöönotto läpi projektina: "
        "virstanpylväät, joilla kullakin on päivämäärä ja vastuuhenkilö."
    ),
    "plan.metrics_intro": (
        "Mitatkaa mallin kriittisiä vaiheita. Mittareista tulee tiimien tärkeimmät "
        "onnistumisen kriteerit."
    ),
    "plan.observation_intro": (
        "Luvut kätkevät poikkeamia, jotka huomaa vain seuraamalla. Suunnitelkaa mittareiden "
        "rinnalle, mitä havainnoidaan, miten, kuka ja kuinka usein."
    ),
    "plan.challenges_intro": (
        "Jokainen käyttöönotto kohtaa nämä kolme haastetta. Kirjatkaa, miten kukin voi näkyä "
        "teillä ja mitä teette sille."
    ),
    "plan.save": "Tallenna",
    "plan.saved": "Tallennettu.",
    "plan.table_help": (
        "Lisää rivi viimeiselle riville; poista rivejä valitsemalla ne. Tallenna lopuksi."
    ),
    "plan.critical_phases": "Kriittiset vaiheet: {names}",
    "plan.no_critical": (
        "Yhtään vaihetta ei ole vielä merkitty kriittiseksi. Valitse kriittiset vaiheet "
        "vaiheessa {step} ja palaa sitten antamaan niille mittarit."
    ),
    "plan.phase_help": "Jokin kriittisistä vaiheista",
    "plan.source_help": (
        "Mistä luku saadaan, esim. asiakaspalaute, haamuasiointi, havainnointi, järjestelmätieto"
    ),
    "plan.frequency_help": "Esim. viikoittain, kuukausittain, neljännesvuosittain",
    "plan.suggestions_title": "Mittariehdotukset vaiheelle ”{phase}” ({n})",
    "plan.add_suggestions": "Lisää ehdotukset",
    "plan.suggestions_help": (
        "Tallentaa taulukon ja lisää ehdotukset vaiheelle {phase}: ensimmäiselle kriittiselle "
        "vaiheelle, jolla ei vielä ole mittaria, tai muuten ensimmäiselle kriittiselle "
        "vaiheelle. Vaihda vaihe riveittäin, jos toinen sopii paremmin. Taulukossa jo olevaa "
        "ehdotusta ei lisätä toiseen kertaan."
    ),
    "plan.suggestions_added": {
        "one": "{n} mittariehdotus lisätty.",
        "other": "{n} mittariehdotusta lisätty.",
    },
    "plan.suggestions_none_new": "Ehdotukset ovat jo taulukossa.",
    "plan.challenge.habits.title": "Tottumukset",
    "plan.challenge.habits.help": (
        "Vanhat rutiinit vetävät takaisin nekin, jotka pitävät mallia hyvänä. Mikä pitää "
        "vanhaa tapaa yllä, ja mikä saa uuden pysymään?"
    ),
    "plan.challenge.uniformity.title": "Yhtenäinen, silti persoonallinen",
    "plan.challenge.uniformity.help": (
        "Jokaisen yksikön on toimittava samoin, tai brändi hajoaa, mutta ihmisten pitää saada "
        "olla oma itsensä. Päättäkää, mitä ei koskaan ohiteta ja missä on tilaa joustaa tai "
        "yllättää asiakas."
    ),
    "plan.challenge.coverage.title": "Malli ei kata kaikkea",
    "plan.challenge.coverage.help": (
        "Malli, joka yrittää kattaa jokaisen tilanteen, ei jää mieleen. Sopikaa, mikä "
        "jätetään kunkin omaan harkintaan ja miten siinä tuetaan."
    ),
    "plan.risks_placeholder": "Miten tämä voi kampittaa meidät?",
    "plan.actions_placeholder": "Mitä teemme asialle?",
    "plan.prompt": "Mihin kysymykseen vastaat?",
    "plan.prompt.hard": "Mikä tekee tästä vaikeaa omassa työssäni?",
    "plan.prompt.help": "Mikä auttaisi minua onnistumaan?",
    "plan.prompt_missing": "Valitse ensin kysymys.",
    "plan.answer": "Vastauksesi",
    "plan.answer_placeholder": "Esim. ruuhkassa ei ehdi kysyä asiakkaalta mitään",
    "plan.send": "Lähetä",
    "plan.sent": "Lähetetty. Kiitos! Voit lisätä toisenkin.",
    "plan.mine": "Omat vastaukseni ({n})",
    "plan.none_yet": "Ei vielä mitään.",
    "plan.in_plan": "Suunnitelmassa",
    "plan.hidden": "Piilotettu",
    "plan.room_intro": (
        "Vastaukset puhelimista. Ottakaa hyödylliset mukaan suunnitelmaan, niin ne näkyvät "
        "valkokankaalla. Piilottakaa se, mikä ei kuulu tähän."
    ),
    "plan.room_empty": "Ei vielä vastauksia.",
    "plan.take": "Ota suunnitelmaan",
    "plan.drop": "Jätä pois",
    "plan.hide": "Piilota",
    "plan.show": "Näytä taas",
    "plan.room_counts": {
        "one": "{n} vastaus salista · {m} otettu suunnitelmaan",
        "other": "{n} vastausta salista · {m} otettu suunnitelmaan",
    },
    "plan.coaches": "Valmentajat",
    "plan.next_milestones": "Seuraavat virstanpylväät",
    "plan.metrics_by_phase": "Kriittisten vaiheiden mittarit",
    "plan.not_yet": "Ei vielä suunniteltu.",
    "plan.no_date": "ei päivää",
    "plan.due_help": "Päivä niin kuin sen kirjoitat, esimerkiksi 31.3.2027.",
    "plan.late": "myöhässä",
    "plan.late_heading": "Nämä virstanpylväät ovat myöhässä: sopikaa uusi päivä tai poistakaa tehty rivi.",
    "plan.next_milestone": "Seuraava virstanpylväs",
}
