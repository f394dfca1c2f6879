"""Metric suggestions for one critical phase: from the phase itself (its fixed behaviours, its
name and target state, its theme in the method), then the industry and the customer type.

Issue 15: suggestions came per industry, so every critical phase got the same ones, and
"greeted within 30 seconds" landed on a phase whose fixed behaviour says 10 seconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from facilitator.domain import CustomerType, Industry, Language

# (what is measured, target, data source, how often), in the workshop's language.
Metric = tuple[str, str, str, str]


class Theme(StrEnum):
    """The moments of an encounter in the method (seed 001), which a phase is about."""

    NOTICING = "noticing"
    ASKING = "asking"
    LISTENING = "listening"
    PROPOSING = "proposing"
    CONFIRMING = "confirming"
    CLOSING = "closing"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class PhaseText:
    """What a suggestion reads of a phase: its name, target state and behaviours (text, fixed)."""

    name: str
    target_state: str = ""
    behaviours: tuple[tuple[str, bool], ...] = ()


# Word stems that name a theme, Finnish and English together (a phase name may be in either).
# Checked in this order, so the act wins over its object: "Jatkosta sopiminen" and "Agreeing on
# next steps" are both about confirming, "Palautteen pyytäminen" / "Asking for feedback" about
# follow-up, whichever word comes first.
_STEMS: tuple[tuple[Theme, tuple[str, ...]], ...] = (
    (Theme.CLOSING, ("kiit", "lopet", "hyväst", "thank", "closing", "goodbye", "farewell")),
    (
        Theme.CONFIRMING,
        (
            "vahvist",
            "sopimi",
            "sovitaan",
            "yhteenve",
            "päätö",
            "lupaus",
            "varmist",
            "confirm",
            "agree",
            "summing",
            "decision",
            "promise",
            "checking",
        ),
    ),
    (
        Theme.FOLLOW_UP,
        ("jatko", "toimitu", "palaut", "yhteisty", "follow", "deliver", "feedback", "partner"),
    ),
    (Theme.LISTENING, ("kuunt", "kuull", "listen", "hear")),
    (
        Theme.ASKING,
        (
            "kysy",
            "kysei",
            "kartoi",
            "selvit",
            "tarkent",
            "tarpe",
            "elämäntilan",
            "ask",
            "mapping",
            "clarif",
            "understanding",
            "need",
        ),
    ),
    (
        Theme.PROPOSING,
        (
            "ehdot",
            "ratkais",
            "vaihtoeh",
            "tutki",
            "selittä",
            "suggest",
            "propos",
            "solution",
            "option",
            "explain",
            "examin",
        ),
    ),
    (
        Theme.NOTICING,
        (
            "huomi",
            "huoma",
            "terveh",
            "vastaanot",
            "vastaami",
            "yhteydeno",
            "notic",
            "greet",
            "welcom",
            "answer",
            "first contact",
            "request",
        ),
    ),
)

_BY_THEME: dict[Theme, dict[Language, list[Metric]]] = {
    Theme.NOTICING: {
        Language.FI: [
            (
                "Asiakas huomioidaan heti saapuessaan",
                "90 % kohtaamisista",
                "Haamuasiointi",
                "Kuukausittain",
            ),
            ("Asiakkaan arvio vastaanotosta", "4,5 / 5", "Asiakaspalaute", "Kuukausittain"),
        ],
        Language.EN: [
            (
                "Customer acknowledged on arrival",
                "90% of encounters",
                "Mystery shopping",
                "Monthly",
            ),
            ("Customer's rating of the welcome", "4.5 / 5", "Customer feedback", "Monthly"),
        ],
    },
    Theme.ASKING: {
        Language.FI: [
            (
                "Asiakkaan tarve selvitetty ennen ehdotusta",
                "90 % kohtaamisista",
                "Havainnointi",
                "Kuukausittain",
            ),
            (
                "Asiakas kokee, että hänen tilanteensa ymmärrettiin",
                "4,5 / 5",
                "Asiakaspalaute",
                "Kuukausittain",
            ),
        ],
        Language.EN: [
            (
                "Customer's need found out before any proposal",
                "90% of encounters",
                "Observation",
                "Monthly",
            ),
            (
                "Customer felt their situation was understood",
                "4.5 / 5",
                "Customer feedback",
                "Monthly",
            ),
        ],
    },
    Theme.LISTENING: {
        Language.FI: [
            ("Asiakas kokee tulleensa kuulluksi", "4,5 / 5", "Asiakaspalaute", "Kuukausittain"),
            (
                "Asiakkaan tarve toistettu ennen vastausta",
                "80 % kohtaamisista",
                "Havainnointi",
                "Kuukausittain",
            ),
        ],
        Language.EN: [
            ("Customer felt heard", "4.5 / 5", "Customer feedback", "Monthly"),
            (
                "Customer's need repeated back before answering",
                "80% of encounters",
                "Observation",
                "Monthly",
            ),
        ],
    },
    Theme.PROPOSING: {
        Language.FI: [
            (
                "Ehdotus perusteltu asiakkaan tarpeella",
                "90 % kohtaamisista",
                "Havainnointi",
                "Kuukausittain",
            ),
            (
                "Asiakas kokee ehdotuksen sopivan juuri hänelle",
                "4,3 / 5",
                "Asiakaspalaute",
                "Neljännesvuosittain",
            ),
        ],
        Language.EN: [
            (
                "Proposal explained from the customer's need",
                "90% of encounters",
                "Observation",
                "Monthly",
            ),
            (
                "Customer felt the proposal fitted them",
                "4.3 / 5",
                "Customer feedback",
                "Quarterly",
            ),
        ],
    },
    Theme.CONFIRMING: {
        Language.FI: [
            (
                "Sovittu vahvistettu asiakkaalle kirjallisesti",
                "95 % kaupoista",
                "Järjestelmätieto",
                "Kuukausittain",
            ),
            (
                "Reklamaatiot siitä, ettei sovittu pitänyt",
                "alle 2 %",
                "Reklamaatiorekisteri",
                "Kuukausittain",
            ),
        ],
        Language.EN: [
            (
                "What was agreed confirmed to the customer in writing",
                "95% of sales",
                "System data",
                "Monthly",
            ),
            (
                "Complaints that something agreed was not kept",
                "under 2%",
                "Complaint records",
                "Monthly",
            ),
        ],
    },
    Theme.CLOSING: {
        Language.FI: [
            (
                "Kohtaaminen päättyy kiitokseen",
                "95 % kohtaamisista",
                "Haamuasiointi",
                "Kuukausittain",
            ),
            ("Asiakkaan kokonaisarvio kohtaamisesta", "4,5 / 5", "Asiakaspalaute", "Kuukausittain"),
        ],
        Language.EN: [
            ("The encounter ends with thanks", "95% of encounters", "Mystery shopping", "Monthly"),
            (
                "Customer's overall rating of the encounter",
                "4.5 / 5",
                "Customer feedback",
                "Monthly",
            ),
        ],
    },
    Theme.FOLLOW_UP: {
        Language.FI: [
            (
                "Luvattu yhteydenotto tehty sovitussa ajassa",
                "95 % tapauksista",
                "Järjestelmätieto",
                "Kuukausittain",
            ),
            (
                "Asiakas asioi uudelleen",
                "60 % asiakkaista vuoden sisällä",
                "Asiakasrekisteri",
                "Neljännesvuosittain",
            ),
        ],
        Language.EN: [
            (
                "Promised contact made within the agreed time",
                "95% of cases",
                "System data",
                "Monthly",
            ),
            (
                "Customer comes back",
                "60% of customers within a year",
                "Customer records",
                "Quarterly",
            ),
        ],
    },
}

# What each industry measures (seed 002), each on the theme it belongs to.
_BY_INDUSTRY: dict[Industry, dict[Language, list[tuple[Theme, Metric]]]] = {
    Industry.RETAIL: {
        Language.FI: [
            (
                Theme.NOTICING,
                (
                    "Asiakas huomioidaan 30 sekunnissa",
                    "90 % käynneistä",
                    "Haamuasiointi",
                    "Kuukausittain",
                ),
            ),
            (
                Theme.CLOSING,
                (
                    "Suositteluhalukkuus (NPS) käynnin jälkeen",
                    "+40",
                    "Asiakaspalaute",
                    "Viikoittain",
                ),
            ),
        ],
        Language.EN: [
            (
                Theme.NOTICING,
                (
                    "Customer acknowledged within 30 seconds",
                    "90% of visits",
                    "Mystery shopping",
                    "Monthly",
                ),
            ),
            (
                Theme.CLOSING,
                (
                    "Willingness to recommend (NPS) after a visit",
                    "+40",
                    "Customer feedback",
                    "Weekly",
                ),
            ),
        ],
    },
    Industry.FINANCE: {
        Language.FI: [
            (
                Theme.ASKING,
                (
                    "Asiakkaan tilanne kartoitettu ennen ehdotusta",
                    "100 % neuvotteluista",
                    "Havainnointi",
                    "Kuukausittain",
                ),
            ),
            (
                Theme.PROPOSING,
                (
                    "Asiakas kokee saaneensa selkeän perustelun",
                    "4,5 / 5",
                    "Asiakaspalaute",
                    "Neljännesvuosittain",
                ),
            ),
        ],
        Language.EN: [
            (
                Theme.ASKING,
                (
                    "Customer's situation mapped before any proposal",
                    "100% of meetings",
                    "Observation",
                    "Monthly",
                ),
            ),
            (
                Theme.PROPOSING,
                (
                    "Customer felt the advice was clearly explained",
                    "4.5 / 5",
                    "Customer feedback",
                    "Quarterly",
                ),
            ),
        ],
    },
    Industry.HEALTHCARE: {
        Language.FI: [
            (
                Theme.LISTENING,
                ("Potilas kokee tulleensa kuulluksi", "4,5 / 5", "Asiakaspalaute", "Kuukausittain"),
            ),
            (
                Theme.FOLLOW_UP,
                (
                    "Jatko-ohjeet annettu kirjallisesti",
                    "95 % käynneistä",
                    "Havainnointi",
                    "Kuukausittain",
                ),
            ),
        ],
        Language.EN: [
            (Theme.LISTENING, ("Patient felt heard", "4.5 / 5", "Customer feedback", "Monthly")),
            (
                Theme.FOLLOW_UP,
                (
                    "Follow-up instructions given in writing",
                    "95% of visits",
                    "Observation",
                    "Monthly",
                ),
            ),
        ],
    },
    Industry.HOSPITALITY: {
        Language.FI: [
            (
                Theme.CLOSING,
                ("Välitön palaute käynnin lopussa", "4,6 / 5", "Asiakaspalaute", "Päivittäin"),
            ),
            (Theme.CLOSING, ("Suositteluhalukkuus (NPS)", "+50", "Asiakaspalaute", "Viikoittain")),
        ],
        Language.EN: [
            (
                Theme.CLOSING,
                (
                    "Immediate feedback at the end of the visit",
                    "4.6 / 5",
                    "Customer feedback",
                    "Daily",
                ),
            ),
            (
                Theme.CLOSING,
                ("Willingness to recommend (NPS)", "+50", "Customer feedback", "Weekly"),
            ),
        ],
    },
    Industry.ENERGY: {
        Language.FI: [
            (
                Theme.CONFIRMING,
                (
                    "Hinta ja sopimusehdot vahvistettu asiakkaalle",
                    "100 % myynneistä",
                    "Puheluiden kuuntelu",
                    "Viikoittain",
                ),
            ),
            (
                Theme.FOLLOW_UP,
                ("Reklamaatiot sopimusehdoista", "alle 1 %", "Järjestelmätieto", "Kuukausittain"),
            ),
        ],
        Language.EN: [
            (
                Theme.CONFIRMING,
                (
                    "Price and contract terms confirmed to the customer",
                    "100% of sales",
                    "Call listening",
                    "Weekly",
                ),
            ),
            (
                Theme.FOLLOW_UP,
                ("Complaints about contract terms", "under 1%", "System data", "Monthly"),
            ),
        ],
    },
    Industry.PUBLIC: {
        Language.FI: [
            (
                Theme.NOTICING,
                (
                    "Asiakas kokee tulleensa kohdelluksi tasavertaisesti",
                    "4,5 / 5",
                    "Asiakaspalaute",
                    "Neljännesvuosittain",
                ),
            ),
            (
                Theme.CONFIRMING,
                (
                    "Päätös perusteltu ymmärrettävästi",
                    "95 % tapauksista",
                    "Havainnointi",
                    "Kuukausittain",
                ),
            ),
        ],
        Language.EN: [
            (
                Theme.NOTICING,
                (
                    "Citizen felt treated equally and with respect",
                    "4.5 / 5",
                    "Customer feedback",
                    "Quarterly",
                ),
            ),
            (
                Theme.CONFIRMING,
                ("Decision explained in plain language", "95% of cases", "Observation", "Monthly"),
            ),
        ],
    },
    Industry.IT: {
        Language.FI: [
            (
                Theme.ASKING,
                (
                    "Asiakkaan tavoite kirjattu ja vahvistettu",
                    "100 % projekteista",
                    "Havainnointi",
                    "Projekteittain",
                ),
            ),
            (
                Theme.PROPOSING,
                ("Asiakas ymmärsi ratkaisun", "4,5 / 5", "Asiakaspalaute", "Projekteittain"),
            ),
        ],
        Language.EN: [
            (
                Theme.ASKING,
                (
                    "Customer's goal written down and confirmed",
                    "100% of projects",
                    "Observation",
                    "Per project",
                ),
            ),
            (
                Theme.PROPOSING,
                ("Customer understood the solution", "4.5 / 5", "Customer feedback", "Per project"),
            ),
        ],
    },
}

_BY_CUSTOMER_TYPE: dict[CustomerType, dict[Language, list[tuple[Theme, Metric]]]] = {
    CustomerType.BUSINESS: {
        Language.FI: [
            (
                Theme.FOLLOW_UP,
                (
                    "Asiakassuhteen jatkuvuus",
                    "90 % uusii sopimuksen",
                    "Järjestelmätieto",
                    "Vuosittain",
                ),
            )
        ],
        Language.EN: [
            (
                Theme.FOLLOW_UP,
                ("Relationship continuity", "90% renew the contract", "System data", "Yearly"),
            )
        ],
    },
    CustomerType.INTERNAL: {
        Language.FI: [
            (
                Theme.CLOSING,
                ("Sisäisen asiakkaan tyytyväisyys", "4 / 5", "Kysely", "Neljännesvuosittain"),
            )
        ],
        Language.EN: [
            (Theme.CLOSING, ("Internal customer satisfaction", "4 / 5", "Survey", "Quarterly"))
        ],
    },
}

# A time in a behaviour: "10 sekunnissa", "2 minuutissa", "24 h", "within 3 days". The unit is
# written short in the target, the same way in both languages where it can be.
_TIME = re.compile(
    r"(?<![\w,.])(\d+(?:[.,]\d+)?)\s*"
    r"(sekunni\w*|sek\b|seconds?\b|secs?\b|s\b"
    r"|minuuti\w*|minutes?\b|mins?\b|min\b"
    r"|tunni\w*|hours?\b|hrs?\b|h\b"
    r"|arkipäiv\w*|päiv\w*|vrk\b|working days?\b|days?\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_UNITS = (
    (("sek", "sec", "s"), {Language.FI: "s", Language.EN: "s"}),
    (("min",), {Language.FI: "min", Language.EN: "min"}),
    (("tun", "hour", "hr", "h"), {Language.FI: "h", Language.EN: "h"}),
    (("arkipäiv", "working"), {Language.FI: "arkipäivää", Language.EN: "working days"}),
    (("päiv", "vrk", "day"), {Language.FI: "vrk", Language.EN: "days"}),
)
_SHARE = {Language.FI: "90 % kohtaamisista", Language.EN: "90% of encounters"}


def _unit(word: str, lang: Language) -> str:
    low = word.casefold()
    for starts, names in _UNITS:
        if low.startswith(starts):
            return names[lang]
    return word


def times(text: str) -> list[tuple[str, str]]:
    """The times a text states, as (number, unit word): "10 sekunnissa" -> ("10", "sekunnissa")."""
    return [(m.group(1), m.group(2)) for m in _TIME.finditer(text)]


# Short English stems hide inside other words ("task", "basket", "heart", "needle"): they count
# only as a word of their own ("ask", "asking", "needs"). Finnish stems count anywhere, as Finnish compounds its words
# ("asiakaspalaute").
_WORD_START = {"ask", "need", "hear", "option", "answer", "request"}


def _names(stem: str, text: str) -> bool:
    if stem in _WORD_START:
        return re.search(rf"\b{stem}(?:s|ed|ing|ings)?\b", text) is not None
    return stem in text


def phase_theme(phase: PhaseText) -> Theme | None:
    """The method's theme a phase is about: read from its name, else its target state, else its
    behaviours; None when nothing names one."""
    for text in (phase.name, phase.target_state, " ".join(t for t, _ in phase.behaviours)):
        low = text.casefold()
        for theme, stems in _STEMS:
            if any(_names(stem, low) for stem in stems):
                return theme
    return None


def _quoted(text: str, lang: Language) -> str:
    # Finnish closes and opens a quotation with the same mark.
    return f"”{text}”" if lang == Language.FI else f"“{text}”"


def _from_behaviour(text: str, lang: Language) -> Metric:
    """A fixed behaviour with a number, measured as itself: its time becomes the target's."""
    found = times(text)
    if found:
        number, unit = found[0]
        short = _unit(unit, lang)
        target = (
            f"enintään {number} {short}, {_SHARE[lang]}"
            if lang == Language.FI
            else f"within {number} {short} in {_SHARE[lang]}"
        )
    else:
        target = _SHARE[lang]
    if lang == Language.FI:
        return (f"{_quoted(text, lang)} toteutuu", target, "Havainnointi", "Kuukausittain")
    return (f"{_quoted(text, lang)} is done", target, "Observation", "Monthly")


