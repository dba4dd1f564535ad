//! `rapport note`: write a note about a person (or, with a flag, an organization or an
//! opening): `rapport note "Ana Silva" Prefers mornings`.

use rapport_core::{notes, openings, organizations, people};
use rapport_domain::notes::{NewNote, NoteSubject};

use crate::env::{self, Env};
use crate::output::{self, GOOD, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The person (id, short id, email or name), then the note. With --org or --opening,
    /// every word is the note.
    #[arg(required = true, num_args = 1.., value_name = "PERSON TEXT")]
    words: Vec<String>,
    /// The note is about this organization.
    #[arg(long, conflicts_with = "opening")]
    org: Option<String>,
    /// The note is about this opening.
    #[arg(long)]
    opening: Option<String>,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let (subject, text) = if let Some(org) = &args.org {
        (NoteSubject::Organization(organizations::resolve(&ctx, org)?), args.words.join(" "))
    } else if let Some(opening) = &args.opening {
        (NoteSubject::Opening(openings::resolve(&ctx, opening)?), args.words.join(" "))
    } else {
        let [person, rest @ ..] = args.words.as_slice() else {
            anyhow::bail!("say who the note is about, then the note: rapport note \"Ana Silva\" Prefers mornings");
        };
        if rest.is_empty() {
            anyhow::bail!("the note is empty; write it after the person: rapport note \"{person}\" Prefers mornings");
        }
        (NoteSubject::Person(people::resolve(&ctx, person)?), rest.join(" "))
    };
    let note = notes::add(&ctx, NewNote::new(subject, &text)?)?;
    output::print(&format!("{} ({})", styled(GOOD, "Noted"), note.id.short()))
}
