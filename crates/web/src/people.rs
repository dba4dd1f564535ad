//! People: the list (search as you type, filters, sorting, paging, bulk actions with undo),
//! adding a person, and the person page (details, timeline, notes, edit in place, delete
//! with undo).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use rapport_core::people::{self, BulkAction, PersonDetail};
use rapport_core::{CoreError, CoreResult, Ctx};
use rapport_domain::ids::{OrganizationId, PersonId};
use rapport_domain::interactions::{Channel, InteractionKind, NewInteraction};
use rapport_domain::introductions::IntroState;
use rapport_domain::meetings::MeetingMode;
use rapport_domain::notes::{NewNote, NoteSubject};
use rapport_domain::organizations::NewOrganization;
use rapport_domain::people::{Frequency, NewPerson, PersonName, PersonPatch, Tie, Tier};
use rapport_domain::pipeline::{PipelineEvent, Stage};
use rapport_domain::reminders::ReminderStatus;
use rapport_domain::values::{Email, Link, Phone, Tag};
use rapport_store::{Page, PersonFilter, PersonSort, PersonSummary};

use crate::error::AppError;
use crate::forms::{Form, Params, split_list};
use crate::page::{Chrome, Notice};
use crate::state::{AppState, WebStore};
use crate::views::{date, datetime, words};

/// People per page unless the address asks for another size (10–200).
const PER_PAGE: u32 = 50;
/// The most people one bulk action may name.
const BULK_MAX: usize = 10_000;

/// A choice in a select: its value, its label, and whether it is chosen.
pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) selected: bool,
}

/// Choices for a select from a closed set of words, with an "any"/"none" first entry.
pub(crate) fn choices(all: &[&'static str], current: Option<&str>, first: Option<&str>) -> Vec<Choice> {
    let mut out = Vec::with_capacity(all.len() + 1);
    if let Some(label) = first {
        out.push(Choice { value: String::new(), label: label.to_string(), selected: current.is_none() });
    }
    out.extend(all.iter().map(|w| Choice { value: (*w).to_string(), label: words(w), selected: current == Some(*w) }));
    out
}

fn stage_words() -> Vec<&'static str> {
    Stage::ALL.iter().map(|s| s.as_str()).collect()
}

fn tier_words() -> Vec<&'static str> {
    Tier::ALL.iter().map(|t| t.as_str()).collect()
}

/// One row of the people table.
pub(crate) struct PersonRow {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) stage: String,
    pub(crate) tier: String,
    pub(crate) tags: String,
    pub(crate) last_touch: String,
}

impl PersonRow {
    fn new(person: &PersonSummary, tz: &TimeZone) -> Self {
        Self {
            id: person.id.to_string(),
            name: person.name.clone(),
            title: person.title.clone().unwrap_or_default(),
            stage: words(person.stage.as_str()),
            tier: person.tier.map(|t| t.as_str().to_uppercase()).unwrap_or_default(),
            tags: person.tags.join(", "),
            last_touch: person.last_touch_at.map(|t| date(t, tz)).unwrap_or_else(|| "never".into()),
        }
    }
}

/// The results part of the list: what search as you type replaces.
pub(crate) struct Results {
    pub(crate) rows: Vec<PersonRow>,
    pub(crate) summary: String,
    pub(crate) prev_href: Option<String>,
    pub(crate) next_href: Option<String>,
    pub(crate) tiers: Vec<Choice>,
}

/// The list's filters as the address gave them.
pub(crate) struct ListQuery {
    pub(crate) q: String,
    pub(crate) stage: Option<Stage>,
    pub(crate) tier: Option<Tier>,
    pub(crate) org: String,
    pub(crate) tag: String,
    pub(crate) sort: PersonSort,
    pub(crate) desc: bool,
    pub(crate) page: u32,
    pub(crate) per: u32,
}

impl ListQuery {
    fn parse(params: &Params) -> Result<Self, AppError> {
        Ok(Self {
            q: params.text("q").unwrap_or("").to_string(),
            stage: params.parse_opt("stage", "Stage")?,
            tier: params.parse_opt("tier", "Tier")?,
            org: params.text("org").unwrap_or("").to_string(),
            tag: params.text("tag").unwrap_or("").to_string(),
            sort: params.parse_opt("sort", "Sort")?.unwrap_or_default(),
            desc: params.text("dir") == Some("desc"),
            page: params.parse_opt::<u32>("page", "Page")?.unwrap_or(1).max(1),
            per: params.parse_opt::<u32>("per", "Per page")?.unwrap_or(PER_PAGE).clamp(10, 200),
        })
    }

