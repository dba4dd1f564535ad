//! Full-text search: one `search_docs` row per searchable record, indexed by the FTS5 table
//! `search_fts` (kept in step by triggers), and the query that ranks them.

use rapport_domain::ids::{AccountId, PersonId};
use rapport_store::{SearchHit, SearchKind, SearchQuery, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use crate::backend;

/// A search document to write.
pub(crate) struct Doc<'a> {
    pub(crate) owner: AccountId,
    pub(crate) kind: &'static str,
    pub(crate) entity: Uuid,
    pub(crate) person_id: Option<PersonId>,
    pub(crate) hidden: bool,
    pub(crate) title: &'a str,
    pub(crate) body: &'a str,
}

/// Writes the document of a record just inserted, which has none yet: a plain `INSERT`, a
/// third cheaper than the upsert of [`upsert_doc`] (30,000 imported notes).
pub(crate) fn insert_doc(conn: &Connection, doc: Doc<'_>) -> StoreResult<()> {
    put_doc(conn, INSERT_DOC, doc)
}

/// Writes a record's document, replacing the one it has.
pub(crate) fn upsert_doc(conn: &Connection, doc: Doc<'_>) -> StoreResult<()> {
    put_doc(conn, UPSERT_DOC, doc)
}

const INSERT_DOC: &str =
    "INSERT INTO search_docs (owner, kind, entity, person_id, hidden, title, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const UPSERT_DOC: &str = "INSERT INTO search_docs (owner, kind, entity, person_id, hidden, title, body) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
     ON CONFLICT (entity) DO UPDATE SET person_id = excluded.person_id, hidden = excluded.hidden, \
     title = excluded.title, body = excluded.body \
     WHERE title IS NOT excluded.title OR body IS NOT excluded.body OR hidden IS NOT excluded.hidden \
     OR person_id IS NOT excluded.person_id";

fn put_doc(conn: &Connection, sql: &str, doc: Doc<'_>) -> StoreResult<()> {
    conn.prepare_cached(sql)
        .map_err(backend)?
        .execute(params![
            doc.owner.as_uuid(),
            doc.kind,
            doc.entity,
            doc.person_id.map(|p| *p.as_uuid()),
            doc.hidden,
            doc.title,
            doc.body
        ])
        .map_err(backend)?;
    Ok(())
}

