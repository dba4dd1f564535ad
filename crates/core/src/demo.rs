//! Demo data: a realistic synthetic network for screenshots, tests and benchmarks. The same
//! seed and the same `now` give the same data, down to the ids.
//!
//! Names come from several locales (some in their own script), employers are invented but
//! plausible (on the reserved `.example` domain, so no address is real), and each person has
//! a history over the last two years consistent with their stage: an outreach, maybe a
//! reply, a meeting with its ledger, a thank-you, check-ins. About three interactions per
//! person.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rapport_domain::ids::*;
use rapport_domain::interactions::{Channel, Direction, Interaction, InteractionKind, TimeSource};
use rapport_domain::introductions::{IntroState, Introduction};
use rapport_domain::meetings::{
    Clue, Gift, GiftKind, Ledger, Meeting, MeetingMode, MeetingStatus, OpeningClose, Party, Payer, Payment, Promise,
    Tiara,
};
use rapport_domain::notes::{Note, NoteSubject};
use rapport_domain::openings::{Opening, OpeningStatus};
use rapport_domain::organizations::{Lamp, Organization, OrganizationStatus, ReferralBonus, SourceLens};
use rapport_domain::people::{
    Affinity, AffinityKind, Employment, Frequency, Person, PersonName, Segment, Source, Targeting, Tie, Tier,
};
use rapport_domain::pipeline::{LoopState, ReferralState, Stage};
use rapport_domain::profile::Profile;
use rapport_domain::relationships::{Relationship, RelationshipKind};
use rapport_domain::values::{Email, Link, Phone, Tag};
use rapport_store::{Reader, Store, Writer};
use uuid::Uuid;

use crate::{CoreResult, Ctx, reminders};

/// How much demo data to make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoConfig {
    pub people: u32,
    pub seed: u64,
}

/// What a demo run wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub people: u64,
    pub organizations: u64,
    pub openings: u64,
    pub interactions: u64,
    pub meetings: u64,
    pub introductions: u64,
    pub relationships: u64,
    pub notes: u64,
}

/// Every record of a demo network, built in memory before it is written.
#[derive(Clone, Debug, Default)]
pub struct DemoData {
    pub profile: Option<Profile>,
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub openings: Vec<Opening>,
    pub interactions: Vec<Interaction>,
    pub meetings: Vec<Meeting>,
    pub introductions: Vec<Introduction>,
    pub relationships: Vec<Relationship>,
    pub notes: Vec<Note>,
}

/// Builds a demo network and writes it in one transaction.
pub fn fill<S: Store>(ctx: &Ctx<'_, S>, config: DemoConfig) -> CoreResult<DemoSummary> {
    let data = generate(ctx.owner, ctx.now, config);
    write(ctx, &data)
}

/// Writes already-built records in one transaction (a bulk write: see `Store::write_bulk`),
/// with every person's reminders derived from the records in memory.
pub fn write<S: Store>(ctx: &Ctx<'_, S>, data: &DemoData) -> CoreResult<DemoSummary> {
    ctx.store.write_bulk(|w| {
        let had_people = w.counts(ctx.owner)?.people > 0;
        if let Some(profile) = &data.profile {
            w.put_profile(profile)?;
        }
        // Into a new network, reminders come from the records in memory alone: they are
        // derived on another core while this one writes the records (0.4 s of 4 s at 30,000
        // people). Added to a network already there (perhaps with other settings), everyone's
        // are rebuilt from the store once the records are in.
        let context = if had_people {
            None
        } else {
            let profile = match &data.profile {
                Some(profile) => Some(profile.clone()),
                None => w.profile(ctx.owner)?,
            };
            Some(reminders::context_from(profile.as_ref(), reminders::accepted_at(&data.openings))?)
        };
        std::thread::scope(|scope| {
            let derived = context.as_ref().map(|context| {
                scope.spawn(move || {
                    let records = reminders::Records {
                        people: &data.people,
                        interactions: &data.interactions,
                        meetings: &data.meetings,
                        introductions: &data.introductions,
                        openings: &data.openings,
                    };
                    reminders::derive_all(&records, context, &[])
                })
            });
            insert_records(w, data)?;
            match derived {
                // Nobody in a new network has reminders to replace yet.
                Some(derived) => {
                    for (_, list) in derived.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)) {
                        w.add_reminders(ctx.owner, &list)?;
                    }
                }
                None => {
                    reminders::refresh_all(w, ctx)?;
                }
            }
            Ok(DemoSummary {
                people: data.people.len() as u64,
                organizations: data.organizations.len() as u64,
                openings: data.openings.len() as u64,
                interactions: data.interactions.len() as u64,
                meetings: data.meetings.len() as u64,
                introductions: data.introductions.len() as u64,
                relationships: data.relationships.len() as u64,
                notes: data.notes.len() as u64,
            })
        })
    })
}

