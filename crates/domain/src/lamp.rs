//! The LAMP list (§4.2): employers in strict lexicographic order (Motivation, then Posting,
//! then Advocacy, then the seeker's own order, then name; never a sum), the display key
//! `M3·P2·A1`, the active set of K employers, the three gates (G1 a short list, G2 too few
//! motivation scores, G3 a motivation of 0) and the refill of a freed slot.
//!
//! Advocacy is taken from the seeker's Y/N when set, else derived from the people the seeker
//! knows there. Everything here is a pure function of the records passed in.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

use crate::ids::{OrganizationId, PersonId};
use crate::organizations::{Organization, OrganizationStatus, SourceLens};
use crate::people::{Person, Segment};
use crate::pipeline::Stage;
use crate::profile::{Edition, Settings};
use crate::ties::{TieStrength, bridge_value};
use crate::values::fold_name;
use crate::{ValidationError, word_enum};

/// Gate G1: a list shorter than this gets a nudge to add employers (it never blocks).
pub const LIST_MINIMUM: usize = 40;
/// Gate G2: outreach stays locked until this many employers have a motivation score.
pub const SCORED_MINIMUM: usize = 10;

/// An employer's LAMP values as they sort: Motivation, Posting, Advocacy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LampKey {
    /// `None` until the seeker scores it.
    pub motivation: Option<u8>,
    /// `None` until the seeker checks the postings.
    pub posting: Option<u8>,
    /// Y/N, set by hand or derived.
    pub advocacy: bool,
}

impl LampKey {
    /// `100·M + 10·P + A`, for storage or display; unscored parts count as 0. Its order is the
    /// lexicographic order for values in range, which is why it is safe to store.
    pub fn scalar(self) -> u16 {
        100 * u16::from(self.motivation.unwrap_or(0))
            + 10 * u16::from(self.posting.unwrap_or(0))
            + u16::from(self.advocacy)
    }

    /// Highest first: M desc, then P desc, then A desc. An unscored M or P sorts below every
    /// score, 0 included.
    pub fn cmp_priority(self, other: LampKey) -> Ordering {
        other
            .motivation
            .cmp(&self.motivation)
            .then_with(|| other.posting.cmp(&self.posting))
            .then_with(|| other.advocacy.cmp(&self.advocacy))
    }
}

impl fmt::Display for LampKey {
    /// `M3·P2·A1`; an unscored part shows as `?`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = |v: Option<u8>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
        write!(f, "M{}·P{}·A{}", part(self.motivation), part(self.posting), u8::from(self.advocacy))
    }
}

/// The motivation scale of an edition: 0–3 (plus one manual 4) in the second, 1–5 in the first.
pub fn motivation_scale(edition: Edition) -> (u8, u8) {
    match edition {
        Edition::Second => (0, 4),
        Edition::First => (1, 5),
    }
}

/// Checks a motivation score the seeker is about to give `target`. In second-edition mode a 4
/// is a manual bump allowed for at most one employer at a time.
pub fn check_motivation(
    edition: Edition,
    value: u8,
    organizations: &[Organization],
    target: OrganizationId,
) -> Result<u8, ValidationError> {
    match edition {
        Edition::First if !(1..=5).contains(&value) => Err(ValidationError::new(
            "motivation",
            format!(
                "{value} is out of range; in first-edition mode score motivation from 1 (low) to 5 (dream employer)"
            ),
        )),
        Edition::Second if value > 4 => Err(ValidationError::new(
            "motivation",
            format!(
                "{value} is out of range; score motivation from 0 (don't know enough yet) to 3 (high), or 4 for one employer you want to bump"
            ),
        )),
        Edition::Second if value == 4 => {
            match organizations
                .iter()
                .find(|o| o.id != target && o.deleted_at.is_none() && o.lamp.motivation == Some(4))
            {
                Some(other) => Err(ValidationError::new(
                    "motivation",
                    format!(
                        "only one employer can be bumped to 4 and {} already is; set {} back to 3 first",
                        other.name, other.name
                    ),
                )),
                None => Ok(value),
            }
        }
        _ => Ok(value),
    }
}

/// Where the Advocacy value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdvocacySource {
    /// The seeker set Y or N.
    Manual,
    /// Derived: Y when someone the seeker knows there could plausibly help.
    Derived,
}

