//! People: everyone in the seeker's network, from a close friend to a stranger at a target
//! employer, with how the seeker knows them and where they stand in the pipeline.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::ids::{AccountId, OrganizationId, PersonId};
use crate::pipeline::{LoopState, ReferralState, Stage};
use crate::values::{Email, Link, Phone, Tag, bounded, optional, required};
use crate::{ValidationError, word_enum};

/// A person the seeker knows or wants to meet.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: PersonId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub name: PersonName,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub links: Vec<Link>,
    /// Where they work now, if known.
    pub organization_id: Option<OrganizationId>,
    pub title: Option<String>,
    pub location: Option<String>,
    /// How the seeker came to know them.
    pub source: Source,
    pub tags: Vec<Tag>,
    pub tie: Tie,
    pub targeting: Targeting,
    /// Skills and subjects they can speak to (the help map's second bucket).
    pub skills: Vec<String>,
    /// A recruiter or headhunter (the help map's third bucket).
    pub recruiter: bool,
    /// Past and current employers, for the help map and warm-intro routes.
    pub employments: Vec<Employment>,
    pub stage: Stage,
    pub segment: Segment,
    /// True once the seeker set the segment by hand; replies then no longer change it.
    pub segment_manual: bool,
    /// Keep-in-touch tier; `None` until they join the active network.
    pub tier: Option<Tier>,
    pub referral: ReferralState,
    pub loop_closed: LoopState,
    pub do_not_contact: bool,
    /// The last real two-way contact (a reply, a meeting, a call), not a reminder.
    pub last_touch_at: Option<Timestamp>,
    /// Set while the person is in the trash.
    pub deleted_at: Option<Timestamp>,
}

/// A name as the person writes it. `full` is always present; the parts are kept when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    pub full: String,
    pub given: Option<String>,
    pub family: Option<String>,
}

impl PersonName {
    /// A name from its full form; the parts stay unknown.
    pub fn new(full: &str) -> Result<Self, ValidationError> {
        Ok(Self { full: required("name", full)?, given: None, family: None })
    }

    /// A name from its parts; the full form joins them.
    pub fn from_parts(given: Option<&str>, family: Option<&str>) -> Result<Self, ValidationError> {
        let given = optional(given);
        let family = optional(family);
        let full = [given.as_deref(), family.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if full.is_empty() {
            return Err(ValidationError::new("name", "a person needs a name: give a first or last name"));
        }
        Ok(Self { full, given, family })
    }

    /// The name to greet them by: the given name, else the first word of the full name.
    pub fn greeting(&self) -> &str {
        self.given.as_deref().unwrap_or_else(|| self.full.split_whitespace().next().unwrap_or(&self.full))
    }
}

/// How the seeker came to know a person.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Source {
    /// Typed in by the seeker.
    #[default]
    Manual,
    /// Brought in by an import; the text names the format or file.
    Import(String),
    /// A fellow alum; the text names the school when known.
    Alumni(Option<String>),
    /// Introduced by someone in the network.
    IntroducedBy(PersonId),
    /// Met at an event, group or community; the text names it.
    Event(String),
    /// Synthetic demo data.
    Demo,
}

impl Source {
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Import(_) => "import",
            Source::Alumni(_) => "alumni",
            Source::IntroducedBy(_) => "introduced",
            Source::Event(_) => "event",
            Source::Demo => "demo",
        }
    }
}

word_enum! {
    /// How often the seeker and this person are in touch (Granovetter's buckets).
    pub enum Frequency ("frequency") {
        Never = "never",
        Rarely = "rarely",
        Occasionally = "occasionally",
        Monthly = "monthly",
        Often = "often",
    }
}

/// The strength of the seeker's tie to a person, in the parts §4.3 scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tie {
    /// 0 = stranger … 4 = close.
    pub closeness: u8,
    pub frequency: Frequency,
    pub years_known: u8,
    /// Favours exchanged, 0–3.
    pub reciprocity: u8,
    /// Shared contexts (work, school, community…).
    pub shared_contexts: u8,
    pub mutual_connections: u32,
    /// Messages exchanged in the last 12 months.
    pub messages_12m: u32,
}

impl Default for Tie {
    fn default() -> Self {
        Self {
            closeness: 0,
            frequency: Frequency::Never,
            years_known: 0,
            reciprocity: 0,
            shared_contexts: 0,
            mutual_connections: 0,
            messages_12m: 0,
        }
    }
}

impl Tie {
    /// Checks every bounded part of the tie.
    pub fn validate(self) -> Result<Self, ValidationError> {
        bounded("closeness", self.closeness, 0, 4)?;
        bounded("reciprocity", self.reciprocity, 0, 3)?;
        bounded("years_known", self.years_known, 0, 100)?;
        Ok(self)
    }
}

