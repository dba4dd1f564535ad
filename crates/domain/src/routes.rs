//! Warm-intro routes: for a target organization, the ranked paths from the seeker to the
//! people there through the seeker's network, each explained in words ("Priya worked with Sam
//! at Acme 2019–2022.").
//!
//! The seeker knows every person in the store directly, with the tie strength S of
//! [`crate::ties`]; a person with S = 0 is a stranger. Links between two other people come from
//! relationships, introductions (including a person's "introduced by" source) and employment
//! overlaps (two people at the same organization in overlapping years).
//!
//! A [`NetworkIndex`] is built once from plain slices and then answers
//! [`NetworkIndex::routes_to`] by walking outward from the organization's people only, at most
//! two links deep, so a query touches the neighbourhood of that organization and never the
//! whole network. Routes are ranked by length first, so a query stops looking for longer
//! routes once it holds `limit` shorter ones. Employment overlaps only link to people the
//! seeker knows, and routes with two people in between use stated links only: otherwise every
//! stranger at a large employer would be linked to every other.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use crate::ids::{OrganizationId, PersonId};
use crate::introductions::{IntroState, Introduction};
use crate::organizations::Organization;
use crate::people::{Person, Source};
use crate::relationships::{Relationship, RelationshipKind};
use crate::ties::{FirstApproach, Intermediary, TieClass, TieStrength, bridge_value, first_approach, has_affinity};
use crate::values::fold_name;

/// The records a [`NetworkIndex`] is built from.
#[derive(Clone, Copy, Debug, Default)]
pub struct NetworkInput<'a> {
    pub people: &'a [Person],
    pub relationships: &'a [Relationship],
    pub introductions: &'a [Introduction],
    /// For the organization names in explanations.
    pub organizations: &'a [Organization],
}

/// A person's time at an organization; `end` is `None` while it is current.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stint {
    person: u32,
    organization: OrganizationId,
    start: Option<i16>,
    end: Option<i16>,
}

/// One person in the index. People in the trash or marked do-not-contact are not indexed.
#[derive(Clone, Debug)]
struct Node {
    id: PersonId,
    name: String,
    folded: String,
    strength: TieStrength,
    class: TieClass,
    affinity: bool,
    stints: Vec<Stint>,
}

impl Node {
    fn known(&self) -> bool {
        self.strength.is_known()
    }
}

/// A link stated by a record: a relationship or an introduction.
#[derive(Clone, Debug)]
enum Stated {
    Relationship { kind: RelationshipKind, organization: Option<OrganizationId>, from: Option<i16>, to: Option<i16> },
    Introduction { introducer: u32, introduced: u32, state: IntroState },
}

/// A link between two people, stated or derived from their employments.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Link {
    Stated(u32),
    SharedEmployer { organization: OrganizationId, from: Option<i16>, to: Option<i16> },
}

/// A route before it is put into words: up to three people (the seeker's first contact, at
/// most one more, the target last) and the links between them. Plain data, so the many
/// candidates of a large query cost no allocations.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    people: [u32; 3],
    len: usize,
    /// `links[i]` joins `people[i]` and `people[i + 1]`.
    links: [Option<Link>; 2],
    current: bool,
    score: f64,
}

impl Candidate {
    fn direct(target: u32, current: bool, score: f64) -> Self {
        Self { people: [target, 0, 0], len: 1, links: [None, None], current, score }
    }

    fn through(first: u32, link: Link, target: u32, current: bool, score: f64) -> Self {
        Self { people: [first, target, 0], len: 2, links: [Some(link), None], current, score }
    }

    fn through_two(first: u32, links: [Link; 2], middle: u32, target: u32, current: bool, score: f64) -> Self {
        Self { people: [first, middle, target], len: 3, links: [Some(links[0]), Some(links[1])], current, score }
    }

    fn path(&self) -> &[u32] {
        &self.people[..self.len.min(3)]
    }

    fn intermediaries(&self) -> usize {
        self.path().len().saturating_sub(1)
    }
}

/// The best candidates so far: it keeps at most about twice `limit` in memory, trimming to
/// the best `limit` as it goes.
struct Shortlist<'a> {
    index: &'a NetworkIndex,
    limit: usize,
    items: Vec<Candidate>,
}

impl<'a> Shortlist<'a> {
    fn new(index: &'a NetworkIndex, limit: usize) -> Self {
        Self { index, limit, items: Vec::new() }
    }

    fn push(&mut self, candidate: Candidate) {
        self.items.push(candidate);
        if self.items.len() >= self.limit.saturating_mul(2).max(256) {
            self.trim();
        }
    }

    /// True once `limit` candidates are held: longer routes can no longer make the list.
    fn is_full(&self) -> bool {
        self.items.len() >= self.limit
    }

    fn trim(&mut self) {
        if self.limit == 0 {
            self.items.clear();
        } else if self.items.len() > self.limit {
            let index = self.index;
            self.items.select_nth_unstable_by(self.limit - 1, |a, b| index.compare(a, b));
            self.items.truncate(self.limit);
        }
    }

    fn into_sorted(mut self) -> Vec<Candidate> {
        self.trim();
        let index = self.index;
        self.items.sort_unstable_by(|a, b| index.compare(a, b));
        self.items
    }
}

/// A ranked path from the seeker to someone at the target organization.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub target: PersonId,
    pub target_name: String,
    /// True when the target works there now; false for someone who used to.
    pub target_is_current: bool,
    /// The seeker's first contact through to the target, in order; the target is last.
    pub path: Vec<PersonId>,
    /// The class of the seeker's tie to the first person on the path.
    pub first_tie: TieClass,
    /// Higher is better among routes with the same number of intermediaries (0–1).
    pub score: f64,
    /// The route in words, one sentence per step.
    pub steps: Vec<String>,
}

