//! Reminders, kept in step with the records. The domain derives a person's reminders from
//! their dossier (`rapport_domain::reminders`); this module builds the dossier from the store,
//! derives, and stores the result, inside the same write as the change that called for it.
//! Every use case that changes what feeds a dossier calls [`refresh`] (or [`rewrite`] with a
//! dossier it already holds); `rapport today` then reads what is due with one indexed query.
//!
//! The seeker's decisions (done, snoozed, dismissed) are stored by the reminder's key and
//! applied at derivation, so they survive every recomputation ([`decide`]).

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use rapport_domain::ids::{AccountId, PersonId};
use rapport_domain::interactions::Interaction;
use rapport_domain::introductions::Introduction;
use rapport_domain::meetings::Meeting;
use rapport_domain::openings::{Opening, OpeningStatus};
use rapport_domain::people::Person;
use rapport_domain::profile::Profile;
use rapport_domain::reminders::{
    Context, DecisionAction, Dossier, Reminder, ReminderDecision, Rule, derive_with_decisions,
};
use rapport_store::{OpeningFilter, Page, PersonFilter, Reader, Store, StoreError, Writer};

use crate::{CoreError, CoreResult, Ctx};

/// The seeker's reminder context: their calendar (time zone, holidays, cut-off and reminder
/// hours), whether the search is active, and when they accepted a job, if they have.
pub fn context<R: Reader>(r: &R, owner: AccountId) -> CoreResult<Context> {
    let profile = r.profile(owner)?;
    let accepted =
        r.openings(owner, &OpeningFilter { status: Some(OpeningStatus::Accepted), ..Default::default() }, Page::ALL)?;
    context_from(profile.as_ref(), accepted_at(&accepted))
}

/// The context of a profile (default settings without one) and the time a job was accepted.
pub fn context_from(profile: Option<&Profile>, accepted_at: Option<Timestamp>) -> CoreResult<Context> {
    let settings = profile.map(|p| p.settings.clone()).unwrap_or_default();
    // A zone this machine's database does not know (a store moved between machines) falls
    // back to UTC rather than stopping every write; saving the profile checks the name.
    let zone = TimeZone::get(&settings.time_zone).unwrap_or(TimeZone::UTC);
    let mut context = Context::from_settings(zone, &settings)?;
    context.accepted_at = accepted_at;
    Ok(context)
}

/// The first time an opening among `openings` moved to accepted.
pub fn accepted_at(openings: &[Opening]) -> Option<Timestamp> {
    openings
        .iter()
        .filter(|o| o.status == OpeningStatus::Accepted && o.deleted_at.is_none())
        .map(|o| o.status_changed_at)
        .min()
}

/// Everything the rules read about `person`: their interactions, meetings, the introductions
/// they are part of (with someone not in the trash), and the openings they refer.
pub fn dossier<R: Reader>(r: &R, owner: AccountId, person: Person) -> CoreResult<Dossier> {
    let id = person.id;
    let mut dossier = Dossier::new(person);
    dossier.interactions = r.interactions_for_person(owner, id)?;
    dossier.meetings = r.meetings_for_person(owner, id)?;
    let mut introductions = r.introductions_for_person(owner, id)?;
    if !introductions.is_empty() {
        let others: Vec<PersonId> = introductions.iter().map(|i| other_party(i, id)).collect();
        let live: HashSet<PersonId> =
            r.people_by_ids(owner, &others)?.into_iter().filter(|p| p.deleted_at.is_none()).map(|p| p.id).collect();
        introductions.retain(|i| live.contains(&other_party(i, id)));
    }
    dossier.introductions = introductions;
    dossier.openings = r.openings(owner, &OpeningFilter { referrer_id: Some(id), ..Default::default() }, Page::ALL)?;
    Ok(dossier)
}

fn other_party(intro: &Introduction, me: PersonId) -> PersonId {
    if intro.introducer_id == me { intro.introduced_id } else { intro.introducer_id }
}

/// Derives the reminders of `dossier` with the seeker's decisions and stores them in place of
/// the person's old ones; returns what was stored.
pub fn rewrite<W: Writer>(w: &W, owner: AccountId, context: &Context, dossier: &Dossier) -> CoreResult<Vec<Reminder>> {
    let id = dossier.person.id;
    let reminders = if dossier.person.deleted_at.is_some() {
        Vec::new()
    } else {
        let decisions = w.reminder_decisions(owner, Some(id))?;
        derive_with_decisions(dossier, context, &decisions)
    };
    w.replace_reminders(owner, id, &reminders)?;
    Ok(reminders)
}

