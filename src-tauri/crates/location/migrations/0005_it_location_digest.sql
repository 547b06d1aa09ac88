-- A digest of what an IT map says about each IT location (label, address and every rule pointing at it), so an
-- apply rewrites only the locations that changed and marks exactly those in it_location_changes. NULL for
-- personal locations, for IT locations no longer in the map, and for IT maps applied before this column
-- existed (the next apply computes those from the stored rows).
ALTER TABLE locations ADD COLUMN content_digest TEXT;
