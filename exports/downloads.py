"""What the facilitator downloads from the console: each call checks the facilitator's key."""

from __future__ import annotations

from exports import builder, workbook
from exports.bundle import FOLLOW_UP, document
from facilitator.data import backup
from facilitator.followup.summary import follow_up
from facilitator.room.access import authorise_follow_up
from facilitator.room.workshops import authorise
from facilitator.steps import report
from facilitator.store.db import Store


def word_document(store: Store, key: object, name: str) -> bytes:
    """model.docx, plan.docx, staff-card.docx or followup.docx, finished workshop or not."""
    workshop_id = authorise(store, key)
    follow = follow_up(store, workshop_id) if name == FOLLOW_UP else None
    return document(report.gather(store, workshop_id), name, follow)


def follow_up_report(store: Store, key: object) -> bytes:
    """followup.docx for the facilitator or the project lead: the lead follows the roll-out
    without the workshop's other documents."""
    workshop_id = authorise_follow_up(store, key)
    return document(report.gather(store, workshop_id), FOLLOW_UP, follow_up(store, workshop_id))


def data_zip(store: Store, key: object) -> bytes:
    """The raw data as CSV files in a zip."""
    return backup.csv_zip(store, authorise(store, key))


def results_workbook(store: Store, key: object) -> bytes:
    """The results as an Excel workbook in the workshop's language."""
    return workbook.build(report.gather(store, authorise(store, key)))


def backup_json(store: Store, key: object) -> bytes:
    """A full backup that restores as a new workshop."""
    return backup.backup(store, authorise(store, key))


def everything(store: Store, key: object) -> dict[str, bytes]:
    """The four documents, the workbook, the CSV zip and the backup, from one reading of the
    workshop."""
    workshop_id = authorise(store, key)
    data = report.gather(store, workshop_id)
    files = builder.documents(data, follow_up(store, workshop_id))
    # Here, not in the documents' worker: openpyxl takes some 50 ms for the demo workshop.
    files["results.xlsx"] = workbook.build(data)
    files["data.zip"] = backup.csv_zip(store, workshop_id)
    files["backup.json"] = backup.backup(store, workshop_id)
    return files
