//! The prep brief as a print-ready HTML page (§4.6.1): one self-contained file, its print
//! stylesheet inline and nothing fetched, laid out in two columns to fit one or two pages.
//! The command line writes it next to the Markdown brief (`rapport prep`); the structured
//! [`Brief`] comes from the domain, and only the HTML is made here.

use askama::Template;
use rapport_domain::agenda::clock;
use rapport_domain::brief::{Brief, CheckState, ContactLead};
use rapport_domain::meetings::MeetingMode;
use rapport_domain::opening_close::OpeningCloseDecision;
use rapport_domain::question_bank::{QuestionOrigin, category_label};

/// How a list prints: plain bullets, boxes to tick, or numbered steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Bullets,
    Boxes,
    Steps,
}

/// A list under an optional subheading.
#[derive(Debug)]
struct List {
    title: Option<String>,
    style: Style,
    items: Vec<String>,
}

impl List {
    /// The list's class in the stylesheet.
    fn class(&self) -> &'static str {
        match self.style {
            Style::Bullets => "bullets",
            Style::Boxes => "boxes",
            Style::Steps => "steps",
        }
    }

    fn ordered(&self) -> bool {
        self.style == Style::Steps
    }
}

/// A section of the page: a heading, lines of text, quoted notes, then lists.
#[derive(Debug)]
struct Section {
    title: String,
    lines: Vec<String>,
    quote: Vec<String>,
    lists: Vec<List>,
    /// Sections that read better across the whole page (the questions, the agenda).
    wide: bool,
}

impl Section {
    fn new(title: impl Into<String>) -> Self {
        Self { title: title.into(), lines: Vec::new(), quote: Vec::new(), lists: Vec::new(), wide: false }
    }

    fn line(&mut self, text: impl Into<String>) {
        self.lines.push(text.into());
    }

    fn list(&mut self, title: Option<&str>, style: Style, items: Vec<String>) {
        if !items.is_empty() {
            self.lists.push(List { title: title.map(str::to_string), style, items });
        }
    }
}

/// One row of the timed agenda.
#[derive(Debug)]
struct AgendaRow {
    clock: String,
    title: &'static str,
    content: String,
}

#[derive(Template)]
#[template(path = "brief/print.html")]
struct PrintPage {
    heading: String,
    when: String,
    sections: Vec<Section>,
    agenda_title: String,
    agenda: Vec<AgendaRow>,
    cues: Vec<String>,
    closing: Vec<Section>,
}

/// The brief as a print-ready HTML page.
pub fn print_html(brief: &Brief) -> Result<String, askama::Error> {
    let l = &brief.logistics;
    let place = l.location.as_deref().map(|p| format!(" · {p}")).unwrap_or_default();
    let when = format!(
        "{} {:02}:{:02} ({}) · {} minutes{place}",
        l.starts_at.date().strftime("%A %-d %B %Y"),
        l.starts_at.hour(),
        l.starts_at.minute(),
        l.time_zone,
        l.length_min
    );
    let a = &brief.agenda;
    let page = PrintPage {
        heading: brief.heading.clone(),
        when,
        sections: [
            Some(person(brief)),
            Some(organization(brief)),
            Some(economy(brief)),
            Some(help_map(brief)),
            Some(questions(brief)),
            opening(brief),
        ]
        .into_iter()
        .flatten()
        .collect(),
        agenda_title: format!("Agenda ({} minutes)", a.length_min),
        agenda: a
            .blocks
            .iter()
            .map(|b| AgendaRow {
                clock: format!("{}–{}", clock(b.start), clock(b.end)),
                title: b.kind.title(),
                content: b.content.join(" "),
            })
            .collect(),
        cues: a
            .cues
            .iter()
            .map(|c| format!("At {} ({}%): {}", clock(c.at), c.percent, c.message))
            .chain(std::iter::once("The timer never extends the meeting.".to_string()))
            .collect(),
        closing: vec![story(brief), logistics(brief), reciprocity(brief)],
    };
    page.render()
}