    /// The address of page `page` with the same filters.
    fn href(&self, page: u32) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [("q", self.q.as_str()), ("org", &self.org), ("tag", &self.tag)] {
            if !value.is_empty() {
                query.append_pair(name, value);
            }
        }
        if let Some(stage) = self.stage {
            query.append_pair("stage", stage.as_str());
        }
        if let Some(tier) = self.tier {
            query.append_pair("tier", tier.as_str());
        }
        if self.sort != PersonSort::default() {
            query.append_pair("sort", self.sort.as_str());
        }
        if self.desc {
            query.append_pair("dir", "desc");
        }
        if self.per != PER_PAGE {
            query.append_pair("per", &self.per.to_string());
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() { "/people".to_string() } else { format!("/people?{query}") }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "people/index.html")]
pub(crate) struct IndexPage {
    chrome: Chrome,
    notice: Option<Notice>,
    query: ListQuery,
    stages: Vec<Choice>,
    tiers: Vec<Choice>,
    sorts: Vec<Choice>,
    results: Results,
}

#[derive(Template, WebTemplate)]
#[template(path = "people/results_only.html")]
pub(crate) struct ResultsFragment {
    chrome: Chrome,
    results: Results,
}

/// Groups digits by thousands: 30000 → 30,000.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// The notice a list address asks for (`?notice=…`, `?trashed=…`): fixed words, never text
/// taken from the address.
fn list_notice(params: &Params) -> Option<Notice> {
    let n: u64 = params.text("n").and_then(|n| n.parse().ok()).unwrap_or(0);
    if let Some(at) = params.text("trashed").and_then(|t| t.parse::<i64>().ok()) {
        return Some(Notice {
            text: format!("Moved {} to the trash.", plural(n, "person", "people")),
            undo: Some(("/people/undo".to_string(), at.to_string())),
        });
    }
    let text = match params.text("notice")? {
        "welcome" => "Welcome! Add the first person you know with “Add a person”.".to_string(),
        "demo" => "Demo data loaded: made-up people, employers and openings to explore.".to_string(),
        "restored" => format!("Brought back {}.", plural(n, "person", "people")),
        "tagged" => format!("Tagged {}.", plural(n, "person", "people")),
        "tiered" => format!("Changed the tier of {}.", plural(n, "person", "people")),
        _ => return None,
    };
    Some(Notice::text(text))
}

/// `GET /people`: the list. With `partial=1` only the results (for search as you type).
/// One store read per request unless an organization filter is named (then one more to find
/// it).
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let params = Params::from_query(raw.as_deref());
    let query = ListQuery::parse(&params)?;
    let tag = if query.tag.is_empty() {
        None
    } else {
        Some(Tag::parse(&query.tag).map_err(|e| AppError::BadRequest(e.to_string()))?)
    };
    let org_text = (!query.org.is_empty()).then(|| query.org.clone());
    let filter_base = PersonFilter {
        text: (!query.q.is_empty()).then(|| query.q.clone()),
        stage: query.stage,
        tier: query.tier,
        organization_id: None,
        tag,
        trashed: false,
        sort: query.sort,
        descending: query.desc,
    };
    let page = Page { offset: (query.page - 1).saturating_mul(query.per), limit: query.per };
    let found = state
        .call(move |ctx| {
            let mut filter = filter_base;
            if let Some(text) = org_text {
                filter.organization_id = Some(rapport_core::organizations::resolve(ctx, &text)?);
            }
            people::list_rows(ctx, &filter, page)
        })
        .await?;
    let tz = state.time_zone();
    let shown_to = u64::from(page.offset) + found.people.len() as u64;
    let summary = if found.total == 0 {
        if query.q.is_empty() { "No one here yet.".to_string() } else { format!("No one matches “{}”.", query.q) }
    } else if found.people.is_empty() {
        format!("No one on this page; {} in all.", plural(found.total, "person", "people"))
    } else {
        format!(
            "{}–{} of {}",
            thousands(u64::from(page.offset) + 1),
            thousands(shown_to),
            plural(found.total, "person", "people")
        )
    };
    let results = Results {
        rows: found.people.iter().map(|p| PersonRow::new(p, &tz)).collect(),
        summary,
        prev_href: (query.page > 1).then(|| query.href(query.page - 1)),
        next_href: (shown_to < found.total).then(|| query.href(query.page + 1)),
        tiers: choices(&tier_words(), None, Some("none")),
    };
    if params.text("partial") == Some("1") {
        return Ok(ResultsFragment { chrome, results }.into_response());
    }
    let sorts = PersonSort::ALL
        .iter()
        .map(|s| Choice { value: s.as_str().into(), label: words(s.as_str()), selected: *s == query.sort })
        .collect();
    Ok(IndexPage {
        chrome,
        notice: list_notice(&params),
        stages: choices(&stage_words(), query.stage.map(Stage::as_str), Some("any stage")),
        tiers: choices(&tier_words(), query.tier.map(Tier::as_str), Some("any tier")),
        sorts,
        query,
        results,
    }
    .into_response())
}

