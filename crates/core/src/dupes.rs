//! Duplicate people: the matcher that finds the person an identity points at (imports use it
//! to link a contact to someone already in the network), the list of likely duplicates with
//! the evidence for each pair, and merging two people into one, with an undo.
//!
//! **Evidence, strongest first:** the same LinkedIn profile, the same email address, the same
//! phone number (seven digits or more), and names that read alike (Jaro–Winkler similarity of
//! the folded names at least [`NAME_SIMILARITY`]) at the same organization. Namesakes at
//! different employers are not offered: common names would flood the list.
//!
//! **Merging** keeps one person (the first named) and moves everything that refers to the
//! other onto them in one transaction: interactions, meetings, notes, introductions,
//! relationships, tasks, referrals, gifts in meeting ledgers, "introduced by" links and import
//! provenance. Emails, phones, links, tags, skills, affinities and past jobs are combined;
//! any field the kept person lacks is filled from the other; "do not contact" on either side
//! wins. An introduction or relationship between the two themselves would point at one person
//! twice, so it is deleted (and kept in the merge record). The other person goes to the trash
//! rather than away, and the merge record keeps both as they were, so
//! [`undo_last_merge`] puts everything back, even after the trash was emptied.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use jiff::Timestamp;
use rapport_domain::ids::{OrganizationId, PersonId};
use rapport_domain::introductions::Introduction;
use rapport_domain::people::{Person, Segment, Targeting, Tie};
use rapport_domain::pipeline::{LoopState, ReferralState, Stage};
use rapport_domain::relationships::Relationship;
use rapport_domain::values::fold_name;
use rapport_interchange::json::{IntroductionDto, PersonDto, RelationshipDto, ReminderDecisionDto};
use rapport_store::{
    MergeRecord, OrganizationFilter, Page, PersonFilter, PersonKey, Reader, Repointed, Store, StoreError, Trashable,
    Writer,
};
use serde::{Deserialize, Serialize};

use crate::{CoreError, CoreResult, Ctx};

/// Names at the same organization this alike (Jaro–Winkler, 0 to 1) are likely one person.
pub const NAME_SIMILARITY: f64 = 0.92;

/// Phone numbers with fewer digits than this are extensions or short codes, not identities.
const MIN_PHONE_DIGITS: usize = 7;

/// The identity keys of a person or an imported contact, normalized for matching.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchKeys {
    /// Normalized LinkedIn profile URLs.
    pub linkedin: Vec<String>,
    /// Lower-cased email addresses.
    pub emails: Vec<String>,
    /// Phone digits (with a leading `+` when given), long enough to identify someone.
    pub phones: Vec<String>,
    /// The folded full name.
    pub name: String,
    /// The folded organization name, empty when unknown.
    pub organization: String,
}

impl MatchKeys {
    /// The keys of a person whose employer is called `organization`.
    pub fn of_person(person: &Person, organization: Option<&str>) -> Self {
        Self {
            linkedin: person.links.iter().filter_map(|l| l.linkedin_key()).map(str::to_string).collect(),
            emails: person.emails.iter().map(|e| e.match_key()).collect(),
            phones: phone_keys(person.phones.iter().map(|p| p.match_key())),
            name: fold_name(&person.name.full),
            organization: organization.map(fold_name).unwrap_or_default(),
        }
    }

    /// The keys of a person as the store's identity index gives them.
    pub fn of_identity(row: &rapport_store::IdentityRow, organization: Option<&str>) -> Self {
        let mut keys = Self {
            name: row.name_key.clone(),
            organization: organization.map(fold_name).unwrap_or_default(),
            ..Self::default()
        };
        for key in &row.keys {
            match key {
                PersonKey::LinkedIn(k) => keys.linkedin.push(k.clone()),
                PersonKey::Email(k) => keys.emails.push(k.clone()),
                PersonKey::Phone(k) => keys.phones.extend(phone_keys(std::iter::once(k.clone()))),
                PersonKey::Name(_) => {}
            }
        }
        keys
    }