impl Route {
    /// The people between the seeker and the target.
    pub fn intermediaries(&self) -> &[PersonId] {
        &self.path[..self.path.len().saturating_sub(1)]
    }

    pub fn is_direct(&self) -> bool {
        self.path.len() == 1
    }

    /// The steps as one paragraph.
    pub fn explanation(&self) -> String {
        self.steps.join(" ")
    }
}

/// The seeker's network, indexed for route queries. Build it once with
/// [`NetworkIndex::build`]; queries do not change it.
///
/// Invariant: every person index (`u32`) stored anywhere in the index was handed out by
/// `build` and is below `nodes.len()`, so indexing `nodes` and `adjacency` with one cannot
/// fail.
#[derive(Clone, Debug)]
pub struct NetworkIndex {
    nodes: Vec<Node>,
    by_id: HashMap<PersonId, u32>,
    /// Stated links of each person: (the other person, the link), sorted by the other person.
    adjacency: Vec<Vec<(u32, u32)>>,
    stated: Vec<Stated>,
    /// Every stint at each organization: whom a query looks for.
    stints_by_org: HashMap<OrganizationId, Vec<Stint>>,
    /// The stints of people the seeker knows (S > 0): the only ones an overlap link can
    /// start from, since a route's first person must be known.
    known_stints_by_org: HashMap<OrganizationId, Vec<Stint>>,
    org_names: HashMap<OrganizationId, String>,
}

impl NetworkIndex {
    /// Indexes the network. `now` decides which of the seeker's ties are dormant. Links to
    /// people not in `people` (or in the trash, or marked do-not-contact) are dropped, and so
    /// are declined introductions.
    pub fn build(input: NetworkInput<'_>, now: Timestamp) -> Self {
        let mut nodes = Vec::with_capacity(input.people.len());
        let mut by_id = HashMap::with_capacity(input.people.len());
        for person in input.people.iter().filter(|p| p.deleted_at.is_none() && !p.do_not_contact) {
            let Ok(index) = u32::try_from(nodes.len()) else {
                break; // More than four billion people: the rest are not indexed.
            };
            if by_id.contains_key(&person.id) {
                continue; // The same person twice: the first copy stands.
            }
            by_id.insert(person.id, index);
            let intermediary = Intermediary::from_person(person, now);
            nodes.push(Node {
                id: person.id,
                name: person.name.full.clone(),
                folded: fold_name(&person.name.full),
                strength: intermediary.strength,
                class: intermediary.class,
                affinity: has_affinity(&person.targeting),
                stints: stints_of(person, index),
            });
        }

        let mut stints_by_org: HashMap<OrganizationId, Vec<Stint>> = HashMap::new();
        let mut known_stints_by_org: HashMap<OrganizationId, Vec<Stint>> = HashMap::new();
        for node in &nodes {
            for stint in &node.stints {
                stints_by_org.entry(stint.organization).or_default().push(*stint);
                if node.known() {
                    known_stints_by_org.entry(stint.organization).or_default().push(*stint);
                }
            }
        }

        let mut adjacency: Vec<Vec<(u32, u32)>> = vec![Vec::new(); nodes.len()];
        let mut stated: Vec<Stated> = Vec::new();
        let mut add = |a: u32, b: u32, link: Stated, adjacency: &mut Vec<Vec<(u32, u32)>>| {
            let Ok(id) = u32::try_from(stated.len()) else {
                return;
            };
            if a == b {
                return;
            }
            stated.push(link);
            adjacency[a as usize].push((b, id));
            adjacency[b as usize].push((a, id));
        };
        for rel in input.relationships {
            if let (Some(&a), Some(&b)) = (by_id.get(&rel.a), by_id.get(&rel.b)) {
                let link = Stated::Relationship {
                    kind: rel.kind,
                    organization: rel.organization_id,
                    from: rel.from_year,
                    to: rel.to_year,
                };
                add(a, b, link, &mut adjacency);
            }
        }
        let mut introduced_pairs: HashSet<(u32, u32)> = HashSet::new();
        for intro in input.introductions.iter().filter(|i| i.state != IntroState::Declined) {
            if let (Some(&introducer), Some(&introduced)) =
                (by_id.get(&intro.introducer_id), by_id.get(&intro.introduced_id))
            {
                introduced_pairs.insert((introducer, introduced));
                add(
                    introducer,
                    introduced,
                    Stated::Introduction { introducer, introduced, state: intro.state },
                    &mut adjacency,
                );
            }
        }
        for person in input.people.iter().filter(|p| p.deleted_at.is_none() && !p.do_not_contact) {
            if let Source::IntroducedBy(introducer_id) = &person.source
                && let (Some(&introducer), Some(&introduced)) = (by_id.get(introducer_id), by_id.get(&person.id))
                && introduced_pairs.insert((introducer, introduced))
            {
                let link = Stated::Introduction { introducer, introduced, state: IntroState::Received };
                add(introducer, introduced, link, &mut adjacency);
            }
        }
        for list in &mut adjacency {
            list.sort_unstable();
        }

        let org_names = input.organizations.iter().map(|o| (o.id, o.name.clone())).collect();
        Self { nodes, by_id, adjacency, stated, stints_by_org, known_stints_by_org, org_names }
    }