/// Advocacy for one employer: the Y/N that sorts, and the display strength AS.
#[derive(Clone, Debug, PartialEq)]
pub struct Advocacy {
    pub value: bool,
    pub source: AdvocacySource,
    /// People there now with a verified affinity or a medium or strong tie to the seeker.
    pub advocates: Vec<PersonId>,
    /// `min(1, advocates/2)`.
    pub base: f64,
    /// The best bridge value B(m) among the people there.
    pub best_bridge: f64,
}

impl Advocacy {
    /// The display-only advocacy strength AS = `min(1, advocate_count/2) + best B(m)`, 0–2.
    /// It never changes the sort; it suggests which N to turn into a Y first.
    pub fn strength(&self) -> f64 {
        self.base + self.best_bridge
    }
}

/// True when a person could plausibly speak up for the seeker: a verified affinity of any
/// kind (an alum, a shared group, a shared region…) or a medium or strong tie, judged on its
/// historical strength (an old friend is still a friend).
pub fn is_advocate(person: &Person) -> bool {
    person.deleted_at.is_none()
        && !person.do_not_contact
        && (person.targeting.affinities.iter().any(|a| a.verified)
            || TieStrength::of(&person.tie).class().can_introduce())
}

/// Advocacy for `organization` from `people_there` (the people who work there now).
pub fn advocacy(organization: &Organization, people_there: &[&Person]) -> Advocacy {
    let reachable = || people_there.iter().filter(|p| p.deleted_at.is_none() && !p.do_not_contact);
    let advocates: Vec<PersonId> = reachable().filter(|p| is_advocate(p)).map(|p| p.id).collect();
    let best_bridge = reachable().map(|p| bridge_value(p.tie.mutual_connections)).fold(0.0, f64::max);
    let base = (advocates.len() as f64 / 2.0).min(1.0);
    let (value, source) = match organization.lamp.advocacy {
        Some(v) => (v, AdvocacySource::Manual),
        None => (!advocates.is_empty(), AdvocacySource::Derived),
    };
    Advocacy { value, source, advocates, base, best_bridge }
}

word_enum! {
    /// Why an employer that was working a slot no longer holds one, though it stays on the list.
    pub enum FreedBy ("freed slot reason") {
        /// A Booster has been found there: the seeker keeps going with them, the slot refills.
        BoosterSecured = "booster_secured",
        /// Everyone tried there is a Curmudgeon or said no.
        ContactsCold = "contacts_cold",
    }
}

/// Where an employer stands in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Holds one of the K slots.
    Active,
    /// Eligible, ranked below the K cutoff; promoted when a slot frees.
    Waiting,
    /// Stays on the list without a slot, so the next one is promoted.
    Freed(FreedBy),
    /// Exhausted, ruled out or won: off the list for good.
    Closed(OrganizationStatus),
    /// Motivation 0 (gate G3): research it, then score it again.
    NeedsResearch,
    /// No motivation score yet.
    Unscored,
}

/// One employer in ranked order.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedEmployer {
    pub organization_id: OrganizationId,
    pub name: String,
    /// 1-based place in the lexicographic order (the stored `rank_index`).
    pub rank: usize,
    pub key: LampKey,
    pub advocacy: Advocacy,
    pub user_order: Option<i32>,
    /// The status on record.
    pub status: OrganizationStatus,
    pub standing: Standing,
}

/// Gate G1: the list is short. Shown as a banner; it never blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListNudge {
    pub have: usize,
    pub minimum: usize,
    /// The methods not used for any employer yet, in the usual order.
    pub unused_methods: Vec<SourceLens>,
}

impl ListNudge {
    pub fn more_needed(&self) -> usize {
        self.minimum.saturating_sub(self.have)
    }

    /// The banner text, in our own words.
    pub fn message(&self) -> String {
        let mut text = format!(
            "Your list has {} employer{}; add {} more to reach {}. Give each of these ten minutes, and don't stop to research yet:\n",
            self.have,
            if self.have == 1 { "" } else { "s" },
            self.more_needed(),
            self.minimum
        );
        for lens in SourceLens::ALL {
            let unused = if self.unused_methods.contains(lens) { " (not used yet)" } else { "" };
            text.push_str(&format!("- {}{unused}: {}\n", method_name(*lens), method_hint(*lens)));
        }
        text
    }
}