fn parse_ids(params: &Params) -> Result<Vec<PersonId>, AppError> {
    let raw = params.all("id");
    if raw.len() > BULK_MAX {
        return Err(AppError::BadRequest(format!(
            "at most {BULK_MAX} people can change at once; filter the list first"
        )));
    }
    raw.iter()
        .map(|id| id.parse::<PersonId>().map_err(|_| AppError::BadRequest(format!("`{id}` is not a person id"))))
        .collect()
}

/// `POST /people/bulk`: tag, change the tier of, or delete the ticked people, in one
/// transaction.
pub(crate) async fn bulk(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let ids = parse_ids(&params)?;
    let action = match params.required("action", "Action")? {
        "tag" => {
            let tag = params.required("tag", "Tag")?;
            BulkAction::AddTag(Tag::parse(tag).map_err(|e| AppError::BadRequest(e.to_string()))?)
        }
        "tier" => BulkAction::SetTier(params.parse_opt("tier", "Tier")?),
        "delete" => BulkAction::Trash,
        other => {
            return Err(AppError::BadRequest(format!("`{other}` is not a bulk action; choose tag, tier or delete")));
        }
    };
    let trash = action == BulkAction::Trash;
    let is_tag = matches!(action, BulkAction::AddTag(_));
    let outcome = state.call(move |ctx| people::bulk(ctx, &ids, &action)).await?;
    let target = if trash {
        format!("/people?trashed={}&n={}", outcome.at.as_microsecond(), outcome.changed)
    } else {
        format!("/people?notice={}&n={}", if is_tag { "tagged" } else { "tiered" }, outcome.changed)
    };
    Ok(Redirect::to(&target).into_response())
}

/// `POST /people/undo`: brings back the people of one delete.
pub(crate) async fn undo(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let micros: i64 =
        params.parse_opt("at", "Undo")?.ok_or_else(|| AppError::BadRequest("there is nothing to undo".into()))?;
    let at = Timestamp::from_microsecond(micros).map_err(|_| AppError::BadRequest("that undo has expired".into()))?;
    let back = state.call(move |ctx| people::restore_trashed_at(ctx, at)).await?;
    if let [one] = back.as_slice() {
        return Ok(Redirect::to(&format!("/people/{}?notice=restored", one.id)).into_response());
    }
    Ok(Redirect::to(&format!("/people?notice=restored&n={}", back.len())).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "people/new.html")]
pub(crate) struct NewPage {
    chrome: Chrome,
    stages: Vec<Choice>,
    frequencies: Vec<Choice>,
}

/// `GET /people/new`.
pub(crate) async fn new_form(chrome: Chrome) -> NewPage {
    let frequencies: Vec<&str> = Frequency::ALL.iter().map(|f| f.as_str()).collect();
    NewPage {
        chrome,
        stages: choices(&stage_words(), Some(Stage::Identified.as_str()), None),
        frequencies: choices(&frequencies, Some(Frequency::Never.as_str()), None),
    }
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(e.to_string())
}

/// The organization typed into a form: an existing one (by name or id), or a new one.
fn org_for(ctx: &Ctx<'_, WebStore>, text: &str) -> CoreResult<OrganizationId> {
    match rapport_core::organizations::resolve(ctx, text) {
        Ok(id) => Ok(id),
        Err(e) if e.is_not_found() => Ok(rapport_core::organizations::add(ctx, NewOrganization::new(text)?, false)?.id),
        Err(e) => Err(e),
    }
}