/// The writer connection's bookkeeping for the deferred indexes: which indexed rows changed
/// or went in this transaction, with the text they were indexed under (an external-content
/// FTS5 table can only forget a row given the exact text it indexed). Rows added in the
/// transaction need no bookkeeping: their ids lie above the [`Marks`] taken at its start,
/// but for one case: row ids are plain (migration 6), so once the last row is deleted a
/// new row may take its id again. A deleted row therefore stays marked dirty: at the flush
/// its old text leaves the index and whatever row holds its id then (none, or a new one)
/// goes in.
/// The triggers test before they insert rather than use `OR IGNORE`, because an upsert's own
/// conflict handling would override a trigger's.
pub(crate) const WRITER_SETUP: &str = "
    CREATE TEMP TABLE IF NOT EXISTS fts_dirty (tbl TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (tbl, id));
    CREATE TEMP TABLE IF NOT EXISTS fts_old (
        tbl TEXT NOT NULL, id INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (tbl, id));
    CREATE TEMP TRIGGER IF NOT EXISTS search_docs_au AFTER UPDATE OF title, body ON main.search_docs BEGIN
        INSERT INTO fts_old SELECT 'docs', old.id, old.title, old.body
            WHERE NOT EXISTS (SELECT 1 FROM fts_old WHERE tbl = 'docs' AND id = old.id);
        INSERT INTO fts_dirty SELECT 'docs', new.id
            WHERE NOT EXISTS (SELECT 1 FROM fts_dirty WHERE tbl = 'docs' AND id = new.id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS search_docs_ad AFTER DELETE ON main.search_docs BEGIN
        INSERT INTO fts_old SELECT 'docs', old.id, old.title, old.body
            WHERE NOT EXISTS (SELECT 1 FROM fts_old WHERE tbl = 'docs' AND id = old.id);
        INSERT INTO fts_dirty SELECT 'docs', old.id
            WHERE NOT EXISTS (SELECT 1 FROM fts_dirty WHERE tbl = 'docs' AND id = old.id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS people_index_au AFTER UPDATE OF full_name, search_text ON main.people BEGIN
        INSERT INTO fts_old SELECT 'people', old.seq, old.full_name, old.search_text
            WHERE NOT EXISTS (SELECT 1 FROM fts_old WHERE tbl = 'people' AND id = old.seq);
        INSERT INTO fts_dirty SELECT 'people', new.seq
            WHERE NOT EXISTS (SELECT 1 FROM fts_dirty WHERE tbl = 'people' AND id = new.seq);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS people_index_ad AFTER DELETE ON main.people BEGIN
        INSERT INTO fts_old SELECT 'people', old.seq, old.full_name, old.search_text
            WHERE NOT EXISTS (SELECT 1 FROM fts_old WHERE tbl = 'people' AND id = old.seq);
        INSERT INTO fts_dirty SELECT 'people', old.seq
            WHERE NOT EXISTS (SELECT 1 FROM fts_dirty WHERE tbl = 'people' AND id = old.seq);
    END;
";

/// The highest row ids of the indexed tables when a write transaction began.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Marks {
    people: i64,
    docs: i64,
}

pub(crate) fn marks(conn: &Connection) -> StoreResult<Marks> {
    conn.prepare_cached(
        "SELECT coalesce((SELECT max(seq) FROM people), 0), coalesce((SELECT max(id) FROM search_docs), 0)",
    )
    .map_err(backend)?
    .query_row([], |r| Ok(Marks { people: r.get(0)?, docs: r.get(1)? }))
    .map_err(backend)
}

/// Brings both full-text indexes in step with everything this transaction added, changed or
/// deleted, in a few set statements (one index flush instead of one per row). Runs just
/// before commit.
pub(crate) fn flush(conn: &Connection, marks: Marks) -> StoreResult<()> {
    let steps: [(&str, i64); 8] = [
        (
            "INSERT INTO people_fts (people_fts, rowid, full_name, search_text) \
             SELECT 'delete', id, title, body FROM temp.fts_old WHERE tbl = 'people' AND id <= ?1",
            marks.people,
        ),
        (
            "INSERT INTO search_fts (search_fts, rowid, title, body) \
             SELECT 'delete', id, title, body FROM temp.fts_old WHERE tbl = 'docs' AND id <= ?1",
            marks.docs,
        ),
        (
            "INSERT INTO people_fts (rowid, full_name, search_text) SELECT seq, full_name, search_text FROM people \
             WHERE seq IN (SELECT id FROM temp.fts_dirty WHERE tbl = 'people' AND id <= ?1)",
            marks.people,
        ),
        (
            "INSERT INTO search_fts (rowid, title, body) SELECT id, title, body FROM search_docs \
             WHERE id IN (SELECT id FROM temp.fts_dirty WHERE tbl = 'docs' AND id <= ?1)",
            marks.docs,
        ),
        (
            "INSERT INTO people_fts (rowid, full_name, search_text) SELECT seq, full_name, search_text FROM people WHERE seq > ?1",
            marks.people,
        ),
        (
            "INSERT INTO search_fts (rowid, title, body) SELECT id, title, body FROM search_docs WHERE id > ?1",
            marks.docs,
        ),
        ("DELETE FROM temp.fts_old WHERE ?1 IS NOT NULL", 0),
        ("DELETE FROM temp.fts_dirty WHERE ?1 IS NOT NULL", 0),
    ];
    for (sql, mark) in steps {
        conn.prepare_cached(sql).map_err(backend)?.execute([mark]).map_err(backend)?;
    }
    Ok(())
}

/// Hides or shows a record's document and the documents that belong to it (a person's
/// notes and meetings).
pub(crate) fn set_hidden(conn: &Connection, entity: Uuid, hidden: bool) -> StoreResult<()> {
    conn.prepare_cached("UPDATE search_docs SET hidden = ?2 WHERE entity = ?1 OR person_id = ?1")
        .map_err(backend)?
        .execute(params![entity, hidden])
        .map_err(backend)?;
    Ok(())
}

/// Turns typed words into an FTS5 query: each word quoted (so punctuation cannot break the
/// syntax), all required, the last one a prefix so results follow typing. `None` when there
/// is no word to search for.
pub(crate) fn fts_query(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let last = words.len().checked_sub(1)?;
    let mut query = String::new();
    for (idx, word) in words.iter().enumerate() {
        if idx > 0 {
            query.push(' ');
        }
        query.push('"');
        query.push_str(word);
        query.push('"');
        if idx == last {
            query.push('*');
        }
    }
    Some(query)
}

/// How many of the newest matches are ranked, per index. Scoring happens in Rust on what the
/// rows already hold, so the cost is bounded by this number whatever the query: a one- or
/// two-letter prefix that matches most documents costs no more than a full name. (bm25
/// counts every document of a prefix to weigh it, which took milliseconds on broad
/// prefixes.)
const RANK_CANDIDATES: i64 = 300;

pub(crate) fn search(conn: &Connection, owner: AccountId, query: &SearchQuery) -> StoreResult<Vec<SearchHit>> {
    let Some(fts) = fts_query(&query.text) else {
        return Ok(Vec::new());
    };
    let words = query_words(&query.text);
    let wanted = |kind: SearchKind| query.kinds.is_empty() || query.kinds.contains(&kind);
    let mut scored: Vec<Candidate> = Vec::new();
    // People and everything else live in two indexes; each gives its newest matches, and
    // the two lists are merged by score.
    if wanted(SearchKind::Person) {
        candidates(conn, Index::People, &fts, &words, owner, &mut scored)?;
    }
    if SearchKind::ALL.iter().any(|k| *k != SearchKind::Person && wanted(*k)) {
        candidates(conn, Index::Docs, &fts, &words, owner, &mut scored)?;
    }
    scored.retain(|c| wanted(c.hit.kind));
    scored.sort_by_key(|c| c.score);
    scored.truncate(query.limit.max(1) as usize);
    // Only the hits shown read their text and get a snippet: ranking needs titles only,
    // and reading every candidate's body (a note's text, a person's search text) was most
    // of a query's time.
    let mut hits = Vec::with_capacity(scored.len());
    for candidate in scored {
        let body = body_of(conn, candidate.index, candidate.rowid)?;
        let mut hit = candidate.hit;
        hit.snippet = snippet(&body, &words);
        hits.push(hit);
    }
    Ok(hits)
}

/// The two full-text indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Index {
    People,
    Docs,
}

