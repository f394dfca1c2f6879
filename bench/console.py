"""The facilitator's laptop: resume a workshop with its passphrase, download its documents.

The console builds the documents and data when the facilitator presses "prepare" (a rerun of
the downloads fragment); the download buttons then carry /media URLs the browser fetches.
"""

from __future__ import annotations

import time

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.client import Session, http_get
from bench.protocol import text_value, trigger
from facilitator.language.i18n import t

DOCUMENTS = ("model.docx", "plan.docx", "staff-card.docx")


async def open_console(port: int, code: str, passphrase: str, timeout: float) -> Session:
    """Sign in on the start page's resume form; done when the console shows its downloads."""
    session = Session(port, "")
    await session.open()
    sent = await session.request()
    if not await session.wait_for(lambda: session.finished_since(sent) is not None, timeout):
        raise RuntimeError("the start page did not draw")
    code_box, pass_box = session.page.find("text_input", form_id="resume_workshop")
    (submit,) = session.page.find("button", form_id="resume_workshop", is_form_submitter=True)
    sent = await session.request(
        [
            text_value(code_box.proto.id, code),
            text_value(pass_box.proto.id, passphrase),
            trigger(submit.proto.id),
        ]
    )

    def drawn() -> bool:
        return bool(_prepare_button(session)) and bool(session.finished_since(sent))

    if not await session.wait_for(drawn, timeout):
        raise RuntimeError("the console did not draw after signing in")
    return session


def said(*keys: str) -> set[str]:
    """What the pages may show for these catalog keys, in either language."""
    return {t(lang, key) for lang in ("fi", "en") for key in keys}


def _prepare_button(session: Session) -> list:
    labels = said(*PREPARE)
    return [b for b in session.page.find("button") if b.proto.label in labels]


PREPARE = ("console.prepare_downloads", "console.prepare_again")


async def download_documents(session: Session, timeout: float) -> tuple[float, dict[str, int]]:
    """Press "prepare", then fetch the three Word documents the page then offers.

    Returns the seconds taken and, per document, the bytes received (0 when its /media URL
    answered something else than 200, or the page offered no such document).
    """
    started = time.perf_counter()
    (button,) = _prepare_button(session)
    sent = await session.request([trigger(button.proto.id)], fragment_id=button.fragment_id)
    await session.wait_for(
        lambda: session.finished_since(sent, button.fragment_id) is not None, timeout
    )
    offered = {b.proto.label: b.proto.url for b in session.page.find("download_button")}
    sizes: dict[str, int] = {}
    for name in DOCUMENTS:
        url = offered.get(name)
        status, size = await http_get(session.port, url, session.cookies) if url else (0, 0)
        sizes[name] = size if status == 200 else 0
    return time.perf_counter() - started, sizes


async def close_input(session: Session, timeout: float) -> float:
    """Turn the console's "input open" switch off (the vote closes); returns when it was sent,
    once the console has drawn the run."""
    sent = await switch_input_off(session)
    await console_drawn(session, sent, timeout)
    return sent


async def switch_input_off(session: Session) -> float:
    """Send the switch's change; returns when it was sent, without waiting for the console."""
    labels = said("console.input_open")
    (switch,) = [c for c in session.page.find("checkbox") if c.proto.label in labels]
    return await session.request([WidgetState(id=switch.proto.id, bool_value=False)])


async def console_drawn(session: Session, sent: float, timeout: float) -> None:
    """Until the console has drawn the run asked for at `sent`."""
    if not await session.wait_for(lambda: session.finished_since(sent) is not None, timeout):
        raise RuntimeError("the console did not draw after closing the input")