    /// The keys of a contact read from a file.
    pub fn of_contact(contact: &rapport_interchange::ImportedContact) -> Self {
        Self {
            linkedin: contact.links.iter().filter_map(|l| l.linkedin_key()).map(str::to_string).collect(),
            emails: contact.emails.iter().map(|e| e.match_key()).collect(),
            phones: phone_keys(contact.phones.iter().map(|p| p.match_key())),
            name: fold_name(&contact.name.full),
            organization: contact.organization.as_deref().map(fold_name).unwrap_or_default(),
        }
    }
}

fn phone_keys(keys: impl Iterator<Item = String>) -> Vec<String> {
    keys.filter(|k| k.chars().filter(char::is_ascii_digit).count() >= MIN_PHONE_DIGITS).collect()
}

/// Which key tied a contact to a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchedBy {
    LinkedIn,
    Email,
    Phone,
    /// The same folded name at the same organization (or both without one).
    NameAndOrganization,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::LinkedIn => "linkedin",
            MatchedBy::Email => "email",
            MatchedBy::Phone => "phone",
            MatchedBy::NameAndOrganization => "name",
        }
    }
}

/// An in-memory index of identity keys, built once (from every person) and grown as an
/// import adds people, so matching a contact costs a few hash lookups, not queries.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    linkedin: FxHashMap<String, Ids>,
    emails: FxHashMap<String, Ids>,
    phones: FxHashMap<String, Ids>,
    /// Folded name and folded organization, joined by a unit separator.
    names: FxHashMap<String, Ids>,
    /// Each person's keys, as hashes, to tell whether a name match contradicts them.
    keys: FxHashMap<PersonId, KeyHashes>,
}

/// The people under one key: almost always one, so no list is allocated for them.
#[derive(Clone, Debug)]
enum Ids {
    One(PersonId),
    Many(Vec<PersonId>),
}

impl Ids {
    fn push(&mut self, id: PersonId) {
        match self {
            Ids::One(one) if *one == id => {}
            Ids::One(one) => *self = Ids::Many(vec![*one, id]),
            Ids::Many(many) => {
                if !many.contains(&id) {
                    many.push(id);
                }
            }
        }
    }

    fn as_slice(&self) -> &[PersonId] {
        match self {
            Ids::One(one) => std::slice::from_ref(one),
            Ids::Many(many) => many,
        }
    }
}

fn index(map: &mut FxHashMap<String, Ids>, key: &str, id: PersonId) {
    match map.get_mut(key) {
        Some(ids) => ids.push(id),
        None => {
            map.insert(key.to_string(), Ids::One(id));
        }
    }
}

/// Hashes of a person's profile URLs, emails and phones.
#[derive(Clone, Debug, Default)]
struct KeyHashes {
    linkedin: Vec<u64>,
    emails: Vec<u64>,
    phones: Vec<u64>,
}

fn hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    hasher.write(key.as_bytes());
    hasher.finish()
}

fn hashes(keys: &[String]) -> Vec<u64> {
    keys.iter().map(|k| hash(k)).collect()
}

fn name_key(keys: &MatchKeys) -> String {
    let mut key = String::with_capacity(keys.name.len() + keys.organization.len() + 1);
    key.push_str(&keys.name);
    key.push('\u{1f}');
    key.push_str(&keys.organization);
    key
}

impl Matcher {
    /// Indexes a person under each of their keys.
    pub fn add(&mut self, id: PersonId, keys: &MatchKeys) {
        for key in &keys.linkedin {
            index(&mut self.linkedin, key, id);
        }
        for key in &keys.emails {
            index(&mut self.emails, key, id);
        }
        for key in &keys.phones {
            index(&mut self.phones, key, id);
        }
        if !keys.name.is_empty() {
            self.names.entry(name_key(keys)).and_modify(|ids| ids.push(id)).or_insert(Ids::One(id));
        }
        let known = self.keys.entry(id).or_default();
        for (mine, theirs) in [
            (&mut known.linkedin, &keys.linkedin),
            (&mut known.emails, &keys.emails),
            (&mut known.phones, &keys.phones),
        ] {
            for h in hashes(theirs) {
                if !mine.contains(&h) {
                    mine.push(h);
                }
            }
        }
    }

