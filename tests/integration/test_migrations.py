"""The schema is built by numbered migrations, each recorded once, and a database reopened (a
DuckDB file, a PostgreSQL database) keeps its data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.room import workshops
from facilitator.room.workshops import FacilitatorKey
from facilitator.steps import observations, participants, voting
from facilitator.store import clock
from facilitator.store.db import Store, migrate
from facilitator.store.schema import MIGRATIONS
from facilitator.store.security import new_token, token_hash


def _recorded(store: Store) -> list[tuple[int, str]]:
    with store.read() as cur:
        return cur.execute(
            "SELECT version, name FROM schema_migrations ORDER BY version"
        ).fetchall()


def test_every_migration_is_recorded_with_its_name(any_store: Store) -> None:
    assert _recorded(any_store) == [(version, name) for version, name, _ in MIGRATIONS]


def test_migrating_again_applies_nothing(any_store: Store) -> None:
    assert migrate(any_store) == []
    assert _recorded(any_store) == [(version, name) for version, name, _ in MIGRATIONS]


def test_the_migrations_create_the_tables_the_services_use(any_store: Store) -> None:
    with any_store.read() as cur:
        found = cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchall()
        tables = {row[0] for row in found}
    assert {"workshops", "participants", "facilitator_sessions", "observations"} <= tables


def test_a_database_reopened_is_not_migrated_twice_and_keeps_its_data(
    database: str,
    make_workshop: Callable[..., tuple],
) -> None:
    first = Store(database)
    workshop, key = make_workshop(first)
    workshops.set_step(first, key, "observe")
    participants.join(first, workshop, "frontline", "Aino")
    first.close()

    again = Store(database)
    try:
        assert migrate(again) == []
        assert _recorded(again) == [(version, name) for version, name, _ in MIGRATIONS]
        reopened = workshops.find_by_code(again, workshop.code)
        assert reopened.id == workshop.id
        assert reopened.title == workshop.title
        assert reopened.step.value == "observe"
        assert sum(participants.counts_by_role(again, workshop.id).values()) == 1
        # The facilitator's key survives a restart too.
        assert workshops.authorise(again, key) == workshop.id
    finally:
        again.close()


def test_a_database_file_gets_its_folder_created(tmp_path: Path) -> None:
    # DuckDB's own: a PostgreSQL database is the server's to create.
    path = tmp_path / "not" / "yet" / "there.duckdb"
    store = Store(str(path))
    store.close()
    assert path.exists()


def test_a_database_from_the_first_version_is_upgraded_and_keeps_its_data(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Written as the first version wrote it, in its own columns: today's services write columns
    # that later migrations added (the workshop's facilitator, issue 15).
    key = FacilitatorKey(1, new_token())
    token = new_token()
    with monkeypatch.context() as only_the_first:
        only_the_first.setattr("facilitator.store.db.MIGRATIONS", MIGRATIONS[:1])
        old = Store(database)
        with old.write() as cur:
            cur.execute(
                "INSERT INTO workshops (id, code, title, organisation, language, customer_type,"
                " industry, channels, passphrase_hash, step, created_at) VALUES (1, 'ABC234',"
                " 'Old', 'Org', 'fi', 'consumer', 'retail', ARRAY['in_person'], 'x', 'observe',"
                " current_timestamp)"
            )
            cur.execute(
                "INSERT INTO facilitator_sessions VALUES (?, 1, ?)",
                [token_hash(key.token), clock.now()],
            )
            cur.execute(
                "INSERT INTO participants (id, workshop_id, token_hash, role, name, joined_at)"
                " VALUES (1, 1, ?, 'frontline', 'Aino', current_timestamp)",
                [token_hash(token)],
            )
            cur.execute(
                "INSERT INTO observations (workshop_id, participant_id, author_role, viewpoint,"
                " kind, text, source, submission_key, created_at, updated_at)"
                " VALUES (1, 1, 'frontline', 'experience', 'strength', 'Kept across versions',"
                " 'participant', 'old-1', current_timestamp, current_timestamp)"
            )
        assert [v for v, _ in _recorded(old)] == [1]
        old.close()
    workshop_id = 1

    upgraded = Store(database)
    try:
        assert _recorded(upgraded) == [(version, name) for version, name, _ in MIGRATIONS]
        workshop = workshops.get(upgraded, workshop_id)
        assert (workshop.title, workshop.facilitator, workshop.agreed_on) == ("Old", "", None)
        participant = participants.by_token(upgraded, workshop.id, token)
        assert (participant.id, participant.name) == (1, "Aino")
        assert workshops.authorise(upgraded, key) == workshop.id
        (kept,) = observations.list_visible(upgraded, workshop.id)
        assert (kept.text, kept.participant_id) == ("Kept across versions", participant.id)
        # The rebuilt unique index still makes a retry store once.
        again = observations.submit(
            upgraded,
            participant,
            observations.draft("experience", "strength", "Kept across versions"),
            submission_key="old-1",
        )
        assert again.id == kept.id
    finally:
        upgraded.close()


def test_ballots_stored_before_version_4_keep_their_dots(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = new_token()
    with monkeypatch.context() as before_lists:
        before_lists.setattr("facilitator.store.db.MIGRATIONS", MIGRATIONS[:3])
        old = Store(database)
        with old.write() as cur:
            # In version 3's own columns (see the first-version test above).
            cur.execute(
                "INSERT INTO workshops (id, code, title, organisation, language, customer_type,"
                " industry, channels, passphrase_hash, created_at) VALUES (1, 'ABC234', 'Old',"
                " 'Org', 'fi', 'consumer', 'retail', ARRAY['in_person'], 'x', current_timestamp)"
            )
            cur.execute(
                "INSERT INTO participants (id, workshop_id, token_hash, role, joined_at)"
                " VALUES (1, 1, ?, 'frontline', current_timestamp)",
                [token_hash(token)],
            )
            for ballot_id, dots in [(1, [(7, 2), (5, 1)]), (2, [(9, 3)])]:
                cur.execute(
                    "INSERT INTO ballots (id, workshop_id, participant_id, kind, submitted_at)"
                    " VALUES (?, ?, ?, 'strength', current_timestamp)",
                    [ballot_id, 1, 1],
                )
                cur.executemany(
                    "INSERT INTO ballot_dots (ballot_id, observation_id, dots) VALUES (?, ?, ?)",
                    [[ballot_id, item, n] for item, n in dots],
                )
        old.close()

    upgraded = Store(database)
    try:
        me = participants.by_token(upgraded, 1, token)
        with upgraded.read() as cur:
            rows = cur.execute("SELECT * FROM ballot_dots ORDER BY 1, 2, 3").fetchall()
        assert rows == [(1, 5, 1), (1, 7, 2), (2, 9, 3)]
        # The latest ballot counts, as before.
        assert voting.my_ballot(upgraded, me, "strength") == {9: 3}
    finally:
        upgraded.close()


def test_keys_stored_twice_before_version_8_keep_their_rows_and_the_first_keeps_its_key(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two processes racing before migration 8, or a hand-edited backup restored: the unique
    # index must not stop the app from opening, and no stored input may go.
    with monkeypatch.context() as before_keys:
        before_keys.setattr("facilitator.store.db.MIGRATIONS", MIGRATIONS[:6])
        old = Store(database)
        with old.write() as cur:
            for row_id in (1, 2, 3):
                cur.execute(
                    "INSERT INTO proposals (id, workshop_id, phase_id, text, submission_key,"
                    " created_at) VALUES (?, 1, 1, 'sama', 'k1', current_timestamp)",
                    [row_id],
                )
                cur.execute(
                    "INSERT INTO contributions (id, workshop_id, prompt, text, submission_key,"
                    " created_at) VALUES (?, 1, 'help', 'sama', 'k1', current_timestamp)",
                    [row_id],
                )
                cur.execute(
                    "INSERT INTO ballots (id, workshop_id, participant_id, kind, submission_key,"
                    " submitted_at) VALUES (?, 1, 1, 'strength', 'k1', current_timestamp)",
                    [row_id],
                )
        old.close()

    upgraded = Store(database)
    try:
        with upgraded.read() as cur:
            for table in ("proposals", "contributions", "ballots"):
                rows = cur.execute(
                    f"SELECT id, submission_key FROM {table} ORDER BY id"  # noqa: S608
                ).fetchall()
                assert rows == [(1, "k1"), (2, None), (3, None)], table
        assert _recorded(upgraded)[-1][0] == MIGRATIONS[-1][0]
    finally:
        upgraded.close()
