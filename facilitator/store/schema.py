"""The schema as numbered, named migrations; `db.migrate` records each in schema_migrations."""

from __future__ import annotations

# DuckDB rewrites an UPDATE as delete + insert where indexes are involved, so there are no
# foreign keys here (they would block updating a referenced row) and indexed columns are
# never updated; the services keep references consistent.
INITIAL = [
    "CREATE SEQUENCE workshop_ids START 1",
    "CREATE TABLE workshops ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('workshop_ids'),"
    " code VARCHAR NOT NULL UNIQUE,"
    " title VARCHAR NOT NULL,"
    " organisation VARCHAR NOT NULL,"
    " language VARCHAR NOT NULL,"
    " customer_type VARCHAR NOT NULL,"
    " industry VARCHAR NOT NULL,"
    " channels VARCHAR[] NOT NULL,"
    " passphrase_hash VARCHAR NOT NULL,"
    " step VARCHAR NOT NULL DEFAULT 'lobby',"
    " input_open BOOLEAN NOT NULL DEFAULT TRUE,"
    " results_visible BOOLEAN NOT NULL DEFAULT TRUE,"
    " joining_open BOOLEAN NOT NULL DEFAULT TRUE,"
    " timer_ends_at TIMESTAMP,"
    " created_at TIMESTAMP NOT NULL)",
    "CREATE SEQUENCE participant_ids START 1",
    "CREATE TABLE participants ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('participant_ids'),"
    " workshop_id BIGINT NOT NULL,"
    " token_hash VARCHAR NOT NULL UNIQUE,"
    " role VARCHAR NOT NULL,"
    " name VARCHAR,"
    " joined_at TIMESTAMP NOT NULL)",
    "CREATE INDEX participants_by_workshop ON participants (workshop_id)",
    "CREATE TABLE facilitator_sessions ("
    " token_hash VARCHAR PRIMARY KEY,"
    " workshop_id BIGINT NOT NULL,"
    " created_at TIMESTAMP NOT NULL)",
    "CREATE SEQUENCE observation_ids START 1",
    "CREATE TABLE observations ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('observation_ids'),"
    " workshop_id BIGINT NOT NULL,"
    " participant_id BIGINT,"
    " author_role VARCHAR NOT NULL,"
    " viewpoint VARCHAR NOT NULL,"
    " kind VARCHAR NOT NULL,"
    " text VARCHAR NOT NULL,"
    " score DOUBLE,"
    " source VARCHAR NOT NULL,"
    " hidden BOOLEAN NOT NULL DEFAULT FALSE,"
    " submission_key VARCHAR,"
    " created_at TIMESTAMP NOT NULL,"
    " updated_at TIMESTAMP NOT NULL)",
    "CREATE INDEX observations_by_workshop ON observations (workshop_id)",
    "CREATE UNIQUE INDEX observations_by_submission ON observations (workshop_id, submission_key)",
]

# Step 2: merges point at the kept observation; a ballot is never updated or deleted, a new
# one replaces it (the latest per participant and kind counts), so a retry cannot count twice.
IDENTIFY = [
    # DuckDB alters no table that an index depends on: drop the indexes, alter, rebuild them.
    "DROP INDEX observations_by_workshop",
    "DROP INDEX observations_by_submission",
    "ALTER TABLE observations ADD COLUMN merged_into BIGINT",
    "ALTER TABLE observations ADD COLUMN is_key BOOLEAN NOT NULL DEFAULT FALSE",
    "CREATE INDEX observations_by_workshop ON observations (workshop_id)",
    "CREATE UNIQUE INDEX observations_by_submission ON observations (workshop_id, submission_key)",
    "ALTER TABLE workshops ADD COLUMN dot_budget INTEGER NOT NULL DEFAULT 5",
    "ALTER TABLE workshops ADD COLUMN max_per_item INTEGER NOT NULL DEFAULT 3",
    "CREATE SEQUENCE ballot_ids START 1",
    "CREATE TABLE ballots ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('ballot_ids'),"
    " workshop_id BIGINT NOT NULL,"
    " participant_id BIGINT NOT NULL,"
    " kind VARCHAR NOT NULL,"
    " submission_key VARCHAR,"
    " submitted_at TIMESTAMP NOT NULL)",
    "CREATE INDEX ballots_by_workshop ON ballots (workshop_id)",
    "CREATE TABLE ballot_dots ("
    " ballot_id BIGINT NOT NULL,"
    " observation_id BIGINT NOT NULL,"
    " dots INTEGER NOT NULL)",
    "CREATE INDEX ballot_dots_by_ballot ON ballot_dots (ballot_id)",
]

