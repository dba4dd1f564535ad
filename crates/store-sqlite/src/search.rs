//! Full-text search: one `search_docs` row per searchable record, indexed by the FTS5 table
//! `search_fts` (kept in step by triggers), and the query that ranks them.

use rapport_domain::ids::{AccountId, PersonId};
use rapport_store::{SearchHit, SearchKind, SearchQuery, StoreResult};
use rusqlite::types::ToSql;
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

/// How many matches are ranked at most. People and organizations weigh double, so a
/// name finds the person before the notes that mention them.
/// Ranking costs about a microsecond per match, so a
/// one-letter prefix that matches everything must not rank everything: the first matches
/// (in index order) are ranked and the best of those shown.
const RANK_CANDIDATES: i64 = 400;

pub(crate) fn search(conn: &Connection, owner: AccountId, query: &SearchQuery) -> StoreResult<Vec<SearchHit>> {
    let Some(fts) = fts_query(&query.text) else {
        return Ok(Vec::new());
    };
    let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(fts), Box::new(*owner.as_uuid()), Box::new(RANK_CANDIDATES)];
    let kind_filter = if query.kinds.is_empty() {
        String::new()
    } else {
        let mut marks = Vec::new();
        for kind in &query.kinds {
            args.push(Box::new(kind.as_str()));
            marks.push(format!("?{}", args.len()));
        }
        format!(" AND d.kind IN ({})", marks.join(", "))
    };
    args.push(Box::new(i64::from(query.limit.max(1))));
    let limit_idx = args.len();
    // The inner query stops after RANK_CANDIDATES matches; only those are scored and sorted.
    let sql = format!(
        "WITH candidates AS ( \
             SELECT search_fts.rowid AS doc, bm25(search_fts, 4.0, 1.0) AS score, \
                    snippet(search_fts, 1, '[', ']', '…', 8) AS snip \
             FROM search_fts WHERE search_fts MATCH ?1 LIMIT ?3) \
         SELECT d.kind, d.entity, d.person_id, d.title, c.snip FROM candidates c JOIN search_docs d ON d.id = c.doc \
         WHERE d.owner = ?2 AND d.hidden = 0{kind_filter} ORDER BY c.score * CASE d.kind WHEN 'person' THEN 2.0 WHEN 'organization' THEN 2.0 ELSE 1.0 END LIMIT ?{limit_idx}"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(backend)?;
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args.iter()), |row| {
            let kind: String = row.get(0)?;
            let title: String = row.get(3)?;
            let snippet: Option<String> = row.get(4)?;
            Ok((kind, row.get::<_, Uuid>(1)?, row.get::<_, Option<Uuid>>(2)?, title, snippet))
        })
        .map_err(backend)?;
    let mut hits = Vec::new();
    for row in rows {
        let (kind, id, person, title, snippet) = row.map_err(backend)?;
        let Ok(kind) = kind.parse::<SearchKind>() else { continue };
        hits.push(SearchHit {
            kind,
            id,
            person_id: person.map(PersonId::from_uuid),
            title,
            snippet: snippet.unwrap_or_default().trim_end_matches('\n').replace('\n', " · "),
        });
    }
    Ok(hits)
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
