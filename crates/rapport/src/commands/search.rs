//! `rapport search`: find anything by the words in it.

use rapport_store::{SearchKind, SearchQuery};

use crate::env::{self, Env};
use crate::output::{self, DIM, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Words to look for; the last one may be the start of a word.
    #[arg(required = true, num_args = 1..)]
    words: Vec<String>,
    /// Only this kind: person, organization, note, meeting, opening (repeatable).
    #[arg(long = "kind", value_name = "KIND")]
    kinds: Vec<SearchKind>,
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let query = SearchQuery { text: args.words.join(" "), kinds: args.kinds, limit: args.limit.clamp(1, 500) };
    let hits = rapport_core::search::search(&ctx, &query)?;
    if args.json {
        let hits: Vec<_> = hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "kind": h.kind.as_str(),
                    "id": h.id.to_string(),
                    "person_id": h.person_id.map(|p| p.to_string()),
                    "title": h.title,
                    "snippet": h.snippet,
                })
            })
            .collect();
        return output::json(&hits);
    }
    if hits.is_empty() {
        return output::print(&styled(DIM, format!("nothing matches `{}`", query.text)));
    }
    let rows = hits
        .iter()
        .map(|h| {
            let short = h.id.simple().to_string();
            vec![short[short.len() - 8..].to_string(), h.kind.to_string(), h.title.clone(), h.snippet.clone()]
        })
        .collect();
    output::print(&output::table(&["id", "kind", "title", "match"], rows))
}