/// Rebuilds the reminders of each named person from their records, in the caller's write.
/// People who no longer exist are skipped (their reminders went with them); people in the
/// trash keep none.
pub fn refresh<W: Writer, S>(w: &W, ctx: &Ctx<'_, S>, people: &[PersonId]) -> CoreResult<()> {
    if people.is_empty() {
        return Ok(());
    }
    let context = context(w, ctx.owner)?;
    let mut seen = HashSet::with_capacity(people.len());
    for &id in people {
        if !seen.insert(id) {
            continue;
        }
        let person = match w.person(ctx.owner, id) {
            Ok(person) => person,
            Err(StoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        if person.deleted_at.is_some() {
            w.replace_reminders(ctx.owner, id, &[])?;
            continue;
        }
        let dossier = dossier(w, ctx.owner, person)?;
        rewrite(w, ctx.owner, &context, &dossier)?;
    }
    Ok(())
}

/// The reminders of people new in this write, who have no records yet besides the given
/// interactions (what an import adds), derived in memory: one list for each person given any
/// (an import of 30,000 connections mostly gives none). It reads nothing, so it can run on
/// another thread while the records are written; [`Writer::add_reminders`] stores them.
/// The people move into their dossiers and back, in the same order, rather than being copied
/// (a tenth of a second of a 30,000-row import went to copying them).
pub fn derive_new(context: &Context, people: &mut Vec<Person>, interactions: &[Interaction]) -> Vec<Vec<Reminder>> {
    let mut dossiers: Vec<Dossier> = people.drain(..).map(Dossier::new).collect();
    let index: HashMap<PersonId, usize> = dossiers.iter().enumerate().map(|(i, d)| (d.person.id, i)).collect();
    for interaction in interactions {
        if let Some(&i) = index.get(&interaction.person_id) {
            dossiers[i].interactions.push(interaction.clone());
        }
    }
    let reminders =
        dossiers.iter().map(|d| derive_with_decisions(d, context, &[])).filter(|list| !list.is_empty()).collect();
    people.extend(dossiers.into_iter().map(|d| d.person));
    reminders
}

/// [`refresh`] for the named people and everyone they share an introduction with: what a
/// person's trip to the trash (and back) changes.
pub fn refresh_with_counterparts<W: Writer, S>(w: &W, ctx: &Ctx<'_, S>, people: &[PersonId]) -> CoreResult<()> {
    let mut all = people.to_vec();
    for &id in people {
        all.extend(w.introductions_for_person(ctx.owner, id)?.iter().map(|i| other_party(i, id)));
    }
    refresh(w, ctx, &all)
}

/// Rebuilds every live person's reminders, reading each kind of record once: for a change of
/// settings (time zone, holidays, hours) or of the search itself (a job accepted). Returns how
/// many people were refreshed.
pub fn refresh_all<W: Writer, S>(w: &W, ctx: &Ctx<'_, S>) -> CoreResult<usize> {
    let owner = ctx.owner;
    let people = w.people(owner, &PersonFilter::default(), Page::ALL)?.people;
    let interactions = w.interactions(owner, Page::ALL)?;
    let meetings = w.meetings_between(owner, Timestamp::MIN, Timestamp::MAX)?;
    let introductions = w.introductions(owner)?;
    let openings = w.openings(owner, &OpeningFilter::default(), Page::ALL)?;
    let decisions = w.all_reminder_decisions(owner)?;
    let profile = w.profile(owner)?;
    let context = context_from(profile.as_ref(), accepted_at(&openings))?;
    let records = Records {
        people: &people,
        interactions: &interactions,
        meetings: &meetings,
        introductions: &introductions,
        openings: &openings,
    };
    let derived = derive_all(&records, &context, &decisions);
    let count = derived.len();
    for (id, reminders) in derived {
        w.replace_reminders(owner, id, &reminders)?;
    }
    Ok(count)
}

/// A whole network held in memory (a demo being written, or everything read at once).
#[derive(Clone, Copy, Debug)]
pub struct Records<'a> {
    pub people: &'a [Person],
    pub interactions: &'a [Interaction],
    pub meetings: &'a [Meeting],
    pub introductions: &'a [Introduction],
    pub openings: &'a [Opening],
}

/// A dossier for each live person, holding their interactions, and where each person's is.
fn dossiers_of(
    people: impl IntoIterator<Item = Person>,
    interactions: impl IntoIterator<Item = Interaction>,
) -> (Vec<Dossier>, HashMap<PersonId, usize>) {
    let mut dossiers: Vec<Dossier> = people.into_iter().filter(|p| p.deleted_at.is_none()).map(Dossier::new).collect();
    let index: HashMap<PersonId, usize> = dossiers.iter().enumerate().map(|(i, d)| (d.person.id, i)).collect();
    for interaction in interactions {
        if let Some(&i) = index.get(&interaction.person_id) {
            dossiers[i].interactions.push(interaction);
        }
    }
    (dossiers, index)
}

/// Every live person's reminders, derived from records held in memory: each record is looked
/// at once and handed to the dossier of the person it belongs to.
pub fn derive_all(
    records: &Records<'_>,
    context: &Context,
    decisions: &[(Option<PersonId>, ReminderDecision)],
) -> Vec<(PersonId, Vec<Reminder>)> {
    let (mut dossiers, index) = dossiers_of(records.people.iter().cloned(), records.interactions.iter().cloned());
    for meeting in records.meetings {
        if let Some(&i) = index.get(&meeting.person_id) {
            dossiers[i].meetings.push(meeting.clone());
        }
    }
    for intro in records.introductions {
        if let (Some(&a), Some(&b)) = (index.get(&intro.introducer_id), index.get(&intro.introduced_id)) {
            dossiers[a].introductions.push(intro.clone());
            if b != a {
                dossiers[b].introductions.push(intro.clone());
            }
        }
    }
    for opening in records.openings.iter().filter(|o| o.deleted_at.is_none()) {
        if let Some(&i) = opening.referrer_id.and_then(|r| index.get(&r)) {
            dossiers[i].openings.push(opening.clone());
        }
    }
    let mut by_person: HashMap<PersonId, Vec<ReminderDecision>> = HashMap::new();
    for (person, decision) in decisions {
        if let Some(person) = person {
            by_person.entry(*person).or_default().push(decision.clone());
        }
    }
    dossiers
        .iter()
        .map(|d| {
            let decided = by_person.get(&d.person.id).map(Vec::as_slice).unwrap_or(&[]);
            (d.person.id, derive_with_decisions(d, context, decided))
        })
        .collect()
}

/// What the seeker decided about a reminder, and what it was.
#[derive(Clone, Debug, PartialEq)]
pub struct Decided {
    pub key: String,
    /// The person the reminder is about; `None` for list-level reminders.
    pub person: Option<Person>,
    /// What the reminder asked, as it read before the decision.
    pub what: String,
    pub action: DecisionAction,
}

/// The rules whose reminders concern the whole list rather than one person.
fn list_level(key: &str) -> Option<&'static str> {
    let rule = key.split(':').next()?;
    match rule.parse::<Rule>().ok()? {
        Rule::R1 => Some("Grow your employer list"),
        Rule::R23 => Some("Look back on your week"),
        _ => None,
    }
}