# Steps 3 to 5 and the plan. Participants' inputs are append-only (the latest row per person
# and subject counts), like ballots; the facilitator's lists are replaced whole.
MODEL = [
    "ALTER TABLE workshops ADD COLUMN model_name VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE workshops ADD COLUMN model_promise VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE workshops ADD COLUMN tone_words VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE workshops ADD COLUMN judgement VARCHAR NOT NULL DEFAULT ''",
    "CREATE SEQUENCE phase_ids START 1",
    "CREATE TABLE phases ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('phase_ids'),"
    " workshop_id BIGINT NOT NULL,"
    " position INTEGER NOT NULL,"
    " name VARCHAR NOT NULL,"
    " target_state VARCHAR NOT NULL DEFAULT '',"
    " critical BOOLEAN NOT NULL DEFAULT FALSE)",
    "CREATE TABLE placements (workshop_id BIGINT NOT NULL, observation_id BIGINT NOT NULL,"
    " phase_id BIGINT NOT NULL)",
    "CREATE SEQUENCE input_ids START 1",
    "CREATE TABLE phase_suggestions ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('input_ids'),"
    " workshop_id BIGINT NOT NULL, participant_id BIGINT NOT NULL,"
    " observation_id BIGINT NOT NULL, phase_id BIGINT, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE behaviours ("
    " workshop_id BIGINT NOT NULL, phase_id BIGINT NOT NULL, position INTEGER NOT NULL,"
    " text VARCHAR NOT NULL, fixed BOOLEAN NOT NULL)",
    "CREATE TABLE proposals ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('input_ids'),"
    " workshop_id BIGINT NOT NULL, phase_id BIGINT NOT NULL, participant_id BIGINT,"
    " text VARCHAR NOT NULL, hidden BOOLEAN NOT NULL DEFAULT FALSE,"
    " submission_key VARCHAR, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE proposal_votes ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('input_ids'),"
    " workshop_id BIGINT NOT NULL, participant_id BIGINT NOT NULL, phase_id BIGINT NOT NULL,"
    " proposal_ids BIGINT[] NOT NULL, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE ratings ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('input_ids'),"
    " workshop_id BIGINT NOT NULL, participant_id BIGINT NOT NULL, phase_id BIGINT NOT NULL,"
    " rating VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE consent ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('input_ids'),"
    " workshop_id BIGINT NOT NULL, participant_id BIGINT NOT NULL,"
    " fingers INTEGER NOT NULL, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE plan_rows ("
    " workshop_id BIGINT NOT NULL, section VARCHAR NOT NULL, position INTEGER NOT NULL,"
    " fields VARCHAR[] NOT NULL)",
    "CREATE TABLE contributions ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('input_ids'),"
    " workshop_id BIGINT NOT NULL, participant_id BIGINT, prompt VARCHAR NOT NULL,"
    " text VARCHAR NOT NULL, curated BOOLEAN NOT NULL DEFAULT FALSE,"
    " hidden BOOLEAN NOT NULL DEFAULT FALSE, submission_key VARCHAR,"
    " created_at TIMESTAMP NOT NULL)",
]

