//! `rapport opening`: add, list, show, edit, delete (to the trash) and restore job openings.

use clap::Subcommand;
use rapport_core::{openings, organizations, people};
use rapport_domain::openings::{NewOpening, OpeningPatch, OpeningStatus};
use rapport_store::{OpeningFilter, Page};

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, field, styled};
use crate::{views, when};

type Ctx<'a> = rapport_core::Ctx<'a, rapport_store_sqlite::SqliteStore>;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: OpeningCommand,
}

#[derive(Debug, Subcommand)]
enum OpeningCommand {
    /// Add an opening at an organization.
    Add(AddArgs),
    /// List openings.
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show an opening.
    Show(ShowArgs),
    /// Change an opening: its status, referrer, job description.
    Edit(EditArgs),
    /// Move an opening to the trash.
    #[command(visible_alias = "delete")]
    Rm(RefArgs),
    /// Bring an opening back from the trash.
    Restore(RefArgs),
}

#[derive(Debug, clap::Args)]
struct RefArgs {
    /// Id, short id or title.
    opening: String,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// The job title.
    title: String,
    /// The organization (id or name).
    #[arg(long)]
    org: String,
    /// Link to the job description.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// Read the job description text from this file.
    #[arg(long, value_name = "FILE")]
    jd_file: Option<std::path::PathBuf>,
    /// The employer's requisition id.
    #[arg(long)]
    req_id: Option<String>,
    /// Who referred you (or may): a person.
    #[arg(long, value_name = "PERSON")]
    referrer: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[arg(long, value_name = "ORG")]
    org: Option<String>,
    #[arg(long)]
    status: Option<OpeningStatus>,
    #[arg(long)]
    trash: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    opening: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct EditArgs {
    opening: String,
    #[arg(long)]
    title: Option<String>,
    /// discovered, qualification_checked, referral_requested, referred, applied, screening,
    /// interviewing, offer, accepted, declined, rejected, closed.
    #[arg(long)]
    status: Option<OpeningStatus>,
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    #[arg(long, value_name = "FILE")]
    jd_file: Option<std::path::PathBuf>,
    #[arg(long)]
    req_id: Option<String>,
    #[arg(long, value_name = "PERSON", conflicts_with = "no_referrer")]
    referrer: Option<String>,
    #[arg(long)]
    no_referrer: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    match args.command {
        OpeningCommand::Add(args) => add(&ctx, args),
        OpeningCommand::List(args) => list(&ctx, args),
        OpeningCommand::Show(args) => {
            let detail = openings::detail(&ctx, openings::resolve(&ctx, &args.opening)?)?;
            if args.json {
                return output::json(&views::opening(&detail));
            }
            let tz = views::time_zone(&ctx)?;
            let o = &detail.opening;
            let mut lines = vec![format!(
                "{} at {} {}",
                styled(BOLD, &o.title),
                detail.organization.name,
                styled(DIM, format!("({})", o.id.short()))
            )];
            field(&mut lines, "status", format!("{} since {}", o.status, when::show(o.status_changed_at, &tz)));
            field(&mut lines, "referrer", detail.referrer.as_ref().map(|r| r.name.full.clone()).unwrap_or_default());
            field(&mut lines, "req id", o.req_id.clone().unwrap_or_default());
            field(&mut lines, "link", o.jd_url.clone().unwrap_or_default());
            if let Some(bonus) = &detail.organization.referral_bonus {
                field(
                    &mut lines,
                    "bonus",
                    format!(
                        "{} {}",
                        bonus.amount.map(|a| a.to_string()).unwrap_or_default(),
                        bonus.currency.clone().unwrap_or_default()
                    ),
                );
            }
            if let Some(jd) = &o.jd_text {
                lines.push(String::new());
                lines.push(jd.clone());
            }
            output::print(&lines.join("\n"))
        }
        OpeningCommand::Edit(args) => edit(&ctx, args),
        OpeningCommand::Rm(args) => {
            let opening = openings::trash(&ctx, openings::resolve(&ctx, &args.opening)?)?;
            output::print(&format!(
                "Moved {} to the trash. Bring it back with `rapport opening restore {}`.",
                styled(BOLD, &opening.title),
                opening.id.short()
            ))
        }
        OpeningCommand::Restore(args) => {
            let item = rapport_core::trash::restore(&ctx, &args.opening)?;
            output::print(&format!("{} {}", styled(GOOD, "Restored"), item.title))
        }
    }
}

fn read_jd(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read the job description {}: {e}", path.display()))
}

fn add(ctx: &Ctx<'_>, args: AddArgs) -> anyhow::Result<()> {
    let org = organizations::resolve(ctx, &args.org)?;
    let mut new = NewOpening::new(org, &args.title)?;
    new.jd_url = args.url;
    new.jd_text = args.jd_file.as_deref().map(read_jd).transpose()?;
    new.req_id = args.req_id;
    new.referrer_id = args.referrer.as_deref().map(|r| people::resolve(ctx, r)).transpose()?;
    let opening = openings::add(ctx, new)?;
    if args.json {
        return output::json(&views::opening(&openings::detail(ctx, opening.id)?));
    }
    output::print(&format!("{} {} ({})", styled(GOOD, "Added"), styled(BOLD, &opening.title), opening.id.short()))
}

fn list(ctx: &Ctx<'_>, args: ListArgs) -> anyhow::Result<()> {
    let filter = OpeningFilter {
        organization_id: args.org.as_deref().map(|o| organizations::resolve(ctx, o)).transpose()?,
        status: args.status,
        referrer_id: None,
        trashed: args.trash,
    };
    let list = openings::list(ctx, &filter, Page::ALL)?;
    if args.json {
        return output::json(&list.iter().map(views::opening).collect::<Vec<_>>());
    }
    if list.is_empty() {
        return output::print(&styled(DIM, "no openings yet: add one with `rapport opening add TITLE --org ORG`"));
    }
    let rows = list
        .iter()
        .map(|d| {
            vec![
                d.opening.id.short(),
                d.opening.title.clone(),
                d.organization.name.clone(),
                d.opening.status.to_string(),
                d.referrer.as_ref().map(|r| r.name.full.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    output::print(&output::table(&["id", "title", "organization", "status", "referrer"], rows))
}

fn edit(ctx: &Ctx<'_>, args: EditArgs) -> anyhow::Result<()> {
    let id = openings::resolve(ctx, &args.opening)?;
    let patch = OpeningPatch {
        title: args.title,
        status: args.status,
        jd_url: args.url.map(Some),
        jd_text: args.jd_file.as_deref().map(read_jd).transpose()?.map(Some),
        req_id: args.req_id.map(Some),
        referrer_id: if args.no_referrer {
            Some(None)
        } else {
            args.referrer.as_deref().map(|r| people::resolve(ctx, r)).transpose()?.map(Some)
        },
        organization_id: None,
    };
    let (opening, changed) = openings::edit(ctx, id, &patch)?;
    if args.json {
        return output::json(&views::opening(&openings::detail(ctx, opening.id)?));
    }
    if !changed {
        return output::print(&format!("Nothing changed for {}.", opening.title));
    }
    output::print(&format!("{} {} ({})", styled(GOOD, "Updated"), styled(BOLD, &opening.title), opening.status))
}
