"""The server entry's two steps (serve.py): wrap Streamlit's app in the front end, and tune the
process once Streamlit's runtime is up.

Run only by the server, after `compat.require()` has passed: never on opening the database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.types import ASGIApp

from server import front_end, tuning


def front_end_around(app: ASGIApp) -> front_end.CompressedFrontEnd:
    """Streamlit's app behind the compressed front end, its files also answered on the
    connection, and the router as the only navigation."""
    front_end.router_only_navigation()
    wrapped = front_end.CompressedFrontEnd(app)
    front_end.answer_files_on_the_connection(wrapped)
    return wrapped


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """st.App's lifespan: runs once Streamlit's runtime exists and has started (its session
    manager is what server/flushing.py wraps), before the first request is served."""
    tuning.tune_process()
    yield
