"""Texts of the condense step's panels, in both languages (merged into the catalogs)."""

EN: dict[str, str | dict[str, str]] = {
    # The model's own checks (facilitator/steps/model.py)
    "model.too_many_phases": (
        "The model has {n} phases. More than {max} is hard to keep in mind on a busy day."
    ),
    "model.long_target": (
        "The target state of “{phase}” is over {max} characters. Could it be said in fewer words?"
    ),
    "model.long_behaviour": (
        "A behaviour in “{phase}” is over {max} characters. Short lines are the ones that stick."
    ),
    # Phone
    "condense.rate_tab": "Is it realistic?",
    "condense.consent_tab": "Fist of five",
    "condense.rate_help": "For each phase: could you work like this on an ordinary busy day?",
    "condense.rating_can": "I can do this",
    "condense.rating_support": "With support",
    "condense.rating_unrealistic": "Not realistic",
    "condense.no_targets_yet": "The target states are not written yet. They will appear here.",
    "condense.rate_submit": "Send my ratings",
    "condense.nothing_rated": "Choose an answer for at least one phase.",
    "condense.rated": "Ratings saved. You can change them while input is open.",
    "condense.consent_help": "How firmly can you stand behind this model? Show it with fingers.",
    "condense.consent_legend": (
        "**0** I cannot accept it  \n**3** I can live with it  \n**5** I am fully behind it"
    ),
    "condense.my_consent": "Your answer now: {n}",
    "condense.fingers": "Fingers",
    "condense.consent_submit": "Send",
    "condense.no_fingers": "Choose 0 to 5 fingers first.",
    "condense.consent_saved": "Your answer is saved.",
    # Console
    "condense.model_tab": "Model",
    "condense.achievable_tab": "Achievable?",
    "condense.consent_tab_console": "Fist of five",
    "condense.critical_tab": "Critical phases",
    "condense.name": "Name of the model",
    "condense.name_placeholder": "e.g. The Kotipuoti way",
    "condense.promise": "Promise in one line",
    "condense.promise_placeholder": "e.g. Every customer leaves with a plan for their home.",
    "condense.tone_words": "Tone words",
    "condense.tone_placeholder": "e.g. warm, knowledgeable, unhurried",
    "condense.judgement": "Left to each person's judgement",
    "condense.judgement_placeholder": "What the model deliberately leaves open",
    "condense.judgement_help": (
        "Nobody remembers a model that tries to cover everything. Name what is left to each "
        "person to decide."
    ),
    "condense.save_model": "Save the model",
    "condense.model_saved": "The model is saved.",
    "condense.preview": "The model as it will read",
    "condense.no_name": "The model has no name yet.",
    "condense.no_target": "No target state yet.",
    "condense.no_phases": "No phases yet. They are set in step 3.",
    "condense.targets_in_step_four": "Target states and behaviours are edited in step 4.",
    "condense.fixed": "fixed",
    "condense.flexible": "flexible",
    "condense.critical_badge": "critical",
    "condense.memorable": "Short enough to remember.",
    "condense.raters": "People who rated",
    "condense.flag_rule": (
        "A phase is flagged when a third or more of the front line's ratings say “not realistic”."
    ),
    "condense.no_ratings": "No ratings yet.",
    "condense.facilitator_not_counted": (
        "The facilitator's own ratings and fist of five are not counted: the model is the company's."
    ),
    "condense.flagged": (
        "The front line finds the target of “{phase}” unrealistic. Rework it until everyone "
        "can reach it."
    ),
    "condense.col_phase": "Phase",
    "condense.col_role": "Role",
    "condense.consent_shown": "Answers",
    "condense.consent_average": "Average",
    "condense.consent_doubts": "0–2 fingers",
    "condense.doubts_warning": (
        "{n} showed two fingers or fewer. Hear their reservations before moving on."
    ),
    "condense.critical": "Critical phases",
    "condense.critical_help": (
        "Critical phases get metrics in the change plan. Suggested first: the phases with the "
        "most key weaknesses."
    ),
    "condense.critical_option": "{phase} · key weaknesses: {n}",
    "condense.save_critical": "Save the critical phases",
    "condense.critical_saved": "Saved as critical: {phases}",
    "condense.critical_not_saved": "Not saved yet: the selection above is a suggestion.",
    # Projector
    "condense.results_hidden": "Rated: {rated} · fingers shown: {shown}",
    "condense.fixed_legend": "{mark} fixed, never skipped",
    "condense.consent_title": "Fist of five",
    "condense.consent_line": {
        "one": "{n} answer · average {average} · {doubts} with 0–2 fingers",
        "other": "{n} answers · average {average} · {doubts} with 0–2 fingers",
    },
    "condense.achievable_title": "Can we do this?",
}