/// Every record of the demo, in an order that satisfies the references between them.
fn insert_records<W: Writer>(w: &W, data: &DemoData) -> CoreResult<()> {
    for org in &data.organizations {
        w.insert_organization(org)?;
    }
    w.insert_people(&data.people)?;
    for opening in &data.openings {
        w.insert_opening(opening)?;
    }
    for meeting in &data.meetings {
        w.insert_meeting(meeting)?;
    }
    w.insert_interactions(&data.interactions)?;
    for intro in &data.introductions {
        w.insert_introduction(intro)?;
    }
    for rel in &data.relationships {
        w.insert_relationship(rel)?;
    }
    for note in &data.notes {
        w.insert_note(note)?;
    }
    Ok(())
}

/// Given names and family names by locale. Written for rapport: common names, not a copy of
/// any list. `true` marks a locale whose family name comes first.
const LOCALES: &[(&[&str], &[&str], bool)] = &[
    (
        &["James", "Olivia", "Noah", "Emma", "Liam", "Ava", "Ethan", "Mia", "Lucas", "Harper", "Mason", "Ella"],
        &["Smith", "Johnson", "Brown", "Miller", "Davis", "Wilson", "Taylor", "Clark", "Lewis", "Walker", "Young"],
        false,
    ),
    (
        &["Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Lucía", "Javier", "Marta", "Andrés"],
        &["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"],
        false,
    ),
    (
        &["Léa", "Hugo", "Chloé", "Louis", "Manon", "Gabriel", "Inès", "Raphaël", "Camille", "Théo"],
        &["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre"],
        false,
    ),
    (
        &["Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Paul", "Sophie", "Jannik", "Hannah"],
        &["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schäfer"],
        false,
    ),
    (
        &["Wei", "Fang", "Jing", "Lei", "Min", "Hao", "Xin", "Yu", "Tao", "Lin"],
        &["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"],
        false,
    ),
    (&["芳", "伟", "静", "磊", "敏", "浩"], &["王", "李", "张", "刘", "陈", "杨"], true),
    (
        &["Haruto", "Yui", "Sota", "Hina", "Ren", "Aoi", "Yuto", "Sakura", "Kaito", "Mei"],
        &["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi"],
        false,
    ),
    (&["陽翔", "結衣", "蒼", "陽菜"], &["佐藤", "鈴木", "高橋", "田中"], true),
    (
        &["Aarav", "Priya", "Vihaan", "Ananya", "Arjun", "Diya", "Rohan", "Isha", "Karan", "Meera"],
        &["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Kumar", "Rao", "Menon"],
        false,
    ),
    (
        &["Miguel", "Beatriz", "Rafael", "Larissa", "Thiago", "Juliana", "Bruno", "Fernanda", "Caio", "Aline"],
        &["Silva", "Santos", "Oliveira", "Souza", "Lima", "Costa", "Ribeiro", "Almeida", "Carvalho", "Rocha"],
        false,
    ),
    (
        &["Omar", "Layla", "Yusuf", "Noor", "Karim", "Amira", "Hassan", "Salma", "Tariq", "Rania"],
        &["Haddad", "Khalil", "Nasser", "Saleh", "Mansour", "Farah", "Aziz", "Hamdan", "Qasim", "Rahman"],
        false,
    ),
    (
        &["Ji-ho", "Seo-yeon", "Min-jun", "Ha-eun", "Do-yun", "Ji-woo", "Seo-jun", "Su-ah"],
        &["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"],
        false,
    ),
    (
        &["Chidi", "Amara", "Tunde", "Ngozi", "Kwame", "Ama", "Femi", "Zainab", "Kofi", "Adaeze"],
        &["Okafor", "Adeyemi", "Mensah", "Okonkwo", "Boateng", "Eze", "Owusu", "Balogun", "Nwosu", "Asante"],
        false,
    ),
    (
        &["Sanne", "Daan", "Fleur", "Bram", "Lotte", "Sem", "Noor", "Thijs"],
        &["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer"],
        false,
    ),
];

