-- Locations (personal and IT), IT network rules and trusted public IPs, personal network records keyed by the
-- keyed fingerprint id (never raw MACs or BSSIDs), and the history of confirmations.
CREATE TABLE locations (
    id            TEXT    PRIMARY KEY,
    label         TEXT    NOT NULL,
    address_json  TEXT    NOT NULL,               -- CivicAddress as JSON
    source        TEXT    NOT NULL CHECK (source IN ('it_map', 'personal')),
    dispatchable  INTEGER NOT NULL CHECK (dispatchable IN (0, 1)),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    deleted_at    TEXT                             -- personal locations are soft-deleted: history refers to them
) STRICT;

CREATE TABLE network_rules (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    location_id   TEXT    NOT NULL REFERENCES locations (id) ON DELETE CASCADE,
    source        TEXT    NOT NULL CHECK (source IN ('it_map', 'personal'))
) STRICT;
CREATE INDEX network_rules_location ON network_rules (location_id);

CREATE TABLE trusted_public_ips (
    cidr          TEXT    PRIMARY KEY
) STRICT;

CREATE TABLE personal_networks (
    fingerprint_id    TEXT    PRIMARY KEY,
    location_id       TEXT    REFERENCES locations (id),
    how_obtained      TEXT    NOT NULL CHECK (how_obtained IN ('user_confirmed', 'user_entered')),
    confirmed_at      TEXT    NOT NULL,
    moving_with_user  INTEGER NOT NULL CHECK (moving_with_user IN (0, 1))
) STRICT;

CREATE TABLE confirmations (
    id              INTEGER PRIMARY KEY,
    fingerprint_id  TEXT,
    location_id     TEXT    REFERENCES locations (id),
    how_obtained    TEXT    NOT NULL,
    reason          TEXT    NOT NULL,
    at              TEXT    NOT NULL
) STRICT;
