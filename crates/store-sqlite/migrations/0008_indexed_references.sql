-- An index for every reference a delete has to follow. Deleting a meeting, an opening or an
-- organization makes SQLite find the rows that refer to it (to set them to NULL, or delete
-- them); without an index on the referring column that is a scan of the whole table: a
-- meeting's delete read all 72,000 interactions of a 30,000-person network (24 ms each, so
-- emptying a trash of many meetings took seconds). Partial where the column is mostly
-- empty: an index holds only the rows that refer to something, so the import's first
-- touches (no meeting, no opening) write nothing more. References to accounts are left
-- out: an account is never deleted.
CREATE INDEX IF NOT EXISTS interactions_by_meeting ON interactions(meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS interactions_by_opening ON interactions(opening_id) WHERE opening_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS meetings_by_opening ON meetings(opening_id) WHERE opening_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS introductions_by_meeting ON introductions(meeting_id) WHERE meeting_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS relationships_by_organization ON relationships(organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS tasks_by_person ON tasks(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS tasks_by_organization ON tasks(organization_id) WHERE organization_id IS NOT NULL;
