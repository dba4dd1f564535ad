-- `people` and `search_docs` number their rows with plain row ids instead of AUTOINCREMENT,
-- which rewrote the table's `sqlite_sequence` row after every insert (4 % of a 30,000-row
-- LinkedIn import). The row id of the last row, once deleted, may be given again; the search
-- index's bookkeeping (search.rs) allows for that. Each table is rebuilt the way
-- sqlite.org/lang_altertable.html ("other kinds of table schema changes") describes: migrations
-- run with references unchecked and checked before each commits (migrate.rs), so dropping the
-- old table deletes nothing else. Every index and trigger of both tables is made again as it was.
-- The renames run in the legacy mode: the current one checks every trigger as it renames, and
-- the triggers that name a rebuilt table find none at that moment.
PRAGMA legacy_alter_table = ON;

CREATE TABLE people_new (
    seq INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    full_name TEXT NOT NULL,
    given_name TEXT,
    family_name TEXT,
    name_key TEXT NOT NULL,
    emails TEXT NOT NULL,
    phones TEXT NOT NULL,
    links TEXT NOT NULL,
    organization_id BLOB REFERENCES organizations(id) ON DELETE SET NULL,
    title TEXT,
    location TEXT,
    source_kind TEXT NOT NULL,
    source_detail TEXT,
    source_person BLOB,
    closeness INTEGER NOT NULL,
    frequency TEXT NOT NULL,
    years_known INTEGER NOT NULL,
    reciprocity INTEGER NOT NULL,
    shared_contexts INTEGER NOT NULL,
    mutual_connections INTEGER NOT NULL,
    messages_12m INTEGER NOT NULL,
    function_relevance INTEGER NOT NULL,
    levels_above INTEGER,
    promoted INTEGER NOT NULL,
    email_findability INTEGER NOT NULL,
    affinities TEXT NOT NULL,
    skills TEXT NOT NULL,
    recruiter INTEGER NOT NULL,
    stage TEXT NOT NULL,
    segment TEXT NOT NULL,
    segment_manual INTEGER NOT NULL,
    tier TEXT,
    referral TEXT NOT NULL,
    loop_closed TEXT NOT NULL,
    do_not_contact INTEGER NOT NULL,
    last_touch_at INTEGER,
    deleted_at INTEGER,
    -- What one might type to find them besides their name: emails, title, employer,
    -- location, tags, skills, affinities.
    search_text TEXT NOT NULL,
    -- Tags and employments as JSON, so a person reads in one row; `person_tags` and
    -- `employments` below index them for filters and "who worked at X".
    tags TEXT NOT NULL,
    employments TEXT NOT NULL
) STRICT;
INSERT INTO people_new SELECT * FROM people;
DROP TABLE people;
ALTER TABLE people_new RENAME TO people;
CREATE INDEX people_by_name ON people(owner, deleted_at, name_key);
CREATE INDEX people_by_organization ON people(organization_id);
CREATE TRIGGER people_counts_ad AFTER DELETE ON people BEGIN
    UPDATE people_counts SET live = live - (old.deleted_at IS NULL), trashed = trashed - (old.deleted_at IS NOT NULL)
        WHERE owner = old.owner;
END;
CREATE TRIGGER people_counts_au AFTER UPDATE OF deleted_at ON people
WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
    UPDATE people_counts SET live = live + (new.deleted_at IS NULL) - (old.deleted_at IS NULL),
        trashed = trashed + (new.deleted_at IS NOT NULL) - (old.deleted_at IS NOT NULL)
        WHERE owner = new.owner;
END;
CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN
    DELETE FROM search_docs WHERE person_id = old.id;
    DELETE FROM notes WHERE subject_id = old.id;
END;
CREATE TRIGGER people_trash_hides_reminders AFTER UPDATE OF deleted_at ON people
WHEN old.deleted_at IS NOT new.deleted_at
BEGIN
    UPDATE reminders SET hidden = (new.deleted_at IS NOT NULL) WHERE person_id = new.id;
END;

CREATE TABLE search_docs_new (
    id INTEGER PRIMARY KEY,
    owner BLOB NOT NULL,
    kind TEXT NOT NULL,
    entity BLOB NOT NULL UNIQUE,
    person_id BLOB,
    hidden INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
INSERT INTO search_docs_new SELECT * FROM search_docs;
DROP TABLE search_docs;
ALTER TABLE search_docs_new RENAME TO search_docs;
CREATE INDEX search_docs_by_person ON search_docs(person_id);

DELETE FROM sqlite_sequence WHERE name IN ('people', 'search_docs');
PRAGMA legacy_alter_table = OFF;
