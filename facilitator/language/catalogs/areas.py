"""The catalogs of the later steps and the documents, merged into the English and the Finnish
catalog alike."""

from facilitator.language.catalogs import (
    condense,
    data,
    docs,
    followup,
    followup_console,
    followup_phone,
    frame,
    order,
    plan,
    target,
)

# Each later step keeps its panels' texts in a module of its own; one list, so a new area cannot
# be merged into one language and forgotten in the other.
AREAS = (
    order,
    target,
    condense,
    plan,
    docs,
    frame,
    data,
    followup,
    followup_console,
    followup_phone,
)
