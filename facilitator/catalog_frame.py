"""Texts of the Word documents' frame: headers, footers, draft marks, the plan's cover."""

EN: dict[str, str | dict[str, str]] = {
    "doc.frame.draft": "DRAFT",
    "doc.frame.draft_note": "The workshop is not finished and the model is not agreed yet.",
    "doc.frame.confidential": "Confidential",
    # The words around Word's PAGE and NUMPAGES fields: "page 3 of 12".
    "doc.frame.page": "page",
    "doc.frame.of": "of",
    "doc.frame.made_on": "Made on {date}",
    "doc.plan.cover_subtitle": "Change plan for the customer encounter model: {name}",
    "doc.chart.more": {"one": "+{n} more", "other": "+{n} more"},
    "doc.col.verdict": "Verdict",
    "doc.col.flag": "Note",
}

FI: dict[str, str | dict[str, str]] = {
    "doc.frame.draft": "LUONNOS",
    "doc.frame.draft_note": "Työpaja on kesken, eikä mallia ole vielä sovittu.",
    "doc.frame.confidential": "Luottamuksellinen",
    "doc.frame.page": "sivu",
    "doc.frame.of": "/",
    "doc.frame.made_on": "Laadittu {date}",
    "doc.plan.cover_subtitle": "Asiakaskohtaamisen mallin muutossuunnitelma: {name}",
    "doc.chart.more": {"one": "+{n} muu", "other": "+{n} muuta"},
    "doc.col.verdict": "Arvio",
    "doc.col.flag": "Huomio",
}
