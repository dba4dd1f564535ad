//! `rapport person`: add, list, show, edit, delete (to the trash) and restore people.

use clap::Subcommand;
use rapport_core::people;
use rapport_domain::people::{Affinity, Frequency, NewPerson, Person, PersonName, PersonPatch, Source, Tie, Tier};
use rapport_domain::pipeline::Stage;
use rapport_domain::values::{Email, Link, Phone, Tag};
use rapport_store::{Page, PersonFilter, PersonSort};

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, WARN, field, styled};
use crate::{views, when};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: PersonCommand,
}

#[derive(Debug, Subcommand)]
enum PersonCommand {
    /// Add a person.
    Add(AddArgs),
    /// List people, with filters and paging.
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Show everything about a person.
    Show(ShowArgs),
    /// Change a person's details.
    Edit(EditArgs),
    /// Move a person to the trash (restore with `rapport person restore`).
    #[command(visible_alias = "delete")]
    Rm(RefArgs),
    /// Bring a person back from the trash.
    Restore(RefArgs),
}

/// Who: an id, the short id shown in lists, an email address, a LinkedIn link or a name.
#[derive(Debug, clap::Args)]
struct RefArgs {
    /// Id, short id, email, LinkedIn link or name.
    person: String,
}

#[derive(Debug, clap::Args)]
struct AddArgs {
    /// Their full name, e.g. "Ana Silva".
    name: String,
    /// An email address (repeat for several).
    #[arg(long = "email", value_name = "EMAIL")]
    emails: Vec<String>,
    /// A phone number (repeat for several).
    #[arg(long = "phone", value_name = "PHONE")]
    phones: Vec<String>,
    /// A LinkedIn profile or other web link (repeat for several).
    #[arg(long = "link", value_name = "URL")]
    links: Vec<String>,
    /// Where they work now (added to your organizations if new).
    #[arg(long, value_name = "ORG")]
    org: Option<String>,
    /// Their job title.
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    location: Option<String>,
    /// A tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// A reason they might help, as kind:value (alum:UBC, group:PyData, mutual:Sam Lee).
    #[arg(long = "affinity", value_name = "KIND:VALUE")]
    affinities: Vec<String>,
    /// How you know them: manual, alumni, event, or an introducer's name/id.
    #[arg(long, value_name = "SOURCE")]
    source: Option<String>,
    /// How close you are: 0 stranger … 4 close.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=4))]
    closeness: Option<u8>,
    /// How often you are in touch: never, rarely, occasionally, monthly, often.
    #[arg(long)]
    frequency: Option<Frequency>,
    /// Add even if their email or LinkedIn link is already someone's.
    #[arg(long)]
    allow_duplicate: bool,
    /// Print the new person as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// Only people matching these words (name, email, title, employer, tags…).
    #[arg(long, short = 's', value_name = "WORDS")]
    search: Option<String>,
    #[arg(long)]
    stage: Option<Stage>,
    #[arg(long)]
    tier: Option<Tier>,
    /// Only people at this organization.
    #[arg(long, value_name = "ORG")]
    org: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    /// Sort by name, updated, created, last_touch, stage or relevance [default: name, or
    /// relevance with --search].
    #[arg(long)]
    sort: Option<PersonSort>,
    /// Reverse the order.
    #[arg(long)]
    desc: bool,
    /// People per page.
    #[arg(long, default_value_t = 50)]
    limit: u32,
    /// Which page (1 is the first).
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// List the trash instead.
    #[arg(long)]
    trash: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct ShowArgs {
    /// Id, short id, email, LinkedIn link or name.
    person: String,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
struct EditArgs {
    /// Id, short id, email, LinkedIn link or name.
    person: String,
    #[arg(long)]
    name: Option<String>,
    #[arg(long = "add-email", value_name = "EMAIL")]
    add_emails: Vec<String>,
    #[arg(long = "remove-email", value_name = "EMAIL")]
    remove_emails: Vec<String>,
    #[arg(long = "add-phone", value_name = "PHONE")]
    add_phones: Vec<String>,
    #[arg(long = "add-link", value_name = "URL")]
    add_links: Vec<String>,
    /// Where they work now.
    #[arg(long, value_name = "ORG", conflicts_with = "no_org")]
    org: Option<String>,
    /// They no longer work anywhere you track.
    #[arg(long)]
    no_org: bool,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    location: Option<String>,
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    #[arg(long = "untag", value_name = "TAG")]
    untags: Vec<String>,
    #[arg(long)]
    stage: Option<Stage>,
    #[arg(long, conflicts_with = "no_tier")]
    tier: Option<Tier>,
    #[arg(long)]
    no_tier: bool,
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=4))]
    closeness: Option<u8>,
    #[arg(long)]
    frequency: Option<Frequency>,
    /// Never remind you to contact them.
    #[arg(long, conflicts_with = "contact_ok")]
    do_not_contact: bool,
    /// Lift a do-not-contact.
    #[arg(long)]
    contact_ok: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    match args.command {
        PersonCommand::Add(args) => add(&ctx, args),
        PersonCommand::List(args) => list(&ctx, args),
        PersonCommand::Show(args) => show(&ctx, args),
        PersonCommand::Edit(args) => edit(&ctx, args),
        PersonCommand::Rm(args) => {
            let id = people::resolve(&ctx, &args.person)?;
            let person = people::trash(&ctx, id)?;
            output::print(&format!(
                "Moved {} to the trash. Bring them back with `rapport person restore {}`.",
                styled(BOLD, &person.name.full),
                person.id.short()
            ))
        }
        PersonCommand::Restore(args) => {
            let id = match args.person.parse() {
                Ok(id) => id,
                Err(_) => trashed_person(&ctx, &args.person)?,
            };
            let person = people::restore(&ctx, id)?;
            output::print(&format!("{} {} is back.", styled(GOOD, "Restored"), person.name.full))
        }
    }
}

