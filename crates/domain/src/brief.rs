//! The prep brief (§4.6.1): everything the seeker reads before an informational interview,
//! as a structured value built from plain inputs, plus a Markdown rendering of it.
//!
//! The use-case layer fills a [`BriefInput`] from the store and calls [`Brief::build`]. The
//! brief holds no HTML: the web crate renders the structured value its own way, and
//! [`Brief::to_markdown`] serves the command line and exports.

use std::collections::BTreeSet;

use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::TimeZone;

use crate::ValidationError;
use crate::agenda::{Agenda, opening_close_start};
use crate::ids::{MeetingId, OpeningId, OrganizationId, PersonId, QuestionId};
use crate::interactions::Interaction;
use crate::meetings::{Meeting, MeetingMode};
use crate::opening_close::{CloseCondition, OpeningCloseDecision, OpeningCloseFacts, unmet_conditions};
use crate::openings::Opening;
use crate::organizations::{Organization, ReferralBonus};
use crate::people::{Affinity, Person, Source};
use crate::profile::Profile;
use crate::question_bank::{
    Applies, Fill, NO_PRESSURE, Pick, PickInput, PickedQuestion, QUALIFICATION, QuestionOrigin, RECIPROCITY_CLOSE,
    REFERRAL_ASK, SEND_JOB_DESCRIPTION, SeekerSituation, category_label, pick_questions, suggested_count,
};
use crate::questions::Question;
use crate::relationships::RelationshipKind;
use crate::word_enum;

/// How many of the seeker's ranked target employers the help map looks at.
pub const HELP_MAP_TARGETS: usize = 15;

/// Minutes of reading the company research is capped at.
pub const READING_MINUTES: u8 = 15;

/// Someone linked to the person being met.
#[derive(Clone, Debug, PartialEq)]
pub struct RelatedPerson {
    pub person: Person,
    /// How the two know each other, when recorded.
    pub kind: Option<RelationshipKind>,
}

/// Everything the brief is built from. The caller fills it from the store.
#[derive(Clone, Debug)]
pub struct BriefInput {
    pub meeting: Meeting,
    /// The person being met.
    pub person: Person,
    /// Every organization the other fields mention (their employer, past employers, the
    /// targets, the employers of related people), so they can be named.
    pub organizations: Vec<Organization>,
    pub profile: Profile,
    pub seeker: SeekerSituation,
    /// Situations the store does not hold as fields (`startup`, `large-company`, `remote`).
    pub extra_situations: Vec<Applies>,
    /// The seeker's background in a phrase, as it reads after "my background in" ("teaching
    /// secondary maths").
    pub background: Option<String>,
    /// The seeker's time zone, for the meeting time and the confirmation date.
    pub time_zone: TimeZone,
    /// The opening to discuss at their employer, if any.
    pub opening: Option<Opening>,
    /// The seeker's target employers in LAMP order; the first 15 count.
    pub targets: Vec<OrganizationId>,
    /// People linked to the person: colleagues, friends, recruiters they know.
    pub related: Vec<RelatedPerson>,
    /// Who introduced them, when their source is an introduction.
    pub introducer: Option<Person>,
    /// Interactions with the person, in any order.
    pub interactions: Vec<Interaction>,
    /// The seeker's notes on the person.
    pub person_notes: Vec<String>,
    /// The seeker's notes on the sector and the wider economy.
    pub economy_notes: Option<String>,
    /// Ids of every question already asked to this person.
    pub asked_before: Vec<QuestionId>,
    /// The seeker's own questions.
    pub own_questions: Vec<Question>,
    /// How many questions to pick; `None` suits the meeting length.
    pub question_count: Option<usize>,
    /// True when they have already asked about the seeker's search.
    pub they_asked_about_search: bool,
}

/// The prep brief.
#[derive(Clone, Debug, PartialEq)]
pub struct Brief {
    pub meeting_id: MeetingId,
    pub person_id: PersonId,
    /// "Coffee with Priya Natarajan".
    pub heading: String,
    pub person: PersonSection,
    pub organization: OrganizationSection,
    pub economy: EconomySection,
    pub help_map: HelpMap,
    pub questions: Pick,
    /// Present when there is an active opening at their employer.
    pub opening_close: Option<OpeningCloseScript>,
    pub agenda: Agenda,
    pub logistics: Logistics,
    pub story: Story,
    pub reciprocity: Reciprocity,
}

/// Research on the person.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonSection {
    pub name: String,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub location: Option<String>,
    /// Their jobs, current first, then by start year, latest first.
    pub roles: Vec<RoleLine>,
    /// What they share with the seeker.
    pub affinities: Vec<Affinity>,
    /// How the seeker knows them, one fact per line.
    pub how_you_know: Vec<String>,
    pub notes: Vec<String>,
    /// What to look up before the meeting.
    pub prompts: Vec<String>,
}

/// One job in their history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleLine {
    pub organization_id: OrganizationId,
    pub organization: String,
    pub title: Option<String>,
    pub start_year: Option<i16>,
    pub end_year: Option<i16>,
}

impl RoleLine {
    /// The years as shown: `2017–2021`, `2021–now`, `until 2019`, or empty when unknown.
    pub fn years(&self) -> String {
        match (self.start_year, self.end_year) {
            (Some(start), Some(end)) => format!("{start}–{end}"),
            (Some(start), None) => format!("{start}–now"),
            (None, Some(end)) => format!("until {end}"),
            (None, None) => String::new(),
        }
    }
}

word_enum! {
    /// What the company research covers (§4.6.1 item 2).
    pub enum ResearchTopic ("research topic") {
        InvestorRelations = "investor_relations",
        AnnualReport = "annual_report",
        Headlines = "headlines",
        Initiatives = "initiatives",
    }
}

impl ResearchTopic {
    fn keywords(self) -> &'static [&'static str] {
        match self {
            ResearchTopic::InvestorRelations => &["investor", "earnings", "quarterly", "shareholder"],
            ResearchTopic::AnnualReport => &["annual report", "10-k", "10k", "strategy"],
            ResearchTopic::Headlines => &["headline", "news", "article", "interview"],
            ResearchTopic::Initiatives => &["launch", "initiative", "announce", "press release", "acqui"],
        }
    }

    /// What to read for this topic.
    pub fn prompt(self) -> &'static str {
        match self {
            ResearchTopic::InvestorRelations => {
                "Their investor relations page and latest earnings call, if they are public: the view from the top."
            }
            ResearchTopic::AnnualReport => "The annual report (or 10-K): strategy, risks and where the money goes.",
            ResearchTopic::Headlines => "Headlines about them from the last 90 days.",
            ResearchTopic::Initiatives => "Press releases on their major initiatives and launches.",
        }
    }
}

/// Research on their organization.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationSection {
    pub organization_id: Option<OrganizationId>,
    pub name: Option<String>,
    pub industry: Option<String>,
    pub domain: Option<String>,
    pub research_notes: Option<String>,
    pub referral_bonus: Option<ReferralBonus>,
    /// Topics the notes already cover.
    pub covered: Vec<ResearchTopic>,
    /// What is still to read.
    pub prompts: Vec<String>,
    pub reading_minutes: u8,
}

word_enum! {
    /// Forces in the wider economy worth a Trends question (§4.6.1 item 3).
    pub enum EconomyTopic ("economy topic") {
        Rates = "rates",
        Regulation = "regulation",
        Technology = "technology",
        Trade = "trade",
    }
}

