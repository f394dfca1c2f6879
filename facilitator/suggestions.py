"""Metric suggestions for the critical phases, written for each industry and customer type."""

from __future__ import annotations

from facilitator.domain import CustomerType, Industry, Language

# (what is measured, target, data source, how often), in Finnish and English.
Metric = tuple[str, str, str, str]

_BY_INDUSTRY: dict[Industry, dict[Language, list[Metric]]] = {
    Industry.RETAIL: {
        Language.FI: [
            (
                "Asiakas huomioidaan 30 sekunnissa",
                "90 % käynneistä",
                "Haamuasiointi",
                "Kuukausittain",
            ),
            ("Suositteluhalukkuus (NPS) käynnin jälkeen", "+40", "Asiakaspalaute", "Viikoittain"),
        ],
        Language.EN: [
            (
                "Customer acknowledged within 30 seconds",
                "90% of visits",
                "Mystery shopping",
                "Monthly",
            ),
            ("Willingness to recommend (NPS) after a visit", "+40", "Customer feedback", "Weekly"),
        ],
    },
    Industry.FINANCE: {
        Language.FI: [
            (
                "Asiakkaan tilanne kartoitettu ennen ehdotusta",
                "100 % neuvotteluista",
                "Havainnointi",
                "Kuukausittain",
            ),
            (
                "Asiakas kokee saaneensa selkeän perustelun",
                "4,5 / 5",
                "Asiakaspalaute",
                "Neljännesvuosittain",
            ),
        ],
        Language.EN: [
            (
                "Customer's situation mapped before any proposal",
                "100% of meetings",
                "Observation",
                "Monthly",
            ),
            (
                "Customer felt the advice was clearly explained",
                "4.5 / 5",
                "Customer feedback",
                "Quarterly",
            ),
        ],
    },
    Industry.HEALTHCARE: {
        Language.FI: [
            ("Potilas kokee tulleensa kuulluksi", "4,5 / 5", "Asiakaspalaute", "Kuukausittain"),
            (
                "Jatko-ohjeet annettu kirjallisesti",
                "95 % käynneistä",
                "Havainnointi",
                "Kuukausittain",
            ),
        ],
        Language.EN: [
            ("Patient felt heard", "4.5 / 5", "Customer feedback", "Monthly"),
            ("Follow-up instructions given in writing", "95% of visits", "Observation", "Monthly"),
        ],
    },
    Industry.HOSPITALITY: {
        Language.FI: [
            ("Välitön palaute käynnin lopussa", "4,6 / 5", "Asiakaspalaute", "Päivittäin"),
            ("Suositteluhalukkuus (NPS)", "+50", "Asiakaspalaute", "Viikoittain"),
        ],
        Language.EN: [
            ("Immediate feedback at the end of the visit", "4.6 / 5", "Customer feedback", "Daily"),
            ("Willingness to recommend (NPS)", "+50", "Customer feedback", "Weekly"),
        ],
    },
    Industry.ENERGY: {
        Language.FI: [
            (
                "Hinta ja sopimusehdot vahvistettu asiakkaalle",
                "100 % myynneistä",
                "Puheluiden kuuntelu",
                "Viikoittain",
            ),
            ("Reklamaatiot sopimusehdoista", "alle 1 %", "Järjestelmätieto", "Kuukausittain"),
        ],
        Language.EN: [
            (
                "Price and contract terms confirmed to the customer",
                "100% of sales",
                "Call listening",
                "Weekly",
            ),
            ("Complaints about contract terms", "under 1%", "System data", "Monthly"),
        ],
    },
    Industry.PUBLIC: {
        Language.FI: [
            (
                "Asiakas kokee tulleensa kohdelluksi tasavertaisesti",
                "4,5 / 5",
                "Asiakaspalaute",
                "Neljännesvuosittain",
            ),
            (
                "Päätös perusteltu ymmärrettävästi",
                "95 % tapauksista",
                "Havainnointi",
                "Kuukausittain",
            ),
        ],
        Language.EN: [
            (
                "Citizen felt treated equally and with respect",
                "4.5 / 5",
                "Customer feedback",
                "Quarterly",
            ),
            ("Decision explained in plain language", "95% of cases", "Observation", "Monthly"),
        ],
    },
    Industry.IT: {
        Language.FI: [
            (
                "Asiakkaan tavoite kirjattu ja vahvistettu",
                "100 % projekteista",
                "Havainnointi",
                "Projekteittain",
            ),
            ("Asiakas ymmärsi ratkaisun", "4,5 / 5", "Asiakaspalaute", "Projekteittain"),
        ],
        Language.EN: [
            (
                "Customer's goal written down and confirmed",
                "100% of projects",
                "Observation",
                "Per project",
            ),
            ("Customer understood the solution", "4.5 / 5", "Customer feedback", "Per project"),
        ],
    },
}

_BY_CUSTOMER_TYPE: dict[CustomerType, dict[Language, list[Metric]]] = {
    CustomerType.BUSINESS: {
        Language.FI: [
            ("Asiakassuhteen jatkuvuus", "90 % uusii sopimuksen", "Järjestelmätieto", "Vuosittain")
        ],
        Language.EN: [
            ("Relationship continuity", "90% renew the contract", "System data", "Yearly")
        ],
    },
    CustomerType.INTERNAL: {
        Language.FI: [
            ("Sisäisen asiakkaan tyytyväisyys", "4 / 5", "Kysely", "Neljännesvuosittain")
        ],
        Language.EN: [("Internal customer satisfaction", "4 / 5", "Survey", "Quarterly")],
    },
}

_GENERAL: dict[Language, list[Metric]] = {
    Language.FI: [
        (
            "Vaiheen toteutuminen havainnoituna",
            "80 % kohtaamisista",
            "Havainnointi",
            "Kuukausittain",
        )
    ],
    Language.EN: [
        ("The phase done as agreed, when observed", "80% of encounters", "Observation", "Monthly")
    ],
}


def metric_suggestions(
    industry: Industry, customer_type: CustomerType, language: Language
) -> list[Metric]:
    """Suggestions that fit the workshop: its industry's, its customer type's, and one general."""
    lang = Language(language)
    return (
        _BY_INDUSTRY.get(industry, {}).get(lang, [])
        + _BY_CUSTOMER_TYPE.get(customer_type, {}).get(lang, [])
        + _GENERAL[lang]
    )
