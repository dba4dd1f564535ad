//! Tie strength and whom to contact first (§4.3): the tie-strength score S and its classes,
//! the bridge value B(m) over mutual connections, the interaction term, the industry
//! modifier γ, the contact priority that orders the people at one employer, and the routing
//! rule that suggests a double opt-in introduction instead of a cold email.
//!
//! These are product heuristics modelled on the research in method.md §3.2, not validated
//! models. Every input is a plain value; time comes in as a parameter.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::ids::PersonId;
use crate::organizations::Organization;
use crate::people::{AffinityKind, Frequency, Person, Targeting, Tie};
use crate::values::fold_name;
use crate::{ValidationError, word_enum};

/// S at or above this is a strong tie.
pub const STRONG_FROM: f64 = 0.60;
/// S at or above this (and below [`STRONG_FROM`]) is a medium tie.
pub const MEDIUM_FROM: f64 = 0.30;
/// Years without a two-way interaction after which a tie is dormant (Levin et al.).
pub const DORMANT_AFTER_YEARS: i64 = 3;
/// The industry modifier γ: a bonus for the tie classes that help more in that industry.
pub const GAMMA: f64 = 0.15;

/// The frequency component f of S, in Granovetter's buckets.
pub fn frequency_weight(frequency: Frequency) -> f64 {
    match frequency {
        Frequency::Often => 1.0,
        Frequency::Monthly => 0.6,
        Frequency::Occasionally => 0.4,
        Frequency::Rarely => 0.1,
        Frequency::Never => 0.0,
    }
}

/// The tie-strength score S, from 0 (a stranger) to 1 (as close as it gets).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct TieStrength(f64);

impl TieStrength {
    /// `S = 0.35c + 0.25f + 0.15d + 0.15r + 0.10x`. Out-of-range parts are clamped to their
    /// scale (closeness 0–4, reciprocity 0–3), so any `Tie` gives a score in 0–1.
    pub fn of(tie: &Tie) -> Self {
        let c = f64::from(tie.closeness.min(4)) / 4.0;
        let f = frequency_weight(tie.frequency);
        let d = f64::from(tie.years_known.min(10)) / 10.0;
        let r = f64::from(tie.reciprocity.min(3)) / 3.0;
        let x = f64::from(tie.shared_contexts.min(3)) / 3.0;
        Self(0.35 * c + 0.25 * f + 0.15 * d + 0.15 * r + 0.10 * x)
    }

    /// A score given directly, e.g. an estimate for a link between two other people.
    pub fn from_score(score: f64) -> Result<Self, ValidationError> {
        if score.is_finite() && (0.0..=1.0).contains(&score) {
            Ok(Self(score))
        } else {
            Err(ValidationError::new(
                "tie_strength",
                format!("{score} is not a tie strength; use a number from 0 to 1"),
            ))
        }
    }

    /// A score clamped into 0–1 (not-a-number counts as 0).
    pub fn saturating(score: f64) -> Self {
        if score.is_nan() { Self(0.0) } else { Self(score.clamp(0.0, 1.0)) }
    }

    pub fn score(self) -> f64 {
        self.0
    }

    /// True when there is any tie at all (S > 0): the seeker knows this person.
    pub fn is_known(self) -> bool {
        self.0 > 0.0
    }

    /// Strong, medium or weak by S alone (never dormant: that needs the last touch).
    pub fn class(self) -> TieClass {
        if self.0 >= STRONG_FROM {
            TieClass::Strong
        } else if self.0 >= MEDIUM_FROM {
            TieClass::Medium
        } else {
            TieClass::Weak
        }
    }

    /// How well the tie suits a first approach: S below 0.6, then `1.2 − S`, so medium ties
    /// (willing and still novel) score best. Peaks at 0.6.
    pub fn fit(self) -> f64 {
        if self.0 < STRONG_FROM { self.0 } else { 1.2 - self.0 }
    }
}

word_enum! {
    /// The class of a tie (§4.3).
    pub enum TieClass ("tie class") {
        Strong = "strong",
        Medium = "medium",
        Weak = "weak",
        /// No two-way interaction for three years or more, whatever S was.
        Dormant = "dormant",
    }
}

impl TieClass {
    /// True for medium and strong ties: people the seeker can ask for an introduction.
    pub fn can_introduce(self) -> bool {
        matches!(self, TieClass::Strong | TieClass::Medium)
    }
}