word_enum! {
    /// A kind of affinity: a reason this person might help.
    pub enum AffinityKind ("affinity kind") {
        Alum = "alum",
        Group = "group",
        Mutual = "mutual",
        Employer = "employer",
        Region = "region",
        Content = "content",
        Other = "other",
    }
}

/// One reason a person might help (an alum of the seeker's school, a shared group…). The
/// outreach linter only trusts verified affinities as a "connection" to open with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Affinity {
    pub kind: AffinityKind,
    pub value: String,
    pub verified: bool,
}

impl Affinity {
    /// Parses `kind:value`, e.g. `alum:UBC` or `group:Women in Data`.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let (kind, value) = raw.split_once(':').ok_or_else(|| {
            ValidationError::new("affinity", format!("`{raw}` is not an affinity; write kind:value, e.g. alum:UBC"))
        })?;
        Ok(Self { kind: kind.parse()?, value: required("affinity", value)?, verified: true })
    }
}

/// What makes a person a good first contact at an employer (§4.3).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Targeting {
    /// 0 = unrelated, 1 = adjacent, 2 = the job the seeker wants.
    pub function_relevance: u8,
    /// Levels above where the seeker would start, when known.
    pub levels_above: Option<i8>,
    pub promoted: bool,
    /// 0 = no address known, 1 = guessable, 2 = known.
    pub email_findability: u8,
    pub affinities: Vec<Affinity>,
}

impl Targeting {
    pub fn validate(self) -> Result<Self, ValidationError> {
        bounded("function_relevance", self.function_relevance, 0, 2)?;
        bounded("email_findability", self.email_findability, 0, 2)?;
        Ok(self)
    }
}

/// A job a person holds or held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Employment {
    pub organization_id: OrganizationId,
    pub title: Option<String>,
    pub start_year: Option<i16>,
    /// `None` while current.
    pub end_year: Option<i16>,
}

word_enum! {
    /// How a contact responds to outreach (§1.4): a description of behaviour, not a person.
    pub enum Segment ("segment") {
        Unknown = "unknown",
        Booster = "booster",
        Obligate = "obligate",
        Curmudgeon = "curmudgeon",
    }
}

word_enum! {
    /// Keep-in-touch tier (§4.10).
    pub enum Tier ("tier") {
        A = "a",
        B = "b",
        C = "c",
    }
}

impl Tier {
    /// The default cadence, in days, while the search is active.
    pub fn cadence_days(self) -> u32 {
        match self {
            Tier::A => 30,
            Tier::B => 90,
            Tier::C => 150,
        }
    }

    /// One tier lower, or `None` from C.
    pub fn demoted(self) -> Option<Tier> {
        match self {
            Tier::A => Some(Tier::B),
            Tier::B => Some(Tier::C),
            Tier::C => None,
        }
    }
}

/// A person to add. Build with [`NewPerson::new`] and set the public fields.
#[derive(Clone, Debug, PartialEq)]
pub struct NewPerson {
    pub name: PersonName,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub links: Vec<Link>,
    pub organization_id: Option<OrganizationId>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub source: Source,
    pub tags: Vec<Tag>,
    pub tie: Tie,
    pub targeting: Targeting,
    pub skills: Vec<String>,
    pub recruiter: bool,
    pub employments: Vec<Employment>,
    pub stage: Stage,
    pub tier: Option<Tier>,
    pub do_not_contact: bool,
    pub last_touch_at: Option<Timestamp>,
}

impl NewPerson {
    pub fn new(name: PersonName) -> Self {
        Self {
            name,
            emails: Vec::new(),
            phones: Vec::new(),
            links: Vec::new(),
            organization_id: None,
            title: None,
            location: None,
            source: Source::Manual,
            tags: Vec::new(),
            tie: Tie::default(),
            targeting: Targeting::default(),
            skills: Vec::new(),
            recruiter: false,
            employments: Vec::new(),
            stage: Stage::Identified,
            tier: None,
            do_not_contact: false,
            last_touch_at: None,
        }
    }