const ORG_FIRST: &[&str] = &[
    "Northwind",
    "Bluefin",
    "Cedar",
    "Lumen",
    "Harbor",
    "Summit",
    "Quarry",
    "Aster",
    "Juniper",
    "Meridian",
    "Orbit",
    "Pinecrest",
    "Riverbend",
    "Saltmarsh",
    "Tidewater",
    "Vantage",
    "Willow",
    "Zephyr",
    "Cobalt",
    "Foxglove",
    "Granite",
    "Ironwood",
    "Kestrel",
    "Larkspur",
    "Marble",
    "Nimbus",
    "Oakridge",
    "Prism",
    "Redstone",
    "Sable",
];
const ORG_SECOND: &[&str] = &[
    "Analytics",
    "Robotics",
    "Health",
    "Logistics",
    "Energy",
    "Labs",
    "Systems",
    "Bank",
    "Media",
    "Foods",
    "Insurance",
    "Software",
    "Biotech",
    "Retail",
    "Mobility",
    "Learning",
    "Security",
    "Capital",
    "Studios",
    "Networks",
];
const ORG_SUFFIX: &[&str] = &["", "", "", " Inc.", " Ltd", " GmbH", " Group", " Co.", " S.A.", " AB"];

/// Industries, and whether each counts as digital (§4.3's industry modifier).
const INDUSTRIES: &[(&str, bool)] = &[
    ("Software", true),
    ("Data & analytics", true),
    ("Fintech", true),
    ("E-commerce", true),
    ("Healthcare", false),
    ("Manufacturing", false),
    ("Logistics", false),
    ("Energy", false),
    ("Education", false),
    ("Media", true),
    ("Consulting", false),
    ("Public sector", false),
];

const TITLES: &[&str] = &[
    "Data Scientist",
    "Senior Data Scientist",
    "Analytics Manager",
    "Product Manager",
    "Senior Product Manager",
    "Software Engineer",
    "Staff Engineer",
    "Engineering Manager",
    "UX Researcher",
    "Marketing Manager",
    "Operations Lead",
    "Business Analyst",
    "Director of Data",
    "VP Engineering",
    "Head of People",
    "Technical Recruiter",
    "Talent Partner",
    "Financial Analyst",
    "Supply Chain Planner",
    "Customer Success Manager",
    "Solutions Architect",
    "Research Scientist",
];

const SKILLS: &[&str] = &[
    "SQL",
    "forecasting",
    "experimentation",
    "machine learning",
    "stakeholder management",
    "pricing",
    "user research",
    "Python",
    "hiring",
    "roadmapping",
    "supply chain",
    "data engineering",
    "storytelling with data",
    "cloud cost",
    "negotiation",
];

const EXTRA_TAGS: &[&str] = &["conference", "referral", "mentor", "former-colleague"];
const SCHOOLS: &[&str] = &["UBC", "Michigan", "Rice", "Waterloo", "TU Delft", "NUS", "Monash", "McGill"];
const GROUPS: &[&str] = &["Women in Data", "PyData", "Product Circle", "Toastmasters", "Climate Tech Meetup"];
const CITIES: &[&str] = &[
    "Chicago",
    "Toronto",
    "Berlin",
    "Madrid",
    "Paris",
    "São Paulo",
    "Bangalore",
    "Singapore",
    "Seoul",
    "Tokyo",
    "Lagos",
    "Amsterdam",
    "Austin",
    "London",
    "Dubai",
    "Shanghai",
];

const CLUES: &[(Tiara, &str)] = &[
    (Tiara::Trends, "Teams are consolidating dashboards into one metrics layer"),
    (Tiara::Trends, "Budgets moved from new tools to cleaning up existing ones"),
    (Tiara::Trends, "Regulators are asking for model documentation"),
    (Tiara::Insights, "Quarterly planning decides most of the year's projects"),
    (Tiara::Insights, "The best analysts write short memos, not long decks"),
    (Tiara::Insights, "Half the job is translating between product and finance"),
    (Tiara::Advice, "Build one public project end to end instead of five tutorials"),
    (Tiara::Advice, "Lead with the business question in interviews"),
    (Tiara::Resources, "The Locally Optimistic community Slack"),
    (Tiara::Resources, "The annual State of Analytics report"),
    (Tiara::Assignments, "First project is usually a churn or retention model"),
    (Tiara::Assignments, "New hires own the weekly business review numbers"),
];

const NOTES: &[&str] = &[
    "Prefers a short call before any coffee",
    "Mentioned they are hiring for their team next quarter",
    "Runs the local analytics meetup",
    "Wrote a thoughtful post about career changes",
    "Moved from consulting two years ago",
    "Best reached on LinkedIn, slow on email",
    "Offered to look at my portfolio once it is ready",
];

