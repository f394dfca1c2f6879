"""Everything leadership's documents say, gathered from the store in one place (no Word here)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from facilitator.domain import Kind, Role, Step, Workshop
from facilitator.room import workshops
from facilitator.steps import model, observations, participants, phases, plan, voting
from facilitator.store import clock
from facilitator.store.db import Store


@dataclass(frozen=True)
class ReportData:
    workshop: Workshop
    made_on: date
    people: dict[Role, int]
    observation_count: int
    ranked: dict[Kind, list[voting.ItemResult]]
    key_ids: dict[Kind, list[int]]
    divergence: dict[Kind, list[voting.Divergence]]
    evidence: list[phases.PhaseEvidence]
    dots: dict[int, int]
    text: model.ModelText
    model_phases: list[model.ModelPhase]
    achievability: list[model.Achievability]
    consent: dict[Role, Counter[int]]
    plan: dict[plan.Section, list[dict[str, str]]]
    contributions: list[plan.Contribution]
    missing: list[Step]
    # The day the room agreed the model (left step 5 forward); None while it is not agreed.
    agreed_on: date | None = None

    @property
    def draft(self) -> bool:
        """Whether the documents are a draft: the workshop is not done or a step lacks results."""
        return self.workshop.step != Step.DONE or bool(self.missing)

    def key_results(self, kind: Kind) -> list[voting.ItemResult]:
        """The confirmed key items of a kind with their dots, most dots first."""
        return [r for r in self.ranked[kind] if r.item.id in self.key_ids[kind]]

    def plan_rows(self, section: str) -> list[dict[str, str]]:
        """A plan section's rows."""
        return self.plan[plan.Section(section)]

    @property
    def phase_names(self) -> dict[str, str]:
        """Phase id (as stored in plan rows) -> name."""
        return {str(mp.phase.id): mp.phase.name for mp in self.model_phases}


def _missing(data: dict) -> list[Step]:
    """The steps whose results are not there yet, so a document can say so instead of failing."""
    checks = {
        Step.OBSERVE: data["observation_count"] > 0,
        Step.IDENTIFY: any(data["key_ids"].values()),
        Step.ORDER: bool(data["evidence"])
        and any(e.strengths or e.weaknesses for e in data["evidence"]),
        Step.TARGET: bool(data["model_phases"])
        and all(mp.phase.target_state and mp.behaviours for mp in data["model_phases"]),
        Step.CONDENSE: bool(data["text"].name),
        Step.PLAN: any(data["plan"].values()),
    }
    return [step for step, done in checks.items() if not done]


def gather(store: Store, workshop_id: int) -> ReportData:
    """Read a workshop's results for the documents, finished or not."""
    workshop = workshops.get(store, workshop_id)
    ranked = {kind: voting.results(store, workshop_id, kind) for kind in Kind}
    data = {
        "workshop": workshop,
        "made_on": clock.today(),
        "people": participants.counts_by_role(store, workshop_id),
        "observation_count": observations.count(store, workshop_id),
        "ranked": ranked,
        "key_ids": {
            kind: [o.id for o in voting.key_items(store, workshop_id, kind)] for kind in Kind
        },
        "divergence": {kind: voting.divergence(ranked[kind]) for kind in Kind},
        "evidence": phases.evidence(store, workshop_id),
        "dots": {r.item.id: r.dots for kind in Kind for r in ranked[kind]},
        "text": model.text(store, workshop_id),
        "model_phases": model.phases(store, workshop_id),
        "achievability": model.achievability(store, workshop_id),
        "consent": model.consent(store, workshop_id),
        "plan": {section: plan.rows(store, workshop_id, section) for section in plan.Section},
        "contributions": [c for c in plan.contributions(store, workshop_id) if c.curated],
    }
    return ReportData(**data, missing=_missing(data), agreed_on=workshop.agreed_on)