/// True when the last two-way interaction is three or more years before `now`. With no
/// two-way interaction on record the tie is not called dormant: nothing says it went quiet.
pub fn is_dormant(last_two_way_touch: Option<Timestamp>, now: Timestamp) -> bool {
    let Some(last) = last_two_way_touch else {
        return false;
    };
    // Calendar years in UTC; near the ends of the representable range the subtraction can
    // fail, and then no touch can be three years older than `now`.
    match now.to_zoned_datetime(TimeZone::UTC).checked_sub(DORMANT_AFTER_YEARS.years()) {
        Ok(cutoff) => last <= cutoff.timestamp(),
        Err(_) => false,
    }
}

/// The class of a tie, dormant when the last two-way touch is three or more years old.
pub fn tie_class(tie: &Tie, last_two_way_touch: Option<Timestamp>, now: Timestamp) -> TieClass {
    if is_dormant(last_two_way_touch, now) { TieClass::Dormant } else { TieStrength::of(tie).class() }
}

/// Where the bridge value peaks, in mutual connections: 10 by default, 5–20 allowed (§4.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BridgePeak(u32);

impl BridgePeak {
    pub fn new(peak: u32) -> Result<Self, ValidationError> {
        if (5..=20).contains(&peak) {
            Ok(Self(peak))
        } else {
            Err(ValidationError::new(
                "bridge_peak",
                format!("{peak} is out of range; the bridge value can peak at 5 to 20 mutual connections"),
            ))
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl Default for BridgePeak {
    fn default() -> Self {
        Self(10)
    }
}

/// The bridge value B(m) with the default peak at m = 10.
pub fn bridge_value(mutual_connections: u32) -> f64 {
    bridge_value_with_peak(mutual_connections, BridgePeak::default())
}

/// `B(m) = exp(−(ln(m+1) − ln(peak+1))² / 2)`: an inverted U over mutual connections that
/// is 1 at the peak (Rajkumar et al.).
pub fn bridge_value_with_peak(mutual_connections: u32, peak: BridgePeak) -> f64 {
    let distance = (f64::from(mutual_connections) + 1.0).ln() - (f64::from(peak.get()) + 1.0).ln();
    (-(distance * distance) / 2.0).exp()
}

/// The interaction term `I = 1 − min(msgs_12m, 20)/20`: fewer recent messages, more novelty.
pub fn interaction_term(messages_12m: u32) -> f64 {
    1.0 - f64::from(messages_12m.min(20)) / 20.0
}

/// The industry modifier γ for a tie: in a digital industry weak and medium ties get +γ,
/// elsewhere strong ties do. Dormant ties carry no class of their own here: pass the class of
/// their historical S.
pub fn industry_adjustment(class: TieClass, digital_industry: bool) -> f64 {
    let favoured =
        if digital_industry { matches!(class, TieClass::Weak | TieClass::Medium) } else { class == TieClass::Strong };
    if favoured { GAMMA } else { 0.0 }
}

/// True when the person has a verified alum, group or mutual-connection affinity: a reason
/// to reply that a first email can open with. Unverified guesses do not count.
pub fn has_affinity(targeting: &Targeting) -> bool {
    targeting
        .affinities
        .iter()
        .any(|a| a.verified && matches!(a.kind, AffinityKind::Alum | AffinityKind::Group | AffinityKind::Mutual))
}

/// The points behind a contact's priority, one per term of the §4.3 formula.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct PriorityParts {
    /// 100 × function relevance (0–2).
    pub relevance: f64,
    /// 40 when there is an alum, group or mutual affinity.
    pub affinity: f64,
    /// 20 when they are one or two levels above where the seeker would start.
    pub level: f64,
    /// 10 when they have been promoted.
    pub promoted: f64,
    /// 15 × B(m).
    pub bridge: f64,
    /// 10 × the tie's fit (medium ties score best).
    pub tie: f64,
    /// 5 × I.
    pub interaction: f64,
    /// 10 × γ, when the industry favours this tie's class.
    pub industry: f64,
    /// 3 × email findability (0–2).
    pub findability: f64,
}

impl PriorityParts {
    pub fn total(&self) -> f64 {
        self.relevance
            + self.affinity
            + self.level
            + self.promoted
            + self.bridge
            + self.tie
            + self.interaction
            + self.industry
            + self.findability
    }
}

/// The contact priority (§4.3): Dalton's order (relevance, affinity, level, promoted)
/// dominates; the tie terms only break near-ties. γ is applied inside the tie term, in its
/// units (10 × 0.15 = 1.5 points).
pub fn contact_priority(targeting: &Targeting, tie: &Tie, digital_industry: bool) -> PriorityParts {
    let strength = TieStrength::of(tie);
    let level = matches!(targeting.levels_above, Some(1..=2));
    PriorityParts {
        relevance: 100.0 * f64::from(targeting.function_relevance.min(2)),
        affinity: if has_affinity(targeting) { 40.0 } else { 0.0 },
        level: if level { 20.0 } else { 0.0 },
        promoted: if targeting.promoted { 10.0 } else { 0.0 },
        bridge: 15.0 * bridge_value(tie.mutual_connections),
        tie: 10.0 * strength.fit(),
        interaction: 5.0 * interaction_term(tie.messages_12m),
        industry: 10.0 * industry_adjustment(strength.class(), digital_industry),
        findability: 3.0 * f64::from(targeting.email_findability.min(2)),
    }
}

/// A person at an employer with their contact priority.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedContact {
    pub person_id: PersonId,
    pub name: String,
    pub priority: PriorityParts,
}

/// The people who work at `organization` now, best first contact first. People in the trash
/// and people marked do-not-contact are left out. Equal priorities fall back to name order.
pub fn rank_contacts(organization: &Organization, people: &[Person]) -> Vec<RankedContact> {
    let mut ranked: Vec<(String, RankedContact)> = people
        .iter()
        .filter(|p| p.organization_id == Some(organization.id) && p.deleted_at.is_none() && !p.do_not_contact)
        .map(|p| {
            let contact = RankedContact {
                person_id: p.id,
                name: p.name.full.clone(),
                priority: contact_priority(&p.targeting, &p.tie, organization.digital_industry),
            };
            (fold_name(&p.name.full), contact)
        })
        .collect();
    ranked.sort_by(|(a_key, a), (b_key, b)| {
        b.priority
            .total()
            .total_cmp(&a.priority.total())
            .then_with(|| a_key.cmp(b_key))
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
    ranked.into_iter().map(|(_, contact)| contact).collect()
}

/// Someone the seeker knows who is connected to a target and could introduce them.
#[derive(Clone, Debug, PartialEq)]
pub struct Intermediary {
    pub person_id: PersonId,
    pub name: String,
    pub strength: TieStrength,
    pub class: TieClass,
}

impl Intermediary {
    /// The seeker's tie to `person`, classed as of `now` (dormant after three quiet years).
    pub fn from_person(person: &Person, now: Timestamp) -> Self {
        Self {
            person_id: person.id,
            name: person.name.full.clone(),
            strength: TieStrength::of(&person.tie),
            class: tie_class(&person.tie, person.last_touch_at, now),
        }
    }
}

/// How to make the first approach to a target contact (the §4.3 routing rule).
#[derive(Clone, Debug, PartialEq)]
pub enum FirstApproach {
    /// Write to them directly. `warm` when an affinity gives the email its opening.
    Email { warm: bool },
    /// Ask this medium or strong tie for a double opt-in introduction first.
    AskForIntroduction { via: Intermediary },
}

impl FirstApproach {
    /// One sentence of advice for the seeker, in our own words.
    pub fn advice(&self, target_name: &str) -> String {
        match self {
            FirstApproach::Email { warm: true } => {
                format!("Email {target_name} directly and open with what you have in common.")
            }
            FirstApproach::Email { warm: false } => format!(
                "Email {target_name} directly; no one you know well is connected to them yet, so keep it short and about them."
            ),
            FirstApproach::AskForIntroduction { via } => format!(
                "Before a cold email, ask {} ({} tie) whether they would introduce you to {target_name}, and to check with {target_name} first that they are happy to be introduced.",
                via.name, via.class
            ),
        }
    }
}

/// The routing rule: a target with no affinity, connected to someone the seeker has a medium
/// or strong (not dormant) tie to, is better reached through a double opt-in introduction
/// from the strongest such person. Otherwise the seeker emails them directly.
pub fn first_approach(target_has_affinity: bool, connected: impl IntoIterator<Item = Intermediary>) -> FirstApproach {
    if target_has_affinity {
        return FirstApproach::Email { warm: true };
    }
    let best = connected.into_iter().filter(|i| i.class.can_introduce()).max_by(|a, b| {
        a.strength
            .score()
            .total_cmp(&b.strength.score())
            // On equal strength the earlier name wins, so the reverse comparison.
            .then_with(|| fold_name(&b.name).cmp(&fold_name(&a.name)))
            .then_with(|| b.person_id.cmp(&a.person_id))
    });
    match best {
        Some(via) => FirstApproach::AskForIntroduction { via },
        None => FirstApproach::Email { warm: false },
    }
}

/// [`first_approach`] for a target person and the people the seeker knows who are connected
/// to them. A target the seeker already has a medium or strong tie to counts as warm. People
/// in the trash or marked do-not-contact are never suggested.
pub fn first_approach_for(target: &Person, connected: &[&Person], now: Timestamp) -> FirstApproach {
    // Someone the seeker already knows well (a medium or strong tie, not dormant) is no cold
    // contact: write to them directly.
    let known_well = tie_class(&target.tie, target.last_touch_at, now).can_introduce();
    first_approach(
        has_affinity(&target.targeting) || known_well,
        connected
            .iter()
            .filter(|p| p.deleted_at.is_none() && !p.do_not_contact && p.id != target.id)
            .map(|p| Intermediary::from_person(p, now)),
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::ids::{AccountId, OrganizationId};
    use crate::organizations::NewOrganization;
    use crate::people::{Affinity, NewPerson, PersonName};

    fn person(name: &str, tie: Tie, targeting: Targeting) -> Person {
        let mut new = NewPerson::new(PersonName::new(name).unwrap());
        new.tie = tie;
        new.targeting = targeting;
        new.into_person(PersonId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH)
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// closeness 2, monthly, 5 years, reciprocity 1, no shared contexts: S = 0.45.
    fn medium_tie() -> Tie {
        Tie {
            closeness: 2,
            frequency: Frequency::Monthly,
            years_known: 5,
            reciprocity: 1,
            shared_contexts: 0,
            mutual_connections: 0,
            messages_12m: 4,
        }
    }

    fn close_tie() -> Tie {
        Tie {
            closeness: 4,
            frequency: Frequency::Often,
            years_known: 12,
            reciprocity: 3,
            shared_contexts: 3,
            mutual_connections: 25,
            messages_12m: 200,
        }
    }

    #[test]
    fn tie_strength_follows_the_weights() {
        assert!((TieStrength::of(&medium_tie()).score() - 0.45).abs() < 1e-9);
        assert!((TieStrength::of(&close_tie()).score() - 1.0).abs() < 1e-9);
        assert_eq!(TieStrength::of(&Tie::default()).score(), 0.0);
        // Only closeness: 0.35 × 3/4.
        let friend = Tie { closeness: 3, ..Tie::default() };
        assert!((TieStrength::of(&friend).score() - 0.2625).abs() < 1e-9);
    }

    #[test]
    fn classes_split_at_point_three_and_point_six() {
        let class = |s: f64| TieStrength::from_score(s).unwrap().class();
        assert_eq!(class(0.0), TieClass::Weak);
        assert_eq!(class(0.299), TieClass::Weak);
        assert_eq!(class(0.30), TieClass::Medium);
        assert_eq!(class(0.599), TieClass::Medium);
        assert_eq!(class(0.60), TieClass::Strong);
        assert!(TieStrength::from_score(1.2).is_err());
        assert!(TieStrength::from_score(f64::NAN).is_err());
    }

    #[test]
    fn a_tie_goes_dormant_after_three_quiet_years_whatever_its_strength() {
        let now = ts("2026-03-10T12:00:00Z");
        let tie = close_tie();
        assert_eq!(tie_class(&tie, Some(ts("2023-03-10T12:00:00Z")), now), TieClass::Dormant);
        assert_eq!(tie_class(&tie, Some(ts("2023-03-11T12:00:00Z")), now), TieClass::Strong);
        assert_eq!(tie_class(&tie, None, now), TieClass::Strong);
        assert_eq!(tie_class(&medium_tie(), Some(ts("2010-01-01T00:00:00Z")), now), TieClass::Dormant);
    }

    #[test]
    fn bridge_values_match_the_table() {
        let table = [(0, 0.06), (3, 0.60), (10, 1.0), (20, 0.81), (40, 0.42), (60, 0.23)];
        for (m, expected) in table {
            let got = bridge_value(m);
            assert!((got - expected).abs() < 0.005, "B({m}) = {got}, expected {expected}");
        }
        let peak = BridgePeak::new(5).unwrap();
        assert!((bridge_value_with_peak(5, peak) - 1.0).abs() < 1e-12);
        assert!(BridgePeak::new(4).is_err());
        assert!(BridgePeak::new(21).is_err());
    }

    #[test]
    fn the_interaction_term_falls_with_messages() {
        assert_eq!(interaction_term(0), 1.0);
        assert_eq!(interaction_term(10), 0.5);
        assert_eq!(interaction_term(20), 0.0);
        assert_eq!(interaction_term(5_000), 0.0);
    }

    #[test]
    fn gamma_favours_weak_and_medium_ties_in_digital_industries_and_strong_ties_elsewhere() {
        assert_eq!(industry_adjustment(TieClass::Weak, true), GAMMA);
        assert_eq!(industry_adjustment(TieClass::Medium, true), GAMMA);
        assert_eq!(industry_adjustment(TieClass::Strong, true), 0.0);
        assert_eq!(industry_adjustment(TieClass::Strong, false), GAMMA);
        assert_eq!(industry_adjustment(TieClass::Medium, false), 0.0);
    }

    #[test]
    fn ten_mutual_connections_outrank_none_and_sixty() {
        let with_m = |m| {
            let tie = Tie { mutual_connections: m, ..medium_tie() };
            contact_priority(&Targeting::default(), &tie, false).total()
        };
        assert!(with_m(10) > with_m(0));
        assert!(with_m(10) > with_m(60));
    }

    #[test]
    fn a_relevant_stranger_outranks_an_irrelevant_close_friend() {
        let org = NewOrganization::new("Acme").unwrap().into_organization(
            OrganizationId::new(),
            AccountId::LOCAL,
            Timestamp::UNIX_EPOCH,
        );
        let mut stranger =
            person("Stranger Relevant", Tie::default(), Targeting { function_relevance: 2, ..Targeting::default() });
        let mut friend = person(
            "Close Friend",
            close_tie(),
            Targeting {
                function_relevance: 0,
                levels_above: Some(1),
                promoted: true,
                email_findability: 2,
                affinities: vec![Affinity::parse("alum:UBC").unwrap()],
            },
        );
        stranger.organization_id = Some(org.id);
        friend.organization_id = Some(org.id);
        for digital in [false, true] {
            let org = Organization { digital_industry: digital, ..org.clone() };
            let ranked = rank_contacts(&org, &[friend.clone(), stranger.clone()]);
            let names: Vec<&str> = ranked.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(names, ["Stranger Relevant", "Close Friend"]);
        }
    }

    #[test]
    fn ranking_leaves_out_other_employers_do_not_contact_and_the_trash() {
        let org = OrganizationId::new();
        let organization =
            NewOrganization::new("Acme").unwrap().into_organization(org, AccountId::LOCAL, Timestamp::UNIX_EPOCH);
        let mut here = person("Here", Tie::default(), Targeting::default());
        here.organization_id = Some(org);
        let mut dnc = here.clone();
        dnc.id = PersonId::new();
        dnc.do_not_contact = true;
        let mut trashed = here.clone();
        trashed.id = PersonId::new();
        trashed.deleted_at = Some(Timestamp::UNIX_EPOCH);
        let elsewhere = person("Elsewhere", Tie::default(), Targeting::default());
        let ranked = rank_contacts(&organization, &[here.clone(), dnc, trashed, elsewhere]);
        assert_eq!(ranked.len(), 1);
        assert_eq!(ranked[0].person_id, here.id);
    }

    #[test]
    fn only_verified_alum_group_or_mutual_affinities_count() {
        let mut targeting = Targeting::default();
        targeting.affinities.push(Affinity::parse("content:https://example.com/talk").unwrap());
        assert!(!has_affinity(&targeting));
        let mut guessed = Affinity::parse("alum:UBC").unwrap();
        guessed.verified = false;
        targeting.affinities.push(guessed);
        assert!(!has_affinity(&targeting));
        targeting.affinities.push(Affinity::parse("group:Women in Data").unwrap());
        assert!(has_affinity(&targeting));
    }

    /// AT-8: a target with no affinity and no mutual connections, connected to the seeker's
    /// medium tie U (S = 0.45): ask U for a double opt-in introduction before the cold email.
    #[test]
    fn at8_a_medium_tie_connected_to_the_target_routes_through_an_introduction() {
        let now = ts("2026-03-10T12:00:00Z");
        let target = person("Taylor Target", Tie::default(), Targeting::default());
        let mut u = person("Uma Usher", medium_tie(), Targeting::default());
        u.last_touch_at = Some(ts("2026-01-05T09:00:00Z"));
        assert!((TieStrength::of(&u.tie).score() - 0.45).abs() < 1e-9);
        let acquaintance = person("Weak Link", Tie { closeness: 1, ..Tie::default() }, Targeting::default());

        let approach = first_approach_for(&target, &[&acquaintance, &u], now);
        let FirstApproach::AskForIntroduction { via } = &approach else {
            panic!("expected an introduction, got {approach:?}");
        };
        assert_eq!(via.person_id, u.id);
        assert_eq!(via.class, TieClass::Medium);
        insta::assert_snapshot!(approach.advice("Taylor"), @"Before a cold email, ask Uma Usher (medium tie) whether they would introduce you to Taylor, and to check with Taylor first that they are happy to be introduced.");

        // With only the weak acquaintance connected, the seeker emails directly.
        assert_eq!(first_approach_for(&target, &[&acquaintance], now), FirstApproach::Email { warm: false });
        // A dormant medium tie is not asked first.
        let mut quiet = u.clone();
        quiet.last_touch_at = Some(ts("2021-01-05T09:00:00Z"));
        assert_eq!(first_approach_for(&target, &[&quiet], now), FirstApproach::Email { warm: false });
        // A target with an affinity gets a warm direct email.
        let mut alum = target.clone();
        alum.targeting.affinities.push(Affinity::parse("alum:UBC").unwrap());
        assert_eq!(first_approach_for(&alum, &[&u], now), FirstApproach::Email { warm: true });
        // So does a target the seeker already knows well.
        let mut friend = target.clone();
        friend.tie = medium_tie();
        assert_eq!(first_approach_for(&friend, &[&u], now), FirstApproach::Email { warm: true });
    }

    #[test]
    fn the_strongest_introducer_is_chosen() {
        let now = ts("2026-03-10T12:00:00Z");
        let target = person("Taylor", Tie::default(), Targeting::default());
        let medium = person("Medium", medium_tie(), Targeting::default());
        let strong = person("Strong", close_tie(), Targeting::default());
        match first_approach_for(&target, &[&medium, &strong], now) {
            FirstApproach::AskForIntroduction { via } => assert_eq!(via.name, "Strong"),
            other => panic!("expected an introduction, got {other:?}"),
        }
    }

    fn any_tie() -> impl Strategy<Value = Tie> {
        (0u8..=255, 0usize..5, 0u8..=255, 0u8..=255, 0u8..=255, any::<u32>(), any::<u32>()).prop_map(
            |(closeness, f, years_known, reciprocity, shared_contexts, mutual_connections, messages_12m)| Tie {
                closeness,
                frequency: Frequency::ALL[f],
                years_known,
                reciprocity,
                shared_contexts,
                mutual_connections,
                messages_12m,
            },
        )
    }

    proptest! {
        #[test]
        fn every_tie_scores_between_zero_and_one(tie in any_tie()) {
            let s = TieStrength::of(&tie).score();
            prop_assert!((0.0..=1.0 + 1e-12).contains(&s));
            let b = bridge_value(tie.mutual_connections);
            prop_assert!(b > 0.0 && b <= 1.0);
        }

        #[test]
        fn closer_never_scores_lower(tie in any_tie()) {
            let mut closer = tie;
            closer.closeness = tie.closeness.min(4).saturating_add(1).min(4);
            prop_assert!(TieStrength::of(&closer).score() >= TieStrength::of(&tie).score());
        }

        #[test]
        fn relevance_dominates_every_other_term(tie_a in any_tie(), tie_b in any_tie(), digital: bool) {
            // Relevance 2 over relevance 0 beats the best the other terms can add (at most
            // 103.5 points together), so Dalton's first trait always decides.
            let low = Targeting {
                function_relevance: 0,
                levels_above: Some(1),
                promoted: true,
                email_findability: 2,
                affinities: vec![Affinity::parse("alum:UBC").unwrap()],
            };
            let high = Targeting { function_relevance: 2, ..Targeting::default() };
            let a = contact_priority(&high, &tie_a, digital).total();
            let b = contact_priority(&low, &tie_b, digital).total();
            prop_assert!(a > b, "{a} <= {b}");
        }
    }
}
