"""Texts of the Word documents' frame: headers, footers, draft marks, the covers."""

EN: dict[str, str | dict[str, str]] = {
    "doc.frame.draft": "DRAFT",
    "doc.frame.draft_note": "The workshop is still in progress, so this document is a working draft.",
    "doc.frame.confidential": "Confidential",
    # The words around Word's PAGE and NUMPAGES fields: "page 3 of 12".
    "doc.frame.page": "page",
    "doc.frame.of": "of",
    # The cover: the workshop's title named as the workshop's, not as a second model name.
    "doc.frame.workshop": "Workshop: {title}",
    "doc.frame.facilitator": "Facilitator: {name}",
    "doc.chart.more": {"one": "+{n} more", "other": "+{n} more"},
    "doc.col.kind": "Type",
    "doc.chart.strength": "Strength",
    "doc.chart.weakness": "Weakness",
    "doc.chart.journey_help": "Key strengths above the line and key weaknesses below it, phase by phase, most backed nearest the line; ● gives the dots each one got.",
    "doc.chart.left_out": {
        "one": "{n} observation did not fit in the chart: it is listed in the appendix.",
        "other": "{n} observations did not fit in the chart: they are listed in the appendix.",
    },
    "doc.chart.overflow_intro": "These key observations were left out of the journey chart, because their phase had more of them than fit on the page.",
}

FI: dict[str, str | dict[str, str]] = {
    "doc.frame.draft": "LUONNOS",
    "doc.frame.draft_note": "Työpaja on vielä kesken, joten tämä asiakirja on luonnos.",
    "doc.frame.confidential": "Luottamuksellinen",
    "doc.frame.page": "sivu",
    "doc.frame.of": "/",
    "doc.frame.workshop": "Työpaja: {title}",
    "doc.frame.facilitator": "Fasilitaattori: {name}",
    "doc.chart.more": {"one": "+{n} muu", "other": "+{n} muuta"},
    "doc.col.kind": "Laji",
    "doc.chart.strength": "Vahvuus",
    "doc.chart.weakness": "Heikkous",
    "doc.chart.journey_help": "Keskeiset vahvuudet viivan yläpuolella ja heikkoudet sen alapuolella vaiheittain, eniten pisteitä saaneet lähimpänä viivaa; ● kertoo, montako pistettä havainto sai.",
    "doc.chart.left_out": {
        "one": "Kaavioon ei mahtunut {n} havainto; se on lueteltu liitteessä.",
        "other": "Kaavioon ei mahtunut {n} havaintoa; ne on lueteltu liitteessä.",
    },
    "doc.chart.overflow_intro": "Nämä keskeiset havainnot jäivät pois kohtaamisen kulun kaaviosta, koska niiden vaiheessa oli niitä enemmän kuin sivulle mahtuu.",
}
