"""The server's wing: what `streamlit run serve.py` installs in its process, once, at start.

- compat.py: every private Streamlit and uvicorn name used here, checked before anything else;
- start.py: the entry's two steps (wrap the app, tune the process when the runtime starts);
- tuning.py, flushing.py: what a full room needs of the process (issue 6);
- front_end.py: the page and scripts gzipped from memory, the connection dialog in our words;
- push.py: a change of the room starts the phones' checks. Its `follow` and `push` are the
  only names of this wing the pages call (pages/widgets/following.py and database.py), with
  the check intervals pages/participant.py reads.

Nothing here is installed by importing a page or opening the database: page tests (AppTest)
run Streamlit as it is.
"""

from __future__ import annotations

import os


def limit_blas_threads() -> None:
    """NumPy's OpenBLAS keeps a thread per core that spins for a while after each call into
    it; on two cores those spins were 2.4 % of the server's CPU while phones joined one after
    another (perf). Nothing here is heavy algebra, so one thread does it. NumPy reads this when
    it is first imported, so serve.py calls this before it imports anything else
    (`streamlit run` imports no NumPy before serve.py)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
