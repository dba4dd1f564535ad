//! The command line's shape: global flags and the subcommands (each defined in its own file
//! under `commands/`).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands::{
    completions, config, debrief, demo, draft, dupes, export, import, init, intro, lint, log, man, meet, merge, note,
    opening, org, person, prep, remind, restore, route, search, sent, serve, stats, status, targets, thanks, today,
    trash,
};

/// rapport: find work through informational interviews.
///
/// Keep the people you talk to, the employers you target, your outreach, your meetings and
/// what you learn in them, and let rapport tell you what to do next and when. Your data stays
/// in one file on your machine; rapport sends nothing on its own.
#[derive(Debug, Parser)]
#[command(name = "rapport", version, propagate_version = true, max_term_width = 100)]
pub(crate) struct Cli {
    /// The store file to use [default: rapport.sqlite3 in your data folder].
    #[arg(long, global = true, env = "RAPPORT_DB", value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,

    /// The config file to read [default: config.toml in your config folder].
    #[arg(long, global = true, env = "RAPPORT_CONFIG", value_name = "PATH")]
    pub(crate) config: Option<PathBuf>,

    /// When to use colour in output (NO_COLOR in the environment also turns it off).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub(crate) color: ColorWhen,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the web app on this machine (open the address it prints in your browser).
    Serve(serve::Args),
    /// Create your store (and your profile) so rapport is ready to use.
    Init(init::Args),
    /// Add, list, show, edit and delete people.
    #[command(visible_alias = "people")]
    Person(person::Args),
    /// Add, list, show, edit and delete organizations (employers).
    #[command(visible_alias = "organization")]
    Org(org::Args),
    /// Add, list, show, edit and delete job openings.
    Opening(opening::Args),
    /// Write a note about a person, an organization or an opening.
    Note(note::Args),
    /// Record an interaction: an email you sent, a reply, a call, a check-in.
    Log(log::Args),
    /// Search people, organizations, openings, notes and meeting notes.
    Search(search::Args),
    /// See what you deleted, bring it back, or empty the trash for good.
    Trash(trash::Args),
    /// Fill a store with a realistic made-up network, to try rapport out.
    Demo(demo::Args),
    /// Where your store is and what it holds.
    Status(status::Args),
    /// Print the effective configuration and where each value came from.
    Config(config::Args),
    /// Print a shell completion script.
    Completions(completions::Args),
    /// Print the manual page (roff), or write one per subcommand into a folder.
    Man(man::Args),
    /// What to do today and what is overdue, most urgent first.
    Today(today::Args),
    /// Schedule an informational interview (or cancel one).
    Meet(meet::Args),
    /// Record what you took away from a meeting: clues, gifts, promises, the close.
    Debrief(debrief::Args),
    /// Draft, check and record the thank-you after a meeting.
    Thanks(thanks::Args),
    /// Write the prep brief for a meeting, as Markdown and a printable page.
    Prep(prep::Args),
    /// Mark a reminder done, snooze it, or dismiss it.
    Remind(remind::Args),
    /// Introductions: list them, record one, move one on.
    Intro(intro::Args),
    /// Import contacts from LinkedIn, Google, Outlook, any CSV or vCard; again changes nothing.
    Import(import::Args),
    /// List people who look like one person, with the evidence.
    Dupes(dupes::Args),
    /// Merge two records of one person into one (and undo it with --undo).
    Merge(merge::Args),
    /// Export people (vCard, CSV), meetings (iCalendar) or everything (JSON backup).
    Export(export::Args),
    /// Rebuild a store from a JSON backup.
    Restore(restore::Args),
    /// Your employers in LAMP order: the active ones, the gates, and whom to contact first.
    Targets(targets::Args),
    /// The warm-intro routes to an organization through people you know, explained.
    Route(route::Args),
    /// Draft a first email to someone (and how to approach them), checked by the linter.
    Draft(draft::Args),
    /// Check a message you wrote against the first-email (or follow-up) rules.
    Lint(lint::Args),
    /// Record that you sent your first message to someone; starts the follow-up timers.
    Sent(sent::Args),
    /// Reply rate, informational interviews, Boosters, thank-yous, loops closed, referrals.
    Stats(stats::Args),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