type Ctx<'a> = rapport_core::Ctx<'a, rapport_store_sqlite::SqliteStore>;

/// Finds a trashed person by short id or name, for `restore`.
fn trashed_person(ctx: &Ctx<'_>, text: &str) -> anyhow::Result<rapport_domain::ids::PersonId> {
    let trashed = people::list(ctx, &PersonFilter { trashed: true, ..Default::default() }, Page::ALL)?;
    let folded = rapport_domain::values::fold_name(text);
    let matches: Vec<&Person> = trashed
        .people
        .iter()
        .filter(|p| p.id.short() == text.trim() || rapport_domain::values::fold_name(&p.name.full) == folded)
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.id),
        [] => anyhow::bail!("no one in the trash matches `{text}`; see the trash with `rapport trash list`"),
        _ => anyhow::bail!("`{text}` matches several people in the trash; use the id from `rapport trash list`"),
    }
}

fn add(ctx: &Ctx<'_>, args: AddArgs) -> anyhow::Result<()> {
    let mut new = NewPerson::new(PersonName::new(&args.name)?);
    new.emails = args.emails.iter().map(|e| Email::parse(e)).collect::<Result<_, _>>()?;
    new.phones = args.phones.iter().map(|p| Phone::parse(p)).collect::<Result<_, _>>()?;
    new.links = args.links.iter().map(|l| Link::parse(l)).collect::<Result<_, _>>()?;
    new.tags = args.tags.iter().map(|t| Tag::parse(t)).collect::<Result<_, _>>()?;
    new.targeting.affinities = args.affinities.iter().map(|a| Affinity::parse(a)).collect::<Result<_, _>>()?;
    new.title = args.title;
    new.location = args.location;
    if let Some(org) = &args.org {
        new.organization_id = Some(org_for(ctx, org)?);
    }
    if let Some(source) = &args.source {
        new.source = match source.to_ascii_lowercase().as_str() {
            "manual" => Source::Manual,
            "alumni" => Source::Alumni(None),
            "event" => Source::Event(String::new()),
            _ => Source::IntroducedBy(people::resolve(ctx, source)?),
        };
    }
    new.tie = Tie {
        closeness: args.closeness.unwrap_or(0),
        frequency: args.frequency.unwrap_or(Frequency::Never),
        ..Tie::default()
    };
    let person = people::add(ctx, new, args.allow_duplicate)?;
    if args.json {
        return output::json(&views::person(&person));
    }
    output::print(&format!("{} {} ({})", styled(GOOD, "Added"), styled(BOLD, &person.name.full), person.id.short()))
}

