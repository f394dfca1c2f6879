"""The demo workshop's follow-up (issue 17): three stores of Kotipuoti Oy, three months of the
plan's metrics in each, one observation round, the milestones under way, a few coaching
sessions and one staff pulse, all entered through the follow-up's own functions."""

from __future__ import annotations

import datetime as dt

from facilitator.domain import Language, Role
from facilitator.followup import metrics, milestones, people, pulse, rounds, units
from facilitator.followup.metrics import Frequency
from facilitator.followup.people import Purpose
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps.model import Rating
from facilitator.steps.phases import list_phases
from facilitator.store.db import Store

STORES = ("Helsinki", "Tampere", "Turku")
# The plan's milestones, soonest first: the kick-off is done, the coaching in every store was
# still in progress when its day passed (late), the first review of the metrics is under way.
DONE, LATE, UNDER_WAY = 0, 1, 2

# Per metric of the plan (its place), per store: three months' results moving from the baseline
# toward the target; the written confirmation lags in Turku.
_FIGURES = {
    0: {"Helsinki": (70, 78, 84), "Tampere": (66, 73, 80), "Turku": (68, 74, 79)},
    1: {"Helsinki": (52, 61, 70), "Tampere": (48, 57, 66), "Turku": (50, 58, 64)},
    2: {"Helsinki": (68, 79, 88), "Tampere": (64, 74, 83), "Turku": (56, 54, 57)},
    3: {"Helsinki": (3.8, 3.9, 4.1), "Tampere": (3.7, 3.9, 4.0), "Turku": (3.6, 3.6, 3.7)},
}

# Observation visits, per store and critical phase (0 greeting, 4 confirming): for each visit
# the marks of the phase's behaviours in order. The greeting's metric looks fine, yet its second
# fixed behaviour (a nod to a waiting customer at busy times) is seldom seen.
S, N, X = "seen", "not_seen", "na"
_VISITS = {
    "Helsinki": {0: [(S, N), (S, N), (S, S)], 4: [(S, S), (S, S)]},
    "Tampere": {0: [(S, N), (S, X), (N, N)], 4: [(S, S), (S, N)]},
    "Turku": {0: [(S, N), (S, S)], 4: [(N, S), (N, N)]},
}
_OBSERVERS = ("Sari Virtanen", "Mikko Laine")

_NOTES = {
    Language.FI: {
        (0, "Tampere", 2): "Lauantairuuhka, kolme asiakasta jonossa kerralla.",
        (4, "Turku", 0): "Toimitusaika kerrottiin suullisesti, ei kirjallista vahvistusta.",
    },
    Language.EN: {
        (0, "Tampere", 2): "Saturday rush, three customers queuing at once.",
        (4, "Turku", 0): "The delivery time was said aloud, not confirmed in writing.",
    },
}

# (days after the first period starts, coach, store, topic, note)
_COACHING = {
    Language.FI: [
        (
            6,
            "Sari Virtanen",
            "Helsinki",
            "Tervehdys 10 sekunnissa",
            "Aamupalaverissa harjoiteltiin katsekontaktia ovelta.",
        ),
        (
            20,
            "Mikko Laine",
            "Tampere",
            "Odottavan asiakkaan huomiointi",
            "Sovittiin, että kassalla nyökätään aina jonoon päin.",
        ),
        (
            41,
            "Mikko Laine",
            "Turku",
            "Kirjallinen vahvistus",
            "Lomake ei ole käytössä; tulostetaan kassoille.",
        ),
        (
            69,
            "Sari Virtanen",
            "Turku",
            "Kirjallinen vahvistus",
            "Myymäläpäällikkö seuraa vahvistuksia viikoittain.",
        ),
    ],
    Language.EN: [
        (
            6,
            "Sari Virtanen",
            "Helsinki",
            "Greeting within 10 seconds",
            "Practised eye contact from the door at the morning huddle.",
        ),
        (
            20,
            "Mikko Laine",
            "Tampere",
            "Noticing a waiting customer",
            "Agreed that the till always nods towards the queue.",
        ),
        (
            41,
            "Mikko Laine",
            "Turku",
            "Written confirmation",
            "The form is not in use; it will be printed for the tills.",
        ),
        (
            69,
            "Sari Virtanen",
            "Turku",
            "Written confirmation",
            "The store manager follows the confirmations weekly.",
        ),
    ],
}