# A ballot's dots move into the ballot's own row, so that storing a ballot is one statement
# (issue 6: every statement under the write lock costs a GIL hand-over in a full room).
# `ballot_dots` stays, as a view with the columns it had as a table.
BALLOT_LISTS = [
    "DROP INDEX ballots_by_workshop",
    "ALTER TABLE ballots ADD COLUMN dot_items BIGINT[] NOT NULL DEFAULT []",
    "ALTER TABLE ballots ADD COLUMN dot_counts INTEGER[] NOT NULL DEFAULT []",
    "UPDATE ballots SET dot_items = d.items, dot_counts = d.counts FROM ("
    " SELECT ballot_id, list(observation_id ORDER BY observation_id) AS items,"
    " list(dots ORDER BY observation_id) AS counts FROM ballot_dots GROUP BY ballot_id) d"
    " WHERE d.ballot_id = ballots.id",
    "DROP INDEX ballot_dots_by_ballot",
    "DROP TABLE ballot_dots",
    "CREATE VIEW ballot_dots AS SELECT id AS ballot_id,"
    " unnest(dot_items) AS observation_id, unnest(dot_counts) AS dots FROM ballots",
    "CREATE INDEX ballots_by_workshop ON ballots (workshop_id)",
    "CREATE INDEX ballots_by_participant ON ballots (participant_id, kind)",
]

# Issue 15: the documents name the facilitator and the day the room agreed the model (left
# step 5 forward), not the day they were printed.
AGREED = [
    "ALTER TABLE workshops ADD COLUMN facilitator VARCHAR NOT NULL DEFAULT ''",
    "ALTER TABLE workshops ADD COLUMN agreed_on DATE",
]

# Issue 17: following the roll-out after the workshop. Observation visits and pulse answers keep
# their lists in their own row (like a ballot), so that storing one is one statement under the
# write lock when fifty observers send at once. A visit keeps the behaviours' words as they were
# marked: a model edited later does not change what an observer saw.
FOLLOW_UP = [
    "ALTER TABLE facilitator_sessions ADD COLUMN role VARCHAR NOT NULL DEFAULT 'facilitator'",
    "CREATE TABLE follow_up_leads ("
    " workshop_id BIGINT PRIMARY KEY, passphrase_hash VARCHAR NOT NULL,"
    " granted_at TIMESTAMP NOT NULL)",
    "CREATE SEQUENCE follow_up_ids START 1",
    "CREATE TABLE units ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " name VARCHAR NOT NULL, position INTEGER NOT NULL, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE tracked_metrics ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " phase_id BIGINT, name VARCHAR NOT NULL, measure VARCHAR NOT NULL,"
    " direction VARCHAR NOT NULL, baseline DOUBLE, target DOUBLE, frequency VARCHAR NOT NULL,"
    " position INTEGER NOT NULL, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE metric_results ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " metric_id BIGINT NOT NULL, period DATE NOT NULL, unit_id BIGINT NOT NULL,"
    " value DOUBLE NOT NULL, source VARCHAR NOT NULL, entered_at TIMESTAMP NOT NULL)",
    "CREATE UNIQUE INDEX metric_results_once ON metric_results (metric_id, period, unit_id)",
    "CREATE TABLE tracked_milestones ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " title VARCHAR NOT NULL, due DATE, owner VARCHAR NOT NULL, status VARCHAR NOT NULL,"
    " position INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL)",
    "CREATE TABLE coaching_log ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " day DATE NOT NULL, coach VARCHAR NOT NULL, unit_id BIGINT NOT NULL,"
    " topic VARCHAR NOT NULL, note VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)",
    "CREATE TABLE follow_up_codes ("
    " code VARCHAR PRIMARY KEY, workshop_id BIGINT NOT NULL, purpose VARCHAR NOT NULL,"
    " pulse_id BIGINT, opened_at TIMESTAMP NOT NULL, closed_at TIMESTAMP)",
    "CREATE TABLE follow_up_people ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " token_hash VARCHAR NOT NULL UNIQUE, purpose VARCHAR NOT NULL, pulse_id BIGINT,"
    " name VARCHAR NOT NULL, role VARCHAR, unit_id BIGINT, joined_at TIMESTAMP NOT NULL)",
    "CREATE TABLE observation_visits ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " person_id BIGINT NOT NULL, unit_id BIGINT NOT NULL, phase_id BIGINT NOT NULL,"
    " behaviours VARCHAR[] NOT NULL, marks VARCHAR[] NOT NULL, note VARCHAR NOT NULL,"
    " submission_key VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)",
    "CREATE UNIQUE INDEX observation_visits_once ON observation_visits"
    " (workshop_id, submission_key)",
    "CREATE TABLE pulses ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " opened_at TIMESTAMP NOT NULL, closed_at TIMESTAMP)",
    "CREATE TABLE pulse_answers ("
    " id BIGINT PRIMARY KEY DEFAULT nextval('follow_up_ids'), workshop_id BIGINT NOT NULL,"
    " pulse_id BIGINT NOT NULL, person_id BIGINT NOT NULL, phase_ids BIGINT[] NOT NULL,"
    " ratings VARCHAR[] NOT NULL, fingers INTEGER, submission_key VARCHAR NOT NULL,"
    " created_at TIMESTAMP NOT NULL)",
    "CREATE UNIQUE INDEX pulse_answers_once ON pulse_answers (workshop_id, submission_key)",
    # Version 2 of a model is a workshop of its own that names the one it carries on from.
    "ALTER TABLE workshops ADD COLUMN previous_id BIGINT",
]