/// `POST /people`: adds a person.
pub(crate) async fn create(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let mut new = NewPerson::new(PersonName::new(params.required("name", "Name")?).map_err(bad)?);
    new.emails =
        split_list(params.raw("emails")).iter().map(|e| Email::parse(e)).collect::<Result<_, _>>().map_err(bad)?;
    new.phones = params.text("phone").map(Phone::parse).transpose().map_err(bad)?.into_iter().collect();
    new.links = params.text("link").map(Link::parse).transpose().map_err(bad)?.into_iter().collect();
    new.tags = split_list(params.raw("tags")).iter().map(|t| Tag::parse(t)).collect::<Result<_, _>>().map_err(bad)?;
    new.title = params.text("title").map(str::to_string);
    new.location = params.text("location").map(str::to_string);
    new.stage = params.parse_opt("stage", "Stage")?.unwrap_or(Stage::Identified);
    new.tie = Tie {
        closeness: params.parse_opt("closeness", "Closeness")?.unwrap_or(0),
        frequency: params.parse_opt("frequency", "Frequency")?.unwrap_or(Frequency::Never),
        ..Tie::default()
    }
    .validate()
    .map_err(bad)?;
    let allow_duplicate = params.has("allow_duplicate");
    let org = params.text("organization").map(str::to_string);
    let person = state
        .call(move |ctx| {
            if let Some(org) = org {
                new.organization_id = Some(org_for(ctx, &org)?);
            }
            people::add(ctx, new, allow_duplicate)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{}?notice=added", person.id)).into_response())
}

/// One entry of the person's timeline: an interaction or a meeting.
pub(crate) struct TimelineEntry {
    at: Timestamp,
    pub(crate) when: String,
    pub(crate) what: String,
    pub(crate) detail: String,
}

pub(crate) struct NoteView {
    pub(crate) when: String,
    pub(crate) body: String,
}

pub(crate) struct OpeningLink {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) status: String,
}

/// The person page's values, as text.
pub(crate) struct PersonView {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) location: String,
    pub(crate) organization: Option<(String, String)>,
    pub(crate) emails: Vec<String>,
    pub(crate) phones: Vec<String>,
    pub(crate) links: Vec<String>,
    pub(crate) tags: String,
    pub(crate) stage: String,
    pub(crate) tier: String,
    pub(crate) segment: String,
    pub(crate) referral: String,
    pub(crate) loop_closed: String,
    pub(crate) closeness: u8,
    pub(crate) frequency: String,
    pub(crate) source: String,
    pub(crate) last_touch: String,
    pub(crate) do_not_contact: bool,
    pub(crate) recruiter: bool,
    pub(crate) trashed: bool,
    pub(crate) past_organizations: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "people/show.html")]
pub(crate) struct ShowPage {
    chrome: Chrome,
    notice: Option<Notice>,
    person: PersonView,
    timeline: Vec<TimelineEntry>,
    notes: Vec<NoteView>,
    openings: Vec<OpeningLink>,
    stages: Vec<Choice>,
    tiers: Vec<Choice>,
    frequencies: Vec<Choice>,
    closeness: Vec<Choice>,
    emails_text: String,
    tags_text: String,
    /// Their reminders (what to do next for them), most urgent first.
    lines: Vec<crate::today::Line>,
    back: String,
    meetings: Vec<crate::meetings::MeetingLink>,
    introductions: Vec<IntroView>,
    help: HelpView,
    modes: Vec<Choice>,
    kinds: Vec<Choice>,
    channels: Vec<Choice>,
    default_at: String,
    /// The editors that fit where they stand.
    can_thank: bool,
}

/// An introduction on the person page, from their side.
pub(crate) struct IntroView {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) other_id: String,
    pub(crate) state: String,
    pub(crate) next: Vec<Choice>,
}

/// The help map (§4.6.1), as lines to confirm.
#[derive(Default)]
pub(crate) struct HelpView {
    pub(crate) people: Vec<(Option<String>, String)>,
    pub(crate) skills: Vec<String>,
    pub(crate) recruiters: Vec<(Option<String>, String)>,
}