impl EconomyTopic {
    fn matches(self, word: &str) -> bool {
        let prefixes: &[&str] = match self {
            EconomyTopic::Rates => &["rate", "inflation", "recession", "interest", "econom", "budget"],
            EconomyTopic::Regulation => &["regulat", "rule", "law", "policy", "policies", "complian", "legislat"],
            EconomyTopic::Technology => &["automat", "technolog", "software", "digital", "machine"],
            EconomyTopic::Trade => &["tariff", "supply", "trade", "shipping", "import", "export"],
        };
        (self == EconomyTopic::Technology && word == "ai") || prefixes.iter().any(|p| word.starts_with(p))
    }

    /// The topic as named in a prompt.
    pub fn label(self) -> &'static str {
        match self {
            EconomyTopic::Rates => "interest rates and growth",
            EconomyTopic::Regulation => "regulation",
            EconomyTopic::Technology => "AI and automation",
            EconomyTopic::Trade => "trade and supply chains",
        }
    }
}

/// The seeker's view of the economy around the sector.
#[derive(Clone, Debug, PartialEq)]
pub struct EconomySection {
    pub sector: Option<String>,
    pub notes: Option<String>,
    pub covered: Vec<EconomyTopic>,
    pub prompts: Vec<String>,
}

/// The help map (§4.6.1 item 4), pre-filled from the records for the seeker to confirm.
#[derive(Clone, Debug, PartialEq)]
pub struct HelpMap {
    /// (a) Their other employers, past or present, that are on the seeker's target list.
    pub employers: Vec<EmployerLead>,
    /// (a) People they know who work at one of the seeker's targets.
    pub contacts: Vec<ContactLead>,
    /// (b) Skills and subjects they can speak to.
    pub skills: Vec<SkillLead>,
    /// (c) Recruiters and headhunters linked to them.
    pub recruiters: Vec<ContactLead>,
    /// True when they are a recruiter themselves.
    pub they_recruit: bool,
}

/// An employer of theirs on the seeker's target list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmployerLead {
    pub organization_id: OrganizationId,
    pub name: String,
    /// Its place on the seeker's target list, from 1.
    pub rank: usize,
    pub title: Option<String>,
    pub years: String,
}

/// Someone they know who could help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactLead {
    pub person_id: PersonId,
    pub name: String,
    pub title: Option<String>,
    pub organization: Option<String>,
    /// Their employer's place on the seeker's target list, when it is on it.
    pub rank: Option<usize>,
    pub relationship: Option<RelationshipKind>,
}

/// A subject they can speak to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkillLead {
    pub subject: String,
    /// True when it comes from their title rather than their listed skills.
    pub from_title: bool,
    /// True when the seeker lists it too, or it names one of the seeker's target roles.
    pub yours_too: bool,
}

/// Whether one condition of the §4.6.4 rule holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckState {
    Met,
    Unmet,
    /// Only the meeting can tell (rapport).
    InTheMoment,
}

/// One line of the opening-close checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConditionCheck {
    pub condition: CloseCondition,
    pub state: CheckState,
}

/// The opening-specific close, prepared (§4.6.1 item 7, §4.6.4).
#[derive(Clone, Debug, PartialEq)]
pub struct OpeningCloseScript {
    pub opening_id: OpeningId,
    pub title: String,
    pub req_id: Option<String>,
    pub jd_url: Option<String>,
    pub jd_text: Option<String>,
    /// The rule's verdict as planned.
    pub decision: OpeningCloseDecision,
    pub checks: Vec<ConditionCheck>,
    pub qualification: PickedQuestion,
    pub send_job_description: PickedQuestion,
    pub referral_ask: PickedQuestion,
    /// Said if they hesitate; never followed by a chaser.
    pub no_pressure: PickedQuestion,
    /// Prompts for a 2–3 line summary of the seeker's fit.
    pub fit_prompts: Vec<String>,
    /// The seeker's skills that the job description names.
    pub matching_skills: Vec<String>,
    /// What to do instead when the ask waits.
    pub deferred_plan: Vec<String>,
}

/// Where, when and how, and the etiquette that goes with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Logistics {
    /// The start, on the seeker's clock.
    pub starts_at: DateTime,
    /// The time zone's name, or its offset when it has none.
    pub time_zone: String,
    pub length_min: u16,
    pub mode: MeetingMode,
    pub location: Option<String>,
    /// The day to send a short confirmation: the day before.
    pub confirm_on: Date,
    /// True for coffee: the seeker pays.
    pub seeker_pays: bool,
    pub etiquette: Vec<String>,
}

/// The seeker's 30–60 second story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Story {
    /// Bullet points from the profile pitch.
    pub bullets: Vec<String>,
    pub prompts: Vec<String>,
}

/// The close every meeting ends with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reciprocity {
    pub question: PickedQuestion,
    /// Concrete help the seeker could offer.
    pub offers: Vec<String>,
}

impl Brief {
    /// Builds the brief. Fails when the meeting is with someone else or its length is outside
    /// 10–90 minutes.
    pub fn build(input: &BriefInput) -> Result<Self, ValidationError> {
        let person = &input.person;
        if input.meeting.person_id != person.id {
            return Err(ValidationError::new(
                "meeting",
                format!(
                    "the meeting is with another person than {}; build the brief from the meeting's own person",
                    person.name.full
                ),
            ));
        }
        let names = Names { organizations: &input.organizations };
        let employer = person.organization_id.and_then(|id| input.organizations.iter().find(|o| o.id == id));
        let opening = input.opening.as_ref().filter(|o| {
            Some(o.organization_id) == person.organization_id && o.status.is_active() && o.deleted_at.is_none()
        });
        let targets: Vec<OrganizationId> = {
            let mut seen = BTreeSet::new();
            input.targets.iter().copied().filter(|id| seen.insert(*id)).take(HELP_MAP_TARGETS).collect()
        };
        let rank = |id: OrganizationId| targets.iter().position(|t| *t == id).map(|i| i + 1);
        let earlier: Vec<&Interaction> = {
            let mut list: Vec<&Interaction> = input
                .interactions
                .iter()
                .filter(|i| i.person_id == person.id && i.at < input.meeting.scheduled_at)
                .collect();
            list.sort_by_key(|i| i.at);
            list
        };

        let fill = Fill {
            organization: employer.map(|o| o.name.clone()),
            role: input.profile.target_roles.first().cloned(),
            background: input.background.clone(),
            targets: join_names(
                targets
                    .iter()
                    .filter(|id| Some(**id) != person.organization_id)
                    .filter_map(|id| names.organization(*id))
                    .take(3)
                    .collect(),
            ),
            skill: person.skills.first().cloned(),
            title: opening.map(|o| o.title.clone()),
            affinity: person
                .targeting
                .affinities
                .iter()
                .find(|a| a.verified)
                .or(person.targeting.affinities.first())
                .map(|a| a.value.clone()),
            name: None,
        };

        let close_facts = opening.map(|o| OpeningCloseFacts {
            they_asked_about_search: input.they_asked_about_search,
            ..OpeningCloseFacts::from_records(person, Some(o), earlier.len())
        });
        let agenda = Agenda::build(input.meeting.duration_min, input.meeting.mode, close_facts.as_ref())?;
        let questions = pick_questions(&PickInput {
            person,
            opening_at_employer: opening.is_some(),
            seeker: input.seeker,
            extra_situations: &input.extra_situations,
            asked_before: &input.asked_before,
            own_questions: &input.own_questions,
            count: input.question_count.unwrap_or_else(|| suggested_count(input.meeting.duration_min)),
            fill: &fill,
        });
        let opening_close = match (opening, close_facts, &agenda.opening_close) {
            (Some(opening), Some(facts), Some(decision)) => {
                Some(opening_script(opening, &facts, decision, &agenda, &input.profile, &fill))
            }
            _ => None,
        };

        Ok(Self {
            meeting_id: input.meeting.id,
            person_id: person.id,
            heading: format!("{} with {}", mode_label(input.meeting.mode), person.name.full),
            person: person_section(input, &names, &earlier),
            organization: organization_section(employer),
            economy: economy_section(input, employer),
            help_map: help_map(input, &names, &rank),
            questions,
            opening_close,
            logistics: logistics(input),
            story: story(input, employer),
            reciprocity: reciprocity(input, &fill),
            agenda,
        })
    }
}