# A send retried on two app processes at once (PostgreSQL, README "Scaling out"): each process
# checks for the earlier send in its own transaction and neither sees the other's row before it
# commits, so only the database can refuse the second. Observations, visits and pulse answers had
# such an index already. A send without a key (NULL) is never the same send, on either engine.
# A database that already holds the same key twice (a race of old, a hand-edited backup restored)
# keeps both rows: the later ones lose their key, which only a retry of that very send reads.
# A version of its own, committed before the indexes are built (DuckDB builds none on a table
# with updates not yet committed).
KEYS_ONCE = [
    "UPDATE proposals SET submission_key = NULL WHERE submission_key IS NOT NULL"
    " AND id NOT IN (SELECT min(id) FROM proposals WHERE submission_key IS NOT NULL"
    " GROUP BY workshop_id, submission_key)",
    "UPDATE contributions SET submission_key = NULL WHERE submission_key IS NOT NULL"
    " AND id NOT IN (SELECT min(id) FROM contributions WHERE submission_key IS NOT NULL"
    " GROUP BY workshop_id, submission_key)",
    "UPDATE ballots SET submission_key = NULL WHERE submission_key IS NOT NULL"
    " AND id NOT IN (SELECT min(id) FROM ballots WHERE submission_key IS NOT NULL"
    " GROUP BY participant_id, kind, submission_key)",
]

SENT_ONCE = [
    "CREATE UNIQUE INDEX proposals_once ON proposals (workshop_id, submission_key)",
    "CREATE UNIQUE INDEX contributions_once ON contributions (workshop_id, submission_key)",
    # One send stores a row per kind under its key (voting.submit_ballots).
    "CREATE UNIQUE INDEX ballots_once ON ballots (participant_id, kind, submission_key)",
]

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "initial: workshops, participants, facilitator sessions, observations", INITIAL),
    (2, "identify: merges, key items, dot budgets, ballots", IDENTIFY),
    (3, "order, target states, the model, the change plan", MODEL),
    (4, "a ballot's dots in its own row", BALLOT_LISTS),
    (5, "the workshop's facilitator and the day its model was agreed", AGREED),
    (6, "follow-up: units, metrics over time, observation rounds, pulse, versions", FOLLOW_UP),
    (7, "a submission key stored twice before version 8 kept by its first row", KEYS_ONCE),
    (8, "a send stored once across processes: unique submission keys", SENT_ONCE),
]
