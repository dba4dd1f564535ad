-- The trash of each kind found without reading every record of its owner: emptying or listing
-- the trash looked for `deleted_at IS NOT NULL` through the owner's index and read every
-- meeting (12,855 in a 30,000-person network: 8-12 ms per statement, and both `rapport trash`
-- and emptying it ask), and every opening of every account (openings had no index by owner,
-- so their list read them all too). Meetings and organizations get a partial index holding only
-- trashed records, which no ordinary write touches; openings, few and rarely written, one by
-- owner that serves their list as well. People have had theirs from the start
-- (`people_by_name` begins with owner, deleted_at).
CREATE INDEX IF NOT EXISTS meetings_trashed ON meetings(owner, deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS organizations_trashed ON organizations(owner, deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS openings_by_owner ON openings(owner, deleted_at);