struct Names<'a> {
    organizations: &'a [Organization],
}

impl Names<'_> {
    fn organization(&self, id: OrganizationId) -> Option<String> {
        self.organizations.iter().find(|o| o.id == id).map(|o| o.name.clone())
    }
}

/// "A", "A and B", "A, B and C"; `None` for no names.
fn join_names(names: Vec<String>) -> Option<String> {
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

fn mode_label(mode: MeetingMode) -> &'static str {
    match mode {
        MeetingMode::Call => "Call",
        MeetingMode::Video => "Video call",
        MeetingMode::Office => "Office visit",
        MeetingMode::Coffee => "Coffee",
    }
}

fn person_section(input: &BriefInput, names: &Names<'_>, earlier: &[&Interaction]) -> PersonSection {
    let person = &input.person;
    let mut roles: Vec<RoleLine> = person
        .employments
        .iter()
        .map(|e| RoleLine {
            organization_id: e.organization_id,
            organization: names.organization(e.organization_id).unwrap_or_else(|| "an unnamed organization".into()),
            title: e.title.clone(),
            start_year: e.start_year,
            end_year: e.end_year,
        })
        .collect();
    roles.sort_by(|a, b| {
        a.end_year
            .is_some()
            .cmp(&b.end_year.is_some())
            .then(b.start_year.cmp(&a.start_year))
            .then(b.end_year.cmp(&a.end_year))
    });

    let mut how_you_know = Vec::new();
    match &person.source {
        Source::Manual => {}
        Source::Import(what) => how_you_know.push(format!("They came in with your {what} import.")),
        Source::Alumni(Some(school)) => how_you_know.push(format!("A fellow alum of {school}.")),
        Source::Alumni(None) => how_you_know.push("A fellow alum.".into()),
        Source::IntroducedBy(id) => match input.introducer.as_ref().filter(|p| p.id == *id) {
            Some(introducer) => how_you_know.push(format!("Introduced by {}.", introducer.name.full)),
            None => how_you_know.push("Introduced by someone in your network.".into()),
        },
        Source::Event(event) => how_you_know.push(format!("You met through {event}.")),
        Source::Demo => how_you_know.push("A demo contact.".into()),
    }
    match earlier {
        [] => how_you_know.push("This meeting is your first contact with them.".into()),
        [first, ..] => how_you_know.push(format!(
            "You have been in touch {} before this meeting, first on {}.",
            times(earlier.len()),
            first.at.to_zoned_datetime(input.time_zone.clone()).date()
        )),
    }
    if person.tie.years_known > 0 {
        how_you_know.push(format!("You have known them for {} years.", person.tie.years_known));
    }

    let mut prompts = vec![
        "Skim their recent posts, talks or articles.".to_string(),
        "Leave any negative press about them or their employer out of the conversation.".into(),
    ];
    if roles.is_empty() {
        prompts.push("Add their past roles: their profile shows where they worked before.".into());
    }
    if person.targeting.affinities.is_empty() {
        prompts.push("Look for something you share: a school, a group, a former employer, a city.".into());
    }

    PersonSection {
        name: person.name.full.clone(),
        title: person.title.clone(),
        organization: person.organization_id.and_then(|id| names.organization(id)),
        location: person.location.clone(),
        roles,
        affinities: person.targeting.affinities.clone(),
        how_you_know,
        notes: input.person_notes.iter().map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect(),
        prompts,
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}

fn organization_section(employer: Option<&Organization>) -> OrganizationSection {
    let notes = employer.and_then(|o| o.research_notes.as_deref()).map(str::trim).filter(|n| !n.is_empty());
    let lower = notes.map(str::to_lowercase).unwrap_or_default();
    let covered: Vec<ResearchTopic> =
        ResearchTopic::ALL.iter().copied().filter(|t| t.keywords().iter().any(|k| lower.contains(k))).collect();
    let prompts = match employer {
        None => vec!["Add their employer to their record to see what to read.".to_string()],
        Some(_) => ResearchTopic::ALL.iter().filter(|t| !covered.contains(t)).map(|t| t.prompt().to_string()).collect(),
    };
    OrganizationSection {
        organization_id: employer.map(|o| o.id),
        name: employer.map(|o| o.name.clone()),
        industry: employer.and_then(|o| o.industry.clone()),
        domain: employer.and_then(|o| o.domain.clone()),
        research_notes: notes.map(str::to_string),
        referral_bonus: employer.and_then(|o| o.referral_bonus.clone()),
        covered,
        prompts,
        reading_minutes: READING_MINUTES,
    }
}

fn economy_section(input: &BriefInput, employer: Option<&Organization>) -> EconomySection {
    let sector = employer.and_then(|o| o.industry.clone()).or_else(|| input.profile.target_industry.clone());
    let notes = input.economy_notes.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
    let words: Vec<String> = notes
        .as_deref()
        .unwrap_or("")
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let covered: Vec<EconomyTopic> =
        EconomyTopic::ALL.iter().copied().filter(|t| words.iter().any(|w| t.matches(w))).collect();
    let mut prompts = Vec::new();
    if covered.is_empty() {
        let topics: Vec<&str> = EconomyTopic::ALL.iter().map(|t| t.label()).collect();
        let sector_name = sector.as_deref().unwrap_or("their sector");
        prompts.push(format!(
            "Note one or two forces in the wider economy that touch {sector_name}, such as {}.",
            join_names(topics.iter().map(|t| t.to_string()).collect()).unwrap_or_default()
        ));
    }
    prompts.push("Turn what you noted into a Trends question.".into());
    EconomySection { sector, notes, covered, prompts }
}

fn help_map(input: &BriefInput, names: &Names<'_>, rank: &dyn Fn(OrganizationId) -> Option<usize>) -> HelpMap {
    let person = &input.person;
    let mut employers: Vec<EmployerLead> = Vec::new();
    for job in &person.employments {
        if Some(job.organization_id) == person.organization_id
            || employers.iter().any(|e| e.organization_id == job.organization_id)
        {
            continue;
        }
        if let (Some(rank), Some(name)) = (rank(job.organization_id), names.organization(job.organization_id)) {
            let years = RoleLine {
                organization_id: job.organization_id,
                organization: String::new(),
                title: None,
                start_year: job.start_year,
                end_year: job.end_year,
            }
            .years();
            employers.push(EmployerLead {
                organization_id: job.organization_id,
                name,
                rank,
                title: job.title.clone(),
                years,
            });
        }
    }
    employers.sort_by_key(|e| e.rank);

    let lead = |related: &RelatedPerson| ContactLead {
        person_id: related.person.id,
        name: related.person.name.full.clone(),
        title: related.person.title.clone(),
        organization: related.person.organization_id.and_then(|id| names.organization(id)),
        rank: related.person.organization_id.and_then(rank),
        relationship: related.kind,
    };
    let usable = |r: &&RelatedPerson| r.person.id != person.id && r.person.deleted_at.is_none();
    let mut contacts: Vec<ContactLead> = input
        .related
        .iter()
        .filter(usable)
        .filter(|r| !r.person.recruiter)
        .map(lead)
        .filter(|l| l.rank.is_some())
        .collect();
    contacts.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.name.cmp(&b.name)));
    contacts.dedup_by_key(|c| c.person_id);
    let mut recruiters: Vec<ContactLead> =
        input.related.iter().filter(usable).filter(|r| r.person.recruiter).map(lead).collect();
    recruiters.sort_by(|a, b| a.name.cmp(&b.name));
    recruiters.dedup_by_key(|c| c.person_id);

    let profile = &input.profile;
    let yours = |subject: &str| {
        let s = subject.to_lowercase();
        profile.skills.iter().any(|k| k.trim().to_lowercase() == s)
            || profile.target_roles.iter().any(|r| {
                let r = r.to_lowercase();
                !r.is_empty() && (s.contains(&r) || r.contains(&s))
            })
    };
    let mut skills: Vec<SkillLead> = Vec::new();
    for skill in &person.skills {
        let subject = skill.trim();
        if !subject.is_empty() && !skills.iter().any(|k| k.subject.eq_ignore_ascii_case(subject)) {
            skills.push(SkillLead { subject: subject.to_string(), from_title: false, yours_too: yours(subject) });
        }
    }
    if let Some(title) = person.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let subject = format!("What the work of a {title} involves");
        skills.push(SkillLead { subject, from_title: true, yours_too: yours(title) });
    }

    HelpMap { employers, contacts, skills, recruiters, they_recruit: person.recruiter }
}