    /// The number of people indexed.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The best `limit` routes to people at `organization`, best first.
    ///
    /// Order: fewer intermediaries first (a direct tie, then one person between, then two);
    /// then people who work there now before people who used to; then the score, which
    /// weighs the seeker's first tie (strong is best) at 0.6 and the links after it at 0.4
    /// (medium ties and weak-but-bridging ones score best, per [`crate::ties`]); then name.
    pub fn routes_to(&self, organization: OrganizationId, limit: usize) -> Vec<Route> {
        if limit == 0 {
            return Vec::new();
        }
        let targets = self.targets(organization);
        let mut shortlist = Shortlist::new(self, limit);

        // No intermediary: the seeker knows them.
        for &(t, current) in &targets {
            let node = &self.nodes[t as usize];
            if node.known() {
                shortlist.push(Candidate::direct(t, current, node.strength.score()));
            }
        }

        // One intermediary: someone the seeker knows who is linked to them. Routes are ranked
        // by length first, so longer ones are looked for only while the list is short.
        if !shortlist.is_full() {
            for &(t, current) in &targets {
                for (k, link) in self.links_of(t, true) {
                    let first = &self.nodes[k as usize];
                    if !first.known() {
                        continue;
                    }
                    let score = 0.6 * first.strength.score() + 0.4 * self.link_quality(k, t, link);
                    shortlist.push(Candidate::through(k, link, t, current, score));
                }
            }
        }

        // Two intermediaries: someone the seeker knows, linked to a person the seeker does not
        // know, who is linked to them. Both links are stated ones (employment overlaps would
        // pair every stranger at a large employer with every other), which keeps a query
        // inside the neighbourhood of the organization's people.
        if !shortlist.is_full() {
            for &(t, current) in &targets {
                for (m, to_target) in self.links_of(t, false) {
                    if self.nodes[m as usize].known() {
                        continue;
                    }
                    let q_mt = self.link_quality(m, t, to_target);
                    for (k, to_middle) in self.links_of(m, false) {
                        let first = &self.nodes[k as usize];
                        if k == t || !first.known() {
                            continue;
                        }
                        let score = 0.6 * first.strength.score() + 0.4 * self.link_quality(k, m, to_middle) * q_mt;
                        shortlist.push(Candidate::through_two(k, [to_middle, to_target], m, t, current, score));
                    }
                }
            }
        }

        shortlist.into_sorted().iter().map(|c| self.describe(c, organization)).collect()
    }

    /// How to make the first approach to `target` (the §4.3 routing rule), using the people
    /// linked to them in this network. `None` when the target is not indexed.
    pub fn first_approach(&self, target: PersonId) -> Option<FirstApproach> {
        let &t = self.by_id.get(&target)?;
        let node = &self.nodes[t as usize];
        let connected = self.links_of(t, true).into_iter().map(|(k, _)| {
            let other = &self.nodes[k as usize];
            Intermediary { person_id: other.id, name: other.name.clone(), strength: other.strength, class: other.class }
        });
        // Someone the seeker already knows well is no cold contact: write to them directly.
        Some(first_approach(node.affinity || node.class.can_introduce(), connected))
    }

    /// The organization's people: (person, works there now). Someone with a current and a
    /// past stint there counts as current.
    fn targets(&self, organization: OrganizationId) -> Vec<(u32, bool)> {
        let mut current: HashMap<u32, bool> = HashMap::new();
        for stint in self.stints_by_org.get(&organization).map(Vec::as_slice).unwrap_or(&[]) {
            let now = stint.end.is_none();
            current.entry(stint.person).and_modify(|c| *c |= now).or_insert(now);
        }
        let mut targets: Vec<(u32, bool)> = current.into_iter().collect();
        targets.sort_unstable();
        targets
    }

    /// Each person linked to `person`, once, with the best link between them, in index order.
    /// With `known_overlaps`, employment overlaps with people the seeker knows are included.
    fn links_of(&self, person: u32, known_overlaps: bool) -> Vec<(u32, Link)> {
        let mut links: Vec<(u32, Link)> =
            self.adjacency[person as usize].iter().map(|&(other, id)| (other, Link::Stated(id))).collect();
        if known_overlaps {
            for mine in &self.nodes[person as usize].stints {
                for theirs in self.known_stints_by_org.get(&mine.organization).map(Vec::as_slice).unwrap_or(&[]) {
                    if theirs.person == person {
                        continue;
                    }
                    if let Some((from, to)) = overlap(mine, theirs) {
                        links.push((theirs.person, Link::SharedEmployer { organization: mine.organization, from, to }));
                    }
                }
            }
        }
        // Strongest link first within each person, then keep the first of each person.
        links.sort_by(|(a, la), (b, lb)| {
            a.cmp(b).then_with(|| self.link_strength(*lb).score().total_cmp(&self.link_strength(*la).score()))
        });
        links.dedup_by_key(|(other, _)| *other);
        links
    }

    /// An estimate of how well two people know each other, from what links them.
    fn link_strength(&self, link: Link) -> TieStrength {
        let score = match link {
            Link::Stated(id) => match self.stated.get(id as usize) {
                Some(Stated::Relationship { kind, .. }) => match kind {
                    RelationshipKind::Family => 0.75,
                    RelationshipKind::Friend => 0.65,
                    RelationshipKind::Colleague => 0.45,
                    RelationshipKind::Classmate => 0.35,
                    RelationshipKind::Knows => 0.20,
                },
                Some(Stated::Introduction { .. }) => 0.40,
                None => 0.0,
            },
            Link::SharedEmployer { .. } => 0.25,
        };
        TieStrength::saturating(score)
    }