fn help_view(map: &rapport_domain::brief::HelpMap) -> HelpView {
    let contact = |c: &rapport_domain::brief::ContactLead| {
        let mut line = c.name.clone();
        match (&c.title, &c.organization) {
            (Some(t), Some(o)) => line.push_str(&format!(", {t} at {o}")),
            (Some(t), None) => line.push_str(&format!(", {t}")),
            (None, Some(o)) => line.push_str(&format!(" at {o}")),
            (None, None) => {}
        }
        if let Some(rank) = c.rank {
            line.push_str(&format!(" (target #{rank})"));
        }
        (Some(format!("/people/{}", c.person_id)), line)
    };
    let mut people: Vec<(Option<String>, String)> = map
        .employers
        .iter()
        .map(|e| {
            let years = if e.years.is_empty() { String::new() } else { format!(" ({})", e.years) };
            (
                Some(format!("/organizations/{}", e.organization_id)),
                format!("They worked at {} (target #{}){years}: who do they still know there?", e.name, e.rank),
            )
        })
        .collect();
    people.extend(map.contacts.iter().map(contact));
    let mut recruiters: Vec<(Option<String>, String)> = map.recruiters.iter().map(contact).collect();
    if map.they_recruit {
        recruiters.insert(0, (None, "They recruit themselves: ask which other recruiters are worth knowing.".into()));
    }
    HelpView {
        people,
        skills: map
            .skills
            .iter()
            .map(|k| if k.yours_too { format!("{} (yours too)", k.subject) } else { k.subject.clone() })
            .collect(),
        recruiters,
    }
}

/// The interaction kinds a seeker logs by hand, with the words the form shows.
const LOG_KINDS: [(&str, &str); 10] = [
    ("reply", "they replied"),
    ("outreach", "I wrote a first note"),
    ("follow_up", "I sent the one follow-up"),
    ("no_response", "no response: mark it"),
    ("check_in", "I checked in"),
    ("loop_close", "I told them how their advice helped"),
    ("referral_update", "I updated them on a referral"),
    ("intro_request", "I asked for an introduction"),
    ("thank_you", "I thanked them"),
    ("other", "something else"),
];

fn person_id(raw: &str) -> Result<PersonId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(format!("no person with id {raw}; find them on the People page")))
}

fn view(detail: &PersonDetail, tz: &TimeZone) -> PersonView {
    let p = &detail.person;
    PersonView {
        id: p.id.to_string(),
        name: p.name.full.clone(),
        title: p.title.clone().unwrap_or_default(),
        location: p.location.clone().unwrap_or_default(),
        organization: detail.organization.as_ref().map(|o| (o.id.to_string(), o.name.clone())),
        emails: p.emails.iter().map(|e| e.as_str().to_string()).collect(),
        phones: p.phones.iter().map(|x| x.as_str().to_string()).collect(),
        links: p.links.iter().map(|l| l.url().to_string()).collect(),
        tags: p.tags.iter().map(Tag::as_str).collect::<Vec<_>>().join(", "),
        stage: words(p.stage.as_str()),
        tier: match (p.tier, rapport_domain::reminders::starting_tier(p)) {
            (Some(tier), _) => tier.as_str().to_uppercase(),
            (None, Some(tier)) => format!("{} (after the thank-you, until you set one)", tier.as_str().to_uppercase()),
            (None, None) => "none".into(),
        },
        segment: words(p.segment.as_str()),
        referral: words(p.referral.as_str()),
        loop_closed: words(p.loop_closed.as_str()),
        closeness: p.tie.closeness,
        frequency: words(p.tie.frequency.as_str()),
        source: words(p.source.kind()),
        last_touch: p.last_touch_at.map(|t| date(t, tz)).unwrap_or_else(|| "never".into()),
        do_not_contact: p.do_not_contact,
        recruiter: p.recruiter,
        trashed: p.deleted_at.is_some(),
        past_organizations: detail.past_organizations.iter().map(|o| (o.id.to_string(), o.name.clone())).collect(),
    }
}

fn timeline(detail: &PersonDetail, tz: &TimeZone) -> Vec<TimelineEntry> {
    let mut entries: Vec<TimelineEntry> = detail
        .interactions
        .iter()
        .map(|i| TimelineEntry {
            at: i.at,
            when: datetime(i.at, tz),
            what: format!(
                "{} ({}, {})",
                words(i.kind.as_str()),
                words(i.channel.as_str()),
                words(i.direction.as_str())
            ),
            detail: [i.text.as_deref(), i.outcome.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" — "),
        })
        .collect();
    entries.extend(detail.meetings.iter().filter(|m| m.deleted_at.is_none()).map(|m| TimelineEntry {
        at: m.scheduled_at,
        when: datetime(m.scheduled_at, tz),
        what: format!("meeting, {} ({} min, {})", words(m.status.as_str()), m.duration_min, words(m.mode.as_str())),
        detail: m.agenda.clone().or_else(|| m.notes.clone()).unwrap_or_default(),
    }));
    entries.sort_by_key(|e| std::cmp::Reverse(e.at));
    entries
}