def _general(phase: PhaseText, lang: Language) -> Metric:
    # Names the phase, so it is never the same "what" as another phase's.
    if lang == Language.FI:
        return (
            f"Vaihe {_quoted(phase.name, lang)} toteutuu sovitusti havainnoituna",
            "80 % kohtaamisista",
            "Havainnointi",
            "Kuukausittain",
        )
    return (
        f"{_quoted(phase.name, lang)} done as agreed, when observed",
        "80% of encounters",
        "Observation",
        "Monthly",
    )


def _key(what: str) -> str:
    return " ".join(what.casefold().split())


def metric_suggestions(
    phase: PhaseText,
    industry: Industry,
    customer_type: CustomerType,
    language: Language,
    *,
    taken: Iterable[str] = (),
) -> list[Metric]:
    """Suggestions for one phase, best first: its fixed behaviours that state a number, its
    industry's and customer type's metrics on its theme, its theme's, then one naming the phase.

    None repeats a "what" in `taken` (the workshop's other metrics), and where a fixed behaviour
    states a time, no other suggestion states a different one.
    """
    lang = Language(language)
    fixed = [text for text, is_fixed in phase.behaviours if is_fixed and _NUMBER.search(text)]
    own = [_from_behaviour(text, lang) for text in fixed]
    theme = phase_theme(phase)
    themed: list[Metric] = []
    if theme is not None:
        themed += [m for t, m in _BY_INDUSTRY.get(industry, {}).get(lang, []) if t == theme]
        themed += [
            m for t, m in _BY_CUSTOMER_TYPE.get(customer_type, {}).get(lang, []) if t == theme
        ]
        themed += _BY_THEME[theme][lang]
    if any(times(text) for text in fixed):
        # The phase has its own time: "30 seconds" beside "within 10 seconds" contradicts it.
        themed = [m for m in themed if not times(" ".join(m[:2]))]
    seen = {_key(w) for w in taken}
    result = []
    for metric in [*own, *themed, _general(phase, lang)]:
        if _key(metric[0]) not in seen:
            seen.add(_key(metric[0]))
            result.append(metric)
    return result