/// The organization named on the command line: an existing one, or a new one added now.
fn org_for(ctx: &Ctx<'_>, text: &str) -> anyhow::Result<rapport_domain::ids::OrganizationId> {
    match rapport_core::organizations::resolve(ctx, text) {
        Ok(id) => Ok(id),
        Err(e) if e.is_not_found() => {
            let new = rapport_domain::organizations::NewOrganization::new(text)?;
            let org = rapport_core::organizations::add(ctx, new, false)?;
            output::print(&format!("{} organization {}", styled(DIM, "Added"), org.name))?;
            Ok(org.id)
        }
        Err(e) => Err(e.into()),
    }
}

fn list(ctx: &Ctx<'_>, args: ListArgs) -> anyhow::Result<()> {
    let default_sort = if args.search.is_some() { PersonSort::Relevance } else { PersonSort::Name };
    let filter = PersonFilter {
        text: args.search,
        stage: args.stage,
        tier: args.tier,
        organization_id: args.org.as_deref().map(|o| rapport_core::organizations::resolve(ctx, o)).transpose()?,
        tag: args.tag.as_deref().map(Tag::parse).transpose()?,
        trashed: args.trash,
        sort: args.sort.unwrap_or(default_sort),
        descending: args.desc,
    };
    let limit = args.limit.clamp(1, 10_000);
    let page = Page { offset: args.page.saturating_sub(1).saturating_mul(limit), limit };
    let result = people::list(ctx, &filter, page)?;
    if args.json {
        return output::json(&serde_json::json!({
            "total": result.total,
            "total_is_lower_bound": result.capped,
            "offset": page.offset,
            "limit": page.limit,
            "people": result.people.iter().map(views::person).collect::<Vec<_>>(),
        }));
    }
    if result.people.is_empty() {
        let hint = if result.total > 0 {
            "no one on this page"
        } else {
            "no one yet: add someone with `rapport person add NAME`"
        };
        return output::print(&styled(DIM, hint));
    }
    let orgs = views::org_names(ctx, &result.people)?;
    let rows = result
        .people
        .iter()
        .map(|p| {
            vec![
                p.id.short(),
                p.name.full.clone(),
                p.title.clone().unwrap_or_default(),
                p.organization_id.and_then(|o| orgs.get(&o).cloned()).unwrap_or_default(),
                p.stage.to_string(),
                p.tier.map(|t| t.as_str().to_uppercase()).unwrap_or_default(),
            ]
        })
        .collect();
    output::print(&output::table(&["id", "name", "title", "organization", "stage", "tier"], rows))?;
    let shown_to = page.offset as u64 + result.people.len() as u64;
    let more = if result.capped { "+ (type more to narrow the search)" } else { "" };
    output::print(&styled(DIM, format!("{}–{} of {}{more}", page.offset + 1, shown_to, result.total)))
}

