"""The three documents of a workshop, by file name."""

from __future__ import annotations

from exports import model_report, plan_report, staff_card
from exports.common import save
from facilitator.steps.report import ReportData

FILES = {"model.docx": model_report, "plan.docx": plan_report, "staff-card.docx": staff_card}


def document(data: ReportData, name: str) -> bytes:
    """One of the documents, by file name, as bytes built in memory."""
    return save(FILES[name].build(data))


def documents(data: ReportData) -> dict[str, bytes]:
    """model.docx, plan.docx and staff-card.docx as bytes."""
    return {name: document(data, name) for name in FILES}
