"""Texts of the follow-up on a phone (issue 17): joining with a follow-up code, the observer's
checklist of a visit, and the staff pulse."""

EN: dict[str, str | dict[str, str]] = {
    # Joining with a follow-up code
    "follow_phone.observer_intro": (
        "You are joining as an observer. After each customer encounter you mark which of the"
        " model's behaviours you saw. A name is optional."
    ),
    "follow_phone.staff_intro": (
        "A short pulse: how does the customer encounter model work in your daily work now?"
        " Choose your role and unit. Your answer is not shown with your name."
    ),
    "follow_phone.name": "Your name (optional)",
    "follow_phone.name_placeholder": "For example, your first name",
    "follow_phone.role": "My role",
    "follow_phone.unit": "My unit",
    "follow_phone.join_observer": "Start observing",
    "follow_phone.join_staff": "Go to the pulse",
    "follow_phone.role_missing": "Choose your role.",
    "follow_phone.unit_missing": "Choose your unit.",
    "follow_phone.observer": "Observer",
    "follow_phone.you_are": "You: {who}",
    # The observer's checklist
    "follow_phone.visit_title": "A new visit",
    "follow_phone.visit_unit": "Unit observed",
    "follow_phone.visit_phase": "Phase of the encounter",
    "follow_phone.visit_help": "Mark each behaviour: seen, not seen, or not applicable to this encounter.",
    "follow_phone.fixed": "Fixed: done the same way every time",
    "follow_phone.note": "Note (optional)",
    "follow_phone.note_placeholder": "What stood out in this encounter?",
    "follow_phone.send_visit": "Save the visit",
    "follow_phone.marks_missing": {
        "one": "{n} behaviour is still unmarked.",
        "other": "{n} behaviours are still unmarked.",
    },
    "follow_phone.visit_saved": "Visit saved.",
    "follow_phone.visit_saved_count": {
        "one": "Visit saved. You have recorded {n} visit. The next one starts here.",
        "other": "Visit saved. You have recorded {n} visits. The next one starts here.",
    },
    "follow_phone.my_visits": "My visits",
    "follow_phone.no_visits": "No visits recorded yet.",
    "follow_phone.visit_line": "{unit} · {phase}: seen {seen} of {counted}",
    "follow_phone.no_units": "No units have been defined yet. Ask the project lead to add them.",
    "follow_phone.no_checklist": "The model has no behaviours to observe yet.",
    # The staff pulse
    "follow_phone.pulse_title": "Pulse",
    "follow_phone.pulse_rate_help": "For each phase: can you work like this on an ordinary busy day?",
    "follow_phone.pulse_fist_help": "How firmly do you stand behind the model now? Show it with fingers.",
    "follow_phone.send_pulse": "Send my answer",
    "follow_phone.pulse_saved": "Thank you, your answer is saved. If you send again, the new answer replaces it.",
    "follow_phone.pulse_answered": "You have answered. You can change your answer and send it again.",
    "follow_phone.pulse_closed": "This pulse is closed. Thank you for your answers.",
    "follow_phone.no_phases": "The model has no phases with a target state to rate.",
}

FI: dict[str, str | dict[str, str]] = {
    "follow_phone.observer_intro": (
        "Liityt havainnoijaksi. Merkitset jokaisen asiakaskohtaamisen jälkeen, mitkä mallin"
        " toimintatavoista näit. Nimi on vapaaehtoinen."
    ),
    "follow_phone.staff_intro": (
        "Lyhyt pulssikysely: miten asiakaskohtaamisen malli toimii nyt arjessasi? Valitse"
        " roolisi ja yksikkösi. Vastaustasi ei näytetä nimelläsi."
    ),
    "follow_phone.name": "Nimesi (vapaaehtoinen)",
    "follow_phone.name_placeholder": "Esimerkiksi etunimesi",
    "follow_phone.role": "Roolini",
    "follow_phone.unit": "Yksikköni",
    "follow_phone.join_observer": "Aloita havainnointi",
    "follow_phone.join_staff": "Siirry kyselyyn",
    "follow_phone.role_missing": "Valitse roolisi.",
    "follow_phone.unit_missing": "Valitse yksikkösi.",
    "follow_phone.observer": "Havainnoija",
    "follow_phone.you_are": "Sinä: {who}",
    "follow_phone.visit_title": "Uusi käynti",
    "follow_phone.visit_unit": "Havainnoitu yksikkö",
    "follow_phone.visit_phase": "Kohtaamisen vaihe",
    "follow_phone.visit_help": "Merkitse jokainen toimintatapa: näkyi, ei näkynyt tai ei koskenut tätä kohtaamista.",
    "follow_phone.fixed": "Kiinteä: tehdään joka kerta samalla tavalla",
    "follow_phone.note": "Huomio (vapaaehtoinen)",
    "follow_phone.note_placeholder": "Mikä tässä kohtaamisessa jäi mieleen?",
    "follow_phone.send_visit": "Tallenna käynti",
    "follow_phone.marks_missing": {
        "one": "{n} toimintatapa on vielä merkitsemättä.",
        "other": "{n} toimintatapaa on vielä merkitsemättä.",
    },
    "follow_phone.visit_saved": "Käynti tallennettu.",
    "follow_phone.visit_saved_count": {
        "one": "Käynti tallennettu. Olet kirjannut {n} käynnin. Seuraava alkaa tästä.",
        "other": "Käynti tallennettu. Olet kirjannut {n} käyntiä. Seuraava alkaa tästä.",
    },
    "follow_phone.my_visits": "Omat käyntini",
    "follow_phone.no_visits": "Et ole vielä kirjannut käyntejä.",
    "follow_phone.visit_line": "{unit} · {phase}: näkyi {seen}/{counted}",
    "follow_phone.no_units": "Yksiköitä ei ole vielä määritelty. Pyydä projektin vetäjää lisäämään ne.",
    "follow_phone.no_checklist": "Mallissa ei ole vielä havainnoitavia toimintatapoja.",
    "follow_phone.pulse_title": "Pulssikysely",
    "follow_phone.pulse_rate_help": "Arvioi jokainen vaihe: pystytkö toimimaan näin tavallisena kiirepäivänä?",
    "follow_phone.pulse_fist_help": "Kuinka vahvasti olet nyt mallin takana? Näytä se sormilla.",
    "follow_phone.send_pulse": "Lähetä vastaukseni",
    "follow_phone.pulse_saved": "Kiitos, vastauksesi on tallennettu. Jos lähetät uudelleen, uusi vastaus korvaa sen.",
    "follow_phone.pulse_answered": "Olet jo vastannut. Voit muuttaa vastaustasi ja lähettää sen uudelleen.",
    "follow_phone.pulse_closed": "Tämä kysely on suljettu. Kiitos vastauksistasi.",
    "follow_phone.no_phases": "Mallissa ei ole vielä vaiheita, joilla on tahtotila arvioitavaksi.",
}
