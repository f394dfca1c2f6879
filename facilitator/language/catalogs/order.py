"""Texts of the order step's panels, in both languages (merged into the catalogs)."""

EN: dict[str, str | dict[str, str]] = {
    "order.preparing": "The facilitator is preparing the phases. They will appear here shortly.",
    "order.phone_help": (
        "Where in the encounter does each of these happen? Pick a phase for each one."
        " The facilitator makes the final call with the whole room."
    ),
    "order.phase": "Phase",
    "order.not_sure": "Not sure",
    "order.suggest_submit": "Send my suggestions",
    "order.suggest_saved": "Thank you! Your suggestions are in. You can still change them.",
    "order.phases_tab": "Phases",
    "order.place_tab": "Placement",
    "order.preset": "Start from a preset",
    "order.suggested": "suggested for this workshop",
    "order.preset.themes": "The method's six themes",
    "order.preset.business": "Business customers",
    "order.preset.patient": "Patients",
    "order.preset.citizen": "Citizens",
    "order.preset.internal": "Internal customers",
    "order.preset.chat": "Chat service",
    "order.preset.phone": "Phone service",
    "order.replace_warning": (
        "Applying a preset replaces the current phases, and takes off everything placed on them."
    ),
    "order.replace_confirm": {
        "one": "Yes, replace the current phase",
        "other": "Yes, replace the {n} current phases",
    },
    "order.apply": "Apply the preset",
    "order.preset_applied": "Preset applied. Edit the names and the order on the right.",
    "order.phases_heading": "Phases of the encounter",
    "order.col_order": "Order",
    "order.col_name": "Phase",
    "order.editor_help": (
        "Type over a name to rename it; change the numbers to reorder. Add a phase on the empty"
        " row at the bottom; to remove one, tick its row and press the bin. Removing a phase also"
        " takes off what was placed on it."
    ),
    "order.save_phases": "Save phases",
    "order.phases_saved": "Phases saved.",
    "order.no_phases": "No phases yet: start from a preset on the Phases tab.",
    "order.no_key_items": (
        "No key strengths or weaknesses are confirmed yet. Confirm them in step 2 first."
    ),
    "order.placed": "{placed} of {total} key items placed",
    "order.suggesters": {
        "one": "{n} participant has suggested phases",
        "other": "{n} participants have suggested phases",
    },
    "order.refresh": "Refresh from suggestions",
    "order.refresh_help": (
        "Reload the suggestion counts. Saved placements stay; any unsaved choice is filled in"
        " again from the most suggested phase."
    ),
    "order.refreshed": "Suggestions reloaded.",
    "order.not_placed": "Not placed",
    "order.counts": "Suggested: {counts}",
    "order.no_suggestions": "No suggestions yet",
    "order.prefilled": "Filled in from the suggestions; not saved yet",
    "order.save_placements": "Save placements",
    "order.placements_saved": "Placements saved.",
    "order.journey": "The encounter from first moment to last",
    "order.coverage_ok": "Every phase rests on at least two viewpoints.",
    "order.coverage_heading": (
        "A phase stands firmer on at least two of the three viewpoints. Worth a second look:"
    ),
    "order.coverage_none": "{phase}: nothing placed yet, so no viewpoint",
    "order.coverage_single": "{phase}: only {viewpoint}",
    "order.hidden": "The journey appears once the facilitator shows the results.",
    "order.more_cards": {
        "one": "The board shows each phase's most backed items; {n} more is on the facilitator's screen.",
        "other": "The board shows each phase's most backed items; {n} more are on the facilitator's screen.",
    },
    "order.note_single": "One viewpoint only: {phases}",
    "order.note_none": "Nothing placed yet: {phases}",
}

