"""A small workshop with a row in every table (the follow-up's too), built through the services,
its texts swappable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from facilitator.domain import Kind, Observation, Participant, Role, Step, Workshop
from facilitator.followup import metrics, milestones, people, pulse, rounds, units
from facilitator.followup.people import Purpose
from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import model, observations, participants, phases, plan, targets, voting
from facilitator.steps.plan import Section
from facilitator.steps.targets import Behaviour
from facilitator.store.db import Store

Say = Callable[[str], str]


def _as_typed(text: str) -> str:
    return text


@dataclass
class Filled:
    store: Store
    workshop: Workshop
    key: FacilitatorKey
    anna: Participant
    ben: Participant
    observations: list[Observation]
    phase_ids: list[int]
    contribution_ids: list[int]
    step: Step = Step.PLAN
    known: dict = field(default_factory=dict)

    def at(self, step: Step) -> Filled:
        """Move the workshop to `step` with input open (once; examples share the workshop)."""
        if self.step != step:
            workshops.set_step(self.store, self.key, step)
            workshops.set_input_open(self.store, self.key, True)
            self.step = step
        return self

    def newcomer(self, role: Role = Role.FRONTLINE) -> Participant:
        """A participant who joins now, so no earlier example's input counts against them."""
        return participants.join(self.store, self.workshop, role)[0]

    def assert_intact(self) -> None:
        """Nothing the workshop held before the bad input is lost or changed."""
        assert self.originals() == self.known

    def originals(self) -> dict:
        """What the workshop held before any bad input, read back through the services."""
        ids = {o.id for o in self.observations}
        first = phases.list_phases(self.store, self.workshop.id)[0]
        return {
            "observations": [o for o in observations.list_all(self.store, self.key) if o.id in ids],
            "people": [
                p
                for p in participants.list_for_facilitator(self.store, self.key)
                if p.id in {self.anna.id, self.ben.id}
            ],
            "first phase": first,
            "its behaviours": targets.behaviours(self.store, self.workshop.id).get(first.id),
            "its proposals": targets.proposals(self.store, self.workshop.id, first.id),
            "placements": {
                o: p for o, p in phases.placements(self.store, self.workshop.id).items() if o in ids
            },
            "contributions": [
                c
                for c in plan.contributions(self.store, self.workshop.id, include_hidden=True)
                if c.id in self.contribution_ids
            ],
        }