/// Deterministic ids: a UUIDv7 whose time is `at` and whose random bits come from the seed.
fn id_at(rng: &mut ChaCha8Rng, at: Timestamp) -> Uuid {
    let random: [u8; 10] = rng.random();
    let millis = u64::try_from(at.as_millisecond()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    // Every list above is a non-empty constant, so `choose` always returns an item.
    items.choose(rng).unwrap_or(&items[0])
}

fn slug(text: &str) -> String {
    rapport_domain::values::fold_name(text).replace(' ', "-")
}

/// Builds a demo network in memory.
pub fn generate(owner: AccountId, now: Timestamp, config: DemoConfig) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let two_years = SignedDuration::from_hours(24 * 730);
    let start = now - two_years;
    let at_offset = |rng: &mut ChaCha8Rng, lo: f64, hi: f64| -> Timestamp {
        let fraction: f64 = rng.random_range(lo..hi);
        start + SignedDuration::from_secs_f64(two_years.as_secs_f64() * fraction)
    };
    let mut data = DemoData::default();

    let mut profile = Profile::empty(owner, now);
    profile.name = Some("Alex Rivera".into());
    profile.email = Some("alex.rivera@mail.example".into());
    profile.pitch = Some(
        "Six years in supply-chain operations\nTaught myself SQL and Python to fix our forecasting\nNow moving into data science in logistics or retail"
            .into(),
    );
    profile.goals = Some("A data science role where operations experience counts".into());
    profile.target_roles = vec!["data scientist".into(), "analytics engineer".into()];
    profile.target_industry = Some("logistics and retail analytics".into());
    profile.skills = vec!["SQL".into(), "Python".into(), "forecasting".into(), "supply chain".into()];
    profile.affinities = vec!["UBC".into(), "PyData".into()];
    profile.settings.time_zone = "America/Chicago".into();
    data.profile = Some(profile);

    // Organizations: about one per 40 people, at least 30.
    let org_count = (config.people / 40).max(30) as usize;
    let mut used_names = std::collections::HashSet::new();
    while data.organizations.len() < org_count {
        let mut name =
            format!("{} {}{}", pick(&mut rng, ORG_FIRST), pick(&mut rng, ORG_SECOND), pick(&mut rng, ORG_SUFFIX));
        if !used_names.insert(name.clone()) {
            name = format!("{name} {}", used_names.len());
            used_names.insert(name.clone());
        }
        let (industry, digital) = *pick(&mut rng, INDUSTRIES);
        let created = at_offset(&mut rng, 0.0, 0.2);
        let scored = data.organizations.len() < 60;
        let lamp = if scored {
            Lamp {
                advocacy: rng.random_bool(0.5).then_some(true),
                motivation: Some(rng.random_range(0..=3)),
                posting: Some(rng.random_range(1..=3)),
                user_order: None,
            }
        } else {
            Lamp::default()
        };
        let domain = format!("{}.example", slug(&name).replace("-inc", "").replace("-ltd", ""));
        data.organizations.push(Organization {
            id: OrganizationId::from_uuid(id_at(&mut rng, created)),
            owner,
            created_at: created,
            updated_at: created,
            name,
            domain: Some(domain),
            industry: Some(industry.into()),
            lamp,
            status: if scored && data.organizations.len() < 5 {
                OrganizationStatus::Active
            } else {
                OrganizationStatus::Candidate
            },
            research_notes: rng.random_bool(0.3).then(|| {
                format!("{} is investing in {}; recent headlines mention expansion", industry, pick(&mut rng, SKILLS))
            }),
            referral_bonus: rng.random_bool(0.25).then(|| ReferralBonus {
                amount: Some(*pick(&mut rng, &[1000, 1500, 2000, 2500, 5000])),
                currency: Some("USD".into()),
                notes: Some("paid after 90 days".into()),
            }),
            digital_industry: digital,
            source_lens: Some(*pick(
                &mut rng,
                &[SourceLens::Dream, SourceLens::Affinity, SourceLens::Posting, SourceLens::Trend],
            )),
            deleted_at: None,
        });
    }

    // People, with their history.
    let mut people_by_org: Vec<Vec<usize>> = vec![Vec::new(); data.organizations.len()];
    for idx in 0..config.people as usize {
        let (given_names, family_names, family_first) = *pick(&mut rng, LOCALES);
        let given = *pick(&mut rng, given_names);
        let family = *pick(&mut rng, family_names);
        let full = if family_first { format!("{family}{given}") } else { format!("{given} {family}") };
        let created = at_offset(&mut rng, 0.0, 0.5);
        let id = PersonId::from_uuid(id_at(&mut rng, created));
        let org_idx = rng.random_bool(0.85).then(|| rng.random_range(0..data.organizations.len()));
        let org = org_idx.map(|i| &data.organizations[i]);
        let title = (*pick(&mut rng, TITLES)).to_string();
        let ascii = slug(&format!("{given} {family}"));
        let ascii = if ascii.is_empty() { format!("contact-{idx}") } else { ascii };
        let mut emails = Vec::new();
        if let Some(org) = org
            && rng.random_bool(0.6)
            && let Some(domain) = &org.domain
            && let Ok(email) = Email::parse(&format!("{}.{idx}@{domain}", ascii.replace('-', ".")))
        {
            emails.push(email);
        }
        if rng.random_bool(0.5)
            && let Ok(email) = Email::parse(&format!("{ascii}{idx}@mail.example"))
        {
            emails.push(email);
        }
        let links = if rng.random_bool(0.7) {
            Link::parse(&format!("https://www.linkedin.com/in/{ascii}-{idx:05}")).into_iter().collect()
        } else {
            Vec::new()
        };
        let phones = if rng.random_bool(0.3) {
            Phone::parse(&format!("+1 555 01{:02} {:04}", idx % 100, idx % 10_000)).into_iter().collect()
        } else {
            Vec::new()
        };
        let mut affinities = Vec::new();
        if rng.random_bool(0.15) {
            affinities.push(Affinity {
                kind: AffinityKind::Alum,
                value: (*pick(&mut rng, SCHOOLS)).into(),
                verified: true,
            });
        }
        if rng.random_bool(0.08) {
            affinities.push(Affinity {
                kind: AffinityKind::Group,
                value: (*pick(&mut rng, GROUPS)).into(),
                verified: true,
            });
        }
        let closeness = *pick(&mut rng, &[0, 0, 1, 1, 2, 2, 3, 4]);
        let tie = Tie {
            closeness,
            frequency: *pick(&mut rng, Frequency::ALL),
            years_known: rng.random_range(0..12),
            reciprocity: rng.random_range(0..=3),
            shared_contexts: rng.random_range(0..=3),
            mutual_connections: rng.random_range(0..60),
            messages_12m: rng.random_range(0..30),
        };
        let stage = *pick(
            &mut rng,
            &[
                Stage::Identified,
                Stage::Identified,
                Stage::Identified,
                Stage::Contacted,
                Stage::Contacted,
                Stage::FollowedUp,
                Stage::Responded,
                Stage::Scheduled,
                Stage::Met,
                Stage::Thanked,
                Stage::ActiveNetwork,
                Stage::ActiveNetwork,
                Stage::NoResponse,
                Stage::Dormant,
            ],
        );
        let mut employments = Vec::new();
        for _ in 0..rng.random_range(0..3) {
            let past = rng.random_range(0..data.organizations.len());
            if Some(past) == org_idx {
                continue;
            }
            let from = rng.random_range(2008..2020);
            employments.push(Employment {
                organization_id: data.organizations[past].id,
                title: Some((*pick(&mut rng, TITLES)).into()),
                start_year: Some(from),
                end_year: Some(from + rng.random_range(1..5)),
            });
        }
        if let Some(org) = org {
            employments.push(Employment {
                organization_id: org.id,
                title: Some(title.clone()),
                start_year: Some(rng.random_range(2015..2026)),
                end_year: None,
            });
        }
        let mut tags = Vec::new();
        if !affinities.is_empty() {
            tags.extend(Tag::parse("alumni"));
        }
        if rng.random_bool(0.1) {
            let extra = *pick(&mut rng, EXTRA_TAGS);
            tags.extend(Tag::parse(extra));
        }
        let recruiter = title.contains("Recruiter") || title.contains("Talent");
        let person = Person {
            id,
            owner,
            created_at: created,
            updated_at: created,
            name: PersonName { full: full.clone(), given: Some(given.into()), family: Some(family.into()) },
            emails,
            phones,
            links,
            organization_id: org.map(|o| o.id),
            title: Some(title),
            location: Some((*pick(&mut rng, CITIES)).into()),
            source: if affinities.iter().any(|a| a.kind == AffinityKind::Alum) {
                Source::Alumni(affinities.first().map(|a| a.value.clone()))
            } else {
                Source::Demo
            },
            tags,
            tie,
            targeting: Targeting {
                function_relevance: rng.random_range(0..=2),
                levels_above: Some(rng.random_range(-1..4)),
                promoted: rng.random_bool(0.3),
                email_findability: rng.random_range(0..=2),
                affinities,
            },
            skills: (0..rng.random_range(0..4)).map(|_| (*pick(&mut rng, SKILLS)).to_string()).collect(),
            recruiter,
            employments,
            stage,
            segment: Segment::Unknown,
            segment_manual: false,
            tier: None,
            referral: ReferralState::None,
            loop_closed: LoopState::None,
            do_not_contact: rng.random_bool(0.01),
            last_touch_at: None,
            deleted_at: None,
        };
        if let Some(i) = org_idx {
            people_by_org[i].push(data.people.len());
        }
        data.people.push(person);
    }

    // Histories: interactions, meetings and notes that agree with each person's stage.
    for idx in 0..data.people.len() {
        let stage = data.people[idx].stage;
        let person_id = data.people[idx].id;
        let rank = stage.primary_rank().unwrap_or(match stage {
            Stage::NoResponse => 2,
            Stage::Dormant => 7,
            _ => 0,
        });
        let interactions = &mut data.interactions;
        let mut touch = |rng: &mut ChaCha8Rng, at: Timestamp, kind: InteractionKind, direction, text: &str| {
            interactions.push(Interaction {
                id: InteractionId::from_uuid(id_at(rng, at)),
                owner,
                created_at: at,
                updated_at: at,
                person_id,
                kind,
                channel: if kind == InteractionKind::Meeting { Channel::InPerson } else { Channel::Email },
                direction,
                at,
                at_source: TimeSource::Attested,
                text: Some(text.into()),
                outcome: None,
                meeting_id: None,
                opening_id: None,
            });
            at
        };
        let mut at = at_offset(&mut rng, 0.5, 0.9);
        let mut last_touch = None;
        if rank == 0 {
            // Not contacted yet: one note of how they came up, sometimes a LinkedIn like.
            if rng.random_bool(0.5) {
                touch(&mut rng, at, InteractionKind::Other, Direction::Inbound, "Liked my post about forecasting");
            }
            continue;
        }
        touch(&mut rng, at, InteractionKind::Outreach, Direction::Outbound, "First note: a question about their work");
        at += SignedDuration::from_hours(rng.random_range(30..200));
        if rank == 2 || stage == Stage::NoResponse {
            touch(&mut rng, at, InteractionKind::FollowUp, Direction::Outbound, "One short follow-up");
            continue;
        }
        if rank >= 3 {
            last_touch = Some(touch(
                &mut rng,
                at,
                InteractionKind::Reply,
                Direction::Inbound,
                "Happy to help, how about next week?",
            ));
            data.people[idx].segment = if rng.random_bool(0.6) { Segment::Booster } else { Segment::Obligate };
        }
        if rank >= 4 {
            let scheduled = at + SignedDuration::from_hours(rng.random_range(48..240));
            let upcoming = rank == 4;
            let scheduled =
                if upcoming { now + SignedDuration::from_hours(rng.random_range(20..300)) } else { scheduled };
            let mode =
                *pick(&mut rng, &[MeetingMode::Coffee, MeetingMode::Video, MeetingMode::Call, MeetingMode::Office]);
            let meeting_id = MeetingId::from_uuid(id_at(&mut rng, at));
            let mut ledger = Ledger::default();
            if !upcoming {
                for _ in 0..rng.random_range(2..5) {
                    let (tiara, text) = *pick(&mut rng, CLUES);
                    ledger.clues.push(Clue { tiara, text: text.into() });
                }
                ledger.promises.push(Promise {
                    id: PromiseId::from_uuid(id_at(&mut rng, scheduled)),
                    owed_by: Party::Mine,
                    text: "Send the write-up of my forecasting project".into(),
                    due: Some(date_of(scheduled + SignedDuration::from_hours(72))),
                    done_at: (rank >= 6).then_some(scheduled + SignedDuration::from_hours(30)),
                });
                ledger.reciprocal_offer = Some("Share my notes from the PyData talks".into());
                ledger.they_asked_for = Some("Nothing for now; keep them posted".into());
                ledger.rapport = Some(rng.random_range(2..=5));
                ledger.debriefed_at = Some(scheduled + SignedDuration::from_hours(2));
                ledger.opening_close = Some(OpeningClose::NotAsked);
                if mode == MeetingMode::Coffee {
                    ledger.payment = Some(Payment {
                        payer: Payer::Me,
                        amount_minor: Some(rng.random_range(600..1600)),
                        currency: Some("USD".into()),
                    });
                }
            }
            let created = at;
            data.meetings.push(Meeting {
                id: meeting_id,
                owner,
                created_at: created,
                updated_at: created,
                person_id,
                scheduled_at: scheduled,
                duration_min: *pick(&mut rng, &[20, 20, 30]),
                mode,
                location: Some(if mode == MeetingMode::Coffee {
                    "Corner café near their office".into()
                } else {
                    "Video link in the invite".into()
                }),
                agenda: None,
                notes: None,
                status: if upcoming { MeetingStatus::Scheduled } else { MeetingStatus::Held },
                opening_id: None,
                questions: Vec::new(),
                ledger,
                deleted_at: None,
            });
            if !upcoming {
                let mut it = touch(
                    &mut rng,
                    scheduled,
                    InteractionKind::Meeting,
                    Direction::Outbound,
                    "Informational interview",
                );
                last_touch = Some(scheduled);
                if rank >= 6 {
                    it += SignedDuration::from_hours(rng.random_range(3..22));
                    touch(
                        &mut rng,
                        it,
                        InteractionKind::ThankYou,
                        Direction::Outbound,
                        "Thank-you with the write-up attached",
                    );
                }
                if rank >= 7 {
                    let check = it + SignedDuration::from_hours(24 * rng.random_range(20..60));
                    if check < now {
                        touch(
                            &mut rng,
                            check,
                            InteractionKind::CheckIn,
                            Direction::Outbound,
                            "Shared an article on their Trends answer",
                        );
                    }
                    data.people[idx].tier = Some(*pick(&mut rng, &[Tier::A, Tier::B, Tier::C]));
                }
            }
        }
        data.people[idx].last_touch_at = last_touch;
        if rng.random_bool(0.3) {
            let at = at_offset(&mut rng, 0.5, 1.0);
            data.notes.push(Note {
                id: NoteId::from_uuid(id_at(&mut rng, at)),
                owner,
                created_at: at,
                updated_at: at,
                subject: NoteSubject::Person(person_id),
                body: (*pick(&mut rng, NOTES)).into(),
            });
        }
    }

    // Link each logged meeting interaction to its meeting.
    let meeting_at: std::collections::HashMap<(PersonId, Timestamp), MeetingId> =
        data.meetings.iter().map(|m| ((m.person_id, m.scheduled_at), m.id)).collect();
    for interaction in data.interactions.iter_mut().filter(|i| i.kind == InteractionKind::Meeting) {
        interaction.meeting_id = meeting_at.get(&(interaction.person_id, interaction.at)).copied();
    }

    // Openings at a quarter of the employers, some with a referrer who works there.
    for (org_idx, org) in data.organizations.iter().enumerate() {
        if !rng.random_bool(0.25) {
            continue;
        }
        let at = at_offset(&mut rng, 0.7, 1.0);
        let referrer = people_by_org[org_idx].first().filter(|_| rng.random_bool(0.4)).map(|&p| data.people[p].id);
        data.openings.push(Opening {
            id: OpeningId::from_uuid(id_at(&mut rng, at)),
            owner,
            created_at: at,
            updated_at: at,
            organization_id: org.id,
            title: (*pick(&mut rng, TITLES)).into(),
            jd_text: Some("Own forecasting and planning analytics; partner with operations and finance.".into()),
            jd_url: Some(format!(
                "https://{}/careers/{}",
                org.domain.as_deref().unwrap_or("jobs.example"),
                rng.random_range(100..999)
            )),
            req_id: Some(format!("REQ-{}", rng.random_range(1000..9999))),
            status: *pick(
                &mut rng,
                &[
                    OpeningStatus::Discovered,
                    OpeningStatus::Discovered,
                    OpeningStatus::ReferralRequested,
                    OpeningStatus::Applied,
                    OpeningStatus::Interviewing,
                ],
            ),
            status_changed_at: at,
            referrer_id: referrer,
            deleted_at: None,
        });
    }

    // Introductions: some people who were met offered one to a colleague.
    let met: Vec<usize> = (0..data.people.len()).filter(|&i| data.people[i].stage.has_met()).collect();
    for &idx in met.iter().step_by(7) {
        let Some(org_idx) = data.organizations.iter().position(|o| Some(o.id) == data.people[idx].organization_id)
        else {
            continue;
        };
        let Some(&other) = people_by_org[org_idx].iter().find(|&&p| p != idx) else { continue };
        let at = at_offset(&mut rng, 0.8, 1.0);
        let intro = Introduction {
            id: IntroductionId::from_uuid(id_at(&mut rng, at)),
            owner,
            created_at: at,
            updated_at: at,
            introducer_id: data.people[idx].id,
            introduced_id: data.people[other].id,
            meeting_id: None,
            state: *pick(&mut rng, &[IntroState::Offered, IntroState::Received, IntroState::Replied]),
            state_changed_at: at,
            note: Some("Works on the team they described".into()),
        };
        if let Some(meeting) = data.meetings.iter_mut().find(|m| m.person_id == intro.introducer_id) {
            meeting.ledger.gifts.push(Gift {
                kind: GiftKind::Introduction,
                text: format!("Introduction to {}", data.people[other].name.full),
                person_id: Some(intro.introduced_id),
                introduction_id: Some(intro.id),
                opening_id: None,
                url: None,
            });
        }
        data.introductions.push(intro);
    }

    // Relationships: colleagues at the same employer, about one per person (the route benchmark adds its own to reach its size).
    for members in &people_by_org {
        if members.len() < 2 {
            continue;
        }
        for (pos, &a) in members.iter().enumerate() {
            for step in 1..=1 {
                let b = members[(pos + step * 7) % members.len()];
                if a == b {
                    continue;
                }
                let from = rng.random_range(2012..2024);
                data.relationships.push(Relationship {
                    id: RelationshipId::from_uuid(id_at(&mut rng, start)),
                    owner,
                    created_at: start,
                    a: data.people[a].id,
                    b: data.people[b].id,
                    kind: RelationshipKind::Colleague,
                    organization_id: data.people[a].organization_id,
                    from_year: Some(from),
                    to_year: None,
                    note: None,
                });
            }
        }
    }
    // Written in creation (id) order, as a real history would have been: the id indexes
    // then grow at their end instead of splitting pages all over.
    sort_by_id(&mut data.organizations, |o| o.id);
    sort_by_id(&mut data.people, |p| p.id);
    sort_by_id(&mut data.openings, |o| o.id);
    sort_by_id(&mut data.interactions, |i| i.id);
    sort_by_id(&mut data.meetings, |m| m.id);
    sort_by_id(&mut data.introductions, |i| i.id);
    sort_by_id(&mut data.relationships, |r| r.id);
    sort_by_id(&mut data.notes, |n| n.id);
    data
}