    /// The quality of the link from `a` to `b`, 0–1: half the fit of its estimated strength
    /// (medium best) and half the bridge value over the people both are linked to.
    fn link_quality(&self, a: u32, b: u32, link: Link) -> f64 {
        let fit = self.link_strength(link).fit() / 0.6;
        let shared = common_neighbours(&self.adjacency[a as usize], &self.adjacency[b as usize]);
        0.5 * fit + 0.5 * bridge_value(shared)
    }

    fn compare(&self, a: &Candidate, b: &Candidate) -> Ordering {
        a.intermediaries()
            .cmp(&b.intermediaries())
            .then_with(|| b.current.cmp(&a.current))
            .then_with(|| b.score.total_cmp(&a.score))
            .then_with(|| self.folded_path(a).cmp(self.folded_path(b)))
            .then_with(|| a.path().cmp(b.path()))
    }

    /// Names along the path from the target back to the first contact, for a stable order.
    fn folded_path<'a>(&'a self, c: &'a Candidate) -> impl Iterator<Item = &'a str> + 'a {
        c.path().iter().rev().map(|&i| self.nodes[i as usize].folded.as_str())
    }

    fn describe(&self, c: &Candidate, organization: OrganizationId) -> Route {
        let path = c.path();
        let first = &self.nodes[c.people[0] as usize];
        let target = path.last().copied().unwrap_or(c.people[0]);
        let mut steps = Vec::with_capacity(path.len() + 1);
        let tie = tie_words(first.class);
        if path.len() == 1 {
            steps.push(format!("You know {} directly ({tie}).", first.name));
        } else {
            steps.push(format!("You know {} ({tie}).", first.name));
        }
        for (pair, link) in path.windows(2).zip(c.links.iter().flatten()) {
            steps.push(self.link_words(pair[0], pair[1], *link));
        }
        steps.push(self.employment_words(target, organization));
        Route {
            target: self.nodes[target as usize].id,
            target_name: self.nodes[target as usize].name.clone(),
            target_is_current: c.current,
            path: path.iter().map(|&i| self.nodes[i as usize].id).collect(),
            first_tie: first.class,
            score: c.score,
            steps,
        }
    }

    fn org_name(&self, organization: OrganizationId) -> &str {
        self.org_names.get(&organization).map(String::as_str).unwrap_or("an organization not on your list")
    }

    /// One sentence for a link, naming `from` (nearer the seeker) first.
    fn link_words(&self, from: u32, to: u32, link: Link) -> String {
        let name = |i: u32| self.nodes[i as usize].name.as_str();
        let (a, b) = (name(from), name(to));
        match link {
            Link::Stated(id) => match self.stated.get(id as usize) {
                Some(Stated::Relationship { kind, organization, from: start, to: end }) => {
                    let years = years_words(*start, *end);
                    match kind {
                        RelationshipKind::Colleague => match organization {
                            Some(org) => format!("{a} worked with {b} at {}{years}.", self.org_name(*org)),
                            None => format!("{a} worked with {b}{years}."),
                        },
                        RelationshipKind::Classmate => format!("{a} studied with {b}{years}."),
                        RelationshipKind::Friend => format!("{a} and {b} are friends."),
                        RelationshipKind::Family => format!("{a} and {b} are family."),
                        RelationshipKind::Knows => format!("{a} knows {b}."),
                    }
                }
                Some(Stated::Introduction { introducer, introduced, state }) => {
                    let (x, y) = (name(*introducer), name(*introduced));
                    match state {
                        IntroState::Offered => format!("{x} offered to introduce you to {y}."),
                        IntroState::Requested => format!("You asked {x} to introduce you to {y}."),
                        IntroState::Received | IntroState::Replied | IntroState::Declined => {
                            format!("{x} introduced you to {y}.")
                        }
                    }
                }
                None => format!("{a} knows {b}."),
            },
            Link::SharedEmployer { organization, from: start, to: end } => {
                let org = self.org_name(organization);
                match (start, end) {
                    (_, None) => match start {
                        Some(year) => format!("{a} and {b} have both been at {org} since {year}."),
                        None => format!("{a} and {b} both work at {org}."),
                    },
                    (Some(s), Some(e)) if s == e => format!("{a} and {b} were both at {org} in {s}."),
                    (Some(s), Some(e)) => format!("{a} and {b} were both at {org} {s}–{e}."),
                    (None, Some(e)) => format!("{a} and {b} were both at {org} until {e}."),
                }
            }
        }
    }

    /// "Sam works at Acme now." or "Sam worked at Acme 2015–2018."
    fn employment_words(&self, person: u32, organization: OrganizationId) -> String {
        let node = &self.nodes[person as usize];
        let org = self.org_name(organization);
        let stints = node.stints.iter().filter(|s| s.organization == organization);
        if stints.clone().any(|s| s.end.is_none()) {
            return format!("{} works at {org} now.", node.name);
        }
        match stints.max_by_key(|s| s.end) {
            Some(s) if s.start.is_some() || s.end.is_some() => {
                format!("{} worked at {org}{}.", node.name, years_words(s.start, s.end))
            }
            _ => format!("{} used to work at {org}.", node.name),
        }
    }
}

/// A person's stints: their employments, plus their current organization if no current
/// employment there is recorded.
fn stints_of(person: &Person, index: u32) -> Vec<Stint> {
    let mut stints: Vec<Stint> = person
        .employments
        .iter()
        .map(|e| Stint { person: index, organization: e.organization_id, start: e.start_year, end: e.end_year })
        .collect();
    if let Some(org) = person.organization_id
        && !stints.iter().any(|s| s.organization == org && s.end.is_none())
    {
        stints.push(Stint { person: index, organization: org, start: None, end: None });
    }
    stints
}

