-- Append-only, hash-chained audit log (invariant S5). Rows are only ever inserted; the triggers below make
-- UPDATE and DELETE fail so that no code path, ours or a careless admin's, can rewrite history silently.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,          -- 1, 2, 3, … in insertion order
    at         TEXT    NOT NULL,             -- RFC 3339 UTC timestamp with milliseconds
    kind       TEXT    NOT NULL,             -- e.g. "location.confirmed", "emergency.call"
    actor      TEXT    NOT NULL,             -- who caused it: "user", "it_map", "system", …
    payload    TEXT    NOT NULL,             -- canonical JSON (sorted keys, no whitespace)
    prev_hash  TEXT    NOT NULL,             -- hex SHA-256 of the previous entry, or 64 zeros for the first
    hash       TEXT    NOT NULL UNIQUE       -- hex SHA-256 over the canonical encoding of this entry
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
