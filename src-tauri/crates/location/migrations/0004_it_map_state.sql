-- The IT map in force (one row), its E911 DID assignments, and what each delivery source last did. Written in
-- the same transaction as the map's locations and rules, so they can never disagree.
CREATE TABLE it_map (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    org          TEXT    NOT NULL,
    serial       INTEGER NOT NULL,
    issued       TEXT    NOT NULL,
    expires      TEXT    NOT NULL,
    source       TEXT    NOT NULL,               -- URL or file it came from
    sha256       TEXT    NOT NULL,               -- of the signed bytes
    signed_by    TEXT    NOT NULL,               -- minisign key id
    policy_json  TEXT    NOT NULL,               -- the map's policy hints
    applied_at   TEXT    NOT NULL
) STRICT;

CREATE TABLE it_map_dids (
    location_id  TEXT NOT NULL,
    did          TEXT NOT NULL,
    PRIMARY KEY (location_id, did)
) STRICT;

CREATE TABLE map_sources (
    source         TEXT PRIMARY KEY,             -- URL or drop folder
    etag           TEXT,                         -- last ETag served with a map we processed
    last_check     TEXT,
    last_success   TEXT,
    last_error     TEXT,                         -- NULL after a success
    last_sha256    TEXT                          -- of the last body processed, to skip re-processing it
) STRICT;
