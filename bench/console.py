"""The facilitator's laptop: resume a workshop with its passphrase, download its documents.

The console's download buttons build their file only when pressed: the browser sends a
`backend_operation_request` for the button's deferred file, the server builds the document in
a worker thread of the app process and answers with a /media URL, and the browser fetches it.
"""

from __future__ import annotations

import time

from bench.client import Session, http_get
from bench.protocol import text_value, trigger

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
        return bool(session.page.find("download_button")) and bool(session.finished_since(sent))

    if not await session.wait_for(drawn, timeout):
        raise RuntimeError("the console did not draw after signing in")
    return session


async def download_documents(session: Session, timeout: float) -> tuple[float, dict[str, int]]:
    """Press the three Word document buttons one after another, fetching each file at once.

    Returns the seconds taken and, per document, the bytes received (0 when the server built it
    but its /media URL answered something else than 200, or did not build it at all).
    """
    started = time.perf_counter()
    sizes: dict[str, int] = {}
    for name in DOCUMENTS:
        (button,) = session.page.find("download_button", label=name)
        url = await session.deferred_file(button.proto.deferred_file_id, timeout)
        status, size = await http_get(session.port, url) if url else (0, 0)
        sizes[name] = size if status == 200 else 0
    return time.perf_counter() - started, sizes