# Staff answers: (role, store, phase place -> rating, fingers). Two of Turku's front line now find
# the written confirmation unrealistic, which the workshop's front line did not.
C, SUP, U = Rating.CAN, Rating.SUPPORT, Rating.UNREALISTIC
_ANSWERS = [
    (Role.FRONTLINE, "Helsinki", {0: C, 4: C}, 4),
    (Role.FRONTLINE, "Helsinki", {0: SUP, 4: C}, 4),
    (Role.FRONTLINE, "Tampere", {0: SUP, 4: C}, 3),
    (Role.FRONTLINE, "Tampere", {0: C, 4: SUP}, 4),
    (Role.FRONTLINE, "Turku", {0: C, 4: U}, 2),
    (Role.FRONTLINE, "Turku", {0: SUP, 4: U}, 3),
    (Role.MANAGEMENT, "Helsinki", {0: C, 4: C}, 5),
    (Role.MANAGEMENT, "Turku", {0: C, 4: SUP}, 4),
]


def months_before(today: dt.date, count: int = 3) -> list[dt.date]:
    """The first days of the `count` whole months before today's, oldest first."""
    first = today.replace(day=1)
    found = []
    for _ in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        found.append(first)
    return found[::-1]


def create(store: Store, code: str, passphrase: str, today: dt.date) -> None:
    """Fill the finished demo workshop's follow-up as if three months had passed, signed in as
    its facilitator (who may do all the follow-up's part)."""
    workshop, key = workshops.login(store, code, passphrase)
    lang = workshop.language
    made = {name: units.add_unit(store, key, name) for name in STORES}
    followed = metrics.take_from_plan(store, key)
    periods = months_before(today)
    for place, metric in enumerate(followed):
        for store_name, values in _FIGURES[place].items():
            for period, value in zip(periods, values, strict=True):
                if metric.frequency == Frequency.QUARTERLY and period.month % 3 != 0:
                    continue  # a quarterly survey answers once a quarter, in its last month
                metrics.record(store, key, metric.id, period, made[store_name].id, value)
    _round(store, key, lang, made)
    _milestones(store, key)
    for days, coach, store_name, topic, note in _COACHING[lang]:
        milestones.log_coaching(
            store,
            key,
            day=periods[0] + dt.timedelta(days=days),
            coach=coach,
            unit_id=made[store_name].id,
            topic=topic,
            note=note,
        )
    _pulse(store, key, made)


def _round(store: Store, key: FacilitatorKey, lang: Language, made: dict[str, units.Unit]) -> None:
    code = people.open_code(store, key, Purpose.OBSERVE)
    observers = [people.join(store, code, name=name)[0] for name in _OBSERVERS]
    by_place = _by_place(store, code.workshop_id)
    for store_name, per_phase in _VISITS.items():
        for place, visits in per_phase.items():
            for n, marks in enumerate(visits):
                rounds.send_visit(
                    store,
                    observers[n % 2],
                    made[store_name].id,
                    by_place[place],
                    dict(enumerate(marks)),
                    _NOTES[lang].get((place, store_name, n), ""),
                    f"demo-{store_name}-{place}-{n}",
                )


def _by_place(store: Store, workshop_id: int) -> dict[int, int]:
    return dict(enumerate(p.id for p in list_phases(store, workshop_id)))


def _milestones(store: Store, key: FacilitatorKey) -> None:
    followed = milestones.take_from_plan(store, key)
    by_due = sorted(followed, key=lambda m: m.due or dt.date.max)
    milestones.set_status(store, key, by_due[DONE].id, milestones.Status.DONE)
    # Still in progress when its day passed: late.
    milestones.set_status(store, key, by_due[LATE].id, milestones.Status.IN_PROGRESS)
    milestones.set_status(store, key, by_due[UNDER_WAY].id, milestones.Status.IN_PROGRESS)


def _pulse(store: Store, key: FacilitatorKey, made: dict[str, units.Unit]) -> None:
    opened, code = pulse.open_pulse(store, key)
    found = people.find_code(store, code, client="demo")
    by_place = _by_place(store, found.workshop_id)
    for n, (role, store_name, ratings, fingers) in enumerate(_ANSWERS):
        person, _ = people.join(store, found, role=role, unit_id=made[store_name].id)
        pulse.answer(
            store,
            person,
            {by_place[place]: rating for place, rating in ratings.items()},
            fingers,
            f"demo-pulse-{opened.id}-{n}",
        )