fn channel_words() -> Vec<&'static str> {
    Channel::ALL.iter().map(|c| c.as_str()).collect()
}

fn show_notice(params: &Params) -> Option<Notice> {
    let text = match params.text("notice")? {
        "logged" => "Logged. Their next steps below follow from it.",
        "logged_locked" => {
            "Logged. Outreach is locked until ten employers have a motivation score: score them on the \
             Targets page before your next first message."
        }
        "sent" => "Recorded as sent. rapport reminds you when to follow up, and when not to.",
        "thanked" => "Thank-you recorded: they are in your active network, with a keep-in-touch date.",
        "introduced" => "Introduction updated.",
        "done" => "Marked done.",
        "snoozed" => "Snoozed.",
        "dismissed" => "Dismissed.",
        "added" => "Added.",
        "saved" => "Saved.",
        "unchanged" => "Nothing changed.",
        "noted" => "Note added.",
        "restored" => "They are back from the trash.",
        _ => return None,
    };
    Some(Notice::text(text))
}

/// `GET /people/{id}`.
pub(crate) async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, AppError> {
    let id = person_id(&id)?;
    let routes = std::sync::Arc::clone(&state.routes);
    let (detail, reminders, others, help, now, fresh) = state
        .call(move |ctx| {
            let detail = people::detail(ctx, id)?;
            let reminders = rapport_core::reminders::for_person(ctx, id)?;
            let mut other_ids: Vec<PersonId> = detail
                .introductions
                .iter()
                .map(|i| if i.introducer_id == id { i.introduced_id } else { i.introducer_id })
                .collect();
            other_ids.sort();
            other_ids.dedup();
            let mut others = Vec::with_capacity(other_ids.len());
            for other in other_ids {
                others.push(people::get(ctx, other)?);
            }
            let (help, fresh) = if detail.person.deleted_at.is_none() {
                let (help, fresh) = rapport_core::prep::help_map_cached(ctx, &routes, id)?;
                (Some(help), fresh)
            } else {
                (None, true)
            };
            Ok((detail, reminders, others, help, ctx.now, fresh))
        })
        .await?;
    if !fresh {
        // The help map was ordered by the network as it was before the latest writes: bring
        // it up to date after this answer, so the page after a save never waits for it.
        state.rebuild_network_later();
    }
    let tz = state.time_zone();
    let p = &detail.person;
    let name_of = |pid: PersonId| others.iter().find(|o| o.id == pid).map(|o| o.name.full.clone()).unwrap_or_default();
    let introductions = detail
        .introductions
        .iter()
        .map(|i| {
            let (text, other) = if i.introducer_id == id {
                (format!("Introduces you to {}", name_of(i.introduced_id)), i.introduced_id)
            } else {
                (format!("Introduced by {}", name_of(i.introducer_id)), i.introducer_id)
            };
            let next: Vec<Choice> = IntroState::ALL
                .iter()
                .filter(|s| rapport_core::introductions::can_move(i.state, **s))
                .map(|s| Choice { value: s.as_str().into(), label: words(s.as_str()), selected: false })
                .collect();
            IntroView { id: i.id.to_string(), text, other_id: other.to_string(), state: words(i.state.as_str()), next }
        })
        .collect();
    let mut lines: Vec<(ReminderStatus, crate::today::Line)> = reminders
        .iter()
        .map(|r| (r.status(now), r))
        .filter(|(s, _)| *s != ReminderStatus::Expired)
        .map(|(s, r)| (s, crate::today::line(r, s, &tz)))
        .collect();
    lines.sort_by_key(|(s, _)| *s);
    let can_thank = detail.meetings.iter().any(|m| m.deleted_at.is_none() && m.scheduled_at <= now);
    let frequencies: Vec<&str> = Frequency::ALL.iter().map(|f| f.as_str()).collect();
    let closeness_words = ["0", "1", "2", "3", "4"];
    let closeness = closeness_words
        .iter()
        .enumerate()
        .map(|(i, w)| Choice {
            value: (*w).to_string(),
            label: match i {
                0 => "0 (stranger)".into(),
                4 => "4 (close)".into(),
                _ => (*w).to_string(),
            },
            selected: usize::from(p.tie.closeness) == i,
        })
        .collect();
    let page = ShowPage {
        chrome,
        notice: show_notice(&Params::from_query(raw.as_deref())),
        timeline: timeline(&detail, &tz),
        notes: detail
            .notes
            .iter()
            .map(|n| NoteView { when: datetime(n.created_at, &tz), body: n.body.clone() })
            .collect(),
        openings: detail
            .referred_openings
            .iter()
            .map(|o| OpeningLink { id: o.id.to_string(), title: o.title.clone(), status: words(o.status.as_str()) })
            .collect(),
        stages: choices(&stage_words(), Some(p.stage.as_str()), None),
        tiers: choices(&tier_words(), p.tier.map(Tier::as_str), Some("none")),
        frequencies: choices(&frequencies, Some(p.tie.frequency.as_str()), None),
        closeness,
        emails_text: p.emails.iter().map(|e| e.as_str()).collect::<Vec<_>>().join("\n"),
        tags_text: p.tags.iter().map(Tag::as_str).collect::<Vec<_>>().join(", "),
        lines: lines.into_iter().map(|(_, l)| l).collect(),
        back: format!("/people/{id}"),
        meetings: crate::meetings::meeting_links(&detail.meetings, &tz),
        introductions,
        help: help.as_ref().map(help_view).unwrap_or_default(),
        modes: crate::meetings::mode_choices(Some(MeetingMode::Coffee)),
        kinds: LOG_KINDS
            .iter()
            .map(|(value, label)| Choice {
                value: (*value).into(),
                label: (*label).into(),
                selected: *value == "reply",
            })
            .collect(),
        channels: choices(&channel_words(), Some(Channel::Email.as_str()), None),
        default_at: crate::views::datetime_local(now, &tz),
        can_thank,
        person: view(&detail, &tz),
    };
    let mut response = page.into_response();
    if !fresh {
        response.extensions_mut().insert(crate::cache::DoNotKeep);
    }
    Ok(response)
}