/// Marks the reminder with `key` done, snoozed or dismissed, and rebuilds its person's
/// reminders so the choice shows at once. `person` picks one when several people have a
/// reminder with that key. A key decided before can be decided again (to snooze what was
/// dismissed, say).
pub fn decide<S: Store>(
    ctx: &Ctx<'_, S>,
    key: &str,
    person: Option<PersonId>,
    action: DecisionAction,
) -> CoreResult<Decided> {
    let key = key.trim();
    if let DecisionAction::Snoozed { until } = action
        && until <= ctx.now
    {
        return Err(CoreError::Refused(
            "a snooze needs a time after now; give a later one (for example tomorrow 08:00)".into(),
        ));
    }
    let decision = ReminderDecision { key: key.to_string(), action, decided_at: ctx.now };
    ctx.store.write(|w| {
        if let Some(what) = list_level(key) {
            w.put_reminder_decision(ctx.owner, None, &decision)?;
            return Ok(Decided { key: key.to_string(), person: None, what: what.to_string(), action });
        }
        let mut candidates: Vec<(PersonId, String)> = w
            .reminders_with_key(ctx.owner, key)?
            .into_iter()
            .filter_map(|r| r.person_id.map(|p| (p, r.what)))
            .collect();
        for (p, d) in w.all_reminder_decisions(ctx.owner)? {
            if let Some(p) = p
                && d.key == key
                && !candidates.iter().any(|(c, _)| *c == p)
            {
                candidates.push((p, "a reminder you decided on before".to_string()));
            }
        }
        if let Some(wanted) = person {
            candidates.retain(|(p, _)| *p == wanted);
        }
        let (person_id, what) = match candidates.as_slice() {
            [] => {
                return Err(CoreError::NoMatch {
                    kind: "reminder",
                    query: key.to_string(),
                    hint: "see the keys of what is showing with `rapport today` (or `rapport today --json`)".into(),
                });
            }
            [one] => one.clone(),
            many => {
                let ids: Vec<PersonId> = many.iter().map(|(p, _)| *p).collect();
                let names: Vec<String> = w
                    .people_by_ids(ctx.owner, &ids)?
                    .iter()
                    .map(|p| format!("{} ({})", p.name.full, p.id.short()))
                    .collect();
                return Err(CoreError::Ambiguous {
                    kind: "reminder",
                    query: key.to_string(),
                    count: many.len(),
                    candidates: format!("{}; name the person with --person", names.join(", ")),
                });
            }
        };
        w.put_reminder_decision(ctx.owner, Some(person_id), &decision)?;
        refresh(w, ctx, &[person_id])?;
        let person = w.person(ctx.owner, person_id)?;
        Ok(Decided { key: key.to_string(), person: Some(person), what, action })
    })
}

/// One person's stored reminders, earliest due first.
pub fn for_person<S: Store>(ctx: &Ctx<'_, S>, person: PersonId) -> CoreResult<Vec<Reminder>> {
    Ok(ctx.store.read(|r| r.reminders_for_person(ctx.owner, person))?)
}
