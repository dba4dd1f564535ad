//! Full-text search: one `search_docs` row per searchable record, indexed by the FTS5 table
//! `search_fts` (kept in step by triggers), and the query that ranks them.

use rapport_domain::ids::{AccountId, PersonId};
use rapport_store::{SearchHit, SearchKind, SearchQuery, StoreResult};
use rusqlite::{Connection, params};
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

pub(crate) fn upsert_doc(conn: &Connection, doc: Doc<'_>) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO search_docs (owner, kind, entity, person_id, hidden, title, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT (entity) DO UPDATE SET person_id = excluded.person_id, hidden = excluded.hidden, \
         title = excluded.title, body = excluded.body \
         WHERE title IS NOT excluded.title OR body IS NOT excluded.body OR hidden IS NOT excluded.hidden \
         OR person_id IS NOT excluded.person_id",
    )
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

/// The writer connection's bookkeeping for the deferred index: which documents are new in
/// this transaction, which changed, and the indexed text of those that changed or went (an
/// external-content FTS5 table can only forget a row given the exact text it indexed). The
/// triggers test before they insert rather than use `OR IGNORE`, because an upsert's own
/// conflict handling would override a trigger's.
pub(crate) const WRITER_SETUP: &str = "
    CREATE TEMP TABLE IF NOT EXISTS fts_new (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS fts_dirty (id INTEGER PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS fts_old (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL);
    CREATE TEMP TRIGGER IF NOT EXISTS search_docs_ai AFTER INSERT ON main.search_docs BEGIN
        INSERT INTO fts_new SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM fts_new WHERE id = new.id);
        INSERT INTO fts_dirty SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM fts_dirty WHERE id = new.id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS search_docs_au AFTER UPDATE OF title, body ON main.search_docs BEGIN
        INSERT INTO fts_old SELECT old.id, old.kind, old.title, old.body
            WHERE NOT EXISTS (SELECT 1 FROM fts_new WHERE id = old.id)
              AND NOT EXISTS (SELECT 1 FROM fts_old WHERE id = old.id);
        INSERT INTO fts_dirty SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM fts_dirty WHERE id = new.id);
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS search_docs_ad AFTER DELETE ON main.search_docs BEGIN
        INSERT INTO fts_old SELECT old.id, old.kind, old.title, old.body
            WHERE NOT EXISTS (SELECT 1 FROM fts_new WHERE id = old.id)
              AND NOT EXISTS (SELECT 1 FROM fts_old WHERE id = old.id);
        DELETE FROM fts_dirty WHERE id = old.id;
        DELETE FROM fts_new WHERE id = old.id;
    END;
";

/// Brings the full-text indexes in step with `search_docs` for everything this transaction
/// changed, in a handful of statements (one index flush instead of one per document). Runs
/// just before commit.
pub(crate) fn flush(conn: &Connection) -> StoreResult<()> {
    let pending: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM temp.fts_dirty) OR EXISTS (SELECT 1 FROM temp.fts_old)")
        .map_err(backend)?
        .query_row([], |r| r.get(0))
        .map_err(backend)?;
    if !pending {
        return Ok(());
    }
    for sql in [
        "INSERT INTO search_fts (search_fts, rowid, title, body) SELECT 'delete', id, title, body FROM temp.fts_old \
         WHERE kind <> 'person'",
        "INSERT INTO people_fts (people_fts, rowid, title, body) SELECT 'delete', id, title, body FROM temp.fts_old \
         WHERE kind = 'person'",
        "INSERT INTO search_fts (rowid, title, body) SELECT d.id, d.title, d.body FROM temp.fts_dirty x \
         JOIN search_docs d ON d.id = x.id WHERE d.kind <> 'person'",
        "INSERT INTO people_fts (rowid, title, body) SELECT d.id, d.title, d.body FROM temp.fts_dirty x \
         JOIN search_docs d ON d.id = x.id WHERE d.kind = 'person'",
        "DELETE FROM temp.fts_old",
        "DELETE FROM temp.fts_dirty",
        "DELETE FROM temp.fts_new",
    ] {
        conn.prepare_cached(sql).map_err(backend)?.execute([]).map_err(backend)?;
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

/// How many matches are ranked at most, per index. Ranking costs about a microsecond per
/// match, so a one-letter prefix that matches everything must not rank everything: the first
/// matches (in index order) are ranked and the best of those shown.
const RANK_CANDIDATES: i64 = 300;

pub(crate) fn search(conn: &Connection, owner: AccountId, query: &SearchQuery) -> StoreResult<Vec<SearchHit>> {
    let Some(fts) = fts_query(&query.text) else {
        return Ok(Vec::new());
    };
    let wanted = |kind: SearchKind| query.kinds.is_empty() || query.kinds.contains(&kind);
    let limit = i64::from(query.limit.max(1));
    let mut scored: Vec<(f64, SearchHit)> = Vec::new();
    // People and everything else live in two indexes; each is asked for its best matches,
    // and the two lists are merged by score. People and organizations weigh double, so a
    // name finds the person before the notes that mention them.
    if wanted(SearchKind::Person) {
        candidates(conn, "people_fts", &fts, owner, limit, &mut scored)?;
    }
    if SearchKind::ALL.iter().any(|k| *k != SearchKind::Person && wanted(*k)) {
        candidates(conn, "search_fts", &fts, owner, limit, &mut scored)?;
    }
    scored.retain(|(_, hit)| wanted(hit.kind));
    for (score, hit) in &mut scored {
        if matches!(hit.kind, SearchKind::Person | SearchKind::Organization) {
            *score *= 2.0;
        }
    }
    // bm25 scores are negative: lower is better.
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(scored.into_iter().take(query.limit.max(1) as usize).map(|(_, hit)| hit).collect())
}

fn candidates(
    conn: &Connection,
    table: &str,
    fts: &str,
    owner: AccountId,
    limit: i64,
    out: &mut Vec<(f64, SearchHit)>,
) -> StoreResult<()> {
    // The inner query stops after RANK_CANDIDATES matches; only those are scored and sorted.
    let sql = format!(
        "WITH candidates AS ( \
             SELECT {table}.rowid AS doc, bm25({table}, 4.0, 1.0) AS score, \
                    snippet({table}, 1, '[', ']', '…', 8) AS snip \
             FROM {table} WHERE {table} MATCH ?1 LIMIT ?3) \
         SELECT d.kind, d.entity, d.person_id, d.title, c.snip, c.score FROM candidates c \
         JOIN search_docs d ON d.id = c.doc WHERE d.owner = ?2 AND d.hidden = 0 ORDER BY c.score LIMIT ?4"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
    let rows = stmt
        .query_map(params![fts, owner.as_uuid(), RANK_CANDIDATES, limit], |row| {
            let kind: String = row.get(0)?;
            let title: String = row.get(3)?;
            let snippet: Option<String> = row.get(4)?;
            let score: f64 = row.get(5)?;
            Ok((kind, row.get::<_, Uuid>(1)?, row.get::<_, Option<Uuid>>(2)?, title, snippet, score))
        })
        .map_err(backend)?;
    for row in rows {
        let (kind, id, person, title, snippet, score) = row.map_err(backend)?;
        let Ok(kind) = kind.parse::<SearchKind>() else { continue };
        let hit = SearchHit {
            kind,
            id,
            person_id: person.map(PersonId::from_uuid),
            title,
            snippet: snippet.unwrap_or_default().trim_end_matches('\n').replace('\n', " · "),
        };
        out.push((score, hit));
    }
    Ok(())
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
}