impl Index {
    /// The query for its newest matches, scored on their titles.
    fn candidates_sql(self) -> &'static str {
        match self {
            Index::People => PEOPLE_CANDIDATES,
            Index::Docs => DOC_CANDIDATES,
        }
    }

    /// The text a hit's snippet is cut from, by the rowid the index knows it by.
    fn body_sql(self) -> &'static str {
        match self {
            Index::People => "SELECT search_text FROM people WHERE seq = ?1",
            Index::Docs => "SELECT body FROM search_docs WHERE id = ?1",
        }
    }
}

/// A match before it is chosen: its score, the hit without a snippet, and where its text is.
struct Candidate {
    score: Score,
    hit: SearchHit,
    index: Index,
    rowid: i64,
}

/// The text a hit's snippet is cut from.
fn body_of(conn: &Connection, index: Index, rowid: i64) -> StoreResult<String> {
    let body: Option<String> = conn
        .prepare_cached(index.body_sql())
        .map_err(backend)?
        .query_row([rowid], |r| r.get(0))
        .optional()
        .map_err(backend)?;
    Ok(body.unwrap_or_default())
}

/// How well a hit matches, best first: every typed word starts a word of the title (a name
/// typed as its start), then some do, then matches in the body only; within each, people
/// and organizations first, then the newest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    title: u8,
    kind: u8,
    newest: std::cmp::Reverse<i64>,
}

fn score(words: &[String], title: &str, kind: SearchKind, rowid: i64) -> Score {
    let title_words: Vec<String> = query_words(title);
    let hits = words.iter().filter(|w| title_words.iter().any(|t| t.starts_with(w.as_str()))).count();
    let title = if hits == words.len() {
        0
    } else if hits > 0 {
        1
    } else {
        2
    };
    let kind = match kind {
        SearchKind::Person => 0,
        SearchKind::Organization => 1,
        SearchKind::Opening => 2,
        SearchKind::Meeting => 3,
        SearchKind::Note => 4,
    };
    Score { title, kind, newest: std::cmp::Reverse(rowid) }
}

/// The newest people matching a query, live ones only. `CROSS JOIN` keeps the candidates
/// first: with a plain join the planner chose to walk every person of the owner through
/// `people_by_name` and probe the candidates (4 ms a query at 30,000 people, against 0.3).
const PEOPLE_CANDIDATES: &str = "WITH candidates AS ( \
        SELECT rowid AS seq FROM people_fts WHERE people_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3) \
    SELECT 'person', p.id, p.id, p.full_name, c.seq FROM candidates c CROSS JOIN people p ON p.seq = c.seq \
    WHERE p.owner = ?2 AND p.deleted_at IS NULL";

/// The newest other records matching a query, from `search_fts`.
const DOC_CANDIDATES: &str = "WITH candidates AS ( \
        SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3) \
    SELECT d.kind, d.entity, d.person_id, d.title, c.doc FROM candidates c \
    CROSS JOIN search_docs d ON d.id = c.doc WHERE d.owner = ?2 AND d.hidden = 0";

