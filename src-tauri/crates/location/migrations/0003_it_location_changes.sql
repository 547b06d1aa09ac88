-- When an IT map apply last changed anything about an IT location (its address, label or any rule pointing at
-- it). A user who confirmed a network before such a change is asked again (ARCHITECTURE.md §5).
CREATE TABLE it_location_changes (
    location_id  TEXT PRIMARY KEY,
    changed_at   TEXT NOT NULL
) STRICT;
