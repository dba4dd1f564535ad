//! `rapport prep`: the prep brief for a meeting (§4.6.1), written as Markdown and as a
//! print-ready HTML page: the person, their organization and the economy around it, the help
//! map, questions picked for this person, the opening close when there is an opening, the
//! timed agenda, logistics and etiquette, and the offer to make at the end.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rapport_core::{people, prep};
use rapport_domain::values::fold_name;
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, BOLD, GOOD, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Who you are meeting: id, short id, email, LinkedIn link or name (their next meeting).
    person: String,
    /// The folder to write the two files into [default: the current folder].
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
    /// Print the Markdown brief instead of writing files.
    #[arg(long, conflicts_with = "json")]
    print: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let person_id = people::resolve(&ctx, &args.person)?;
    let meeting = prep::meeting_for(&ctx, person_id)?;
    let brief = prep::brief(&ctx, meeting)?;
    let markdown = brief.to_markdown();
    if args.print {
        return output::print(&markdown);
    }
    let html = rapport_web::brief::print_html(&brief).context("cannot lay out the printable brief")?;
    let person = people::get(&ctx, person_id)?;
    let day = brief.logistics.starts_at.date();
    let stem = format!("brief-{}-{day}", fold_name(&person.name.full).replace(' ', "-"));
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the folder {}; choose another with --out", args.out.display()))?;
    let md_path = args.out.join(format!("{stem}.md"));
    let html_path = args.out.join(format!("{stem}.html"));
    write(&md_path, &markdown)?;
    write(&html_path, &html)?;
    if args.json {
        return output::json(&json!({
            "meeting_id": meeting.to_string(),
            "markdown": md_path.display().to_string(),
            "html": html_path.display().to_string(),
            "questions": brief.questions.questions.iter().map(|q| q.text.clone()).collect::<Vec<_>>(),
            "opening_close": brief.opening_close.as_ref().map(|o| o.title.clone()),
        }));
    }
    output::print(&format!(
        "{} your brief for {}:\n  {}\n  {} (open it in a browser to print)",
        styled(GOOD, "Wrote"),
        styled(BOLD, &brief.heading),
        md_path.display(),
        html_path.display()
    ))
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