/// Scores the candidates of one index (on their titles; their text is read only for the hits
/// shown).
fn candidates(
    conn: &Connection,
    index: Index,
    fts: &str,
    words: &[String],
    owner: AccountId,
    out: &mut Vec<Candidate>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(index.candidates_sql()).map_err(backend)?;
    let rows = stmt
        .query_map(params![fts, owner.as_uuid(), RANK_CANDIDATES], |row| {
            let kind: String = row.get(0)?;
            let title: String = row.get(3)?;
            let rowid: i64 = row.get(4)?;
            Ok((kind, row.get::<_, Uuid>(1)?, row.get::<_, Option<Uuid>>(2)?, title, rowid))
        })
        .map_err(backend)?;
    for row in rows {
        let (kind, id, person, title, rowid) = row.map_err(backend)?;
        let Ok(kind) = kind.parse::<SearchKind>() else { continue };
        let score = score(words, &title, kind, rowid);
        let hit = SearchHit { kind, id, person_id: person.map(PersonId::from_uuid), title, snippet: String::new() };
        out.push(Candidate { score, hit, index, rowid });
    }
    Ok(())
}

/// The typed words, folded the way the index folds them (lower case, no accents).
fn query_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold_word).collect()
}

fn fold_word(word: &str) -> String {
    deunicode::deunicode(word).to_lowercase()
}

/// The words around the first match in `body`, with matching words in `[` `]`. FTS5's own `snippet()` re-reads and re-tokenizes every candidate inside
/// the ranking query, which cost more than the ranking itself; only shown hits need one.
pub(crate) fn snippet(body: &str, words: &[String]) -> String {
    const BEFORE: usize = 3;
    const AFTER: usize = 6;
    let tokens: Vec<&str> = body.split_whitespace().collect();
    let is_match = |token: &str| {
        let folded = fold_word(token.trim_matches(|c: char| !c.is_alphanumeric()));
        // A token like "ana@example.com" holds several words; any of them may match.
        let parts: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()).collect();
        parts.iter().any(|part| words.iter().any(|w| part.starts_with(w.as_str())))
    };
    let Some(first) = tokens.iter().position(|t| is_match(t)) else {
        return String::new();
    };
    let start = first.saturating_sub(BEFORE);
    let end = (first + AFTER + 1).min(tokens.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (idx, token) in tokens[start..end].iter().enumerate() {
        if idx > 0 || start > 0 {
            out.push(' ');
        }
        if is_match(token) {
            out.push('[');
            out.push_str(token);
            out.push(']');
        } else {
            out.push_str(token);
        }
    }
    if end < tokens.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn words_are_quoted_and_the_last_is_a_prefix() {
        assert_eq!(fts_query("ana sil").as_deref(), Some("\"ana\" \"sil\"*"));
        assert_eq!(fts_query("o'brien, \"acme\"").as_deref(), Some("\"o\" \"brien\" \"acme\"*"));
        assert_eq!(fts_query(" -- ").as_deref(), None);
    }

    #[test]
    fn snippets_mark_matches_in_context() {
        let words = super::query_words("hydro");
        let body = "She mentioned the hydroponics startup scene in Lagos and two founders she knows well";
        assert_eq!(super::snippet(body, &words), "She mentioned the [hydroponics] startup scene in Lagos and two …");
        let long = "one two three four five six seven eight nine ten hydroponics eleven";
        assert_eq!(super::snippet(long, &words), "… eight nine ten [hydroponics] eleven");
        let words = super::query_words("muller");
        assert_eq!(super::snippet("ana@example.com\nMüller GmbH", &words), "ana@example.com [Müller] GmbH");
        assert_eq!(super::snippet("nothing here", &words), "");
    }

    /// Both candidate queries start from the full-text matches and look each one up by key;
    /// a plan that walks every record of the owner instead cost ten times as much.
    #[test]
    fn candidate_queries_start_from_the_matches() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.sqlite3");
        let mut conn = rusqlite::Connection::open(&path).expect("open");
        crate::migrate::migrate(&mut conn, &path).expect("migrate");
        for sql in [super::PEOPLE_CANDIDATES, super::DOC_CANDIDATES] {
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("plan");
            let owner = uuid::Uuid::now_v7();
            let plan: Vec<String> = stmt
                .query_map(rusqlite::params!["\"ana\"*", owner, super::RANK_CANDIDATES], |r| r.get(3))
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("plan rows");
            let text = plan.join("\n");
            assert!(text.contains("USING INTEGER PRIMARY KEY"), "{text}");
            assert!(!text.contains("AUTOMATIC"), "{text}");
        }
    }
}