fn opening_script(
    opening: &Opening,
    facts: &OpeningCloseFacts,
    decision: &OpeningCloseDecision,
    agenda: &Agenda,
    profile: &Profile,
    fill: &Fill,
) -> OpeningCloseScript {
    let remaining = agenda.length() - opening_close_start(agenda.length_min);
    let unmet = unmet_conditions(facts, remaining);
    let rapport_pending = facts.rapport.is_none() && !facts.they_asked_about_search;
    let checks = CloseCondition::ALL
        .iter()
        .map(|condition| {
            let state = if unmet.contains(condition) {
                CheckState::Unmet
            } else if *condition == CloseCondition::Rapport && rapport_pending {
                CheckState::InTheMoment
            } else {
                CheckState::Met
            };
            ConditionCheck { condition: *condition, state }
        })
        .collect();

    let jd = opening.jd_text.as_deref().unwrap_or("").to_lowercase();
    let matching_skills: Vec<String> = profile
        .skills
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && jd.contains(&s.to_lowercase()))
        .map(str::to_string)
        .collect();
    let mut fit_prompts = vec![
        format!("Write two or three lines on why you fit the {} role.", opening.title),
        "Lead with the requirement in the posting you meet best, and your proof of it.".to_string(),
        "Add what you would take on in your first months.".into(),
    ];
    if !matching_skills.is_empty() {
        fit_prompts.push(format!("Skills of yours the posting names: {}.", matching_skills.join(", ")));
    }

    let deferred_plan = match decision {
        OpeningCloseDecision::DoNotAsk { .. } => {
            vec![
                "They already have your question: don't raise the referral again, in the meeting or after.".to_string(),
            ]
        }
        _ => vec![
            "In the meeting, ask only whether you may follow up.".to_string(),
            "Send your thank-you within 24 hours; you may attach the posting as an FYI, with no ask.".into(),
            "About five business days after the meeting, send one short referral ask with an easy way to say no."
                .into(),
            "If they say they'll think about it, send nothing more about it.".into(),
        ],
    };

    OpeningCloseScript {
        opening_id: opening.id,
        title: opening.title.clone(),
        req_id: opening.req_id.clone(),
        jd_url: opening.jd_url.clone().filter(|u| !u.trim().is_empty()),
        jd_text: opening.jd_text.clone().filter(|t| !t.trim().is_empty()),
        decision: decision.clone(),
        checks,
        qualification: PickedQuestion::from_bank(&QUALIFICATION, fill),
        send_job_description: PickedQuestion::from_bank(&SEND_JOB_DESCRIPTION, fill),
        referral_ask: PickedQuestion::from_bank(&REFERRAL_ASK, fill),
        no_pressure: PickedQuestion::from_bank(&NO_PRESSURE, fill),
        fit_prompts,
        matching_skills,
        deferred_plan,
    }
}

fn logistics(input: &BriefInput) -> Logistics {
    let meeting = &input.meeting;
    let zoned = meeting.scheduled_at.to_zoned_datetime(input.time_zone.clone());
    let time_zone = input.time_zone.iana_name().map_or_else(|| format!("UTC{}", zoned.offset()), str::to_string);
    // The day before exists for every date a timestamp can hold except the very first one;
    // there the meeting day itself is the best answer.
    let confirm_on = zoned.date().yesterday().unwrap_or(zoned.date());
    let seeker_pays = meeting.pay_required();
    let mut etiquette = vec!["Never invite them to lunch: coffee, their office or a call is the offer.".to_string()];
    if seeker_pays {
        etiquette.push("You pay for the coffee: offer more than once, and never split the bill.".into());
    }
    etiquette.extend([
        "Bring a copy of your résumé, but don't offer it; hand it over only if they ask.".to_string(),
        format!("Confirm the day before ({confirm_on}) with a short note that includes your phone number."),
        "Be on time, prepared and dressed for their workplace: they are sizing you up too.".into(),
        format!("Keep to the {} minutes, and offer to stop when the time is up.", meeting.duration_min),
    ]);
    Logistics {
        starts_at: zoned.datetime(),
        time_zone,
        length_min: meeting.duration_min,
        mode: meeting.mode,
        location: meeting.location.clone().filter(|l| !l.trim().is_empty()),
        confirm_on,
        seeker_pays,
        etiquette,
    }
}

fn story(input: &BriefInput, employer: Option<&Organization>) -> Story {
    let bullets = input.profile.pitch.as_deref().map(pitch_bullets).unwrap_or_default();
    let mut prompts = Vec::new();
    if bullets.is_empty() {
        prompts.push("Write your story into your profile as a few bullet points.".to_string());
    }
    prompts.push("For each step of your path: what you liked, what you learned, and why you moved on.".into());
    let employer = employer.map_or("their organization", |o| o.name.as_str());
    prompts.push(format!("Finish with why {employer} interests you."));
    prompts.push("Speak from the bullets, not a script, in 30 to 60 seconds.".into());
    Story { bullets, prompts }
}