    /// The people these keys point at, each once, by the strongest key that ties them: a
    /// profile URL, then an email, then a phone. The name and organization count only when
    /// no other key matched anyone, and only for a person whose keys do not contradict the
    /// contact's: where both have profile URLs (or emails, or phones), one must be shared.
    /// So a typed-in "Ana Silva at Acme" is found by her LinkedIn row, but two namesakes
    /// with different addresses stay two people.
    pub fn find(&self, keys: &MatchKeys) -> Vec<(PersonId, MatchedBy)> {
        fn add(found: &mut Vec<(PersonId, MatchedBy)>, ids: Option<&Ids>, by: MatchedBy) {
            for id in ids.map(Ids::as_slice).unwrap_or_default() {
                if !found.iter().any(|(f, _)| f == id) {
                    found.push((*id, by));
                }
            }
        }
        let mut found: Vec<(PersonId, MatchedBy)> = Vec::new();
        for key in &keys.linkedin {
            add(&mut found, self.linkedin.get(key), MatchedBy::LinkedIn);
        }
        for key in &keys.emails {
            add(&mut found, self.emails.get(key), MatchedBy::Email);
        }
        for key in &keys.phones {
            add(&mut found, self.phones.get(key), MatchedBy::Phone);
        }
        if found.is_empty() && !keys.name.is_empty() {
            let theirs = KeyHashes {
                linkedin: hashes(&keys.linkedin),
                emails: hashes(&keys.emails),
                phones: hashes(&keys.phones),
            };
            for id in self.names.get(&name_key(keys)).map(Ids::as_slice).unwrap_or_default() {
                if self.keys.get(id).is_none_or(|known| compatible(known, &theirs)) {
                    found.push((*id, MatchedBy::NameAndOrganization));
                }
            }
        }
        found
    }
}

/// True unless the two have keys of one kind (profiles, emails, phones) with none shared.
fn compatible(a: &KeyHashes, b: &KeyHashes) -> bool {
    [(&a.linkedin, &b.linkedin), (&a.emails, &b.emails), (&a.phones, &b.phones)]
        .iter()
        .all(|(x, y)| x.is_empty() || y.is_empty() || x.iter().any(|k| y.contains(k)))
}

/// True when both sides have LinkedIn profiles and none is shared: two different people.
fn other_profiles(a: Option<&[String]>, b: &[String]) -> bool {
    match a {
        Some(a) if !a.is_empty() && !b.is_empty() => !a.iter().any(|p| b.contains(p)),
        _ => false,
    }
}

/// Why two people look like one.
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    LinkedIn(String),
    Email(String),
    Phone(String),
    /// Names that read alike at the same organization.
    Name {
        a: String,
        b: String,
        organization: String,
        similarity: f64,
    },
}

impl Evidence {
    pub fn kind(&self) -> &'static str {
        match self {
            Evidence::LinkedIn(_) => "linkedin",
            Evidence::Email(_) => "email",
            Evidence::Phone(_) => "phone",
            Evidence::Name { .. } => "name",
        }
    }

    fn weight(&self) -> u32 {
        match self {
            Evidence::LinkedIn(_) => 100,
            Evidence::Email(_) => 90,
            Evidence::Phone(_) => 70,
            Evidence::Name { similarity, .. } => (40.0 + 20.0 * similarity).round() as u32,
        }
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::LinkedIn(url) => write!(f, "same LinkedIn profile {url}"),
            Evidence::Email(email) => write!(f, "same email {email}"),
            Evidence::Phone(phone) => write!(f, "same phone {phone}"),
            Evidence::Name { a, b, organization, similarity } if a == b => {
                write!(f, "same name at {organization} ({:.0}% alike)", similarity * 100.0)
            }
            Evidence::Name { a, b, organization, similarity } => {
                write!(f, "names \"{a}\" and \"{b}\" at {organization} ({:.0}% alike)", similarity * 100.0)
            }
        }
    }
}

/// Two people who may be one, with every piece of evidence found.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The older of the two (added first): the one `rapport merge A B` would keep as listed.
    pub a: Person,
    pub b: Person,
    pub evidence: Vec<Evidence>,
    /// The strongest evidence's weight plus a little for each further piece; higher first.
    pub score: u32,
}