/// Sorts records by their (unique) id, moving each record only once: records are large (a
/// person is hundreds of bytes) and `sort_by_key` moved them n·log n times, a quarter of
/// generating 30,000 people. Ids and positions are sorted instead, then the records taken
/// in that order.
fn sort_by_id<T, K: Ord>(records: &mut Vec<T>, id: impl Fn(&T) -> K) {
    let mut order: Vec<(K, usize)> = records.iter().enumerate().map(|(i, r)| (id(r), i)).collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut slots: Vec<Option<T>> = std::mem::take(records).into_iter().map(Some).collect();
    records.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
}

fn date_of(t: Timestamp) -> Date {
    t.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_network() {
        let now = Timestamp::from_second(1_764_000_000).expect("time");
        let a = generate(AccountId::LOCAL, now, DemoConfig { people: 300, seed: 7 });
        let b = generate(AccountId::LOCAL, now, DemoConfig { people: 300, seed: 7 });
        let c = generate(AccountId::LOCAL, now, DemoConfig { people: 300, seed: 8 });
        assert_eq!(a.people, b.people);
        assert_eq!(a.interactions, b.interactions);
        assert_eq!(a.meetings, b.meetings);
        assert_ne!(a.people, c.people);
    }

    #[test]
    fn a_network_looks_like_one() {
        let now = Timestamp::from_second(1_764_000_000).expect("time");
        let data = generate(AccountId::LOCAL, now, DemoConfig { people: 3_000, seed: 1 });
        let per_person = data.interactions.len() as f64 / data.people.len() as f64;
        assert!((1.5..=4.5).contains(&per_person), "about three interactions per person: {per_person}");
        assert!(data.meetings.iter().any(|m| !m.ledger.clues.is_empty()), "some meetings have ledgers");
        assert!(!data.openings.is_empty() && !data.introductions.is_empty());
        assert!(data.relationships.len() * 2 >= data.people.len(), "colleague links: {}", data.relationships.len());
        let earliest = data.interactions.iter().map(|i| i.at).min().expect("some");
        assert!(earliest >= now - SignedDuration::from_hours(24 * 731), "history spans two years");
        let scripts = data.people.iter().filter(|p| !p.name.full.is_ascii()).count();
        assert!(scripts > 100, "names across locales and scripts: {scripts}");
        let mut ids: Vec<_> = data.people.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), data.people.len(), "ids are unique");
    }
}