fn show(ctx: &Ctx<'_>, args: ShowArgs) -> anyhow::Result<()> {
    let id = people::resolve(ctx, &args.person)?;
    let detail = people::detail(ctx, id)?;
    if args.json {
        return output::json(&views::person_detail(&detail));
    }
    let tz = views::time_zone(ctx)?;
    let p = &detail.person;
    let mut lines = vec![format!("{} {}", styled(BOLD, &p.name.full), styled(DIM, format!("({})", p.id.short())))];
    if p.deleted_at.is_some() {
        lines.push(styled(WARN, format!("In the trash: `rapport person restore {}` brings them back", p.id.short())));
    }
    let job = [p.title.clone(), detail.organization.as_ref().map(|o| o.name.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" at ");
    field(&mut lines, "works as", job);
    field(&mut lines, "emails", p.emails.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(", "));
    field(&mut lines, "phones", p.phones.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(", "));
    field(&mut lines, "links", p.links.iter().map(|l| l.url().to_string()).collect::<Vec<_>>().join(", "));
    field(&mut lines, "location", p.location.clone().unwrap_or_default());
    field(&mut lines, "stage", p.stage.to_string());
    field(
        &mut lines,
        "segment",
        if p.segment == rapport_domain::people::Segment::Unknown { String::new() } else { p.segment.to_string() },
    );
    let tier = match (p.tier, rapport_domain::reminders::starting_tier(p)) {
        (Some(tier), _) => tier.as_str().to_uppercase(),
        (None, Some(tier)) => format!("{} (after the thank-you; set one with --tier)", tier.as_str().to_uppercase()),
        (None, None) => String::new(),
    };
    field(&mut lines, "tier", tier);
    field(&mut lines, "tags", p.tags.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", "));
    field(
        &mut lines,
        "affinities",
        p.targeting.affinities.iter().map(|a| format!("{}:{}", a.kind, a.value)).collect::<Vec<_>>().join(", "),
    );
    field(&mut lines, "skills", p.skills.join(", "));
    field(&mut lines, "known via", views::source(ctx, &p.source)?);
    if !detail.past_organizations.is_empty() {
        field(
            &mut lines,
            "worked at",
            detail.past_organizations.iter().map(|o| o.name.clone()).collect::<Vec<_>>().join(", "),
        );
    }
    field(&mut lines, "last touch", p.last_touch_at.map(|t| when::show(t, &tz)).unwrap_or_default());
    if p.do_not_contact {
        lines.push(styled(WARN, "Do not contact: rapport will not remind you about them"));
    }
    if !detail.interactions.is_empty() || !detail.meetings.is_empty() {
        lines.push(String::new());
        lines.push(styled(BOLD, "Timeline"));
        for item in &detail.interactions {
            let text = item.text.as_deref().unwrap_or("");
            lines.push(format!(
                "  {}  {:<14} {}",
                styled(DIM, when::show(item.at, &tz)),
                item.kind.as_str().replace('_', " "),
                text
            ));
        }
        for meeting in detail.meetings.iter().filter(|m| m.scheduled_at > ctx.now) {
            lines.push(format!(
                "  {}  {:<14} {} min, {}",
                styled(DIM, when::show(meeting.scheduled_at, &tz)),
                "meeting (next)",
                meeting.duration_min,
                meeting.mode
            ));
        }
    }
    if !detail.notes.is_empty() {
        lines.push(String::new());
        lines.push(styled(BOLD, "Notes"));
        for note in &detail.notes {
            lines.push(format!("  {}  {}", styled(DIM, when::show(note.created_at, &tz)), note.body));
        }
    }
    output::print(&lines.join("\n"))
}

fn edit(ctx: &Ctx<'_>, args: EditArgs) -> anyhow::Result<()> {
    let id = people::resolve(ctx, &args.person)?;
    let current = people::get(ctx, id)?;
    let mut patch = PersonPatch {
        name: args.name.as_deref().map(PersonName::new).transpose()?,
        add_emails: args.add_emails.iter().map(|e| Email::parse(e)).collect::<Result<_, _>>()?,
        remove_emails: args.remove_emails.iter().map(|e| Email::parse(e)).collect::<Result<_, _>>()?,
        add_phones: args.add_phones.iter().map(|p| Phone::parse(p)).collect::<Result<_, _>>()?,
        add_links: args.add_links.iter().map(|l| Link::parse(l)).collect::<Result<_, _>>()?,
        title: args.title.map(|t| Some(t).filter(|t| !t.trim().is_empty())),
        location: args.location.map(|l| Some(l).filter(|l| !l.trim().is_empty())),
        add_tags: args.tags.iter().map(|t| Tag::parse(t)).collect::<Result<_, _>>()?,
        remove_tags: args.untags.iter().map(|t| Tag::parse(t)).collect::<Result<_, _>>()?,
        stage: args.stage,
        tier: if args.no_tier { Some(None) } else { args.tier.map(Some) },
        ..Default::default()
    };
    if let Some(org) = &args.org {
        patch.organization_id = Some(Some(org_for(ctx, org)?));
    } else if args.no_org {
        patch.organization_id = Some(None);
    }
    if args.closeness.is_some() || args.frequency.is_some() {
        let mut tie = current.tie;
        tie.closeness = args.closeness.unwrap_or(tie.closeness);
        tie.frequency = args.frequency.unwrap_or(tie.frequency);
        patch.tie = Some(tie);
    }
    if args.do_not_contact {
        patch.do_not_contact = Some(true);
    } else if args.contact_ok {
        patch.do_not_contact = Some(false);
    }
    let (person, changed) = people::edit(ctx, id, &patch)?;
    if args.json {
        return output::json(&views::person(&person));
    }
    if changed.is_empty() {
        return output::print(&format!("Nothing changed for {}.", person.name.full));
    }
    output::print(&format!("{} {}: {}", styled(GOOD, "Updated"), styled(BOLD, &person.name.full), changed.join(", ")))
}