/// Every pair of live people that look like one person, strongest evidence first.
pub fn candidates<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Vec<Candidate>> {
    let (people, org_names) = ctx.store.read(|r| {
        let people = r.people(ctx.owner, &PersonFilter::default(), Page::ALL)?.people;
        let orgs = r.organizations(ctx.owner, &OrganizationFilter::default(), Page::ALL)?;
        let names: HashMap<OrganizationId, String> = orgs.into_iter().map(|o| (o.id, o.name)).collect();
        Ok::<_, StoreError>((people, names))
    })?;
    Ok(find_candidates(&people, &org_names))
}

/// The pairs among `people` (pure: what [`candidates`] computes once the records are read).
pub fn find_candidates(people: &[Person], org_names: &HashMap<OrganizationId, String>) -> Vec<Candidate> {
    let mut pairs: HashMap<(usize, usize), Vec<Evidence>> = HashMap::new();
    let mut note = |i: usize, j: usize, evidence: Evidence| {
        let key = if i < j { (i, j) } else { (j, i) };
        let list = pairs.entry(key).or_default();
        if !list.contains(&evidence) {
            list.push(evidence);
        }
    };
    // Exact keys: bucket people by each key, then every pair in a bucket shares it.
    let mut buckets: HashMap<(u8, String), Vec<usize>> = HashMap::new();
    let mut shown: HashMap<(u8, String), String> = HashMap::new();
    for (idx, person) in people.iter().enumerate() {
        for link in &person.links {
            if let Some(key) = link.linkedin_key() {
                buckets.entry((0, key.to_string())).or_default().push(idx);
                shown.entry((0, key.to_string())).or_insert_with(|| link.url().to_string());
            }
        }
        for email in &person.emails {
            buckets.entry((1, email.match_key())).or_default().push(idx);
            shown.entry((1, email.match_key())).or_insert_with(|| email.as_str().to_string());
        }
        for phone in &person.phones {
            let key = phone.match_key();
            if phone_keys(std::iter::once(key.clone())).is_empty() {
                continue;
            }
            shown.entry((2, key.clone())).or_insert_with(|| phone.as_str().to_string());
            buckets.entry((2, key)).or_default().push(idx);
        }
    }
    for (key, mut members) in buckets {
        members.dedup();
        if members.len() < 2 {
            continue;
        }
        let text = shown.get(&key).cloned().unwrap_or_else(|| key.1.clone());
        for (n, &i) in members.iter().enumerate() {
            for &j in &members[n + 1..] {
                let evidence = match key.0 {
                    0 => Evidence::LinkedIn(text.clone()),
                    1 => Evidence::Email(text.clone()),
                    _ => Evidence::Phone(text.clone()),
                };
                note(i, j, evidence);
            }
        }
    }
    // Names: compared only within one organization, and never across two LinkedIn profiles.
    let profiles: Vec<Vec<String>> =
        people.iter().map(|p| p.links.iter().filter_map(|l| l.linkedin_key()).map(str::to_string).collect()).collect();
    let mut by_org: HashMap<OrganizationId, Vec<(usize, String)>> = HashMap::new();
    for (idx, person) in people.iter().enumerate() {
        if let Some(org) = person.organization_id {
            by_org.entry(org).or_default().push((idx, sorted_words(&fold_name(&person.name.full))));
        }
    }
    for (org, members) in by_org {
        let organization = org_names.get(&org).cloned().unwrap_or_default();
        for (n, (i, a)) in members.iter().enumerate() {
            for (j, b) in &members[n + 1..] {
                if other_profiles(Some(&profiles[*i]), &profiles[*j]) {
                    continue;
                }
                let similarity = if a == b { 1.0 } else { strsim::jaro_winkler(a, b) };
                if similarity >= NAME_SIMILARITY {
                    note(
                        *i,
                        *j,
                        Evidence::Name {
                            a: people[*i].name.full.clone(),
                            b: people[*j].name.full.clone(),
                            organization: organization.clone(),
                            similarity,
                        },
                    );
                }
            }
        }
    }
    let mut out: Vec<Candidate> = pairs
        .into_iter()
        .map(|((i, j), mut evidence)| {
            evidence.sort_by_key(|e| std::cmp::Reverse(e.weight()));
            let best = evidence.first().map(Evidence::weight).unwrap_or(0);
            let score = best + 5 * (evidence.len() as u32).saturating_sub(1);
            let (a, b) = if (people[i].created_at, people[i].id) <= (people[j].created_at, people[j].id) {
                (people[i].clone(), people[j].clone())
            } else {
                (people[j].clone(), people[i].clone())
            };
            Candidate { a, b, evidence, score }
        })
        .collect();
    out.sort_by(|x, y| {
        y.score
            .cmp(&x.score)
            .then_with(|| fold_name(&x.a.name.full).cmp(&fold_name(&y.a.name.full)))
            .then(x.a.id.cmp(&y.a.id))
    });
    out
}