fn person(brief: &Brief) -> Section {
    let p = &brief.person;
    let mut s = Section::new(format!("The person: {}", p.name));
    let role = match (&p.title, &p.organization) {
        (Some(title), Some(org)) => Some(format!("{title} at {org}")),
        (Some(title), None) => Some(title.clone()),
        (None, Some(org)) => Some(format!("Works at {org}")),
        (None, None) => None,
    };
    let role = [role, p.location.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    if !role.is_empty() {
        s.line(role);
    }
    s.list(Some("How you know them"), Style::Bullets, p.how_you_know.clone());
    let roles = p
        .roles
        .iter()
        .map(|r| {
            let title = r.title.as_deref().map(|t| format!("{t}, ")).unwrap_or_default();
            let years = r.years();
            let years = if years.is_empty() { String::new() } else { format!(" ({years})") };
            format!("{title}{}{years}", r.organization)
        })
        .collect();
    s.list(Some("Role history"), Style::Bullets, roles);
    let shared = p
        .affinities
        .iter()
        .map(|a| format!("{}: {}{}", a.kind, a.value, if a.verified { "" } else { " (not yet confirmed)" }))
        .collect();
    s.list(Some("What you share"), Style::Bullets, shared);
    s.list(Some("Your notes"), Style::Bullets, p.notes.clone());
    s.list(Some("To look up"), Style::Boxes, p.prompts.clone());
    s
}

fn organization(brief: &Brief) -> Section {
    let o = &brief.organization;
    let mut s = Section::new(format!("Their organization: {}", o.name.as_deref().unwrap_or("not recorded")));
    let facts: Vec<String> = [o.industry.clone(), o.domain.clone()].into_iter().flatten().collect();
    if !facts.is_empty() {
        s.line(facts.join(" · "));
    }
    if let Some(bonus) = &o.referral_bonus {
        let amount = match (bonus.amount, &bonus.currency) {
            (Some(a), Some(c)) => format!(" of {a} {c}"),
            (Some(a), None) => format!(" of {a}"),
            _ => String::new(),
        };
        s.line(format!("They pay a referral bonus{amount}: a referral helps them as well as you."));
    }
    if let Some(notes) = &o.research_notes {
        s.quote = notes.lines().map(str::to_string).collect();
    }
    s.list(
        Some(&format!("Still to read (about {} minutes in all)", o.reading_minutes)),
        Style::Boxes,
        o.prompts.clone(),
    );
    s
}

fn economy(brief: &Brief) -> Section {
    let e = &brief.economy;
    let mut s = Section::new("The economy around them");
    if let Some(sector) = &e.sector {
        s.line(format!("Sector: {sector}"));
    }
    if let Some(notes) = &e.notes {
        s.quote = notes.lines().map(str::to_string).collect();
    }
    s.list(Some("To do"), Style::Boxes, e.prompts.clone());
    s
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

fn help_map(brief: &Brief) -> Section {
    let h = &brief.help_map;
    let mut s = Section::new("Help map: confirm or strike out");
    let mut people: Vec<String> = h
        .employers
        .iter()
        .map(|e| {
            let title = e.title.as_deref().map(|t| format!(" as {t}")).unwrap_or_default();
            let years = if e.years.is_empty() { String::new() } else { format!(" ({})", e.years) };
            format!("They worked at {} (target #{}){title}{years}: who do they still know there?", e.name, e.rank)
        })
        .collect();
    people.extend(h.contacts.iter().map(|c| format!("They know {}", contact_line(c))));
    if people.is_empty() {
        people.push("Nothing on record links them to your targets: ask who they know there.".into());
    }
    s.list(Some("People at your target employers"), Style::Boxes, people);
    let mut skills: Vec<String> = h
        .skills
        .iter()
        .map(|k| if k.yours_too { format!("{} (yours too)", k.subject) } else { k.subject.clone() })
        .collect();
    if skills.is_empty() {
        skills.push("Nothing recorded yet: note what their profile shows.".into());
    }
    s.list(Some("Skills and subjects they can speak to"), Style::Boxes, skills);
    let mut recruiters: Vec<String> = h.recruiters.iter().map(contact_line).collect();
    if h.they_recruit {
        recruiters.insert(0, "They recruit themselves: ask which other recruiters are worth knowing.".into());
    }
    if recruiters.is_empty() {
        recruiters.push("None on record: ask whether there is a recruiter they trust.".into());
    }
    s.list(Some("Recruiters they may know"), Style::Boxes, recruiters);
    s
}

fn questions(brief: &Brief) -> Section {
    let mut s = Section::new(format!("Questions to ask ({})", brief.questions.questions.len()));
    s.wide = true;
    let mut current: Option<List> = None;
    for q in &brief.questions.questions {
        let title = category_label(q.category).to_string();
        if current.as_ref().is_none_or(|l| l.title.as_deref() != Some(title.as_str())) {
            if let Some(done) = current.take() {
                s.lists.push(done);
            }
            current = Some(List { title: Some(title), style: Style::Boxes, items: Vec::new() });
        }
        let mut notes = Vec::new();
        if let Some(sense) = q.sense {
            notes.push(sense.label());
        }
        if q.origin == QuestionOrigin::Own {
            notes.push("your own");
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join("; ")) };
        if let Some(list) = current.as_mut() {
            list.items.push(format!("{}{notes}", q.text));
        }
    }
    if let Some(done) = current {
        s.lists.push(done);
    }
    let gaps = brief
        .questions
        .gaps
        .iter()
        .map(|g| format!("{}: all of these were asked before; bring one of your own.", category_label(*g)))
        .collect();
    s.list(Some("Gaps"), Style::Boxes, gaps);
    s
}

fn opening(brief: &Brief) -> Option<Section> {
    let o = brief.opening_close.as_ref()?;
    let mut s = Section::new(format!("The opening: {}", o.title));
    if let Some(req) = &o.req_id {
        s.line(format!("Requisition: {req}"));
    }
    s.line(match (&o.jd_url, &o.jd_text) {
        (Some(url), _) => format!("Job description: {url}"),
        (None, Some(_)) => "Job description: saved with the opening (quoted below).".to_string(),
        (None, None) => "Job description: missing; save its text or link before the meeting.".to_string(),
    });
    let plan = match &o.decision {
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
    s.line(format!("Plan: {plan}"));
    let conditions = o
        .checks
        .iter()
        .map(|c| {
            let mark = match c.state {
                CheckState::Met => "met",
                CheckState::Unmet => "not met",
                CheckState::InTheMoment => "judge in the moment",
            };
            format!("{} ({mark})", c.condition.requirement())
        })
        .collect();
    s.list(Some("Conditions"), Style::Bullets, conditions);
    if o.decision.plans_in_meeting() {
        s.list(
            Some("Script, near the end"),
            Style::Steps,
            vec![
                o.qualification.text.clone(),
                format!("If they think so: {}", o.send_job_description.text),
                o.referral_ask.text.clone(),
                format!("If they hesitate: \"{}\" Then let it go: no chaser.", o.no_pressure.text),
            ],
        );
    }
    s.list(Some("Your fit in two or three lines"), Style::Boxes, o.fit_prompts.clone());
    let instead = if o.decision.plans_in_meeting() { "If you don't ask today" } else { "Instead" };
    s.list(Some(instead), Style::Bullets, o.deferred_plan.clone());
    if let Some(text) = &o.jd_text {
        s.quote = text.lines().map(str::to_string).collect();
    }
    Some(s)
}

fn story(brief: &Brief) -> Section {
    let mut s = Section::new("Your story (30–60 seconds)");
    s.list(None, Style::Bullets, brief.story.bullets.clone());
    s.list(None, Style::Boxes, brief.story.prompts.clone());
    s
}

fn logistics(brief: &Brief) -> Section {
    let l = &brief.logistics;
    let mut s = Section::new("Logistics and etiquette");
    let how = match l.mode {
        MeetingMode::Coffee => "Coffee",
        MeetingMode::Call => "Phone call",
        MeetingMode::Video => "Video call",
        MeetingMode::Office => "At their office",
    };
    s.line(match &l.location {
        Some(place) => format!("{how}: {place}"),
        None => how.to_string(),
    });
    s.line(format!("Confirm on {}.", l.confirm_on.strftime("%A %-d %B")));
    s.list(None, Style::Bullets, l.etiquette.clone());
    s
}

fn reciprocity(brief: &Brief) -> Section {
    let mut s = Section::new("Your offer at the end");
    s.line(format!("Ask: \"{}\"", brief.reciprocity.question.text));
    s.list(None, Style::Bullets, brief.reciprocity.offers.clone());
    s
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use jiff::tz::TimeZone;
    use rapport_domain::brief::BriefInput;
    use rapport_domain::ids::{AccountId, MeetingId, OpeningId, OrganizationId, PersonId};
    use rapport_domain::meetings::NewMeeting;
    use rapport_domain::openings::NewOpening;
    use rapport_domain::organizations::NewOrganization;
    use rapport_domain::people::{NewPerson, PersonName};
    use rapport_domain::profile::Profile;
    use rapport_domain::question_bank::SeekerSituation;
    use uuid::Uuid;

    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a test time")
    }

    /// Coffee with Priya at Northwind, where an analyst opening is posted.
    fn brief() -> Brief {
        let owner = AccountId::LOCAL;
        let org = NewOrganization::new("Northwind <Health>").expect("org").into_organization(
            OrganizationId::from_uuid(Uuid::from_u128(1)),
            owner,
            at("2025-01-10T12:00:00Z"),
        );
        let mut new = NewPerson::new(PersonName::new("Priya Natarajan").expect("name"));
        new.title = Some("Senior Data Scientist".into());
        new.organization_id = Some(org.id);
        new.skills = vec!["clinical data".into(), "SQL".into()];
        let person = new.into_person(PersonId::from_uuid(Uuid::from_u128(2)), owner, at("2025-02-01T12:00:00Z"));
        let mut opening = NewOpening::new(org.id, "Data Analyst II").expect("opening");
        opening.jd_url = Some("https://careers.northwind.example/jobs/4821".into());
        let opening = opening.into_opening(OpeningId::from_uuid(Uuid::from_u128(3)), owner, at("2025-02-10T12:00:00Z"));
        let mut meeting =
            NewMeeting::new(person.id, at("2025-03-04T14:30:00Z"), 20, MeetingMode::Coffee).expect("meeting");
        meeting.location = Some("Bluebird Coffee, Monroe St".into());
        meeting.opening_id = Some(opening.id);
        let meeting = meeting.into_meeting(MeetingId::from_uuid(Uuid::from_u128(4)), owner, at("2025-02-21T16:00:00Z"));
        let mut profile = Profile::empty(owner, at("2025-01-01T00:00:00Z"));
        profile.name = Some("Andrea Quinn".into());
        profile.skills = vec!["SQL".into()];
        profile.pitch = Some("Six years teaching maths\nLearned SQL to run the school's data".into());
        let input = BriefInput {
            meeting,
            organizations: vec![org.clone()],
            profile,
            seeker: SeekerSituation { career_changer: true, ..Default::default() },
            extra_situations: vec![],
            background: Some("teaching secondary maths".into()),
            time_zone: TimeZone::get("America/Chicago").expect("tz"),
            opening: Some(opening),
            targets: vec![org.id],
            related: vec![],
            introducer: None,
            interactions: vec![],
            person_notes: vec!["Spoke at a <meetup> on readmission models".into()],
            economy_notes: None,
            asked_before: vec![],
            own_questions: vec![],
            question_count: None,
            they_asked_about_search: false,
            person,
        };
        Brief::build(&input).expect("a brief")
    }

    #[test]
    fn the_print_page_holds_every_part_of_the_brief_escaped_and_self_contained() {
        let html = print_html(&brief()).expect("render");
        for part in [
            "Prep brief: Coffee with Priya Natarajan",
            "Tuesday 4 March 2025 08:30 (America/Chicago)",
            "Help map: confirm or strike out",
            "Questions to ask (",
            "The opening: Data Analyst II",
            "Agenda (20 minutes)",
            "Your offer at the end",
        ] {
            assert!(html.contains(part), "missing {part:?}");
        }
        assert!(html.contains("Northwind &#60;Health&#62;") || html.contains("Northwind &lt;Health&gt;"), "escaped");
        assert!(!html.contains("<meetup>"), "notes are escaped");
        assert!(!html.contains("<script") && !html.contains("<link"), "nothing is fetched");
        assert!(html.contains("@page"), "a print stylesheet");
        insta::assert_snapshot!(html);
    }
}