FI: dict[str, str | dict[str, str]] = {
    # Mallin omat tarkistukset (facilitator/steps/model.py)
    "model.too_many_phases": (
        "Mallissa on {n} vaihetta. Yli {max} vaihetta on vaikea pitää mielessä kiireen keskellä."
    ),
    "model.long_target": (
        "Vaiheen ”{phase}” tahtotila on yli {max} merkkiä pitkä. Voisiko sen sanoa lyhyemmin?"
    ),
    "model.long_behaviour": (
        "Vaiheen ”{phase}” toimintatapa on yli {max} merkkiä pitkä. Lyhyet lauseet jäävät mieleen."
    ),
    # Puhelin
    "condense.rate_tab": "Onko realistinen?",
    "condense.consent_tab": "Viiden sormen äänestys",
    "condense.rate_help": "Arvioi jokainen vaihe: pystyisitkö toimimaan näin tavallisena kiirepäivänä?",
    "condense.rating_can": "Pystyn tähän",
    "condense.rating_support": "Tuen avulla",
    "condense.rating_unrealistic": "Ei realistinen",
    "condense.no_targets_yet": "Tahtotiloja ei ole vielä kirjattu. Ne tulevat näkyviin tähän.",
    "condense.rate_submit": "Lähetä arvioni",
    "condense.nothing_rated": "Valitse vastaus vähintään yhdelle vaiheelle.",
    "condense.rated": "Arviot tallennettu. Voit muuttaa niitä niin kauan kuin syöttö on auki.",
    "condense.consent_help": "Kuinka vahvasti voit sitoutua tähän malliin? Näytä se sormilla.",
    "condense.consent_legend": (
        "**0** En voi hyväksyä  \n**3** Voin elää sen kanssa  \n**5** Olen täysin mukana"
    ),
    "condense.my_consent": "Vastauksesi nyt: {n}",
    "condense.fingers": "Sormet",
    "condense.consent_submit": "Lähetä",
    "condense.no_fingers": "Valitse ensin 0–5 sormea.",
    "condense.consent_saved": "Vastauksesi on tallennettu.",
    # Konsoli
    "condense.model_tab": "Malli",
    "condense.achievable_tab": "Toteutettavuus",
    "condense.consent_tab_console": "Viiden sormen äänestys",
    "condense.critical_tab": "Kriittiset vaiheet",
    "condense.name": "Mallin nimi",
    "condense.name_placeholder": "esim. Kotipuodin tapa palvella",
    "condense.promise": "Lupaus yhdellä rivillä",
    "condense.promise_placeholder": "esim. Jokainen asiakas lähtee kotiin selkeän suunnitelman kanssa.",
    "condense.tone_words": "Sävysanat",
    "condense.tone_placeholder": "esim. lämmin, asiantunteva, kiireetön",
    "condense.judgement": "Jätetään jokaisen omaan harkintaan",
    "condense.judgement_placeholder": "Mitä malli jättää tarkoituksella auki",
    "condense.judgement_help": (
        "Kaiken kattavaa mallia ei muista kukaan. Kerro, mistä kukin saa päättää itse."
    ),
    "condense.save_model": "Tallenna malli",
    "condense.model_saved": "Malli on tallennettu.",
    "condense.preview": "Malli sellaisena kuin se luetaan",
    "condense.no_name": "Mallilla ei ole vielä nimeä.",
    "condense.no_target": "Tahtotila puuttuu vielä.",
    "condense.no_phases": "Vaiheita ei ole vielä. Ne laaditaan vaiheessa 3.",
    "condense.targets_in_step_four": "Tahtotiloja ja toimintatapoja muokataan vaiheessa 4.",
    "condense.fixed": "kiinteä",
    "condense.flexible": "joustava",
    "condense.critical_badge": "kriittinen",
    "condense.memorable": "Tarpeeksi lyhyt muistettavaksi.",
    "condense.raters": "Arvioineita",
    "condense.flag_rule": (
        "Vaihe merkitään, kun vähintään kolmannes asiakaspalvelun arvioista on ”ei realistinen”."
    ),
    "condense.no_ratings": "Arvioita ei ole vielä.",
    "condense.facilitator_not_counted": (
        "Fasilitaattorin omia arvioita ja viiden sormen äänestystä ei lasketa mukaan: malli on yrityksen oma."
    ),
    "condense.flagged": (
        "Asiakaspalvelu pitää vaiheen ”{phase}” tahtotilaa epärealistisena. Muokatkaa sitä, "
        "kunnes jokainen yltää siihen."
    ),
    "condense.col_phase": "Vaihe",
    "condense.col_role": "Rooli",
    "condense.consent_shown": "Vastauksia",
    "condense.consent_average": "Keskiarvo",
    "condense.consent_doubts": "0–2 sormea",
    "condense.doubts_warning": (
        "{n} näytti kaksi sormea tai vähemmän. Kuulkaa heidän varauksensa ennen kuin jatkatte."
    ),
    "condense.critical": "Kriittiset vaiheet",
    "condense.critical_help": (
        "Kriittisille vaiheille laaditaan mittarit muutossuunnitelmassa. Ehdolla ensin vaiheet, "
        "joissa on eniten keskeisiä heikkouksia."
    ),
    "condense.critical_option": "{phase} · keskeisiä heikkouksia: {n}",
    "condense.save_critical": "Tallenna kriittiset vaiheet",
    "condense.critical_saved": "Tallennettu kriittisiksi: {phases}",
    "condense.critical_not_saved": "Ei vielä tallennettu: yllä oleva valinta on ehdotus.",
    # Valkokangas
    "condense.results_hidden": "Arvioineita {rated} · sormensa näyttäneitä {shown}",
    "condense.fixed_legend": "{mark} kiinteä, ei jätetä koskaan pois",
    "condense.consent_title": "Viiden sormen äänestys",
    "condense.consent_line": {
        "one": "{n} vastaus · keskiarvo {average} · {doubts} näytti 0–2 sormea",
        "other": "{n} vastausta · keskiarvo {average} · {doubts} näytti 0–2 sormea",
    },
    "condense.achievable_title": "Pystymmekö tähän?",
}
