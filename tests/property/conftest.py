"""Two filled workshops in one database: the one bad input goes to, and one it must not touch."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator.data import backup
from facilitator.store.db import Store

from .workshop import Filled, fill


@pytest.fixture
def bystander(store: Store, make_workshop: Callable[..., tuple]) -> Filled:
    """A finished workshop that no bad input aimed at another workshop may change."""
    return fill(store, make_workshop)


@pytest.fixture
def room(store: Store, make_workshop: Callable[..., tuple], bystander: Filled) -> Filled:
    """The workshop the bad input is aimed at; what it held at the start must survive."""
    return fill(store, make_workshop)


@pytest.fixture
def room_backup(room: Filled) -> bytes:
    """The room's full backup, as the console downloads it."""
    return backup.backup(room.store, room.workshop.id)
