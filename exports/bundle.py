"""The documents of a workshop, by file name: the three made from the workshop's report data,
and the follow-up report, which also needs the follow-up read at the same moment."""

from __future__ import annotations

from exports import followup_report, model_report, plan_report, staff_card
from exports.common import save
from facilitator.followup.summary import FollowUp
from facilitator.steps.report import ReportData

FILES = {"model.docx": model_report, "plan.docx": plan_report, "staff-card.docx": staff_card}
FOLLOW_UP = "followup.docx"


def document(data: ReportData, name: str, follow: FollowUp | None = None) -> bytes:
    """One of the documents, by file name, as bytes built in memory (followup.docx needs
    `follow`)."""
    if name == FOLLOW_UP:
        if follow is None:
            raise ValueError("followup.docx is made from the follow-up: pass it")
        return save(followup_report.build(data, follow))
    return save(FILES[name].build(data))


def documents(data: ReportData, follow: FollowUp | None = None) -> dict[str, bytes]:
    """model.docx, plan.docx and staff-card.docx as bytes, and followup.docx when the follow-up
    is given."""
    built = {name: document(data, name) for name in FILES}
    if follow is not None:
        built[FOLLOW_UP] = document(data, FOLLOW_UP, follow)
    return built