/// The name of each of the four ten-minute ways to grow the list.
pub fn method_name(lens: SourceLens) -> &'static str {
    match lens {
        SourceLens::Dream => "Dream employers",
        SourceLens::Affinity => "Affinity employers",
        SourceLens::Posting => "Posting search",
        SourceLens::Trend => "Trends",
    }
}

/// One line on how to use each of the four ways, in our own words.
pub fn method_hint(lens: SourceLens) -> &'static str {
    match lens {
        SourceLens::Dream => "the places you would love to work, and the firms most like them.",
        SourceLens::Affinity => "where people from your school, past jobs or groups work now.",
        SourceLens::Posting => "employers advertising the role you want (note the name, don't read the ad).",
        SourceLens::Trend => "companies you keep seeing in the news and feeds you already follow.",
    }
}

/// Gate G3's research card for an employer with motivation 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResearchCard {
    pub organization_id: OrganizationId,
    pub name: String,
}

impl ResearchCard {
    /// The card's text, in our own words.
    pub fn message(&self) -> String {
        format!(
            "You scored {name} 0: you don't know it well enough yet, so it stays out of your top employers.\n\
             Spend five minutes on it:\n\
             - What does {name} make or sell, and who buys it?\n\
             - What has it been in the news for this year?\n\
             - Does it hire for the kind of role you want?\n\
             Then score your motivation again from 1 to 3.\n",
            name = self.name
        )
    }
}

/// Gate G2's refusal: outreach is locked until enough employers have a motivation score.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "outreach is locked until {minimum} employers have a motivation score: {scored} have one, so score {more} more ({scale}) and your top {k} will mean something",
    more = .minimum.saturating_sub(*.scored)
)]
pub struct OutreachLocked {
    pub scored: usize,
    pub minimum: usize,
    pub k: usize,
    /// The scale to score on, in words (`0–3`, or `1–5` in first-edition mode).
    pub scale: &'static str,
}

/// A status the store should write so the records match the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusChange {
    pub organization_id: OrganizationId,
    pub from: OrganizationStatus,
    pub to: OrganizationStatus,
}

/// The LAMP list worked out: every employer in order with its standing, and the gates.
#[derive(Clone, Debug, PartialEq)]
pub struct LampPlan {
    pub edition: Edition,
    /// The number of active slots K.
    pub k: usize,
    /// Every employer not in the trash, in lexicographic order.
    pub ranked: Vec<RankedEmployer>,
    /// Employers with a motivation score (0 included).
    pub scored: usize,
    /// Gate G1, while the list is under [`LIST_MINIMUM`].
    pub list_nudge: Option<ListNudge>,
    /// Gate G3, one per employer with motivation 0 that is still open.
    pub research_cards: Vec<ResearchCard>,
}

impl LampPlan {
    /// The employers holding the K slots, best first.
    pub fn active(&self) -> impl Iterator<Item = &RankedEmployer> {
        self.ranked.iter().filter(|e| e.standing == Standing::Active)
    }

    pub fn get(&self, id: OrganizationId) -> Option<&RankedEmployer> {
        self.ranked.iter().find(|e| e.organization_id == id)
    }

    /// Gate G2: `Ok` once at least [`SCORED_MINIMUM`] employers have a motivation score.
    pub fn outreach_gate(&self) -> Result<(), OutreachLocked> {
        if self.scored >= SCORED_MINIMUM {
            return Ok(());
        }
        let scale = match self.edition {
            Edition::Second => "0–3",
            Edition::First => "1–5",
        };
        Err(OutreachLocked { scored: self.scored, minimum: SCORED_MINIMUM, k: self.k, scale })
    }

    /// The status writes that bring the records in line: a newly promoted employer becomes
    /// active, and an active one that lost its place (re-scored, or K lowered) goes back to
    /// candidate. Freed and closed employers keep their status.
    pub fn status_changes(&self) -> Vec<StatusChange> {
        self.ranked
            .iter()
            .filter_map(|e| {
                let to = match (e.status, e.standing) {
                    (OrganizationStatus::Candidate, Standing::Active) => OrganizationStatus::Active,
                    (OrganizationStatus::Active, Standing::Waiting | Standing::NeedsResearch | Standing::Unscored) => {
                        OrganizationStatus::Candidate
                    }
                    _ => return None,
                };
                Some(StatusChange { organization_id: e.organization_id, from: e.status, to })
            })
            .collect()
    }
}

