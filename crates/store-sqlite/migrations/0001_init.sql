-- rapport's first schema. Append-only: never edit a migration that has shipped; add a new one.
-- Times are INTEGER microseconds since the Unix epoch (UTC); dates are TEXT 'YYYY-MM-DD';
-- ids are 16-byte UUID blobs; small lists are JSON arrays in TEXT.

CREATE TABLE accounts (
    id BLOB PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE organizations (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    domain TEXT,
    industry TEXT,
    advocacy INTEGER,
    motivation INTEGER,
    posting INTEGER,
    user_order INTEGER,
    status TEXT NOT NULL,
    research_notes TEXT,
    has_bonus INTEGER NOT NULL DEFAULT 0,
    bonus_amount INTEGER,
    bonus_currency TEXT,
    bonus_notes TEXT,
    digital_industry INTEGER NOT NULL DEFAULT 0,
    source_lens TEXT,
    deleted_at INTEGER
) STRICT;
CREATE INDEX organizations_by_name ON organizations(owner, name_key);

-- `seq` orders people by when they were added and is the row the full-text index points at;
-- `id` is the stable id everything else refers to.
CREATE TABLE people (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
CREATE INDEX people_by_name ON people(owner, deleted_at, name_key);
CREATE INDEX people_by_organization ON people(organization_id);

-- How many people each account has, live and in the trash: the People list shows the total
-- on every page, and counting 30,000 index entries each time cost more than the page itself.
-- Inserts add to it from the code, once per batch (a per-row trigger doubled the cost of
-- writing a person); deletes and trips to the trash keep it by the triggers below.
CREATE TABLE people_counts (
    owner BLOB PRIMARY KEY,
    live INTEGER NOT NULL DEFAULT 0,
    trashed INTEGER NOT NULL DEFAULT 0
) STRICT;
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

CREATE TABLE person_tags (
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (person_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_tags_by_tag ON person_tags(tag);

-- Identity keys (email, LinkedIn URL, phone) for duplicate matching on import; the folded
-- name is `people.name_key`. The owner is the person's: lookups join `people`.
CREATE TABLE person_keys (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, key, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_keys_by_person ON person_keys(person_id);

CREATE TABLE employments (
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title TEXT,
    start_year INTEGER,
    end_year INTEGER,
    PRIMARY KEY (person_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX employments_by_organization ON employments(organization_id);

CREATE TABLE openings (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    jd_text TEXT,
    jd_url TEXT,
    req_id TEXT,
    status TEXT NOT NULL,
    status_changed_at INTEGER NOT NULL,
    referrer_id BLOB REFERENCES people(id) ON DELETE SET NULL,
    deleted_at INTEGER
) STRICT;
CREATE INDEX openings_by_organization ON openings(organization_id);
CREATE INDEX openings_by_referrer ON openings(referrer_id);

CREATE TABLE meetings (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    scheduled_at INTEGER NOT NULL,
    duration_min INTEGER NOT NULL,
    mode TEXT NOT NULL,
    location TEXT,
    agenda TEXT,
    notes TEXT,
    status TEXT NOT NULL,
    opening_id BLOB REFERENCES openings(id) ON DELETE SET NULL,
    reciprocal_offer TEXT,
    they_asked_for TEXT,
    payer TEXT,
    paid_amount_minor INTEGER,
    paid_currency TEXT,
    rapport INTEGER,
    opening_close TEXT,
    debriefed_at INTEGER,
    deleted_at INTEGER
) STRICT;
CREATE INDEX meetings_by_person ON meetings(person_id, scheduled_at);
CREATE INDEX meetings_by_time ON meetings(owner, scheduled_at);

CREATE TABLE meeting_questions (
    meeting_id BLOB NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question_id BLOB NOT NULL,
    PRIMARY KEY (meeting_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE clues (
    meeting_id BLOB NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    tiara TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE gifts (
    meeting_id BLOB NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    person_id BLOB,
    introduction_id BLOB,
    opening_id BLOB,
    url TEXT,
    PRIMARY KEY (meeting_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE promises (
    id BLOB PRIMARY KEY,
    meeting_id BLOB NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    owed_by TEXT NOT NULL,
    text TEXT NOT NULL,
    due TEXT,
    done_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX promises_by_meeting ON promises(meeting_id, position);

CREATE TABLE interactions (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    direction TEXT NOT NULL,
    at INTEGER NOT NULL,
    at_source TEXT NOT NULL,
    text TEXT,
    outcome TEXT,
    meeting_id BLOB REFERENCES meetings(id) ON DELETE SET NULL,
    opening_id BLOB REFERENCES openings(id) ON DELETE SET NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX interactions_by_person ON interactions(person_id, at);
CREATE INDEX interactions_by_time ON interactions(owner, at);

CREATE TABLE introductions (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    introducer_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    introduced_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    meeting_id BLOB REFERENCES meetings(id) ON DELETE SET NULL,
    state TEXT NOT NULL,
    state_changed_at INTEGER NOT NULL,
    note TEXT
) STRICT;
CREATE INDEX introductions_by_introducer ON introductions(introducer_id);
CREATE INDEX introductions_by_introduced ON introductions(introduced_id);

CREATE TABLE tasks (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    title TEXT NOT NULL,
    person_id BLOB REFERENCES people(id) ON DELETE CASCADE,
    organization_id BLOB REFERENCES organizations(id) ON DELETE SET NULL,
    due TEXT,
    done_at INTEGER
) STRICT;
CREATE INDEX tasks_by_owner ON tasks(owner, done_at);

CREATE TABLE notes (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_id BLOB NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX notes_by_subject ON notes(subject_id, created_at);
CREATE INDEX notes_by_owner ON notes(owner, created_at);

CREATE TABLE questions (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    text TEXT NOT NULL,
    category TEXT NOT NULL,
    tags TEXT NOT NULL
) STRICT;

CREATE TABLE relationships (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    created_at INTEGER NOT NULL,
    a BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    b BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    organization_id BLOB REFERENCES organizations(id) ON DELETE SET NULL,
    from_year INTEGER,
    to_year INTEGER,
    note TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX relationships_by_a ON relationships(a);
CREATE INDEX relationships_by_b ON relationships(b);

CREATE TABLE profiles (
    owner BLOB PRIMARY KEY REFERENCES accounts(id),
    updated_at INTEGER NOT NULL,
    name TEXT,
    email TEXT,
    pitch TEXT,
    goals TEXT,
    target_roles TEXT NOT NULL,
    target_industry TEXT,
    skills TEXT NOT NULL,
    affinities TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    holidays TEXT NOT NULL,
    cutoff_hour INTEGER NOT NULL,
    reminder_hour INTEGER NOT NULL,
    edition TEXT NOT NULL,
    active_employers INTEGER NOT NULL,
    search_active INTEGER NOT NULL
) STRICT;

-- Full-text search. People are indexed straight from their row by `people_fts` (name and
-- `search_text`); organizations, openings, notes and meetings have one document each in
-- `search_docs`, indexed by `search_fts`. Both are external-content FTS5 tables, kept in step
-- by the writer at commit (see search.rs): FTS5 flushes its pending index at every statement
-- savepoint, so indexing row by row inside a transaction would cost a flush per row. Row ids
-- only grow (AUTOINCREMENT), so "added in this transaction" is "above the mark taken at its
-- start". `hidden` is set while the record (or its person) is in the trash.
CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner BLOB NOT NULL,
    kind TEXT NOT NULL,
    entity BLOB NOT NULL UNIQUE,
    person_id BLOB,
    hidden INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    body TEXT NOT NULL
) STRICT;
CREATE INDEX search_docs_by_person ON search_docs(person_id);

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body,
    content = 'search_docs', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

CREATE VIRTUAL TABLE people_fts USING fts5(
    full_name, search_text,
    content = 'people', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Records leave the search index with them, however they are deleted (directly or by a
-- cascade), and a person's notes go with the person.
CREATE TRIGGER people_ad AFTER DELETE ON people BEGIN
    DELETE FROM search_docs WHERE person_id = old.id;
    DELETE FROM notes WHERE subject_id = old.id;
END;
CREATE TRIGGER organizations_ad AFTER DELETE ON organizations BEGIN
    DELETE FROM search_docs WHERE entity = old.id;
    DELETE FROM notes WHERE subject_id = old.id;
END;
CREATE TRIGGER openings_ad AFTER DELETE ON openings BEGIN
    DELETE FROM search_docs WHERE entity = old.id;
    DELETE FROM notes WHERE subject_id = old.id;
END;
CREATE TRIGGER meetings_ad AFTER DELETE ON meetings BEGIN
    DELETE FROM search_docs WHERE entity = old.id;
    DELETE FROM notes WHERE subject_id = old.id;
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
    DELETE FROM search_docs WHERE entity = old.id;
END;