/// The years two stints certainly share, as (from, to) with `to = None` for "still". Unknown
/// start years make an overlap uncertain unless the other stint is still going, so they give
/// no overlap; a bound is shown only when it is known.
fn overlap(a: &Stint, b: &Stint) -> Option<(Option<i16>, Option<i16>)> {
    let starts_before_end = |x: &Stint, y: &Stint| match y.end {
        None => true,
        Some(end) => x.start.is_some_and(|start| start <= end),
    };
    if !(starts_before_end(a, b) && starts_before_end(b, a)) {
        return None;
    }
    let from = match (a.start, b.start) {
        (Some(x), Some(y)) => Some(x.max(y)),
        _ => None,
    };
    let to = match (a.end, b.end) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    };
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return None;
    }
    Some((from, to))
}

/// " 2019–2022", " from 2019", " until 2022", " in 2020", or nothing.
fn years_words(from: Option<i16>, to: Option<i16>) -> String {
    match (from, to) {
        (Some(f), Some(t)) if f == t => format!(" in {f}"),
        (Some(f), Some(t)) => format!(" {f}–{t}"),
        (Some(f), None) => format!(" from {f}"),
        (None, Some(t)) => format!(" until {t}"),
        (None, None) => String::new(),
    }
}

fn tie_words(class: TieClass) -> &'static str {
    match class {
        TieClass::Strong => "strong tie",
        TieClass::Medium => "medium tie",
        TieClass::Weak => "weak tie",
        TieClass::Dormant => "dormant tie, a good reason to get back in touch",
    }
}