/// Splits a pitch into bullets: one per line when it has several lines, else one per
/// sentence. List markers (`-`, `*`, `•`, `1.`) are dropped.
pub fn pitch_bullets(pitch: &str) -> Vec<String> {
    let lines: Vec<&str> = pitch.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let pieces: Vec<String> = if lines.len() > 1 {
        lines.into_iter().map(str::to_string).collect()
    } else {
        let mut sentences = Vec::new();
        let mut current = String::new();
        for c in pitch.trim().chars() {
            current.push(c);
            if matches!(c, '.' | '!' | '?') {
                sentences.push(std::mem::take(&mut current));
            }
        }
        sentences.push(current);
        sentences
    };
    pieces
        .into_iter()
        .map(|p| {
            let p = p.trim();
            let p = p.trim_start_matches(['-', '*', '•']).trim_start();
            let without_number =
                p.split_once(". ").filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
            without_number.map_or(p, |(_, rest)| rest).trim().to_string()
        })
        .filter(|p| !p.is_empty())
        .collect()
}

fn reciprocity(input: &BriefInput, fill: &Fill) -> Reciprocity {
    let profile = &input.profile;
    let mut offers: Vec<String> = profile
        .skills
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .take(2)
        .map(|skill| format!("A hand with {skill}, if it would help them or their team."))
        .collect();
    let circles: Vec<String> =
        profile.affinities.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
    if let Some(circles) = join_names(circles) {
        offers.push(format!("An introduction through your own circles: {circles}."));
    }
    offers.push("An article or resource on a trend they mention, sent within the week.".into());
    offers.push("Make the offer and leave it open: don't press them to take you up on it now.".into());
    Reciprocity { question: PickedQuestion::from_bank(&RECIPROCITY_CLOSE, fill), offers }
}

fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

impl Brief {
    /// The brief as Markdown, for the terminal and for export.
    pub fn to_markdown(&self) -> String {
        let mut md = Markdown::default();
        let l = &self.logistics;
        md.line(&format!("# Prep brief: {}", self.heading));
        md.blank();
        let place = l.location.as_deref().map(|p| format!(" · {p}")).unwrap_or_default();
        md.line(&format!(
            "{} {} {:02}:{:02} ({}) · {} minutes{place}",
            weekday(l.starts_at.weekday()),
            l.starts_at.date(),
            l.starts_at.hour(),
            l.starts_at.minute(),
            l.time_zone,
            l.length_min
        ));

        self.person_markdown(&mut md);
        self.organization_markdown(&mut md);
        self.economy_markdown(&mut md);
        self.help_map_markdown(&mut md);
        self.questions_markdown(&mut md);
        self.opening_markdown(&mut md);
        self.agenda_markdown(&mut md);

        md.heading("Your story (30–60 seconds)");
        md.list(&self.story.bullets);
        if !self.story.bullets.is_empty() && !self.story.prompts.is_empty() {
            md.blank();
        }
        md.list(&self.story.prompts);

        md.heading("Logistics and etiquette");
        let mode = match l.mode {
            MeetingMode::Coffee => "coffee",
            MeetingMode::Call => "phone call",
            MeetingMode::Video => "video call",
            MeetingMode::Office => "at their office",
        };
        md.line(&format!("- How: {mode}"));
        if let Some(location) = &l.location {
            md.line(&format!("- Where: {location}"));
        }
        md.line(&format!("- Confirm on: {} {}", weekday(l.confirm_on.weekday()), l.confirm_on));
        md.list(&l.etiquette);

        md.heading("Your offer at the end");
        md.line(&format!("Ask: \"{}\"", self.reciprocity.question.text));
        md.blank();
        md.list(&self.reciprocity.offers);
        md.finish()
    }

