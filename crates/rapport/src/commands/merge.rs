//! `rapport merge KEEP MERGE`: two records of one person become one, keeping everything of
//! both; `rapport merge --undo` reverses the last merge.

use rapport_core::{dupes, people};

use crate::env::{self, Env};
use crate::output::{self, DIM, GOOD, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The person to keep (id, short id, email, LinkedIn link or name).
    #[arg(required_unless_present = "undo", conflicts_with = "undo")]
    keep: Option<String>,
    /// The person to merge into them (they go to the trash, their records move over).
    #[arg(required_unless_present = "undo", conflicts_with = "undo")]
    merge: Option<String>,
    /// Undo the last merge: both people back as they were, every record where it was.
    #[arg(long)]
    undo: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    if args.undo {
        let outcome = dupes::undo_last_merge(&ctx)?;
        return output::print(&format!(
            "{} the merge of {} into {}: {} records moved back",
            styled(GOOD, "Undid"),
            outcome.restored.name.full,
            outcome.kept.name.full,
            outcome.moved
        ));
    }
    let (Some(keep), Some(merge)) = (args.keep, args.merge) else {
        anyhow::bail!("name the person to keep and the person to merge into them: rapport merge KEEP MERGE");
    };
    let keep = people::resolve(&ctx, &keep)?;
    let merge = people::resolve(&ctx, &merge)?;
    let outcome = dupes::merge(&ctx, keep, merge)?;
    let mut lines = vec![format!(
        "{} {} into {} ({}): {} records moved",
        styled(GOOD, "Merged"),
        outcome.merged.name.full,
        outcome.kept.name.full,
        outcome.kept.id.short(),
        outcome.moved.total()
    )];
    if !outcome.fields.is_empty() {
        lines.push(format!("  {} gained: {}", outcome.kept.name.full, outcome.fields.join(", ")));
    }
    if outcome.dropped > 0 {
        lines.push(format!(
            "  {} introduction(s) or link(s) between the two were removed (they would point at one person twice)",
            outcome.dropped
        ));
    }
    lines.push(styled(DIM, format!("{} is in the trash; undo with `rapport merge --undo`", outcome.merged.name.full)));
    output::print(&lines.join("\n"))
}