/// The number of distinct people in both sorted adjacency lists.
fn common_neighbours(a: &[(u32, u32)], b: &[(u32, u32)]) -> u32 {
    let (mut i, mut j, mut count, mut last) = (0, 0, 0u32, None);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                if last != Some(a[i].0) {
                    count = count.saturating_add(1);
                    last = Some(a[i].0);
                }
                i += 1;
                j += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AccountId, IntroductionId, RelationshipId};
    use crate::introductions::NewIntroduction;
    use crate::organizations::NewOrganization;
    use crate::people::{Employment, Frequency, NewPerson, PersonName, Tie};
    use crate::relationships::NewRelationship;

    fn now() -> Timestamp {
        "2026-03-10T12:00:00Z".parse().unwrap()
    }

    fn org(name: &str) -> Organization {
        NewOrganization::new(name).unwrap().into_organization(
            OrganizationId::new(),
            AccountId::LOCAL,
            Timestamp::UNIX_EPOCH,
        )
    }

    fn strong() -> Tie {
        Tie {
            closeness: 4,
            frequency: Frequency::Often,
            years_known: 10,
            reciprocity: 3,
            shared_contexts: 2,
            ..Tie::default()
        }
    }

    fn medium() -> Tie {
        Tie { closeness: 2, frequency: Frequency::Monthly, years_known: 5, reciprocity: 1, ..Tie::default() }
    }

    fn weak() -> Tie {
        Tie { closeness: 1, frequency: Frequency::Rarely, years_known: 1, ..Tie::default() }
    }

    fn person(name: &str, tie: Tie) -> Person {
        let mut new = NewPerson::new(PersonName::new(name).unwrap());
        new.tie = tie;
        let mut p = new.into_person(PersonId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH);
        p.last_touch_at = Some("2026-01-01T00:00:00Z".parse().unwrap());
        p
    }

    fn works_at(mut p: Person, org: &Organization, start: Option<i16>, end: Option<i16>) -> Person {
        p.employments.push(Employment { organization_id: org.id, title: None, start_year: start, end_year: end });
        if end.is_none() {
            p.organization_id = Some(org.id);
        }
        p
    }

    fn rel(a: &Person, b: &Person, kind: RelationshipKind) -> Relationship {
        NewRelationship::new(a.id, b.id, kind).unwrap().into_relationship(
            RelationshipId::new(),
            AccountId::LOCAL,
            Timestamp::UNIX_EPOCH,
        )
    }

    fn colleagues(a: &Person, b: &Person, at: &Organization, from: i16, to: i16) -> Relationship {
        let mut r = rel(a, b, RelationshipKind::Colleague);
        r.organization_id = Some(at.id);
        r.from_year = Some(from);
        r.to_year = Some(to);
        r
    }

    fn intro(introducer: &Person, introduced: &Person, state: IntroState) -> Introduction {
        NewIntroduction {
            introducer_id: introducer.id,
            introduced_id: introduced.id,
            meeting_id: None,
            state,
            note: None,
        }
        .into_introduction(IntroductionId::new(), AccountId::LOCAL, Timestamp::UNIX_EPOCH)
    }

    fn index(
        people: &[Person],
        relationships: &[Relationship],
        introductions: &[Introduction],
        orgs: &[Organization],
    ) -> NetworkIndex {
        NetworkIndex::build(NetworkInput { people, relationships, introductions, organizations: orgs }, now())
    }

    fn render(routes: &[Route]) -> String {
        routes.iter().map(|r| format!("{:.3}  {}", r.score, r.explanation())).collect::<Vec<_>>().join("\n")
    }

    /// The three kinds of explanation the brief names, in one small network.
    #[test]
    fn routes_are_explained_in_words() {
        let acme = org("Acme");
        let priya = person("Priya", strong());
        let lee = person("Lee", medium());
        let sam = works_at(person("Sam", medium()), &acme, Some(2019), None);
        let kim = works_at(person("Kim", Tie::default()), &acme, Some(2015), Some(2018));
        let people = [priya.clone(), lee.clone(), sam.clone(), kim.clone()];
        let relationships = [colleagues(&sam, &priya, &acme, 2019, 2022)];
        let introductions = [intro(&lee, &sam, IntroState::Received), intro(&lee, &kim, IntroState::Offered)];
        let routes = index(&people, &relationships, &introductions, std::slice::from_ref(&acme)).routes_to(acme.id, 10);
        insta::assert_snapshot!(render(&routes), @r"
        0.450  You know Sam directly (medium tie). Sam works at Acme now.
        0.741  You know Priya (strong tie). Priya worked with Sam at Acme 2019–2022. Sam works at Acme now.
        0.415  You know Lee (medium tie). Lee introduced you to Sam. Sam works at Acme now.
        0.415  You know Lee (medium tie). Lee offered to introduce you to Kim. Kim worked at Acme 2015–2018.
        ");
        assert!(routes[0].is_direct());
        assert_eq!(routes[1].path, [priya.id, sam.id]);
        assert_eq!(routes[1].intermediaries(), [priya.id]);
        assert_eq!(routes[1].first_tie, TieClass::Strong);
        assert!(!routes[3].target_is_current);
    }

    #[test]
    fn shorter_routes_come_first_then_current_people_then_strong_first_ties() {
        let acme = org("Acme");
        let globex = org("Globex");
        // Seeker's people.
        let strong_friend = person("Ada Strong", strong());
        let weak_friend = person("Wes Weak", weak());
        let middle = person("Mo Middle", Tie::default()); // A stranger to the seeker.
        // Acme people, all strangers to the seeker.
        let now_there = works_at(person("Cur Rent", Tie::default()), &acme, Some(2020), None);
        let used_to = works_at(person("Pas T", Tie::default()), &acme, Some(2010), Some(2012));
        let far = works_at(person("Far Away", Tie::default()), &acme, Some(2021), None);
        let people = [
            strong_friend.clone(),
            weak_friend.clone(),
            middle.clone(),
            now_there.clone(),
            used_to.clone(),
            far.clone(),
        ];
        let relationships = [
            rel(&weak_friend, &now_there, RelationshipKind::Friend),
            rel(&strong_friend, &now_there, RelationshipKind::Friend),
            rel(&strong_friend, &used_to, RelationshipKind::Friend),
            rel(&strong_friend, &middle, RelationshipKind::Knows),
            rel(&middle, &far, RelationshipKind::Colleague),
        ];
        let idx = index(&people, &relationships, &[], &[acme.clone(), globex]);
        let routes = idx.routes_to(acme.id, 10);
        let paths: Vec<Vec<&str>> = routes
            .iter()
            .map(|r| r.path.iter().map(|id| people.iter().find(|p| p.id == *id).unwrap().name.full.as_str()).collect())
            .collect();
        assert_eq!(
            paths,
            [
                vec!["Ada Strong", "Cur Rent"],
                vec!["Wes Weak", "Cur Rent"],
                vec!["Ada Strong", "Pas T"],
                // Not through Cur Rent, a stranger who merely works beside Far Away: the
                // middle step of a two-person route must be a stated link.
                vec!["Ada Strong", "Mo Middle", "Far Away"],
            ]
        );
        insta::assert_snapshot!(render(&routes[3..]), @r"
        0.611  You know Ada Strong (strong tie). Ada Strong knows Mo Middle. Mo Middle worked with Far Away. Far Away works at Acme now.
        ");

        // The limit keeps the best; longer routes are not needed once it is met.
        let top = idx.routes_to(acme.id, 2);
        assert_eq!(top, routes[..2].to_vec());
        assert!(idx.routes_to(acme.id, 0).is_empty());
    }

    #[test]
    fn medium_second_links_beat_weak_ones() {
        let acme = org("Acme");
        let a = person("Ann", medium());
        let b = person("Ben", medium());
        let target = works_at(person("Tess", Tie::default()), &acme, None, None);
        let people = [a.clone(), b.clone(), target.clone()];
        let relationships = [rel(&a, &target, RelationshipKind::Knows), rel(&b, &target, RelationshipKind::Colleague)];
        let routes = index(&people, &relationships, &[], std::slice::from_ref(&acme)).routes_to(acme.id, 5);
        assert_eq!(routes[0].path[0], b.id);
        assert_eq!(routes[1].path[0], a.id);
        assert!(routes[0].score > routes[1].score);
    }

    #[test]
    fn past_employers_in_common_link_people() {
        let acme = org("Acme");
        let globex = org("Globex");
        let initech = org("Initech");
        let kim = works_at(person("Kim", strong()), &globex, Some(2015), Some(2018));
        let sam =
            works_at(works_at(person("Sam", Tie::default()), &globex, Some(2017), Some(2020)), &acme, Some(2020), None);
        // No overlap: Ola left Globex before Sam came.
        let ola = works_at(person("Ola", strong()), &globex, Some(2010), Some(2016));
        // An unknown start cannot prove an overlap with a finished stint.
        let uma = works_at(person("Uma", strong()), &initech, None, Some(2019));
        let sam = works_at(sam, &initech, Some(2018), Some(2019));
        // Both at Acme now: they overlap, whatever their start years.
        let nia = works_at(person("Nia", medium()), &acme, None, None);
        let people = [kim.clone(), sam.clone(), ola, uma, nia.clone()];
        let routes = index(&people, &[], &[], &[acme.clone(), globex, initech]).routes_to(acme.id, 10);
        insta::assert_snapshot!(render(&routes), @r"
        0.450  You know Nia directly (medium tie). Nia works at Acme now.
        0.675  You know Kim (strong tie). Kim and Sam were both at Globex 2017–2018. Sam works at Acme now.
        0.365  You know Nia (medium tie). Nia and Sam both work at Acme. Sam works at Acme now.
        ");
    }

    #[test]
    fn trash_do_not_contact_and_declined_introductions_are_left_out() {
        let acme = org("Acme");
        let lee = person("Lee", strong());
        let mut gone = person("Gone", strong());
        gone.deleted_at = Some(Timestamp::UNIX_EPOCH);
        let mut dnc = person("Dee", strong());
        dnc.do_not_contact = true;
        let sam = works_at(person("Sam", Tie::default()), &acme, None, None);
        let people = [lee.clone(), gone.clone(), dnc.clone(), sam.clone()];
        let relationships = [rel(&gone, &sam, RelationshipKind::Friend), rel(&dnc, &sam, RelationshipKind::Friend)];
        let introductions = [intro(&lee, &sam, IntroState::Declined)];
        let idx = index(&people, &relationships, &introductions, std::slice::from_ref(&acme));
        assert_eq!(idx.len(), 2);
        assert!(idx.routes_to(acme.id, 10).is_empty());
        assert!(idx.routes_to(OrganizationId::new(), 10).is_empty());
    }

    #[test]
    fn an_introduced_by_source_is_a_link() {
        let acme = org("Acme");
        let lee = person("Lee", medium());
        let mut sam = works_at(person("Sam", Tie::default()), &acme, None, None);
        sam.source = Source::IntroducedBy(lee.id);
        let routes = index(&[lee, sam], &[], &[], std::slice::from_ref(&acme)).routes_to(acme.id, 5);
        assert_eq!(routes.len(), 1);
        assert_eq!(routes[0].steps[1], "Lee introduced you to Sam.");
    }

    #[test]
    fn a_dormant_first_tie_is_named_as_such() {
        let acme = org("Acme");
        let mut old = person("Old Friend", strong());
        old.last_touch_at = Some("2020-01-01T00:00:00Z".parse().unwrap());
        let sam = works_at(person("Sam", Tie::default()), &acme, None, None);
        let relationships = [rel(&old, &sam, RelationshipKind::Friend)];
        let routes = index(&[old, sam], &relationships, &[], std::slice::from_ref(&acme)).routes_to(acme.id, 5);
        assert_eq!(routes[0].first_tie, TieClass::Dormant);
        assert_eq!(routes[0].steps[0], "You know Old Friend (dormant tie, a good reason to get back in touch).");
    }

    /// AT-8 through the network: the target has no affinity and no mutual connections; the
    /// seeker's medium tie U is linked to them, so the first approach is an introduction.
    #[test]
    fn at8_the_index_suggests_an_introduction_through_a_medium_tie() {
        let target = person("Taylor", Tie::default());
        let u = person("Uma", medium());
        let w = person("Wes", weak());
        let people = [target.clone(), u.clone(), w.clone()];
        let relationships = [rel(&u, &target, RelationshipKind::Knows), rel(&w, &target, RelationshipKind::Friend)];
        let idx = index(&people, &relationships, &[], &[]);
        match idx.first_approach(target.id) {
            Some(FirstApproach::AskForIntroduction { via }) => {
                assert_eq!(via.person_id, u.id);
                assert!((via.strength.score() - 0.45).abs() < 1e-9);
            }
            other => panic!("expected an introduction through Uma, got {other:?}"),
        }
        // A target the seeker already knows well is written to directly, not introduced.
        let mut friend = target.clone();
        friend.tie = medium();
        let known = index(&[friend, u.clone(), w.clone()], &relationships, &[], &[]);
        assert_eq!(known.first_approach(target.id), Some(FirstApproach::Email { warm: true }));
        let alone = index(&people, &relationships[1..], &[], &[]);
        assert_eq!(alone.first_approach(target.id), Some(FirstApproach::Email { warm: false }));
        assert_eq!(alone.first_approach(PersonId::new()), None);
    }

    #[test]
    fn overlaps_need_certain_years() {
        let s =
            |start, end| Stint { person: 0, organization: OrganizationId::from_uuid(uuid::Uuid::nil()), start, end };
        assert_eq!(overlap(&s(Some(2015), Some(2018)), &s(Some(2017), Some(2020))), Some((Some(2017), Some(2018))));
        assert_eq!(overlap(&s(Some(2015), Some(2016)), &s(Some(2017), None)), None);
        assert_eq!(overlap(&s(None, None), &s(None, None)), Some((None, None)));
        assert_eq!(overlap(&s(None, Some(2019)), &s(Some(2018), Some(2019))), None);
        assert_eq!(overlap(&s(None, Some(2019)), &s(Some(2018), None)), Some((None, Some(2019))));
        assert_eq!(overlap(&s(Some(2012), None), &s(Some(2018), None)), Some((Some(2018), None)));
        assert_eq!(overlap(&s(Some(2020), Some(2018)), &s(Some(2019), Some(2019))), None);
        assert_eq!(years_words(Some(2020), Some(2020)), " in 2020");
    }

    /// A small deterministic generator, so the large test needs no extra dependency.
    struct SplitMix(u64);

    impl SplitMix {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// 30,000 people and 100,000 links, with a planted neighbourhood around Acme: the routes
    /// to Acme are exactly the planted ones, in the expected order. Not timed.
    #[test]
    fn routes_are_found_in_a_large_network() {
        const PEOPLE: usize = 30_000;
        const LINKS: usize = 100_000;
        let mut rng = SplitMix(0x5EED);
        // Org 0 is a large employer: a tenth of everyone works there now.
        let orgs: Vec<Organization> = (0..2_000).map(|i| org(&format!("Org {i}"))).collect();
        let acme = org("Acme");
        let kinds = RelationshipKind::ALL;

        let mut people: Vec<Person> = (0..PEOPLE)
            .map(|i| {
                let tie = match rng.below(10) {
                    0 => strong(),
                    1 | 2 => medium(),
                    3 | 4 => weak(),
                    _ => Tie::default(),
                };
                let mut p = person(&format!("Person {i}"), tie);
                let current = if i % 10 == 0 { &orgs[0] } else { &orgs[rng.below(orgs.len())] };
                let past = &orgs[rng.below(orgs.len())];
                let start = 2000 + rng.below(15) as i16;
                p = works_at(p, past, Some(start), Some(start + 1 + rng.below(5) as i16));
                works_at(p, current, Some(2020 + rng.below(5) as i16), None)
            })
            .collect();
        let mut relationships: Vec<Relationship> = Vec::with_capacity(LINKS);
        while relationships.len() < LINKS - 3 {
            let (a, b) = (rng.below(PEOPLE), rng.below(PEOPLE));
            if a != b {
                relationships.push(rel(&people[a], &people[b], kinds[rng.below(kinds.len())]));
            }
        }

        // The planted neighbourhood: Sam and Kim at Acme, only reachable through these links.
        people[123].tie = strong();
        people[456].tie = medium();
        let (priya, lee) = (people[123].clone(), people[456].clone());
        let sam = works_at(person("Sam Planted", Tie::default()), &acme, Some(2019), None);
        let kim = works_at(person("Kim Planted", Tie::default()), &acme, Some(2012), Some(2016));
        let mo = person("Mo Planted", Tie::default());
        relationships.push(colleagues(&priya, &sam, &acme, 2019, 2022));
        relationships.push(rel(&lee, &mo, RelationshipKind::Friend));
        relationships.push(rel(&mo, &kim, RelationshipKind::Colleague));
        people.extend([sam.clone(), kim.clone(), mo.clone()]);
        let mut all_orgs = orgs.clone();
        all_orgs.push(acme.clone());
        assert_eq!(relationships.len(), LINKS);

        let idx = index(&people, &relationships, &[], &all_orgs);
        assert_eq!(idx.len(), PEOPLE + 3);
        let started = std::time::Instant::now();
        let routes = idx.routes_to(acme.id, 10);
        let elapsed = started.elapsed();
        eprintln!(
            "routes_to over {} people and {} links took {elapsed:?} (debug build)",
            idx.len(),
            relationships.len()
        );

        let paths: Vec<Vec<PersonId>> = routes.iter().map(|r| r.path.clone()).collect();
        assert_eq!(paths, [vec![priya.id, sam.id], vec![lee.id, mo.id, kim.id]]);
        assert_eq!(
            routes[0].steps,
            [
                "You know Person 123 (strong tie).",
                "Person 123 worked with Sam Planted at Acme 2019–2022.",
                "Sam Planted works at Acme now."
            ]
        );
        assert_eq!(routes[1].steps[1], "Person 456 and Mo Planted are friends.");

        // The large employer: the seeker knows about half of its 3,000 people, so the best 50
        // routes are all direct, found without walking any links; trimming the shortlist on
        // the way gives the same answer as keeping everything.
        let mut headcount: HashMap<OrganizationId, usize> = HashMap::new();
        for p in &people {
            if let Some(o) = p.organization_id {
                *headcount.entry(o).or_default() += 1;
            }
        }
        let busy = orgs.iter().max_by_key(|o| headcount.get(&o.id).copied().unwrap_or(0)).unwrap();
        assert_eq!(busy.id, orgs[0].id);
        let started = std::time::Instant::now();
        let routes = idx.routes_to(busy.id, 50);
        eprintln!("50 routes to a 3,000-person employer took {:?} (debug build)", started.elapsed());
        assert_eq!(routes.len(), 50);
        assert!(routes.iter().all(Route::is_direct));
        assert_eq!(idx.routes_to(busy.id, 300), idx.routes_to(busy.id, 1_400)[..300].to_vec());

        // A typical employer (about a dozen people): every kind of route, all of them valid,
        // and the first ten are the top ten of the full list.
        let by_id: HashMap<PersonId, &Person> = people.iter().map(|p| (p.id, p)).collect();
        let pairs: HashSet<(PersonId, PersonId)> =
            relationships.iter().flat_map(|r| [(r.a, r.b), (r.b, r.a)]).collect();
        let employer_pairs = |a: PersonId, b: PersonId| {
            let (pa, pb) = (by_id[&a], by_id[&b]);
            pa.employments.iter().any(|e| pb.employments.iter().any(|f| f.organization_id == e.organization_id))
        };
        let typical = &orgs[1];
        let routes = idx.routes_to(typical.id, usize::MAX);
        assert!(
            routes.iter().any(|r| r.path.len() == 2) && routes.iter().any(|r| r.path.len() == 3),
            "{}",
            routes.len()
        );
        assert_eq!(idx.routes_to(typical.id, 10), routes[..10].to_vec());
        for route in &routes {
            for pair in route.path.windows(2) {
                assert!(pairs.contains(&(pair[0], pair[1])) || employer_pairs(pair[0], pair[1]), "{route:?}");
            }
            let target = by_id[&route.target];
            assert!(target.employments.iter().any(|e| e.organization_id == typical.id));
        }
        // Sorted: by length, then current first, then score.
        for w in routes.windows(2) {
            let key = |r: &Route| (r.path.len(), !r.target_is_current);
            assert!(key(&w[0]) <= key(&w[1]));
            if key(&w[0]) == key(&w[1]) {
                assert!(w[0].score >= w[1].score);
            }
        }
    }
}