    /// The full record, stamped with its id, owner and time.
    pub fn into_person(self, id: PersonId, owner: AccountId, now: Timestamp) -> Person {
        let mut employments = self.employments;
        if let Some(org) = self.organization_id
            && !employments.iter().any(|e| e.organization_id == org && e.end_year.is_none())
        {
            employments.push(Employment {
                organization_id: org,
                title: self.title.clone(),
                start_year: None,
                end_year: None,
            });
        }
        Person {
            id,
            owner,
            created_at: now,
            updated_at: now,
            name: self.name,
            emails: dedup(self.emails, Email::match_key),
            phones: dedup(self.phones, Phone::match_key),
            links: dedup(self.links, |l| l.url().to_string()),
            organization_id: self.organization_id,
            title: self.title,
            location: self.location,
            source: self.source,
            tags: dedup(self.tags, |t| t.as_str().to_string()),
            tie: self.tie,
            targeting: self.targeting,
            skills: self.skills,
            recruiter: self.recruiter,
            employments,
            stage: if self.do_not_contact { Stage::DoNotContact } else { self.stage },
            segment: Segment::Unknown,
            segment_manual: false,
            tier: self.tier,
            referral: ReferralState::None,
            loop_closed: LoopState::None,
            do_not_contact: self.do_not_contact,
            last_touch_at: self.last_touch_at,
            deleted_at: None,
        }
    }
}

fn dedup<T, K: PartialEq>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        let k = key(&item);
        if !out.iter().any(|o| key(o) == k) {
            out.push(item);
        }
    }
    out
}

/// A change to a person. `None` leaves a field alone; for clearable fields `Some(None)`
/// clears it. List fields given here replace the whole list; `add_*` and `remove_*` edit it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonPatch {
    pub name: Option<PersonName>,
    pub add_emails: Vec<Email>,
    pub remove_emails: Vec<Email>,
    pub add_phones: Vec<Phone>,
    pub add_links: Vec<Link>,
    pub organization_id: Option<Option<OrganizationId>>,
    pub title: Option<Option<String>>,
    pub location: Option<Option<String>>,
    pub add_tags: Vec<Tag>,
    pub remove_tags: Vec<Tag>,
    pub tie: Option<Tie>,
    pub targeting: Option<Targeting>,
    pub skills: Option<Vec<String>>,
    pub recruiter: Option<bool>,
    pub stage: Option<Stage>,
    pub segment: Option<Segment>,
    pub tier: Option<Option<Tier>>,
    pub referral: Option<ReferralState>,
    pub loop_closed: Option<LoopState>,
    pub do_not_contact: Option<bool>,
    pub last_touch_at: Option<Option<Timestamp>>,
}

impl PersonPatch {
    /// True when the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == PersonPatch::default()
    }

    /// Applies the patch and returns the names of the fields whose value changed.
    pub fn apply(&self, person: &mut Person, now: Timestamp) -> Vec<&'static str> {
        let before = person.clone();
        if let Some(name) = &self.name {
            person.name = name.clone();
        }
        for email in &self.add_emails {
            if !person.emails.iter().any(|e| e.match_key() == email.match_key()) {
                person.emails.push(email.clone());
            }
        }
        person.emails.retain(|e| !self.remove_emails.iter().any(|r| r.match_key() == e.match_key()));
        for phone in &self.add_phones {
            if !person.phones.iter().any(|p| p.match_key() == phone.match_key()) {
                person.phones.push(phone.clone());
            }
        }
        for link in &self.add_links {
            if !person.links.iter().any(|l| l.url() == link.url()) {
                person.links.push(link.clone());
            }
        }
        if let Some(org) = self.organization_id {
            if org != person.organization_id {
                // The old job ends; the new one starts.
                for employment in &mut person.employments {
                    if Some(employment.organization_id) == person.organization_id && employment.end_year.is_none() {
                        employment.end_year = Some(now.to_zoned_datetime(jiff::tz::TimeZone::UTC).year());
                    }
                }
                if let Some(new_org) = org
                    && !person.employments.iter().any(|e| e.organization_id == new_org && e.end_year.is_none())
                {
                    let title = self.title.clone().unwrap_or_else(|| person.title.clone());
                    person.employments.push(Employment {
                        organization_id: new_org,
                        title,
                        start_year: None,
                        end_year: None,
                    });
                }
            }
            person.organization_id = org;
        }
        if let Some(title) = &self.title {
            person.title = title.clone();
        }
        if let Some(location) = &self.location {
            person.location = location.clone();
        }
        for tag in &self.add_tags {
            if !person.tags.contains(tag) {
                person.tags.push(tag.clone());
            }
        }
        person.tags.retain(|t| !self.remove_tags.contains(t));
        if let Some(tie) = self.tie {
            person.tie = tie;
        }
        if let Some(targeting) = &self.targeting {
            person.targeting = targeting.clone();
        }
        if let Some(skills) = &self.skills {
            person.skills = skills.clone();
        }
        if let Some(recruiter) = self.recruiter {
            person.recruiter = recruiter;
        }
        if let Some(stage) = self.stage {
            person.stage = stage;
        }
        if let Some(segment) = self.segment {
            person.segment = segment;
            person.segment_manual = true;
        }
        if let Some(tier) = self.tier {
            person.tier = tier;
        }
        if let Some(referral) = self.referral {
            person.referral = referral;
        }
        if let Some(loop_closed) = self.loop_closed {
            person.loop_closed = loop_closed;
        }
        if let Some(dnc) = self.do_not_contact {
            person.do_not_contact = dnc;
            if dnc {
                person.stage = Stage::DoNotContact;
            } else if person.stage == Stage::DoNotContact {
                person.stage = Stage::Identified;
            }
        }
        if let Some(touch) = self.last_touch_at {
            person.last_touch_at = touch;
        }
        let changed = changed_fields(&before, person);
        if !changed.is_empty() {
            person.updated_at = now;
        }
        changed
    }
}