/// `POST /people/{id}`: saves the edit form.
pub(crate) async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = person_id(&id)?;
    let name = PersonName::new(params.required("name", "Name")?).map_err(bad)?;
    let emails: Vec<Email> =
        split_list(params.raw("emails")).iter().map(|e| Email::parse(e)).collect::<Result<_, _>>().map_err(bad)?;
    let tags: Vec<Tag> =
        split_list(params.raw("tags")).iter().map(|t| Tag::parse(t)).collect::<Result<_, _>>().map_err(bad)?;
    let add_phone = params.text("add_phone").map(Phone::parse).transpose().map_err(bad)?;
    let add_link = params.text("add_link").map(Link::parse).transpose().map_err(bad)?;
    let stage: Option<Stage> = params.parse_opt("stage", "Stage")?;
    let tier: Option<Tier> = params.parse_opt("tier", "Tier")?;
    let closeness: Option<u8> = params.parse_opt("closeness", "Closeness")?;
    let frequency: Option<Frequency> = params.parse_opt("frequency", "Frequency")?;
    let title = params.text("title").map(str::to_string);
    let location = params.text("location").map(str::to_string);
    let org = params.text("organization").map(str::to_string);
    let recruiter = params.has("recruiter");
    let do_not_contact = params.has("do_not_contact");
    let changed = state
        .call(move |ctx| {
            let detail = people::detail(ctx, id)?;
            let person = &detail.person;
            let organization_id = match org {
                None => None,
                Some(text) if detail.organization.as_ref().is_some_and(|o| o.name.eq_ignore_ascii_case(&text)) => {
                    person.organization_id
                }
                Some(text) => Some(org_for(ctx, &text)?),
            };
            let mut tie = person.tie;
            tie.closeness = closeness.unwrap_or(tie.closeness);
            tie.frequency = frequency.unwrap_or(tie.frequency);
            let patch = PersonPatch {
                name: Some(name),
                add_emails: emails
                    .iter()
                    .filter(|e| !person.emails.iter().any(|p| p.match_key() == e.match_key()))
                    .cloned()
                    .collect(),
                remove_emails: person
                    .emails
                    .iter()
                    .filter(|p| !emails.iter().any(|e| e.match_key() == p.match_key()))
                    .cloned()
                    .collect(),
                add_phones: add_phone.into_iter().collect(),
                add_links: add_link.into_iter().collect(),
                organization_id: Some(organization_id),
                title: Some(title),
                location: Some(location),
                add_tags: tags.iter().filter(|t| !person.tags.contains(t)).cloned().collect(),
                remove_tags: person.tags.iter().filter(|t| !tags.contains(t)).cloned().collect(),
                tie: Some(tie.validate()?),
                recruiter: Some(recruiter),
                stage: if do_not_contact { None } else { stage },
                tier: Some(tier),
                do_not_contact: Some(do_not_contact),
                ..Default::default()
            };
            let (_, changed) = people::edit(ctx, id, &patch)?;
            Ok(changed.len())
        })
        .await?;
    let notice = if changed == 0 { "unchanged" } else { "saved" };
    Ok(Redirect::to(&format!("/people/{id}?notice={notice}")).into_response())
}

