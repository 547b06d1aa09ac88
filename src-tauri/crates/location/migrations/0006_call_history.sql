-- Call history: one row per call once it is over (placed, answered, missed or declined), newest first when
-- read. Ordinary rows the app prunes to a bounded length; emergency calls are also in the audit log, which is
-- never pruned.
CREATE TABLE call_history (
    id             INTEGER PRIMARY KEY,
    call_id        TEXT    NOT NULL UNIQUE,
    direction      TEXT    NOT NULL CHECK (direction IN ('outgoing', 'incoming')),
    kind           TEXT    NOT NULL,           -- normal, emergency, emergency_test, incoming
    remote         TEXT    NOT NULL,           -- the number or URI dialed, or the caller
    remote_name    TEXT,                       -- the caller's display name, when one came
    started_at     TEXT    NOT NULL,           -- RFC 3339 UTC with milliseconds
    answered_at    TEXT,
    ended_at       TEXT    NOT NULL,
    end_reason     TEXT    NOT NULL,
    callback_did   TEXT,                       -- emergency and test calls: the caller ID sent
    location_sent  TEXT,                       -- emergency and test calls: the location sent, on one line
    possible_emergency_callback INTEGER NOT NULL DEFAULT 0 CHECK (possible_emergency_callback IN (0, 1))
) STRICT;

CREATE INDEX call_history_newest_first ON call_history (started_at DESC, id DESC);