/// The words of a folded name in order, so "silva ana" and "ana silva" compare as equal.
fn sorted_words(folded: &str) -> String {
    let mut words: Vec<&str> = folded.split(' ').collect();
    words.sort_unstable();
    words.join(" ")
}

/// What a merge did.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeOutcome {
    /// The person kept, as saved.
    pub kept: Person,
    /// The person merged into them, now in the trash.
    pub merged: Person,
    /// The records re-pointed to the kept person.
    pub moved: Repointed,
    /// The fields of the kept person the merge changed.
    pub fields: Vec<&'static str>,
    /// Introductions and relationships between the two that were deleted.
    pub dropped: usize,
}

/// What a merge keeps so it can be undone: both people as they were, what it deleted, and
/// the kept person's `updated_at` right after the merge (an undo refuses to wipe later edits).
#[derive(Serialize, Deserialize)]
struct Snapshot {
    kept_before: PersonDto,
    merged_before: PersonDto,
    kept_after_updated_at: Timestamp,
    relationships: Vec<RelationshipDto>,
    introductions: Vec<IntroductionDto>,
    /// The merged person's reminder decisions: emptying the trash deletes them with the
    /// person, and an undo puts them back. (Records of merges made before this field have
    /// none.)
    #[serde(default)]
    merged_decisions: Vec<ReminderDecisionDto>,
}

/// Merges `merge` into `keep`: see the module documentation for what moves and what is kept.
pub fn merge<S: Store>(ctx: &Ctx<'_, S>, keep: PersonId, merge: PersonId) -> CoreResult<MergeOutcome> {
    if keep == merge {
        return Err(CoreError::Refused("that is the same person twice; name two different people to merge".into()));
    }
    ctx.store.write(|w| {
        let kept_before = w.person(ctx.owner, keep)?;
        let merged_before = w.person(ctx.owner, merge)?;
        for person in [&kept_before, &merged_before] {
            if person.deleted_at.is_some() {
                return Err(CoreError::Refused(format!(
                    "{} is in the trash; restore them first with `rapport person restore {}`",
                    person.name.full,
                    person.id.short()
                )));
            }
        }
        // Links between the two themselves would point at one person twice after the merge.
        let relationships: Vec<Relationship> =
            w.relationships_for_person(ctx.owner, merge)?.into_iter().filter(|r| r.a == keep || r.b == keep).collect();
        let introductions: Vec<Introduction> = w
            .introductions_for_person(ctx.owner, merge)?
            .into_iter()
            .filter(|i| i.introducer_id == keep || i.introduced_id == keep)
            .collect();
        for r in &relationships {
            w.delete_relationship(ctx.owner, r.id)?;
        }
        for i in &introductions {
            w.delete_introduction(ctx.owner, i.id)?;
        }
        let merged_decisions: Vec<ReminderDecisionDto> = w
            .reminder_decisions(ctx.owner, Some(merge))?
            .iter()
            .map(|d| ReminderDecisionDto::new(Some(merge), d))
            .collect();
        let moved = w.repoint_person(ctx.owner, merge, keep)?;
        let mut kept = kept_before.clone();
        let fields = combine(&mut kept, &merged_before, ctx.now);
        if !fields.is_empty() {
            w.update_person(&kept)?;
        }
        w.set_trashed(ctx.owner, Trashable::Person(merge), Some(ctx.now))?;
        let snapshot = Snapshot {
            kept_before: PersonDto::from(&kept_before),
            merged_before: PersonDto::from(&merged_before),
            kept_after_updated_at: kept.updated_at,
            relationships: relationships.iter().map(RelationshipDto::from).collect(),
            introductions: introductions.iter().map(IntroductionDto::from).collect(),
            merged_decisions,
        };
        let snapshot = serde_json::to_string(&snapshot)
            .map_err(|e| StoreError::Backend(format!("cannot record the merge: {e}")))?;
        w.insert_merge(&MergeRecord {
            id: uuid::Uuid::now_v7(),
            owner: ctx.owner,
            at: ctx.now,
            winner: keep,
            loser: merge,
            moved: moved.clone(),
            snapshot,
            undone_at: None,
        })?;
        crate::reminders::refresh_with_counterparts(w, ctx, &[keep, merge])?;
        let merged = w.person(ctx.owner, merge)?;
        Ok(MergeOutcome { kept, merged, moved, fields, dropped: relationships.len() + introductions.len() })
    })
}

