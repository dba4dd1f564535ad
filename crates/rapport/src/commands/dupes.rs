//! `rapport dupes`: people who look like one person, with the evidence for each pair.

use rapport_core::dupes::{self, Candidate};
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, DIM, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Print the pairs as JSON.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let pairs = dupes::candidates(&ctx)?;
    if args.json {
        return output::json(&pairs.iter().map(pair_json).collect::<Vec<_>>());
    }
    if pairs.is_empty() {
        return output::print(&styled(DIM, "no likely duplicates"));
    }
    let rows = pairs
        .iter()
        .map(|p| {
            vec![
                format!("{} ({})", p.a.name.full, p.a.id.short()),
                format!("{} ({})", p.b.name.full, p.b.id.short()),
                p.evidence.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
            ]
        })
        .collect();
    output::print(&output::table(&["keep", "merge", "evidence"], rows))?;
    output::print(&styled(
        DIM,
        "merge a pair with `rapport merge KEEP MERGE` (short ids shown); undo it with `rapport merge --undo`",
    ))
}

fn pair_json(p: &Candidate) -> serde_json::Value {
    json!({
        "a": {"id": p.a.id.to_string(), "name": p.a.name.full},
        "b": {"id": p.b.id.to_string(), "name": p.b.name.full},
        "score": p.score,
        "evidence": p.evidence.iter().map(|e| json!({"kind": e.kind(), "text": e.to_string()})).collect::<Vec<_>>(),
    })
}
