-- Interop: what imports wrote (so a re-import changes nothing and never overwrites a hand edit
-- unseen), and the merges of duplicate people (so the last one can be undone). Append-only.
-- The number 0002 belongs to another change; this one is 0003 whatever lands first.

-- What the last import from one source (`linkedin`, `google`, `vcard`, …) wrote for a person:
-- the values as that import set them, encoded by the import use case. A field whose value
-- still equals what the import wrote was not edited by hand since.
-- Keyed by person first (a person's rows go with them); the owner is the person's, kept here
-- so reading one source's rows needs no join.
CREATE TABLE import_provenance (
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    owner BLOB NOT NULL,
    source TEXT NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (person_id, source)
) STRICT, WITHOUT ROWID;

-- One row per merge of two people: the one kept, the one merged into it (moved to the trash),
-- what was re-pointed and what the two looked like before, so an undo can put everything back.
CREATE TABLE merges (
    id BLOB PRIMARY KEY,
    owner BLOB NOT NULL REFERENCES accounts(id),
    at INTEGER NOT NULL,
    winner BLOB NOT NULL,
    loser BLOB NOT NULL,
    moved TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    undone_at INTEGER
) STRICT;
CREATE INDEX merges_by_owner ON merges(owner, at);

-- A person's photo, kept from a vCard when the import was asked to keep photos.
CREATE TABLE person_photos (
    person_id BLOB PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    bytes BLOB NOT NULL
) STRICT, WITHOUT ROWID;
