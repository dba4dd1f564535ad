-- Both full-text indexes without their per-document column sizes (`columnsize = 0`). FTS5
-- keeps them, one row per document in a `_docsize` table, only for bm25 and the other
-- functions that weigh a match by the length of its column; rapport ranks matches itself
-- (search.rs: newest matches, scored in Rust), so the sizes were written and never read. That
-- row was a third of what indexing a person cost: a 30,000-person import spent ~0.1 s on it.
-- Rebuilt from the content tables, which hold the rows the writer indexed.
DROP TABLE people_fts;
CREATE VIRTUAL TABLE people_fts USING fts5(
    full_name, search_text,
    content = 'people', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2',
    columnsize = 0
);
INSERT INTO people_fts (people_fts) VALUES ('rebuild');

DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body,
    content = 'search_docs', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3',
    columnsize = 0
);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
