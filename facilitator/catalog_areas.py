"""The catalogs of the later steps and the documents, merged into catalog_en and catalog_fi alike."""

from facilitator import (
    catalog_condense,
    catalog_data,
    catalog_docs,
    catalog_frame,
    catalog_order,
    catalog_plan,
    catalog_target,
)

# Each later step keeps its panels' texts in a module of its own; one list, so a new area cannot
# be merged into one language and forgotten in the other.
AREAS = (
    catalog_order,
    catalog_target,
    catalog_condense,
    catalog_plan,
    catalog_docs,
    catalog_frame,
    catalog_data,
)