/// Combines `other` into `kept` (lists joined, gaps filled, "do not contact" if either);
/// returns the fields that changed.
fn combine(kept: &mut Person, other: &Person, now: Timestamp) -> Vec<&'static str> {
    let before = kept.clone();
    for email in &other.emails {
        if !kept.emails.iter().any(|e| e.match_key() == email.match_key()) {
            kept.emails.push(email.clone());
        }
    }
    for phone in &other.phones {
        if !kept.phones.iter().any(|p| p.match_key() == phone.match_key()) {
            kept.phones.push(phone.clone());
        }
    }
    for link in &other.links {
        if !kept.links.iter().any(|l| l.url() == link.url()) {
            kept.links.push(link.clone());
        }
    }
    for tag in &other.tags {
        if !kept.tags.contains(tag) {
            kept.tags.push(tag.clone());
        }
    }
    for skill in &other.skills {
        if !kept.skills.contains(skill) {
            kept.skills.push(skill.clone());
        }
    }
    for job in &other.employments {
        if !kept.employments.iter().any(|e| e.organization_id == job.organization_id && e.title == job.title) {
            kept.employments.push(job.clone());
        }
    }
    if kept.name.given.is_none()
        && kept.name.family.is_none()
        && fold_name(&kept.name.full) == fold_name(&other.name.full)
    {
        kept.name.given = other.name.given.clone();
        kept.name.family = other.name.family.clone();
    }
    if kept.organization_id.is_none() {
        kept.organization_id = other.organization_id;
    }
    if kept.title.is_none() {
        kept.title = other.title.clone();
    }
    if kept.location.is_none() {
        kept.location = other.location.clone();
    }
    if kept.tie == Tie::default() {
        kept.tie = other.tie;
    }
    if kept.targeting == Targeting::default() {
        kept.targeting = other.targeting.clone();
    } else {
        for affinity in &other.targeting.affinities {
            if !kept.targeting.affinities.contains(affinity) {
                kept.targeting.affinities.push(affinity.clone());
            }
        }
    }
    kept.recruiter |= other.recruiter;
    if let (Some(mine), Some(theirs)) = (kept.stage.primary_rank(), other.stage.primary_rank())
        && theirs > mine
    {
        kept.stage = other.stage;
    }
    if kept.segment == Segment::Unknown {
        kept.segment = other.segment;
        kept.segment_manual = other.segment_manual;
    }
    if kept.tier.is_none() {
        kept.tier = other.tier;
    }
    if kept.referral == ReferralState::None {
        kept.referral = other.referral;
    }
    if kept.loop_closed == LoopState::None {
        kept.loop_closed = other.loop_closed;
    }
    if other.last_touch_at > kept.last_touch_at {
        kept.last_touch_at = other.last_touch_at;
    }
    if other.do_not_contact {
        kept.do_not_contact = true;
        kept.stage = Stage::DoNotContact;
    }
    let fields = person_changes(&before, kept);
    if !fields.is_empty() {
        kept.updated_at = now;
    }
    fields
}