    fn person_markdown(&self, md: &mut Markdown) {
        let p = &self.person;
        md.heading(&format!("The person: {}", p.name));
        let role = match (&p.title, &p.organization) {
            (Some(title), Some(org)) => Some(format!("{title} at {org}")),
            (Some(title), None) => Some(title.clone()),
            (None, Some(org)) => Some(format!("Works at {org}")),
            (None, None) => None,
        };
        let role = [role, p.location.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        if !role.is_empty() {
            md.line(&role);
        }
        md.sub("How you know them");
        md.list(&p.how_you_know);
        if !p.roles.is_empty() {
            md.sub("Role history");
            for r in &p.roles {
                let title = r.title.as_deref().map(|t| format!("{t}, ")).unwrap_or_default();
                let years = r.years();
                let years = if years.is_empty() { String::new() } else { format!(" ({years})") };
                md.line(&format!("- {title}{}{years}", r.organization));
            }
        }
        if !p.affinities.is_empty() {
            md.sub("What you share");
            for a in &p.affinities {
                let check = if a.verified { "" } else { " (not yet confirmed)" };
                md.line(&format!("- {}: {}{check}", a.kind, a.value));
            }
        }
        if !p.notes.is_empty() {
            md.sub("Your notes");
            md.list(&p.notes);
        }
        md.sub("To look up");
        md.checklist(&p.prompts);
    }

    fn organization_markdown(&self, md: &mut Markdown) {
        let o = &self.organization;
        md.heading(&format!("Their organization: {}", o.name.as_deref().unwrap_or("not recorded")));
        let facts: Vec<String> = [o.industry.clone(), o.domain.clone()].into_iter().flatten().collect();
        if !facts.is_empty() {
            md.line(&facts.join(" · "));
        }
        if let Some(bonus) = &o.referral_bonus {
            let amount = match (bonus.amount, &bonus.currency) {
                (Some(a), Some(c)) => format!(" of {a} {c}"),
                (Some(a), None) => format!(" of {a}"),
                _ => String::new(),
            };
            md.line(&format!(
                "They pay employees a referral bonus{amount}: a referral is a gift to them as well as to you."
            ));
        }
        if let Some(notes) = &o.research_notes {
            md.sub("Your research notes");
            md.quote(notes);
        }
        if !o.prompts.is_empty() {
            md.sub(&format!("Still to read (about {} minutes in all)", o.reading_minutes));
            md.checklist(&o.prompts);
        }
    }

    fn economy_markdown(&self, md: &mut Markdown) {
        let e = &self.economy;
        md.heading("The economy around them");
        if let Some(sector) = &e.sector {
            md.line(&format!("Sector: {sector}"));
        }
        if let Some(notes) = &e.notes {
            md.sub("Your notes");
            md.quote(notes);
        }
        md.sub("To do");
        md.checklist(&e.prompts);
    }

    fn help_map_markdown(&self, md: &mut Markdown) {
        let h = &self.help_map;
        md.heading("Help map (suggestions: confirm or strike out)");
        md.sub("People at your target employers");
        let mut lines: Vec<String> = h
            .employers
            .iter()
            .map(|e| {
                let title = e.title.as_deref().map(|t| format!(" as {t}")).unwrap_or_default();
                let years = if e.years.is_empty() { String::new() } else { format!(" ({})", e.years) };
                format!("They worked at {} (target #{}){title}{years}: who do they still know there?", e.name, e.rank)
            })
            .collect();
        lines.extend(h.contacts.iter().map(|c| format!("They know {}", contact_line(c))));
        if lines.is_empty() {
            lines.push("Nothing on record links them to your targets: ask who they know there.".into());
        }
        md.checklist(&lines);
        md.sub("Skills and subjects they can speak to");
        let mut skills: Vec<String> = h
            .skills
            .iter()
            .map(|s| if s.yours_too { format!("{} (yours too)", s.subject) } else { s.subject.clone() })
            .collect();
        if skills.is_empty() {
            skills.push("Nothing recorded yet: note what their profile shows.".into());
        }
        md.checklist(&skills);
        md.sub("Recruiters they may know");
        let mut recruiters: Vec<String> = h.recruiters.iter().map(contact_line).collect();
        if h.they_recruit {
            recruiters.insert(0, "They recruit themselves: ask which other recruiters are worth knowing.".into());
        }
        if recruiters.is_empty() {
            recruiters.push("None on record: ask whether there is a recruiter they trust.".into());
        }
        md.checklist(&recruiters);
    }

    fn questions_markdown(&self, md: &mut Markdown) {
        md.heading(&format!("Questions to ask ({})", self.questions.questions.len()));
        let mut last = None;
        for q in &self.questions.questions {
            if last != Some(q.category) {
                md.sub(category_label(q.category));
                last = Some(q.category);
            }
            let mut notes = Vec::new();
            if let Some(sense) = q.sense {
                notes.push(sense.label());
            }
            if q.origin == QuestionOrigin::Own {
                notes.push("your own");
            }
            let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
            md.line(&format!("- {}{notes}", q.text));
        }
        if !self.questions.gaps.is_empty() {
            md.sub("Gaps");
            let gaps: Vec<String> = self
                .questions
                .gaps
                .iter()
                .map(|g| {
                    format!(
                        "{}: every question of this kind was asked to {} before; add one of your own.",
                        category_label(*g),
                        self.person.name
                    )
                })
                .collect();
            md.checklist(&gaps);
        }
    }

    fn opening_markdown(&self, md: &mut Markdown) {
        let Some(o) = &self.opening_close else { return };
        md.heading(&format!("The opening: {}", o.title));
        if let Some(req) = &o.req_id {
            md.line(&format!("- Requisition: {req}"));
        }
        match (&o.jd_url, &o.jd_text) {
            (Some(url), _) => md.line(&format!("- Job description: {url}")),
            (None, Some(_)) => md.line("- Job description: saved with the opening (below)"),
            (None, None) => md.line("- Job description: missing; save its text or link before the meeting"),
        }
        let verdict = match &o.decision {
            OpeningCloseDecision::AskInMeeting => "Ask in the meeting: every condition holds.".to_string(),
            OpeningCloseDecision::AskIfRapportHolds => {
                "Ask in the meeting only if rapport holds; everything else is in place.".to_string()
            }
            OpeningCloseDecision::Defer { unmet } => {
                let reasons: Vec<&str> = unmet.iter().map(|c| c.unmet_reason()).collect();
                format!("Don't ask in the meeting. {}", reasons.join(" "))
            }
            OpeningCloseDecision::DoNotAsk { referral } => {
                format!("Don't ask: the referral question already stands at \"{referral}\".")
            }
        };
        md.blank();
        md.line(&format!("**Plan:** {verdict}"));
        md.sub("Conditions (§4.6.4)");
        for check in &o.checks {
            let mark = match check.state {
                CheckState::Met => "[x]",
                CheckState::Unmet => "[ ]",
                CheckState::InTheMoment => "[?]",
            };
            let note = if check.state == CheckState::InTheMoment { " (judge in the moment)" } else { "" };
            md.line(&format!("- {mark} {}{note}", check.condition.requirement()));
        }
        if o.decision.plans_in_meeting() {
            md.sub("Script, near the end");
            md.line(&format!("1. {}", o.qualification.text));
            md.line(&format!("2. If they think so: {}", o.send_job_description.text));
            md.line(&format!("3. {}", o.referral_ask.text));
            md.line(&format!("- If they hesitate, say: \"{}\" Then let it go: no chaser.", o.no_pressure.text));
        }
        md.sub("Your fit in two or three lines");
        md.checklist(&o.fit_prompts);
        md.sub(if o.decision.plans_in_meeting() { "If you don't ask today" } else { "Instead" });
        md.list(&o.deferred_plan);
        if let Some(text) = &o.jd_text {
            md.sub("Job description");
            md.quote(text);
        }
    }

    fn agenda_markdown(&self, md: &mut Markdown) {
        let a = &self.agenda;
        md.heading(&format!("Agenda ({} minutes)", a.length_min));
        for block in &a.blocks {
            md.line(&format!(
                "- **{}–{} {}**: {}",
                crate::agenda::clock(block.start),
                crate::agenda::clock(block.end),
                block.kind.title(),
                block.content.join(" ")
            ));
        }
        md.blank();
        for cue in &a.cues {
            md.line(&format!("- Timer at {} ({}%): {}", crate::agenda::clock(cue.at), cue.percent, cue.message));
        }
        md.line("- The timer never extends the meeting.");
    }
}

fn contact_line(c: &ContactLead) -> String {
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
    if let Some(kind) = c.relationship {
        line.push_str(&format!("; {kind}"));
    }
    line
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A small Markdown writer that keeps blank lines between blocks tidy.
#[derive(Default)]
struct Markdown {
    out: String,
}

impl Markdown {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        self.line(&format!("## {text}"));
        self.blank();
    }

    fn sub(&mut self, text: &str) {
        self.blank();
        self.line(&format!("### {text}"));
        self.blank();
    }

    /// A bullet list; an item's own line breaks are folded so it stays one bullet.
    fn list(&mut self, items: &[String]) {
        for item in items {
            self.line(&format!("- {}", one_line(item)));
        }
    }

    fn checklist(&mut self, items: &[String]) {
        for item in items {
            self.line(&format!("- [ ] {}", one_line(item)));
        }
    }

    fn quote(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() { self.line(">") } else { self.line(&format!("> {line}")) }
        }
    }

