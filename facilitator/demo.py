"""A realistic demo workshop: a Finnish home-goods chain in the middle of step 1."""

from __future__ import annotations

from facilitator import observations, participants, workshops
from facilitator.db import Store
from facilitator.domain import Channel, CustomerType, Industry, Kind, Language, Role, Viewpoint

DEMO_PASSPHRASE = "demo-passphrase"  # noqa: S105 - printed in the README for trying the demo

_PEOPLE = [
    (Role.MANAGEMENT, "Sari"),
    (Role.MANAGEMENT, None),
    (Role.MANAGEMENT, "Jukka"),
    (Role.FRONTLINE, "Aino"),
    (Role.FRONTLINE, None),
    (Role.FRONTLINE, "Mikko"),
    (Role.FRONTLINE, None),
    (Role.FRONTLINE, "Leena"),
    (Role.FRONTLINE, None),
    (Role.FACILITATOR, "Outi"),
    (Role.OTHER, None),
    (Role.OTHER, "Pekka"),
]

S, E, F = Viewpoint.STRATEGY, Viewpoint.EXPERIENCE, Viewpoint.FEEDBACK
PLUS, MINUS = Kind.STRENGTH, Kind.WEAKNESS

# (author index, viewpoint, kind, Finnish, English)
_OBSERVATIONS = [
    (
        0,
        S,
        PLUS,
        "Lupaamme sisustusapua, joka tuntuu omalta kodilta.",
        "We promise help with interiors that feels like home.",
    ),
    (
        0,
        S,
        MINUS,
        "Brändilupaus ei näy kassalla lainkaan.",
        "The brand promise does not show at the till at all.",
    ),
    (
        1,
        S,
        MINUS,
        "Myymälät palvelevat eri tavoin: ketju hajoaa asiakkaan silmissä.",
        "Each store serves differently: the chain splinters in the customer's eyes.",
    ),
    (
        2,
        S,
        PLUS,
        "Henkilökunnan tuotetuntemus on alan parasta.",
        "Our staff's product knowledge is the best in the trade.",
    ),
    (
        2,
        S,
        MINUS,
        "Verkkokaupan ja myymälän palvelu eivät tunne toisiaan.",
        "The web shop and the store know nothing of each other.",
    ),
    (
        3,
        E,
        PLUS,
        "Asiakas tervehditään yleensä heti ovella.",
        "Customers are usually greeted right at the door.",
    ),
    (
        3,
        E,
        MINUS,
        "Ruuhkassa asiakas jää odottamaan ilman katsetta.",
        "At busy times a waiting customer gets not even a glance.",
    ),
    (
        4,
        E,
        PLUS,
        "Kysymme, mihin huoneeseen tuote tulee, ja ehdotamme kokonaisuutta.",
        "We ask which room the item is for and suggest a whole look.",
    ),
    (
        4,
        E,
        MINUS,
        "Emme kysy budjettia, joten ehdotukset menevät ohi.",
        "We never ask about the budget, so suggestions miss.",
    ),
    (
        5,
        E,
        MINUS,
        "Toimitusaikaa ei vahvisteta kirjallisesti.",
        "Delivery times are not confirmed in writing.",
    ),
    (5, E, PLUS, "Palautukset hoidetaan ilman kyselyjä.", "Returns are handled without questions."),
    (
        6,
        F,
        MINUS,
        "Kassajonoista valitetaan viikoittain.",
        "We get complaints about the till queues every week.",
    ),
    (
        6,
        E,
        PLUS,
        "Myyjät muistavat vakioasiakkaat nimeltä.",
        "Staff remember regular customers by name.",
    ),
    (7, F, PLUS, "Palautteessa kiitetään ystävällisyyttä.", "Feedback praises our friendliness."),
    (
        7,
        F,
        MINUS,
        "Chatissa vastaus tulee vasta seuraavana päivänä.",
        "Chat replies arrive only the next day.",
    ),
    (
        8,
        E,
        MINUS,
        "Kiitos ja hyvästely unohtuvat, kun on kiire.",
        "Thanks and goodbye are forgotten when we are busy.",
    ),
    (
        8,
        F,
        MINUS,
        "Asiakkaat kokevat, ettei heitä kuunnella loppuun.",
        "Customers feel they are not heard out.",
    ),
    (
        9,
        S,
        PLUS,
        "Johto on sitoutunut kehittämään asiakaskohtaamisia.",
        "Management is committed to improving encounters.",
    ),
    (
        10,
        F,
        PLUS,
        "Suositteluhalukkuus on noussut kahtena vuotena.",
        "Willingness to recommend has risen for two years.",
    ),
    (
        10,
        F,
        MINUS,
        "Kokoamispalvelusta tulee ristiriitaista tietoa.",
        "Customers get conflicting information on the assembly service.",
    ),
    (11, E, PLUS, "Sovitut noudot ovat valmiina ajallaan.", "Agreed pick-ups are ready on time."),
    (
        11,
        S,
        MINUS,
        "Uudet työntekijät oppivat palvelutavan vain sattumalta.",
        "New staff learn the way we serve only by chance.",
    ),
    (
        3,
        F,
        PLUS,
        "Moni mainitsee nimeltä myyjän, joka auttoi.",
        "Many mention by name the salesperson who helped.",
    ),
    (
        4,
        S,
        PLUS,
        "Meillä on selkeä arvo: kodin tunnelma ennen myyntiä.",
        "We have a clear value: the feel of a home before the sale.",
    ),
]


def create_demo(store: Store, *, language: str = "fi") -> str:
    """Create the demo workshop (moved to step 1, input open) and return its join code."""
    lang = Language(language)
    finnish = lang == Language.FI
    new = workshops.validate_new(
        title="Kohtaamisen malli 2027" if finnish else "Encounter model 2027",
        organisation="Kotipuoti Oy",
        language=lang.value,
        customer_type=CustomerType.CONSUMER.value,
        industry=Industry.RETAIL.value,
        channels=[Channel.IN_PERSON.value, Channel.WEB.value, Channel.CHAT.value],
        passphrase=DEMO_PASSPHRASE,
    )
    workshop, key = workshops.create(store, new)
    people = [participants.join(store, workshop, role, name)[0] for role, name in _PEOPLE]
    workshops.set_step(store, key, "observe")
    for index, viewpoint, kind, fi_text, en_text in _OBSERVATIONS:
        draft = observations.draft(viewpoint, kind, fi_text if finnish else en_text)
        observations.submit(store, people[index], draft)
    return workshop.code