FI: dict[str, str | dict[str, str]] = {
    "order.preparing": "Fasilitaattori valmistelee vaiheita. Ne tulevat tähän hetken päästä.",
    "order.phone_help": (
        "Missä kohtaa kohtaamista kukin näistä tapahtuu? Valitse jokaiselle vaihe."
        " Fasilitaattori päättää lopullisen paikan yhdessä koko ryhmän kanssa."
    ),
    "order.phase": "Vaihe",
    "order.not_sure": "En osaa sanoa",
    "order.suggest_submit": "Lähetä ehdotukseni",
    "order.suggest_saved": "Kiitos! Ehdotuksesi on tallessa. Voit vielä muuttaa niitä.",
    "order.phases_tab": "Vaiheet",
    "order.place_tab": "Sijoittelu",
    "order.preset": "Aloita valmiista pohjasta",
    "order.suggested": "suositus tälle pajalle",
    "order.preset.themes": "Menetelmän kuusi teemaa",
    "order.preset.business": "Yritysasiakkaat",
    "order.preset.patient": "Potilaat",
    "order.preset.citizen": "Kansalaiset",
    "order.preset.internal": "Sisäiset asiakkaat",
    "order.preset.chat": "Chat-palvelu",
    "order.preset.phone": "Puhelinpalvelu",
    "order.replace_warning": (
        "Pohja korvaa nykyiset vaiheet, ja niihin sijoitetut kohdat irrotetaan."
    ),
    "order.replace_confirm": {
        "one": "Kyllä, korvaa nykyinen vaihe",
        "other": "Kyllä, korvaa nykyiset {n} vaihetta",
    },
    "order.apply": "Ota pohja käyttöön",
    "order.preset_applied": "Pohja otettu käyttöön. Muokkaa nimiä ja järjestystä oikealla.",
    "order.phases_heading": "Kohtaamisen vaiheet",
    "order.col_order": "Järjestys",
    "order.col_name": "Vaihe",
    "order.editor_help": (
        "Nimeä vaihe uudelleen kirjoittamalla nimen päälle; muuta numeroita vaihtaaksesi"
        " järjestystä. Lisää vaihe alimmalle tyhjälle riville; poista vaihe valitsemalla sen rivi"
        " ja painamalla roskakoria. Poistetusta vaiheesta irrotetaan myös siihen sijoitetut"
        " kohdat."
    ),
    "order.save_phases": "Tallenna vaiheet",
    "order.phases_saved": "Vaiheet tallennettu.",
    "order.no_phases": "Vaiheita ei vielä ole: aloita pohjasta Vaiheet-välilehdellä.",
    "order.no_key_items": (
        "Keskeisiä vahvuuksia tai heikkouksia ei ole vielä vahvistettu. Vahvista ne ensin"
        " vaiheessa 2."
    ),
    "order.placed": "{placed}/{total} keskeistä kohtaa sijoitettu",
    "order.suggesters": {
        "one": "{n} osallistuja on ehdottanut vaiheita",
        "other": "{n} osallistujaa on ehdottanut vaiheita",
    },
    "order.refresh": "Päivitä ehdotuksista",
    "order.refresh_help": (
        "Lataa ehdotusten määrät uudelleen. Tallennetut sijoitukset pysyvät; tallentamattomat"
        " valinnat täytetään uudelleen eniten ehdotetulla vaiheella."
    ),
    "order.refreshed": "Ehdotukset ladattu uudelleen.",
    "order.not_placed": "Ei sijoitettu",
    "order.counts": "Ehdotettu: {counts}",
    "order.no_suggestions": "Ei vielä ehdotuksia",
    "order.prefilled": "Täytetty ehdotusten perusteella; ei vielä tallennettu",
    "order.save_placements": "Tallenna sijoittelu",
    "order.placements_saved": "Sijoittelu tallennettu.",
    "order.journey": "Kohtaaminen ensihetkestä viimeiseen",
    "order.coverage_ok": "Jokainen vaihe nojaa vähintään kahteen näkökulmaan.",
    "order.coverage_heading": (
        "Vaihe on vankemmalla pohjalla, kun sitä tukee vähintään kaksi kolmesta näkökulmasta."
        " Katso nämä vielä:"
    ),
    "order.coverage_none": "{phase}: ei vielä sijoituksia, joten ei yhtään näkökulmaa",
    "order.coverage_single": "{phase}: vain {viewpoint}",
    "order.hidden": "Polku tulee näkyviin, kun fasilitaattori näyttää tulokset.",
    "order.more_cards": {
        "one": "Taululla on kunkin vaiheen eniten pisteitä saaneet; {n} muu näkyy fasilitaattorin näytöllä.",
        "other": "Taululla on kunkin vaiheen eniten pisteitä saaneet; {n} muuta näkyy fasilitaattorin näytöllä.",
    },
    "order.note_single": "Vain yksi näkökulma: {phases}",
    "order.note_none": "Ei vielä sijoituksia: {phases}",
}