/// Why a slot is freed at an employer, from the people who work there now: a Booster found,
/// or everyone tried a Curmudgeon or a no.
pub fn freed_by(people_there: &[&Person]) -> Option<FreedBy> {
    let present: Vec<&&Person> = people_there.iter().filter(|p| p.deleted_at.is_none()).collect();
    if present.iter().any(|p| p.segment == Segment::Booster && !p.do_not_contact) {
        return Some(FreedBy::BoosterSecured);
    }
    let cold = |p: &Person| p.segment == Segment::Curmudgeon || matches!(p.stage, Stage::NoResponse | Stage::Declined);
    // Everyone is out of reach (cold, or do-not-contact), and at least one was tried.
    let all_out = present.iter().all(|p| cold(p) || p.do_not_contact);
    if !present.is_empty() && all_out && present.iter().any(|p| cold(p)) {
        return Some(FreedBy::ContactsCold);
    }
    None
}

/// Works out the LAMP list. `people` are all the seeker's people; each counts toward the
/// employer they work at now. K comes from the settings (kept within 5–7).
pub fn plan(organizations: &[Organization], people: &[Person], settings: &Settings) -> LampPlan {
    let k = usize::from(settings.active_employers.clamp(5, 7));
    let mut by_org: HashMap<OrganizationId, Vec<&Person>> = HashMap::new();
    for person in people.iter().filter(|p| p.deleted_at.is_none()) {
        if let Some(org) = person.organization_id {
            by_org.entry(org).or_default().push(person);
        }
    }
    let no_people: Vec<&Person> = Vec::new();

    let listed: Vec<&Organization> = organizations.iter().filter(|o| o.deleted_at.is_none()).collect();
    let mut ranked: Vec<(String, RankedEmployer, Option<FreedBy>)> = listed
        .iter()
        .map(|org| {
            let there = by_org.get(&org.id).unwrap_or(&no_people);
            let advocacy = advocacy(org, there);
            let key = LampKey { motivation: org.lamp.motivation, posting: org.lamp.posting, advocacy: advocacy.value };
            let employer = RankedEmployer {
                organization_id: org.id,
                name: org.name.clone(),
                rank: 0,
                key,
                advocacy,
                user_order: org.lamp.user_order,
                status: org.status,
                standing: Standing::Waiting,
            };
            (fold_name(&org.name), employer, freed_by(there))
        })
        .collect();
    ranked.sort_by(|(a_name, a, _), (b_name, b, _)| {
        a.key
            .cmp_priority(b.key)
            .then_with(|| (a.user_order.is_none(), a.user_order).cmp(&(b.user_order.is_none(), b.user_order)))
            .then_with(|| a_name.cmp(b_name))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.organization_id.cmp(&b.organization_id))
    });

    let mut slots = 0;
    let mut research_cards = Vec::new();
    let ranked: Vec<RankedEmployer> = ranked
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut employer, freed))| {
            employer.rank = i + 1;
            employer.standing = match (employer.status, employer.key.motivation) {
                (
                    status @ (OrganizationStatus::Exhausted
                    | OrganizationStatus::RuledOut
                    | OrganizationStatus::TargetWon),
                    _,
                ) => Standing::Closed(status),
                (_, None) => Standing::Unscored,
                (_, Some(0)) => {
                    research_cards
                        .push(ResearchCard { organization_id: employer.organization_id, name: employer.name.clone() });
                    Standing::NeedsResearch
                }
                _ => match freed {
                    Some(reason) => Standing::Freed(reason),
                    None if slots < k => {
                        slots += 1;
                        Standing::Active
                    }
                    None => Standing::Waiting,
                },
            };
            employer
        })
        .collect();

    let scored = listed.iter().filter(|o| o.lamp.motivation.is_some()).count();
    let list_nudge = (listed.len() < LIST_MINIMUM).then(|| ListNudge {
        have: listed.len(),
        minimum: LIST_MINIMUM,
        unused_methods: SourceLens::ALL
            .iter()
            .copied()
            .filter(|lens| !listed.iter().any(|o| o.source_lens == Some(*lens)))
            .collect(),
    });
    LampPlan { edition: settings.edition, k, ranked, scored, list_nudge, research_cards }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;
    use proptest::prelude::*;

    use super::*;
    use crate::ids::AccountId;
    use crate::organizations::{Lamp, NewOrganization};
    use crate::people::{Affinity, Frequency, NewPerson, PersonName, Tie};

    fn org(name: &str, m: Option<u8>, p: Option<u8>, a: Option<bool>) -> Organization {
        let mut new = NewOrganization::new(name).unwrap();
        new.lamp = Lamp { advocacy: a, motivation: m, posting: p, user_order: None };
        new.into_organization(OrganizationId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH)
    }

    fn at(org: &Organization, name: &str) -> Person {
        let mut new = NewPerson::new(PersonName::new(name).unwrap());
        new.organization_id = Some(org.id);
        new.into_person(PersonId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH)
    }

    fn at2_list() -> Vec<Organization> {
        // Listed out of order on purpose.
        vec![
            org("Everest", Some(0), Some(3), Some(true)),
            org("Glacier", Some(2), Some(1), Some(false)),
            org("Borealis", Some(1), Some(3), Some(true)),
            org("Delta", Some(3), Some(2), Some(false)),
            org("Cascade", Some(2), Some(3), Some(true)),
            org("Aurora", Some(3), Some(1), Some(false)),
        ]
    }

    fn names<'a>(employers: impl Iterator<Item = &'a RankedEmployer>) -> Vec<&'a str> {
        employers.map(|e| e.name.as_str()).collect()
    }

    /// AT-2: the sort is lexicographic, never a sum.
    #[test]
    fn at2_lamp_sort_is_lexicographic() {
        let orgs = at2_list();
        let plan = plan(&orgs, &[], &Settings::default());
        assert_eq!(names(plan.ranked.iter()), ["Delta", "Aurora", "Cascade", "Glacier", "Borealis", "Everest"]);
        assert_eq!(names(plan.active()), ["Delta", "Aurora", "Cascade", "Glacier", "Borealis"]);

        let everest = plan.ranked.last().unwrap();
        assert_eq!(everest.standing, Standing::NeedsResearch);
        assert_eq!(plan.research_cards.len(), 1);
        assert_eq!(plan.research_cards[0].name, "Everest");

        // A sum would put Cascade (2+3+1 = 6) above Delta (3+2+0 = 5); the order must not.
        let sum =
            |e: &RankedEmployer| e.key.motivation.unwrap_or(0) + e.key.posting.unwrap_or(0) + u8::from(e.key.advocacy);
        let delta = plan.ranked.iter().find(|e| e.name == "Delta").unwrap();
        let cascade = plan.ranked.iter().find(|e| e.name == "Cascade").unwrap();
        assert!(sum(cascade) > sum(delta));
        assert!(delta.rank < cascade.rank);
        assert_eq!(delta.key.to_string(), "M3·P2·A0");
        assert_eq!(cascade.key.to_string(), "M2·P3·A1");
        assert_eq!(delta.key.scalar(), 320);
    }

    #[test]
    fn ties_break_on_user_order_then_name() {
        let mut b = org("beta", Some(2), Some(2), Some(true));
        let a = org("Alpha", Some(2), Some(2), Some(true));
        let mut c = org("Gamma", Some(2), Some(2), Some(true));
        c.lamp.user_order = Some(1);
        b.lamp.user_order = Some(2);
        let plan = plan(&[a, b, c], &[], &Settings::default());
        assert_eq!(names(plan.ranked.iter()), ["Gamma", "beta", "Alpha"]);

        let plain = [org("beta", Some(2), Some(2), None), org("Alpha", Some(2), Some(2), None)];
        let plan = super::plan(&plain, &[], &Settings::default());
        assert_eq!(names(plan.ranked.iter()), ["Alpha", "beta"]);
    }

    #[test]
    fn the_key_shows_unscored_parts_as_question_marks() {
        let key = LampKey { motivation: None, posting: Some(3), advocacy: true };
        assert_eq!(key.to_string(), "M?·P3·A1");
        // An unscored motivation sorts below a 0.
        let zero = LampKey { motivation: Some(0), posting: None, advocacy: false };
        assert_eq!(zero.cmp_priority(key), Ordering::Less);
    }

    #[test]
    fn k_follows_the_settings() {
        let mut orgs = at2_list();
        orgs.push(org("Fjord", Some(1), Some(1), Some(false)));
        orgs.push(org("Harbor", Some(1), Some(1), Some(false)));
        let settings = Settings { active_employers: 6, ..Settings::default() };
        let plan = plan(&orgs, &[], &settings);
        assert_eq!(names(plan.active()), ["Delta", "Aurora", "Cascade", "Glacier", "Borealis", "Fjord"]);
        assert_eq!(plan.get(plan.ranked[6].organization_id).unwrap().standing, Standing::Waiting);
    }

    #[test]
    fn a_freed_slot_promotes_the_next_employer() {
        let mut orgs = at2_list();
        orgs.push(org("Fjord", Some(1), Some(2), Some(false)));
        let fjord = orgs.last().unwrap().id;
        let settings = Settings::default();
        let before = plan(&orgs, &[], &settings);
        assert_eq!(before.get(fjord).unwrap().standing, Standing::Waiting);

        // Ruled out.
        let mut ruled_out = orgs.clone();
        ruled_out.iter_mut().find(|o| o.name == "Aurora").unwrap().status = OrganizationStatus::RuledOut;
        let after = plan(&ruled_out, &[], &settings);
        assert_eq!(names(after.active()), ["Delta", "Cascade", "Glacier", "Borealis", "Fjord"]);

        // Exhausted.
        let mut exhausted = orgs.clone();
        exhausted.iter_mut().find(|o| o.name == "Delta").unwrap().status = OrganizationStatus::Exhausted;
        assert!(names(plan(&exhausted, &[], &settings).active()).contains(&"Fjord"));

        // A Booster secured at Glacier.
        let glacier = orgs.iter().find(|o| o.name == "Glacier").unwrap();
        let mut booster = at(glacier, "Bo Oster");
        booster.segment = Segment::Booster;
        let with_booster = plan(&orgs, &[booster], &settings);
        assert_eq!(with_booster.get(glacier.id).unwrap().standing, Standing::Freed(FreedBy::BoosterSecured));
        assert_eq!(with_booster.get(fjord).unwrap().standing, Standing::Active);

        // Everyone tried at Cascade went cold.
        let cascade = orgs.iter().find(|o| o.name == "Cascade").unwrap();
        let mut curmudgeon = at(cascade, "Cur Mudgeon");
        curmudgeon.segment = Segment::Curmudgeon;
        let mut declined = at(cascade, "De Clined");
        declined.stage = Stage::Declined;
        let cold = plan(&orgs, &[curmudgeon.clone(), declined.clone()], &settings);
        assert_eq!(cold.get(cascade.id).unwrap().standing, Standing::Freed(FreedBy::ContactsCold));
        assert_eq!(cold.get(fjord).unwrap().standing, Standing::Active);

        // One untried person left there keeps the slot.
        let fresh = at(cascade, "Still Fresh");
        let warm = plan(&orgs, &[curmudgeon, declined, fresh], &settings);
        assert_eq!(warm.get(cascade.id).unwrap().standing, Standing::Active);
    }

    #[test]
    fn status_changes_promote_and_release() {
        let mut orgs = at2_list();
        orgs.push(org("Fjord", Some(1), Some(2), Some(false)));
        // Fjord was active, but Borealis now outranks it; Delta was already active.
        for o in &mut orgs {
            if o.name == "Fjord" || o.name == "Delta" {
                o.status = OrganizationStatus::Active;
            }
        }
        let plan = plan(&orgs, &[], &Settings::default());
        let changes: Vec<(String, OrganizationStatus, OrganizationStatus)> = plan
            .status_changes()
            .into_iter()
            .map(|c| (plan.get(c.organization_id).unwrap().name.clone(), c.from, c.to))
            .collect();
        use OrganizationStatus::{Active, Candidate};
        assert_eq!(
            changes,
            [
                ("Aurora".into(), Candidate, Active),
                ("Cascade".into(), Candidate, Active),
                ("Glacier".into(), Candidate, Active),
                ("Borealis".into(), Candidate, Active),
                ("Fjord".into(), Active, Candidate),
            ]
        );
    }

    #[test]
    fn g1_nudges_a_short_list_and_names_the_methods() {
        let mut orgs = at2_list();
        orgs[0].source_lens = Some(SourceLens::Dream);
        orgs[1].source_lens = Some(SourceLens::Posting);
        let plan = plan(&orgs, &[], &Settings::default());
        let nudge = plan.list_nudge.as_ref().unwrap();
        assert_eq!(nudge.more_needed(), 34);
        assert_eq!(nudge.unused_methods, [SourceLens::Affinity, SourceLens::Trend]);
        insta::assert_snapshot!("g1_nudge", nudge.message());

        let forty: Vec<Organization> = (0..40).map(|i| org(&format!("Org {i}"), Some(1), Some(1), None)).collect();
        assert!(super::plan(&forty, &[], &Settings::default()).list_nudge.is_none());
    }

    #[test]
    fn g2_locks_outreach_until_ten_employers_are_scored() {
        let mut orgs: Vec<Organization> =
            (0..9).map(|i| org(&format!("Scored {i}"), Some(i % 4), Some(2), None)).collect();
        orgs.push(org("Unscored", None, Some(3), None));
        let plan = plan(&orgs, &[], &Settings::default());
        let err = plan.outreach_gate().unwrap_err();
        assert_eq!((err.scored, err.minimum), (9, 10));
        insta::assert_snapshot!(err.to_string(), @"outreach is locked until 10 employers have a motivation score: 9 have one, so score 1 more (0–3) and your top 5 will mean something");
        assert_eq!(plan.get(orgs[9].id).unwrap().standing, Standing::Unscored);

        orgs[9].lamp.motivation = Some(0);
        assert!(super::plan(&orgs, &[], &Settings::default()).outreach_gate().is_ok());

        let first = Settings { edition: Edition::First, ..Settings::default() };
        let err = super::plan(&orgs[..3], &[], &first).outreach_gate().unwrap_err();
        assert!(err.to_string().contains("score 7 more (1–5)"), "{err}");
    }

    #[test]
    fn g3_research_card_wording() {
        let card = ResearchCard { organization_id: OrganizationId::new(), name: "Everest".into() };
        insta::assert_snapshot!("g3_research_card", card.message());
    }

    #[test]
    fn motivation_follows_the_edition() {
        let orgs = at2_list();
        let delta = orgs.iter().find(|o| o.name == "Delta").unwrap().id;
        let aurora = orgs.iter().find(|o| o.name == "Aurora").unwrap().id;
        assert_eq!(check_motivation(Edition::Second, 0, &orgs, delta), Ok(0));
        assert_eq!(check_motivation(Edition::Second, 4, &orgs, delta), Ok(4));
        assert!(check_motivation(Edition::Second, 5, &orgs, delta).is_err());
        assert!(check_motivation(Edition::First, 0, &orgs, delta).is_err());
        assert_eq!(check_motivation(Edition::First, 5, &orgs, delta), Ok(5));

        let mut bumped = orgs.clone();
        bumped.iter_mut().find(|o| o.id == delta).unwrap().lamp.motivation = Some(4);
        let err = check_motivation(Edition::Second, 4, &bumped, aurora).unwrap_err();
        assert!(err.message.contains("Delta already is"), "{err}");
        // Re-scoring the bumped employer itself is fine.
        assert_eq!(check_motivation(Edition::Second, 4, &bumped, delta), Ok(4));
        assert_eq!(motivation_scale(Edition::First), (1, 5));

        // In first-edition mode a 5 sorts above a 4.
        let first = [org("Four", Some(4), Some(3), Some(true)), org("Five", Some(5), Some(1), None)];
        let settings = Settings { edition: Edition::First, ..Settings::default() };
        assert_eq!(names(plan(&first, &[], &settings).ranked.iter()), ["Five", "Four"]);
    }

    #[test]
    fn advocacy_is_derived_from_the_people_there_unless_set_by_hand() {
        let derived = org("Derived", Some(2), Some(2), None);
        let manual_no = org("Manual", Some(2), Some(2), Some(false));
        let stranger = at(&derived, "Stranger");
        let mut friend = at(&derived, "Friend");
        friend.tie = Tie {
            closeness: 3,
            frequency: Frequency::Monthly,
            years_known: 6,
            reciprocity: 1,
            shared_contexts: 1,
            mutual_connections: 10,
            messages_12m: 3,
        };
        let mut alum = at(&manual_no, "Alum");
        alum.targeting.affinities.push(Affinity::parse("alum:UBC").unwrap());

        let plan = plan(
            &[derived.clone(), manual_no.clone()],
            &[stranger.clone(), friend.clone(), alum],
            &Settings::default(),
        );
        let d = plan.get(derived.id).unwrap();
        assert_eq!((d.advocacy.value, d.advocacy.source), (true, AdvocacySource::Derived));
        assert_eq!(d.advocacy.advocates, [friend.id]);
        assert!((d.advocacy.base - 0.5).abs() < 1e-12);
        assert!((d.advocacy.best_bridge - 1.0).abs() < 1e-12);
        assert!((d.advocacy.strength() - 1.5).abs() < 1e-12);
        assert_eq!(d.key.to_string(), "M2·P2·A1");

        // The seeker's N stands even with an alum there; AS still shows the alum.
        let m = plan.get(manual_no.id).unwrap();
        assert_eq!((m.advocacy.value, m.advocacy.source), (false, AdvocacySource::Manual));
        assert_eq!(m.advocacy.advocates.len(), 1);

        // Only a stranger there: N.
        let alone = super::plan(std::slice::from_ref(&derived), &[stranger], &Settings::default());
        assert!(!alone.get(derived.id).unwrap().advocacy.value);
    }

    #[test]
    fn trashed_employers_and_people_are_left_out() {
        let mut orgs = at2_list();
        orgs[3].deleted_at = Some(Timestamp::UNIX_EPOCH); // Delta
        let plan = plan(&orgs, &[], &Settings::default());
        assert!(!names(plan.ranked.iter()).contains(&"Delta"));
        assert_eq!(plan.list_nudge.as_ref().unwrap().have, 5);
    }

    fn any_org() -> impl Strategy<Value = Organization> {
        (
            proptest::option::of(0u8..=4),
            proptest::option::of(1u8..=3),
            proptest::option::of(any::<bool>()),
            0usize..5,
            "[A-Za-z]{1,6}",
        )
            .prop_map(|(m, p, a, status, name)| {
                let mut o = org(&name, m, p, a);
                o.status = OrganizationStatus::ALL[status];
                o
            })
    }

    proptest! {
        #[test]
        fn the_plan_respects_the_rules(orgs in proptest::collection::vec(any_org(), 0..30), k in 5u8..=7) {
            let settings = Settings { active_employers: k, ..Settings::default() };
            let plan = plan(&orgs, &[], &settings);
            prop_assert_eq!(plan.ranked.len(), orgs.len());
            // Ranks are 1..=n in order, and the order never contradicts the stored scalar.
            for (i, pair) in plan.ranked.windows(2).enumerate() {
                prop_assert_eq!(pair[0].rank, i + 1);
                prop_assert!(pair[0].key.cmp_priority(pair[1].key) != Ordering::Greater);
                if pair[0].key.motivation.is_some() && pair[1].key.motivation.is_some()
                    && pair[0].key.posting.is_some() && pair[1].key.posting.is_some() {
                    prop_assert!(pair[0].key.scalar() >= pair[1].key.scalar());
                }
            }
            let active: Vec<&RankedEmployer> = plan.active().collect();
            prop_assert!(active.len() <= usize::from(k));
            for e in &active {
                prop_assert!(e.key.motivation.is_some_and(|m| m >= 1));
                prop_assert!(matches!(e.status, OrganizationStatus::Candidate | OrganizationStatus::Active));
            }
            // Every waiting employer ranks below every active one, and waits only when full.
            let waiting: Vec<&RankedEmployer> = plan.ranked.iter().filter(|e| e.standing == Standing::Waiting).collect();
            if let (Some(last_active), Some(first_waiting)) = (active.last(), waiting.first()) {
                prop_assert!(last_active.rank < first_waiting.rank);
            }
            if !waiting.is_empty() {
                prop_assert_eq!(active.len(), usize::from(k));
            }
        }
    }
}
