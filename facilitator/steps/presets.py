"""Phase presets: the method's six themes and sets written for customer types and channels."""

from __future__ import annotations

from facilitator.domain import Channel, CustomerType, Language

# Each preset: key -> {language: [phase names in order]}.
PRESETS: dict[str, dict[Language, list[str]]] = {
    "themes": {
        Language.FI: [
            "Huomiointi",
            "Kysyminen",
            "Kuuntelu",
            "Ehdottaminen",
            "Vahvistaminen",
            "Kiittäminen",
        ],
        Language.EN: ["Noticing", "Asking", "Listening", "Suggesting", "Confirming", "Thanking"],
    },
    "business": {
        Language.FI: [
            "Yhteydenotto",
            "Tarpeiden kartoitus",
            "Ratkaisuehdotus",
            "Sopiminen",
            "Toimitus",
            "Jatkuva yhteistyö",
        ],
        Language.EN: [
            "First contact",
            "Mapping the needs",
            "Proposing a solution",
            "Agreeing",
            "Delivery",
            "Ongoing partnership",
        ],
    },
    "patient": {
        Language.FI: [
            "Vastaanotto",
            "Potilaan kuuntelu",
            "Tutkiminen ja selittäminen",
            "Hoidosta sopiminen",
            "Ohjaus ja jatko",
        ],
        Language.EN: [
            "Welcome",
            "Listening to the patient",
            "Examining and explaining",
            "Agreeing on care",
            "Guidance and follow-up",
        ],
    },
    "citizen": {
        Language.FI: [
            "Vastaanotto",
            "Elämäntilanteen selvittäminen",
            "Vaihtoehtojen kertominen",
            "Päätöksen perustelu",
            "Jatkosta sopiminen",
        ],
        Language.EN: [
            "Welcome",
            "Understanding the life situation",
            "Explaining the options",
            "Explaining the decision",
            "Agreeing on next steps",
        ],
    },
    "internal": {
        Language.FI: [
            "Pyynnön vastaanotto",
            "Tarpeen tarkentaminen",
            "Lupaus ja aikataulu",
            "Toimitus",
            "Palautteen pyytäminen",
        ],
        Language.EN: [
            "Taking the request",
            "Clarifying the need",
            "Promise and schedule",
            "Delivery",
            "Asking for feedback",
        ],
    },
    "chat": {
        Language.FI: ["Tervehdys", "Tarkentava kysymys", "Ratkaisu", "Varmistus", "Lopetus"],
        Language.EN: [
            "Greeting",
            "Clarifying question",
            "Solution",
            "Checking it worked",
            "Closing",
        ],
    },
    "phone": {
        Language.FI: [
            "Vastaaminen",
            "Asian kuuntelu",
            "Ratkaisun ehdottaminen",
            "Yhteenveto",
            "Kiitos ja lopetus",
        ],
        Language.EN: [
            "Answering",
            "Hearing the matter",
            "Suggesting a solution",
            "Summing up",
            "Thanks and goodbye",
        ],
    },
}


def suggested_preset(customer_type: CustomerType, channels: tuple[Channel, ...]) -> str:
    """The preset that best fits a workshop's context; the six themes when nothing fits better."""
    by_type = {
        CustomerType.BUSINESS: "business",
        CustomerType.PATIENT: "patient",
        CustomerType.CITIZEN: "citizen",
        CustomerType.INTERNAL: "internal",
    }
    if customer_type in by_type:
        return by_type[customer_type]
    if channels == (Channel.CHAT,):
        return "chat"
    if channels == (Channel.PHONE,):
        return "phone"
    return "themes"
