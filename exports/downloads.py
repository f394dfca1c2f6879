"""What the facilitator downloads from the console: each call checks the facilitator's key."""

from __future__ import annotations

from exports import builder, workbook
from exports.bundle import document
from facilitator.data import backup
from facilitator.followup import summary
from facilitator.room.workshops import authorise
from facilitator.steps import report
from facilitator.store.db import Store


def word_document(store: Store, key: object, name: str) -> bytes:
    """model.docx, plan.docx or staff-card.docx, finished workshop or not."""
    return document(report.gather(store, authorise(store, key)), name)


def data_zip(store: Store, key: object) -> bytes:
    """The raw data as CSV files in a zip."""
    return backup.csv_zip(store, authorise(store, key))


def results_workbook(store: Store, key: object) -> bytes:
    """The results, and the follow-up's so far, as an Excel workbook in the workshop's
    language."""
    workshop_id = authorise(store, key)
    return workbook.build(report.gather(store, workshop_id), summary.follow_up(store, workshop_id))


def backup_json(store: Store, key: object) -> bytes:
    """A full backup that restores as a new workshop."""
    return backup.backup(store, authorise(store, key))


def everything(store: Store, key: object) -> dict[str, bytes]:
    """The three documents, the workbook, the CSV zip and the backup, from one reading of the
    workshop."""
    workshop_id = authorise(store, key)
    data = report.gather(store, workshop_id)
    files = builder.documents(data)
    # Here, not in the documents' worker: openpyxl takes some 50 ms for the demo workshop.
    files["results.xlsx"] = workbook.build(data, summary.follow_up(store, workshop_id))
    files["data.zip"] = backup.csv_zip(store, workshop_id)
    files["backup.json"] = backup.backup(store, workshop_id)
    return files