/// The names of the fields that differ between two versions of a person.
pub(crate) fn person_changes(a: &Person, b: &Person) -> Vec<&'static str> {
    let checks: [(&'static str, bool); 20] = [
        ("name", a.name == b.name),
        ("emails", a.emails == b.emails),
        ("phones", a.phones == b.phones),
        ("links", a.links == b.links),
        ("organization", a.organization_id == b.organization_id),
        ("title", a.title == b.title),
        ("location", a.location == b.location),
        ("tags", a.tags == b.tags),
        ("tie", a.tie == b.tie),
        ("targeting", a.targeting == b.targeting),
        ("skills", a.skills == b.skills),
        ("recruiter", a.recruiter == b.recruiter),
        ("employments", a.employments == b.employments),
        ("stage", a.stage == b.stage),
        ("segment", a.segment == b.segment && a.segment_manual == b.segment_manual),
        ("tier", a.tier == b.tier),
        ("referral", a.referral == b.referral),
        ("loop_closed", a.loop_closed == b.loop_closed),
        ("do_not_contact", a.do_not_contact == b.do_not_contact),
        ("last_touch_at", a.last_touch_at == b.last_touch_at),
    ];
    checks.iter().filter(|(_, same)| !same).map(|(name, _)| *name).collect()
}

/// What an undo did.
#[derive(Clone, Debug, PartialEq)]
pub struct UndoOutcome {
    /// The person who had been kept, as they were before the merge.
    pub kept: Person,
    /// The person who had been merged away, back out of the trash.
    pub restored: Person,
    /// How many records moved back to them.
    pub moved: usize,
    pub merged_at: Timestamp,
}

/// Undoes the newest merge not yet undone: both people as they were, every record back
/// where it was, deleted links between them restored. Refuses when the kept person was
/// edited after the merge (the undo would silently lose that edit).
pub fn undo_last_merge<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<UndoOutcome> {
    ctx.store.write(|w| {
        let Some(record) = w.last_merge(ctx.owner)? else {
            return Err(CoreError::NoMatch {
                kind: "merge",
                query: "the last merge".into(),
                hint: "there is no merge left to undo; see who may be duplicates with `rapport dupes`".into(),
            });
        };
        let snapshot: Snapshot = serde_json::from_str(&record.snapshot).map_err(|e| {
            CoreError::Refused(format!(
                "the record of the merge of {} cannot be read ({e}); it cannot be undone",
                record.at
            ))
        })?;
        let bad = |e: rapport_interchange::InterchangeError| {
            CoreError::Refused(format!("the record of the merge cannot be read ({e}); it cannot be undone"))
        };
        let kept_before = snapshot.kept_before.into_domain().map_err(bad)?;
        let merged_before = snapshot.merged_before.into_domain().map_err(bad)?;
        let kept_now = w.person(ctx.owner, record.winner)?;
        if kept_now.updated_at != snapshot.kept_after_updated_at {
            return Err(CoreError::Refused(format!(
                "{} was changed after the merge ({}); undoing it would lose that change, so it was not undone. \
                 Split them by hand: edit {} and restore {} from the trash",
                kept_now.name.full,
                kept_now.updated_at,
                kept_now.id.short(),
                merged_before.id.short()
            )));
        }
        // The person merged away is in the trash, or gone for good if the trash was emptied.
        match w.person(ctx.owner, record.loser) {
            Ok(_) => {}
            Err(StoreError::NotFound { .. }) => {
                let mut again = merged_before.clone();
                again.deleted_at = Some(record.at);
                w.insert_person(&again)?;
            }
            Err(e) => return Err(e.into()),
        }
        w.unrepoint_person(ctx.owner, &record.moved, record.winner, record.loser)?;
        w.update_person(&kept_before)?;
        w.set_trashed(ctx.owner, Trashable::Person(record.loser), None)?;
        w.update_person(&merged_before)?;
        for dto in snapshot.relationships {
            w.insert_relationship(&dto.into_domain().map_err(bad)?)?;
        }
        for dto in snapshot.introductions {
            w.insert_introduction(&dto.into_domain().map_err(bad)?)?;
        }
        for dto in snapshot.merged_decisions {
            let (person, decision) = dto.into_domain().map_err(bad)?;
            w.put_reminder_decision(ctx.owner, person, &decision)?;
        }
        w.set_merge_undone(ctx.owner, record.id, ctx.now)?;
        crate::reminders::refresh_with_counterparts(w, ctx, &[record.winner, record.loser])?;
        let restored = w.person(ctx.owner, record.loser)?;
        Ok(UndoOutcome { kept: kept_before, restored, moved: record.moved.total(), merged_at: record.at })
    })
}
