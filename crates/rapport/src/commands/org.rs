//! `rapport org`: add, list, show, edit, delete (to the trash) and restore organizations.

use clap::Subcommand;
use rapport_core::organizations;
use rapport_domain::organizations::{
    NewOrganization, OrganizationPatch, OrganizationStatus, ReferralBonus, normalize_domain,
};
use rapport_store::{OrganizationFilter, Page};

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, WARN, field, styled};
use crate::views;

type Ctx<'a> = rapport_core::Ctx<'a, rapport_store_sqlite::SqliteStore>;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: OrgCommand,
}

#[derive(Debug, Subcommand)]
enum OrgCommand {
    /// Add an organization.
    Add(AddArgs),
    /// List organizations.
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show an organization with its people and openings.
    Show(ShowArgs),
    /// Change an organization's details or LAMP scores.
    Edit(EditArgs),
    /// Move an organization to the trash.
    #[command(visible_alias = "delete")]
    Rm(RefArgs),
    /// Bring an organization back from the trash.
    Restore(RefArgs),
    /// Score an employer for your LAMP list: motivation, posting, advocacy.
    Score(ScoreArgs),
}

#[derive(Debug, clap::Args)]
struct ScoreArgs {
    /// Id, short id or name.
    org: String,
    /// How much you want to work there: 0 (don't know it well enough yet) to 3, or 4 for the
    /// one employer you bump above the rest (1–5 in first-edition mode).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=5))]
    motivation: Option<u8>,
    /// Postings: 1 none relevant, 2 semi-relevant, 3 relevant.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    posting: Option<u8>,
    /// Could someone there speak up for you? yes, no, or auto (worked out from the people
    /// you know there).
    #[arg(long, value_name = "YES|NO|AUTO")]
    advocacy: Option<YesNoAuto>,
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum YesNoAuto {
    Yes,
    No,
    Auto,
}

#[derive(Debug, clap::Args)]
struct RefArgs {
    /// Id, short id or name.
    org: String,
}

/// The LAMP scores and details an organization can be given on add and edit.
#[derive(Debug, clap::Args)]
struct Details {
    /// Web domain, e.g. acme.com.
    #[arg(long)]
    domain: Option<String>,
    #[arg(long)]
    industry: Option<String>,
    /// Motivation: how much you want to work there, 0–3 (your gut call).
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=5))]
    motivation: Option<u8>,
    /// Posting: 1 no relevant postings, 2 semi-relevant, 3 relevant.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    posting: Option<u8>,
    /// Advocacy: is there any reason someone there might help? yes or no.
    #[arg(long, value_name = "YES|NO")]
    advocacy: Option<YesNo>,
    /// Your research notes on the company and its market.
    #[arg(long, value_name = "TEXT")]
    research: Option<String>,
    /// Referral bonus amount (whole units), e.g. 2500.
    #[arg(long, value_name = "AMOUNT")]
    bonus: Option<u32>,
    /// Currency of the bonus, e.g. USD.
    #[arg(long, value_name = "CODE", requires = "bonus")]
    bonus_currency: Option<String>,
    /// Notes on the bonus program.
    #[arg(long, value_name = "TEXT")]
    bonus_notes: Option<String>,
    /// Software, data or another digital industry.
    #[arg(long)]
    digital: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum YesNo {
    Yes,
    No,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    name: String,
    #[command(flatten)]
    details: Details,
    /// Add even if one with this name exists.
    #[arg(long)]
    allow_duplicate: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[arg(long, short = 's', value_name = "WORDS")]
    search: Option<String>,
    #[arg(long)]
    status: Option<OrganizationStatus>,
    #[arg(long, default_value_t = 100)]
    limit: u32,
    #[arg(long, default_value_t = 1)]
    page: u32,
    #[arg(long)]
    trash: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    org: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct EditArgs {
    org: String,
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    details: Details,
    #[arg(long)]
    status: Option<OrganizationStatus>,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    match args.command {
        OrgCommand::Add(args) => add(&ctx, args),
        OrgCommand::List(args) => list(&ctx, args),
        OrgCommand::Show(args) => show(&ctx, args),
        OrgCommand::Edit(args) => edit(&ctx, args),
        OrgCommand::Rm(args) => {
            let id = organizations::resolve(&ctx, &args.org)?;
            let org = organizations::trash(&ctx, id)?;
            output::print(&format!(
                "Moved {} to the trash. Bring it back with `rapport org restore {}`.",
                styled(BOLD, &org.name),
                org.id.short()
            ))
        }
        OrgCommand::Restore(args) => {
            let item = rapport_core::trash::restore(&ctx, &args.org)?;
            output::print(&format!("{} {}", styled(GOOD, "Restored"), item.title))
        }
        OrgCommand::Score(args) => score(&ctx, args),
    }
}

fn score(ctx: &Ctx<'_>, args: ScoreArgs) -> anyhow::Result<()> {
    let id = organizations::resolve(ctx, &args.org)?;
    let change = rapport_core::targets::Score {
        motivation: args.motivation,
        posting: args.posting,
        advocacy: args.advocacy.map(|a| match a {
            YesNoAuto::Yes => Some(true),
            YesNoAuto::No => Some(false),
            YesNoAuto::Auto => None,
        }),
    };
    let scored = rapport_core::targets::score(ctx, id, change)?;
    let r = &scored.ranked;
    if args.json {
        let mut value = views::organization(&scored.organization);
        value["rank"] = r.rank.into();
        value["key"] = r.key.to_string().into();
        value["standing"] = super::targets::standing_words(r.standing).into();
        value["pending_changes"] = scored.pending.len().into();
        value["outreach_gate_open"] = scored.gate.is_ok().into();
        return output::json(&value);
    }
    let mut lines = vec![format!(
        "{} {}: {}, number {} on your list ({})",
        styled(GOOD, "Scored"),
        styled(BOLD, &scored.organization.name),
        r.key,
        r.rank,
        super::targets::standing_words(r.standing)
    )];
    if !scored.pending.is_empty() {
        lines.push(styled(DIM, "Your active employers changed: `rapport targets` shows how, `--apply` records it."));
    }
    if let Err(locked) = &scored.gate {
        lines.push(styled(WARN, format!("Outreach locked: {locked}.")));
    }
    output::print(&lines.join("\n"))
}

fn patch_from(details: &Details) -> anyhow::Result<OrganizationPatch> {
    let mut patch = OrganizationPatch {
        domain: details.domain.as_deref().map(normalize_domain).transpose()?.map(Some),
        industry: details.industry.clone().map(Some),
        motivation: details.motivation.map(Some),
        posting: details.posting.map(Some),
        advocacy: details.advocacy.map(|a| Some(matches!(a, YesNo::Yes))),
        research_notes: details.research.clone().map(Some),
        digital_industry: details.digital.then_some(true),
        ..Default::default()
    };
    if details.bonus.is_some() || details.bonus_notes.is_some() {
        patch.referral_bonus = Some(Some(ReferralBonus::new(
            details.bonus,
            details.bonus_currency.as_deref(),
            details.bonus_notes.as_deref(),
        )?));
    }
    Ok(patch)
}

fn add(ctx: &Ctx<'_>, args: AddArgs) -> anyhow::Result<()> {
    let mut new = NewOrganization::new(&args.name)?;
    let mut org_like = new.clone().into_organization(Default::default(), ctx.owner, ctx.now);
    patch_from(&args.details)?.apply(&mut org_like, ctx.now)?;
    new.domain = org_like.domain;
    new.industry = org_like.industry;
    new.lamp = org_like.lamp;
    new.research_notes = org_like.research_notes;
    new.referral_bonus = org_like.referral_bonus;
    new.digital_industry = org_like.digital_industry;
    let org = organizations::add(ctx, new, args.allow_duplicate)?;
    if args.json {
        return output::json(&views::organization(&org));
    }
    output::print(&format!("{} {} ({})", styled(GOOD, "Added"), styled(BOLD, &org.name), org.id.short()))
}

fn list(ctx: &Ctx<'_>, args: ListArgs) -> anyhow::Result<()> {
    let filter = OrganizationFilter { text: args.search, status: args.status, trashed: args.trash };
    let limit = args.limit.clamp(1, 10_000);
    let page = Page { offset: args.page.saturating_sub(1).saturating_mul(limit), limit };
    let orgs = organizations::list(ctx, &filter, page)?;
    if args.json {
        return output::json(&orgs.iter().map(views::organization).collect::<Vec<_>>());
    }
    if orgs.is_empty() {
        return output::print(&styled(DIM, "no organizations yet: add one with `rapport org add NAME`"));
    }
    let rows = orgs
        .iter()
        .map(|o| {
            vec![
                o.id.short(),
                o.name.clone(),
                o.industry.clone().unwrap_or_default(),
                lamp_key(o),
                o.status.to_string(),
            ]
        })
        .collect();
    output::print(&output::table(&["id", "name", "industry", "lamp", "status"], rows))
}

/// The LAMP key as shown beside an employer: `M3·P2·A1`, with `?` for what is not scored.
fn lamp_key(o: &rapport_domain::organizations::Organization) -> String {
    let m = o.lamp.motivation.map_or("?".to_string(), |m| m.to_string());
    let p = o.lamp.posting.map_or("?".to_string(), |p| p.to_string());
    let a = o.lamp.advocacy.map_or("?", |a| if a { "1" } else { "0" });
    format!("M{m}·P{p}·A{a}")
}

fn show(ctx: &Ctx<'_>, args: ShowArgs) -> anyhow::Result<()> {
    let id = organizations::resolve(ctx, &args.org)?;
    let detail = organizations::detail(ctx, id)?;
    let o = &detail.organization;
    if args.json {
        let mut value = views::organization(o);
        value["people"] = detail.people.iter().map(views::person).collect();
        value["alumni"] = detail.alumni.iter().map(views::person).collect();
        return output::json(&value);
    }
    let mut lines = vec![format!("{} {}", styled(BOLD, &o.name), styled(DIM, format!("({})", o.id.short())))];
    if o.deleted_at.is_some() {
        lines.push(styled(WARN, format!("In the trash: `rapport org restore {}` brings it back", o.id.short())));
    }
    field(&mut lines, "domain", o.domain.clone().unwrap_or_default());
    field(&mut lines, "industry", o.industry.clone().unwrap_or_default());
    field(&mut lines, "LAMP", lamp_key(o));
    field(&mut lines, "status", o.status.to_string());
    if let Some(bonus) = &o.referral_bonus {
        let amount =
            bonus.amount.map(|a| format!("{a} {}", bonus.currency.clone().unwrap_or_default())).unwrap_or_default();
        field(&mut lines, "referral bonus", format!("{amount} {}", bonus.notes.clone().unwrap_or_default()));
    }
    field(&mut lines, "research", o.research_notes.clone().unwrap_or_default());
    if !detail.people.is_empty() {
        lines.push(String::new());
        lines.push(styled(BOLD, format!("People there ({})", detail.people.len())));
        for p in detail.people.iter().take(25) {
            lines.push(format!(
                "  {}  {}  {}",
                p.id.short(),
                p.name.full,
                styled(DIM, p.title.clone().unwrap_or_default())
            ));
        }
    }
    if !detail.alumni.is_empty() {
        lines.push(styled(BOLD, format!("Used to work there ({})", detail.alumni.len())));
        for p in detail.alumni.iter().take(10) {
            lines.push(format!("  {}  {}", p.id.short(), p.name.full));
        }
    }
    if !detail.openings.is_empty() {
        lines.push(styled(BOLD, "Openings"));
        for opening in &detail.openings {
            lines.push(format!("  {}  {}  {}", opening.id.short(), opening.title, styled(DIM, opening.status)));
        }
    }
    for note in &detail.notes {
        lines.push(format!("  {} {}", styled(DIM, "note:"), note.body));
    }
    output::print(&lines.join("\n"))
}

fn edit(ctx: &Ctx<'_>, args: EditArgs) -> anyhow::Result<()> {
    let id = organizations::resolve(ctx, &args.org)?;
    let mut patch = patch_from(&args.details)?;
    patch.name = args.name;
    patch.status = args.status;
    let (org, changed) = organizations::edit(ctx, id, &patch)?;
    if args.json {
        return output::json(&views::organization(&org));
    }
    if !changed {
        return output::print(&format!("Nothing changed for {}.", org.name));
    }
    output::print(&format!("{} {} ({})", styled(GOOD, "Updated"), styled(BOLD, &org.name), lamp_key(&org)))
}