/// `POST /people/{id}/notes`: adds a note about the person.
pub(crate) async fn add_note(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = person_id(&id)?;
    let new = NewNote::new(NoteSubject::Person(id), params.raw("body")).map_err(bad)?;
    state
        .call(move |ctx| {
            let person = people::get(ctx, id)?;
            if person.deleted_at.is_some() {
                return Err(CoreError::Refused(format!("{} is in the trash; restore them first", person.name.full)));
            }
            rapport_core::notes::add(ctx, new)
        })
        .await?;
    Ok(Redirect::to(&format!("/people/{id}?notice=noted#notes")).into_response())
}

/// `POST /people/{id}/delete`: moves the person to the trash, with an undo on the list.
pub(crate) async fn delete(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = person_id(&id)?;
    let outcome = state.call(move |ctx| people::bulk(ctx, &[id], &BulkAction::Trash)).await?;
    Ok(Redirect::to(&format!("/people?trashed={}&n={}", outcome.at.as_microsecond(), outcome.changed)).into_response())
}

/// `POST /people/{id}/log`: records an interaction; the pipeline's refusals come back in
/// words (a second follow-up, a reply before any outreach…).
pub(crate) async fn log(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = person_id(&id)?;
    let tz = state.time_zone();
    let at = match params.text("at") {
        Some(text) => Some(crate::views::parse_local("When", text, &tz).map_err(AppError::BadRequest)?),
        None => None,
    };
    let text = params.text("text").map(|t| t.replace("\r\n", "\n"));
    let kind = params.required("kind", "What happened")?.to_string();
    let channel: Option<Channel> = params.parse_opt("channel", "Channel")?;
    let locked = state
        .call(move |ctx| {
            let at = at.unwrap_or(ctx.now);
            if kind == "no_response" {
                let event = PipelineEvent::MarkNoResponse { now: ctx.now, user_override: false };
                return rapport_core::interactions::advance(ctx, id, &event).map(|_| false);
            }
            let kind: InteractionKind = kind.parse().map_err(CoreError::Invalid)?;
            let mut new = NewInteraction::new(id, kind, at).with_text(text.as_deref());
            if let Some(channel) = channel {
                new.channel = channel;
            }
            let logged = rapport_core::interactions::log(ctx, new)?;
            // Gate G2: an outreach already sent is recorded, and the page says the gate holds.
            Ok(rapport_core::outreach::gate_after_logging(ctx, &logged)?.is_some())
        })
        .await?;
    let notice = if locked { "logged_locked" } else { "logged" };
    Ok(Redirect::to(&format!("/people/{id}?notice={notice}#log")).into_response())
}

/// `POST /introductions/{id}/state`: moves an introduction along (offered → requested →
/// received → replied, or declined).
pub(crate) async fn introduction_state(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let intro: rapport_domain::ids::IntroductionId = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("no introduction with id {id}; find it on the person's page")))?;
    let to: IntroState =
        params.parse_opt("state", "State")?.ok_or_else(|| AppError::BadRequest("choose the new state".into()))?;
    let back = crate::today::back_to(&params, "/today");
    state.call(move |ctx| rapport_core::introductions::set_state(ctx, intro, to)).await?;
    let sep = if back.contains('?') { '&' } else { '?' };
    Ok(Redirect::to(&format!("{back}{sep}notice=introduced")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(30_000), "30,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn page_links_keep_the_filters() {
        let params = Params::parse(b"q=ana+s&stage=met&dir=desc&page=3");
        let query = ListQuery::parse(&params).unwrap();
        assert_eq!(query.href(4), "/people?q=ana+s&stage=met&dir=desc&page=4");
        assert_eq!(query.href(1), "/people?q=ana+s&stage=met&dir=desc");
    }
}