def fill(store: Store, make_workshop: Callable[..., tuple], say: Say = _as_typed) -> Filled:
    """A workshop taken through every step and the plan; `say` may swap in other texts."""
    workshop, key = make_workshop(
        store, title=say("Encounter model 2027"), organisation=say("Kotipuoti Oy")
    )
    anna, _ = participants.join(store, workshop, Role.FRONTLINE, say("Anna"))
    ben, _ = participants.join(store, workshop, Role.MANAGEMENT)
    workshops.set_step(store, key, Step.OBSERVE)

    def observe(who: Participant, viewpoint: str, kind: str, text: str) -> Observation:
        return observations.submit(store, who, observations.draft(viewpoint, kind, say(text)))

    greeted = observe(anna, "experience", "strength", "Customers are greeted at the door")
    greeting = observe(ben, "strategy", "strength", "Greeting at the door")
    queues = observe(anna, "experience", "weakness", "Long queues at the till")
    feedback = observations.add_for(
        store, key, observations.draft("feedback", "weakness", say("Queues")), Role.OTHER
    )
    voting.merge(store, key, greeting.id, greeted.id)

    workshops.set_step(store, key, Step.IDENTIFY)
    voting.submit_ballot(store, anna, Kind.STRENGTH, {greeted.id: 2})
    voting.submit_ballot(store, ben, Kind.WEAKNESS, {queues.id: 1, feedback.id: 1})
    voting.confirm_keys(store, key, Kind.STRENGTH, [greeted.id])
    voting.confirm_keys(store, key, Kind.WEAKNESS, [queues.id, feedback.id])

    made = phases.save_phases(
        store, key, [(None, say("Greeting")), (None, say("Needs")), (None, say("Thanks"))]
    )
    ids = [p.id for p in made]
    workshops.set_step(store, key, Step.ORDER)
    phases.suggest(store, anna, {greeted.id: ids[0]})
    phases.place(store, key, {greeted.id: ids[0], queues.id: ids[1], feedback.id: ids[2]})

    workshops.set_step(store, key, Step.TARGET)
    proposal = targets.propose(store, anna, ids[0], say("Greet everyone who comes in"))
    targets.vote(store, ben, ids[0], [proposal])
    for pid in ids:
        targets.set_target(
            store,
            key,
            pid,
            say("Every customer is greeted"),
            [Behaviour(say("Greet within ten seconds"), True), Behaviour(say("Smile"), False)],
        )

    workshops.set_step(store, key, Step.CONDENSE)
    model.set_text(
        store,
        key,
        name=say("The Kotipuoti way"),
        promise=say("At home from the door"),
        tone_words=say("warm, calm"),
        judgement=say("Small talk is up to each of us."),
    )
    model.rate(store, anna, {ids[0]: "can", ids[1]: "unrealistic"})
    model.give_consent(store, ben, 4)
    model.set_critical(store, key, [ids[1]])

    workshops.set_step(store, key, Step.PLAN)
    sections = {
        Section.COACHES: [{"name": say("Sari"), "teams": say("Espoo"), "duties": say("Coaches")}],
        Section.MILESTONES: [{"title": say("Kick-off"), "due": "2027-01-15", "owner": say("HR")}],
        Section.METRICS: [
            {
                "phase": str(ids[1]),
                "what": say("Queue time"),
                "target": say("under 3 min"),
                "source": say("Till data"),
                "frequency": say("Weekly"),
                "owner": say("Jukka"),
            }
        ],
        Section.OBSERVATION: [
            {
                "what": say("Greeting"),
                "method": say("Peers"),
                "who": say("Coaches"),
                "frequency": "",
            }
        ],
        Section.CHALLENGES: [
            {"challenge": "habits", "risks": say("Old routines"), "actions": say("Huddles")}
        ],
    }
    for section, rows in sections.items():
        plan.replace(store, key, section, rows)
    hard = plan.contribute(store, anna, "hard", say("No time on Saturdays"))
    helps = plan.contribute(store, ben, "help", say("A ready form"))
    plan.curate(store, key, hard, curated=True, hidden=False)
    _follow_up(store, key, say)

    filled = Filled(
        store,
        workshops.get(store, workshop.id),
        key,
        anna,
        ben,
        [greeted, greeting, queues, feedback],
        ids,
        [hard, helps],
    )
    filled.known = filled.originals()
    return filled


def _follow_up(store: Store, key: FacilitatorKey, say: Say) -> None:
    """A row in every table of the follow-up (issue 17), through its services."""
    unit = units.add_unit(store, key, say("Espoo"))
    (metric,) = metrics.take_from_plan(store, key)
    metrics.record(store, key, metric.id, "1/2027", unit.id, "4,5")
    metrics.record(store, key, metric.id, "2/2027", units.WHOLE, "3.5")
    (milestone,) = milestones.take_from_plan(store, key)
    milestones.set_status(store, key, milestone.id, "in_progress")
    milestones.log_coaching(
        store, key, day="3.2.2027", coach=say("Sari"), unit_id=unit.id, topic=say("Greeting")
    )
    code = people.open_code(store, key, Purpose.OBSERVE)
    observer, _ = people.join(store, code, name=say("Olli"))
    phase, listed = rounds.checklist(store, code.workshop_id)[0]
    marks = {i: ("seen", "not_seen", "na")[i % 3] for i in range(len(listed))}
    rounds.send_visit(store, observer, unit.id, phase.id, marks, say("Busy"), "visit")
    opened, pulse_code = pulse.open_pulse(store, key)
    found = people.find_code(store, pulse_code, client="fill")
    staff, _ = people.join(store, found, role="frontline", unit_id=unit.id)
    pulse.answer(store, staff, {phase.id: "support"}, 3, f"answer-{opened.id}")