    fn finish(mut self) -> String {
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use uuid::Uuid;

    use super::*;
    use crate::ids::{AccountId, InteractionId};
    use crate::interactions::{InteractionKind, NewInteraction};
    use crate::meetings::NewMeeting;
    use crate::openings::NewOpening;
    use crate::organizations::NewOrganization;
    use crate::people::{AffinityKind, Employment, NewPerson, PersonName};
    use crate::pipeline::ReferralState;
    use crate::question_bank::by_id;

    const OWNER: AccountId = AccountId::LOCAL;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn org_id(n: u128) -> OrganizationId {
        OrganizationId::from_uuid(Uuid::from_u128(0x1000 + n))
    }

    fn person_id(n: u128) -> PersonId {
        PersonId::from_uuid(Uuid::from_u128(0x2000 + n))
    }

    fn organization(n: u128, name: &str) -> Organization {
        NewOrganization::new(name).unwrap().into_organization(org_id(n), OWNER, at("2025-01-10T12:00:00Z"))
    }

    fn someone(n: u128, name: &str, title: &str, employer: Option<OrganizationId>) -> Person {
        let mut new = NewPerson::new(PersonName::new(name).unwrap());
        new.title = Some(title.to_string());
        new.organization_id = employer;
        new.into_person(person_id(n), OWNER, at("2025-01-10T12:00:00Z"))
    }

    /// The seed story: Sam, a maths teacher moving into health data, has coffee with Priya,
    /// a senior data scientist at Northwind Health, where a Data Analyst II role is open.
    fn seed() -> BriefInput {
        let (northwind, delta, cascade, talent_bridge, aurora) = (1, 2, 3, 4, 5);
        let mut northwind_org = organization(northwind, "Northwind Health");
        northwind_org.industry = Some("health care analytics".into());
        northwind_org.domain = Some("northwind.example".into());
        northwind_org.research_notes = Some(
            "Annual report 2024: growth comes from value-based care contracts.\nRecent news: opened a Chicago data hub in January."
                .into(),
        );
        northwind_org.referral_bonus = Some(ReferralBonus::new(Some(2000), Some("usd"), None).unwrap());
        let organizations = vec![
            northwind_org,
            organization(delta, "Delta Logistics"),
            organization(cascade, "Cascade Bank"),
            organization(talent_bridge, "Talent Bridge"),
            organization(aurora, "Aurora Labs"),
        ];

        let maya = someone(3, "Maya Chen", "Product Manager", Some(org_id(aurora)));
        let mut priya = NewPerson::new(PersonName::from_parts(Some("Priya"), Some("Natarajan")).unwrap());
        priya.title = Some("Senior Data Scientist".into());
        priya.organization_id = Some(org_id(northwind));
        priya.location = Some("Chicago".into());
        priya.source = Source::IntroducedBy(maya.id);
        priya.skills = vec!["clinical data".into(), "SQL".into(), "forecasting".into()];
        priya.targeting.affinities = vec![Affinity::parse("alum:UBC").unwrap()];
        priya.employments = vec![
            Employment {
                organization_id: org_id(delta),
                title: Some("Data Analyst".into()),
                start_year: Some(2017),
                end_year: Some(2021),
            },
            Employment {
                organization_id: org_id(northwind),
                title: Some("Senior Data Scientist".into()),
                start_year: Some(2021),
                end_year: None,
            },
        ];
        let priya = priya.into_person(person_id(1), OWNER, at("2025-02-18T15:00:00Z"));

        let mut opening = NewOpening::new(org_id(northwind), "Data Analyst II").unwrap();
        opening.jd_url = Some("https://careers.northwind.example/jobs/4821".into());
        opening.req_id = Some("NW-4821".into());
        opening.jd_text = Some(
            "Build SQL pipelines and Tableau dashboards for our care-management teams.\nExperience with clinical data is a plus."
                .into(),
        );
        let opening =
            opening.into_opening(OpeningId::from_uuid(Uuid::from_u128(0x3001)), OWNER, at("2025-02-15T12:00:00Z"));

        let mut meeting = NewMeeting::new(priya.id, at("2025-03-04T14:30:00Z"), 20, MeetingMode::Coffee).unwrap();
        meeting.location = Some("Bluebird Coffee, Monroe St".into());
        meeting.opening_id = Some(opening.id);
        let meeting =
            meeting.into_meeting(MeetingId::from_uuid(Uuid::from_u128(0x4001)), OWNER, at("2025-02-21T16:00:00Z"));

        let interactions = vec![
            NewInteraction::new(priya.id, InteractionKind::Reply, at("2025-02-21T15:10:00Z")).into_interaction(
                InteractionId::from_uuid(Uuid::from_u128(0x5002)),
                OWNER,
                at("2025-02-21T15:10:00Z"),
            ),
            NewInteraction::new(priya.id, InteractionKind::Outreach, at("2025-02-20T14:00:00Z")).into_interaction(
                InteractionId::from_uuid(Uuid::from_u128(0x5001)),
                OWNER,
                at("2025-02-20T14:00:00Z"),
            ),
        ];

        let mut profile = Profile::empty(OWNER, at("2025-01-10T12:00:00Z"));
        profile.name = Some("Sam Rivera".into());
        profile.pitch = Some(
            "- Taught secondary maths for eight years and ran the school's data club\n- Built the district's attendance dashboard in SQL and Tableau\n- Now moving into health data analytics"
                .into(),
        );
        profile.target_roles = vec!["data analyst".into()];
        profile.target_industry = Some("health care".into());
        profile.skills = vec!["SQL".into(), "Tableau".into(), "statistics".into()];
        profile.affinities = vec!["UBC alumni".into(), "Women in Data Chicago".into()];

        let mut jordan = someone(4, "Jordan Lee", "Senior Recruiter", Some(org_id(talent_bridge)));
        jordan.recruiter = true;
        BriefInput {
            meeting,
            person: priya,
            organizations,
            profile,
            seeker: SeekerSituation { career_changer: true, ..Default::default() },
            extra_situations: vec![],
            background: Some("teaching secondary maths".into()),
            time_zone: TimeZone::get("America/Chicago").unwrap(),
            opening: Some(opening),
            targets: vec![org_id(northwind), org_id(delta), org_id(cascade), org_id(aurora)],
            related: vec![
                RelatedPerson {
                    person: someone(2, "Alex Kim", "Analytics Manager", Some(org_id(cascade))),
                    kind: Some(RelationshipKind::Colleague),
                },
                RelatedPerson { person: jordan, kind: Some(RelationshipKind::Knows) },
                RelatedPerson { person: maya.clone(), kind: Some(RelationshipKind::Friend) },
            ],
            introducer: Some(maya),
            interactions,
            person_notes: vec!["Spoke on a meetup panel about hospital readmission models.".into()],
            economy_notes: Some(
                "Hospital budgets are tight while interest rates stay high; new price-transparency rules.".into(),
            ),
            asked_before: vec![],
            own_questions: vec![],
            question_count: None,
            they_asked_about_search: false,
        }
    }

    #[test]
    fn the_seed_story_renders_as_markdown() {
        let brief = Brief::build(&seed()).unwrap();
        insta::assert_snapshot!(brief.to_markdown());
    }

    #[test]
    fn the_seed_story_plans_the_opening_close_and_keeps_it_conditional() {
        let brief = Brief::build(&seed()).unwrap();
        assert_eq!(brief.heading, "Coffee with Priya Natarajan");
        let close = brief.opening_close.as_ref().unwrap();
        assert_eq!(close.decision, OpeningCloseDecision::AskIfRapportHolds);
        assert_eq!(brief.agenda.opening_close, Some(OpeningCloseDecision::AskIfRapportHolds));
        assert!(brief.agenda.block(crate::agenda::BlockKind::OpeningClose).is_some());
        let states: Vec<CheckState> = close.checks.iter().map(|c| c.state).collect();
        assert_eq!(
            states,
            [
                CheckState::Met,
                CheckState::Met,
                CheckState::InTheMoment,
                CheckState::Met,
                CheckState::Met,
                CheckState::Met
            ]
        );
        assert_eq!(close.matching_skills, ["SQL", "Tableau"]);
        assert!(close.qualification.text.contains("Data Analyst II"));
        assert!(close.referral_ask.text.contains("just say so"));
        assert_eq!(close.no_pressure.id, NO_PRESSURE.id());
    }

    #[test]
    fn the_help_map_is_prefilled_from_the_records() {
        let brief = Brief::build(&seed()).unwrap();
        let h = &brief.help_map;
        let employers: Vec<(&str, usize)> = h.employers.iter().map(|e| (e.name.as_str(), e.rank)).collect();
        assert_eq!(employers, [("Delta Logistics", 2)], "the current employer is not a lead");
        let contacts: Vec<(&str, Option<usize>)> = h.contacts.iter().map(|c| (c.name.as_str(), c.rank)).collect();
        assert_eq!(contacts, [("Alex Kim", Some(3)), ("Maya Chen", Some(4))]);
        let recruiters: Vec<&str> = h.recruiters.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(recruiters, ["Jordan Lee"]);
        let skills: Vec<(&str, bool)> = h.skills.iter().map(|s| (s.subject.as_str(), s.yours_too)).collect();
        assert_eq!(
            skills,
            [
                ("clinical data", false),
                ("SQL", true),
                ("forecasting", false),
                ("What the work of a Senior Data Scientist involves", false)
            ]
        );
    }

    #[test]
    fn only_the_top_fifteen_targets_count() {
        let mut input = seed();
        let fillers: Vec<OrganizationId> = (100..115).map(org_id).collect();
        let cascade = org_id(3);
        input.targets = fillers.into_iter().chain([org_id(2), cascade]).collect();
        let brief = Brief::build(&input).unwrap();
        assert!(brief.help_map.employers.is_empty(), "Delta is 16th");
        assert!(brief.help_map.contacts.is_empty(), "Cascade is 17th, Aurora is off the list");
    }

    #[test]
    fn the_questions_cover_tiara_and_the_help_map_and_skip_what_was_asked() {
        let mut input = seed();
        let first = Brief::build(&input).unwrap();
        assert_eq!(first.questions.questions.len(), 7, "20 minutes suits seven questions");
        assert!(first.questions.gaps.is_empty());
        input.asked_before = first.questions.questions.iter().map(|q| q.id).collect();
        let second = Brief::build(&input).unwrap();
        for q in &second.questions.questions {
            assert!(!input.asked_before.contains(&q.id), "{}", q.text);
        }
        assert_eq!(second.reciprocity.question.id, RECIPROCITY_CLOSE.id(), "the close is asked every time");
        assert!(first.questions.questions.iter().all(|q| by_id(q.id).is_some()));
    }

    #[test]
    fn no_opening_means_no_close_and_no_close_block() {
        let mut input = seed();
        input.opening = None;
        let brief = Brief::build(&input).unwrap();
        assert!(brief.opening_close.is_none());
        assert!(brief.agenda.opening_close.is_none());
        assert!(brief.agenda.block(crate::agenda::BlockKind::OpeningClose).is_none());
    }

    #[test]
    fn an_opening_elsewhere_is_not_their_close() {
        let mut input = seed();
        if let Some(opening) = &mut input.opening {
            opening.organization_id = org_id(3);
        }
        assert!(Brief::build(&input).unwrap().opening_close.is_none());
    }

    #[test]
    fn a_first_contact_defers_the_ask_and_a_let_me_think_stops_it() {
        let mut input = seed();
        input.interactions.clear();
        let brief = Brief::build(&input).unwrap();
        let close = brief.opening_close.as_ref().unwrap();
        assert_eq!(close.decision, OpeningCloseDecision::Defer { unmet: vec![CloseCondition::EarlierContact] });
        assert!(brief.agenda.block(crate::agenda::BlockKind::OpeningClose).is_none());
        assert!(brief.person.how_you_know.iter().any(|l| l.contains("first contact")));
        assert!(brief.to_markdown().contains("### Instead"));

        let mut input = seed();
        input.person.referral = ReferralState::Considering;
        let brief = Brief::build(&input).unwrap();
        let close = brief.opening_close.as_ref().unwrap();
        assert_eq!(close.decision, OpeningCloseDecision::DoNotAsk { referral: ReferralState::Considering });
        assert_eq!(close.deferred_plan.len(), 1);
    }

    #[test]
    fn they_asked_about_the_search_makes_the_ask_firm() {
        let mut input = seed();
        input.they_asked_about_search = true;
        let brief = Brief::build(&input).unwrap();
        assert_eq!(brief.opening_close.unwrap().decision, OpeningCloseDecision::AskInMeeting);
    }

    #[test]
    fn research_prompts_name_only_what_is_missing() {
        let brief = Brief::build(&seed()).unwrap();
        assert_eq!(brief.organization.covered, [ResearchTopic::AnnualReport, ResearchTopic::Headlines]);
        assert_eq!(brief.organization.prompts.len(), 2);
        assert_eq!(brief.economy.covered, [EconomyTopic::Rates, EconomyTopic::Regulation]);
        assert_eq!(brief.economy.prompts, ["Turn what you noted into a Trends question."]);

        let mut input = seed();
        input.economy_notes = None;
        if let Some(org) = input.organizations.first_mut() {
            org.research_notes = None;
        }
        let bare = Brief::build(&input).unwrap();
        assert_eq!(bare.organization.prompts.len(), ResearchTopic::ALL.len());
        assert!(bare.economy.prompts[0].contains("health care analytics"), "{:?}", bare.economy.prompts);
    }

    #[test]
    fn logistics_follow_the_seekers_clock_and_the_mode() {
        let brief = Brief::build(&seed()).unwrap();
        let l = &brief.logistics;
        assert_eq!(l.starts_at.to_string(), "2025-03-04T08:30:00");
        assert_eq!(l.confirm_on.to_string(), "2025-03-03");
        assert_eq!(l.time_zone, "America/Chicago");
        assert!(l.seeker_pays);
        assert!(l.etiquette.iter().any(|e| e.contains("never split")));
        assert!(l.etiquette.iter().any(|e| e.contains("lunch")));

        let mut input = seed();
        input.meeting.mode = MeetingMode::Video;
        input.time_zone = TimeZone::fixed(jiff::tz::offset(2));
        let video = Brief::build(&input).unwrap();
        assert!(!video.logistics.seeker_pays);
        assert!(!video.logistics.etiquette.iter().any(|e| e.contains("coffee:")));
        assert_eq!(video.logistics.time_zone, "UTC+02");
    }

    #[test]
    fn the_meeting_must_be_with_the_person_and_of_a_plannable_length() {
        let mut input = seed();
        input.meeting.person_id = person_id(99);
        let err = Brief::build(&input).unwrap_err();
        assert_eq!(err.field, "meeting");

        let mut input = seed();
        input.meeting.duration_min = 120;
        assert_eq!(Brief::build(&input).unwrap_err().field, "duration");
    }

    #[test]
    fn affinities_and_roles_are_listed() {
        let brief = Brief::build(&seed()).unwrap();
        assert_eq!(brief.person.affinities[0].kind, AffinityKind::Alum);
        let roles: Vec<(String, String)> =
            brief.person.roles.iter().map(|r| (r.organization.clone(), r.years())).collect();
        assert_eq!(
            roles,
            [("Northwind Health".to_string(), "2021–now".to_string()), ("Delta Logistics".into(), "2017–2021".into())]
        );
        assert_eq!(brief.person.how_you_know[0], "Introduced by Maya Chen.");
        assert!(brief.person.how_you_know[1].contains("twice"));
    }

    #[test]
    fn multi_line_notes_stay_one_bullet() {
        let mut input = seed();
        input.person_notes = vec!["Runs the analytics guild.\nMentors two juniors.".into()];
        let md = Brief::build(&input).unwrap().to_markdown();
        assert!(md.contains("- Runs the analytics guild. Mentors two juniors.\n"), "{md}");
    }

    #[test]
    fn pitches_split_into_bullets() {
        assert_eq!(pitch_bullets("- one\n* two\n\n3. three"), ["one", "two", "three"]);
        assert_eq!(
            pitch_bullets("I taught. Then I built dashboards! Why data?"),
            ["I taught.", "Then I built dashboards!", "Why data?"]
        );
        assert!(pitch_bullets("   ").is_empty());
        let mut input = seed();
        input.profile.pitch = None;
        let brief = Brief::build(&input).unwrap();
        assert!(brief.story.bullets.is_empty());
        assert!(brief.story.prompts[0].contains("Write your story"));
    }
}