/// The fields in which `b` differs from `a`, by the names [`PersonPatch::apply`] reports.
pub fn changed_fields(a: &Person, b: &Person) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name: &'static str, same: bool| {
        if !same {
            out.push(name);
        }
    };
    check("name", a.name == b.name);
    check("emails", a.emails == b.emails);
    check("phones", a.phones == b.phones);
    check("links", a.links == b.links);
    check("organization", a.organization_id == b.organization_id);
    check("title", a.title == b.title);
    check("location", a.location == b.location);
    check("tags", a.tags == b.tags);
    check("tie", a.tie == b.tie);
    check("targeting", a.targeting == b.targeting);
    check("skills", a.skills == b.skills);
    check("recruiter", a.recruiter == b.recruiter);
    check("employments", a.employments == b.employments);
    check("stage", a.stage == b.stage);
    check("segment", a.segment == b.segment);
    check("tier", a.tier == b.tier);
    check("referral", a.referral == b.referral);
    check("loop_closed", a.loop_closed == b.loop_closed);
    check("do_not_contact", a.do_not_contact == b.do_not_contact);
    check("last_touch_at", a.last_touch_at == b.last_touch_at);
    out
}

/// A date a person is due to be called back, for the `hold` stage.
pub type CallbackDate = Date;

#[cfg(test)]
mod tests {
    use super::*;

    fn ana() -> Person {
        let mut new = NewPerson::new(PersonName::from_parts(Some("Ana"), Some("Silva")).unwrap());
        new.emails = vec![Email::parse("ana@example.com").unwrap(), Email::parse("ANA@example.com").unwrap()];
        new.into_person(PersonId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn names_need_some_part() {
        assert_eq!(PersonName::from_parts(Some(" Ana "), None).unwrap().full, "Ana");
        assert!(PersonName::from_parts(Some(" "), None).is_err());
        assert_eq!(PersonName::new("Dr. Sam Lee").unwrap().greeting(), "Dr.");
        assert_eq!(ana().name.greeting(), "Ana");
    }

    #[test]
    fn a_new_person_keeps_one_copy_of_each_email() {
        assert_eq!(ana().emails.len(), 1);
    }

    #[test]
    fn a_patch_reports_what_it_changed_and_moves_the_clock_only_then() {
        let mut person = ana();
        let later = Timestamp::from_second(1_000).unwrap();
        let patch = PersonPatch { title: Some(Some("Analyst".into())), ..Default::default() };
        assert_eq!(patch.apply(&mut person, later), vec!["title"]);
        assert_eq!(person.updated_at, later);
        let again = Timestamp::from_second(2_000).unwrap();
        assert!(patch.apply(&mut person, again).is_empty());
        assert_eq!(person.updated_at, later);
    }

    #[test]
    fn do_not_contact_moves_the_stage_and_back() {
        let mut person = ana();
        PersonPatch { do_not_contact: Some(true), ..Default::default() }.apply(&mut person, Timestamp::UNIX_EPOCH);
        assert_eq!(person.stage, Stage::DoNotContact);
        PersonPatch { do_not_contact: Some(false), ..Default::default() }.apply(&mut person, Timestamp::UNIX_EPOCH);
        assert_eq!(person.stage, Stage::Identified);
    }

    #[test]
    fn changing_employer_ends_the_old_job() {
        let mut person = ana();
        let acme = OrganizationId::new();
        let globex = OrganizationId::new();
        PersonPatch { organization_id: Some(Some(acme)), ..Default::default() }
            .apply(&mut person, Timestamp::UNIX_EPOCH);
        PersonPatch { organization_id: Some(Some(globex)), ..Default::default() }
            .apply(&mut person, Timestamp::from_second(1_700_000_000).unwrap());
        assert_eq!(person.employments.len(), 2);
        assert_eq!(person.employments[0].end_year, Some(2023));
        assert_eq!(person.employments[1].end_year, None);
    }

    #[test]
    fn affinities_parse_kind_and_value() {
        let aff = Affinity::parse("alum:UBC").unwrap();
        assert_eq!((aff.kind, aff.value.as_str()), (AffinityKind::Alum, "UBC"));
        assert!(Affinity::parse("UBC").is_err());
    }
}
