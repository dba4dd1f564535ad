//! Introductions (§4.8, the *introduced* milestone): one person in the network introduces the
//! seeker to another. An introduction moves offered → requested → received → replied, or is
//! declined; each move rebuilds the reminders of both people (a nudge to the introducer while
//! it is pending, a thank-you once it is made, an answer to the person introduced).

use rapport_domain::ids::{IntroductionId, PersonId};
use rapport_domain::introductions::{IntroState, Introduction, NewIntroduction};
use rapport_domain::people::Person;
use rapport_domain::pipeline::PipelineEvent;
use rapport_store::{Reader, Store, StoreError, Writer};

use crate::interactions::step;
use crate::{CoreError, CoreResult, Ctx, reminders};

/// An introduction with the two people in it.
#[derive(Clone, Debug, PartialEq)]
pub struct IntroductionDetail {
    pub introduction: Introduction,
    pub introducer: Person,
    pub introduced: Person,
}

/// Records an introduction between two people already in the network.
pub fn add<S: Store>(
    ctx: &Ctx<'_, S>,
    introducer: PersonId,
    introduced: PersonId,
    state: IntroState,
    note: Option<String>,
) -> CoreResult<IntroductionDetail> {
    if introducer == introduced {
        return Err(CoreError::Refused(
            "an introduction needs two people: the one who introduces and the one introduced".into(),
        ));
    }
    ctx.store.write(|w| {
        let introducer = w.person(ctx.owner, introducer)?;
        let introduced = w.person(ctx.owner, introduced)?;
        if let Some(gone) = [&introducer, &introduced].into_iter().find(|p| p.deleted_at.is_some()) {
            return Err(CoreError::Refused(format!(
                "{} is in the trash; restore them first with `rapport trash restore {}`",
                gone.name.full,
                gone.id.short()
            )));
        }
        let introduction = NewIntroduction {
            introducer_id: introducer.id,
            introduced_id: introduced.id,
            meeting_id: None,
            state,
            note,
        }
        .into_introduction(IntroductionId::new(), ctx.owner, ctx.now);
        w.insert_introduction(&introduction)?;
        reminders::refresh(w, ctx, &[introducer.id, introduced.id])?;
        Ok(IntroductionDetail { introduction, introducer, introduced })
    })
}

/// True when an introduction may move from `from` to `to`: forward along offered → requested
/// → received → replied (steps may be skipped), or to declined before it is made.
pub fn can_move(from: IntroState, to: IntroState) -> bool {
    let rank = |s: IntroState| match s {
        IntroState::Offered => Some(0),
        IntroState::Requested => Some(1),
        IntroState::Received => Some(2),
        IntroState::Replied => Some(3),
        IntroState::Declined => None,
    };
    match (rank(from), rank(to)) {
        (Some(a), Some(b)) => b > a,
        (Some(a), None) => a < 2,
        (None, _) => false,
    }
}

/// Moves an introduction to `state`. When the person introduced answers (*replied*), that is
/// their first real touch: they move to *responded* and their reminders start from there.
pub fn set_state<S: Store>(ctx: &Ctx<'_, S>, id: IntroductionId, state: IntroState) -> CoreResult<IntroductionDetail> {
    ctx.store.write(|w| {
        let mut introduction = w.introduction(ctx.owner, id)?;
        let introducer = w.person(ctx.owner, introduction.introducer_id)?;
        let mut introduced = w.person(ctx.owner, introduction.introduced_id)?;
        if introduction.state == state {
            return Ok(IntroductionDetail { introduction, introducer, introduced });
        }
        if !can_move(introduction.state, state) {
            return Err(CoreError::Refused(format!(
                "the introduction to {} is {}, and cannot go back to or on to {state}; an introduction moves \
                 offered → requested → received → replied, and can be declined until it is made",
                introduced.name.full, introduction.state
            )));
        }
        introduction.state = state;
        introduction.state_changed_at = ctx.now;
        introduction.updated_at = ctx.now;
        w.update_introduction(&introduction)?;
        if state == IntroState::Replied {
            let context = reminders::context(w, ctx.owner)?;
            let mut dossier = reminders::dossier(w, ctx.owner, introduced)?;
            step(&mut dossier, &context, &PipelineEvent::ReplyReceived { at: ctx.now }, ctx.now)?;
            w.update_person(&dossier.person)?;
            introduced = dossier.person;
        }
        reminders::refresh(w, ctx, &[introducer.id, introduced.id])?;
        Ok(IntroductionDetail { introduction, introducer, introduced })
    })
}

/// Every introduction, oldest first, with its people.
pub fn list<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Vec<IntroductionDetail>> {
    ctx.store.read(|r| {
        let all = r.introductions(ctx.owner)?;
        let mut out = Vec::with_capacity(all.len());
        for introduction in all {
            out.push(IntroductionDetail {
                introducer: r.person(ctx.owner, introduction.introducer_id)?,
                introduced: r.person(ctx.owner, introduction.introduced_id)?,
                introduction,
            });
        }
        Ok(out)
    })
}

/// Finds the introduction the user means: an introduction id (full or the short form), or a
/// person with exactly one introduction still under way (as introducer or introduced).
pub fn resolve<S: Store>(ctx: &Ctx<'_, S>, text: &str) -> CoreResult<IntroductionId> {
    let trimmed = text.trim();
    if let Ok(id) = trimmed.parse::<IntroductionId>() {
        return match ctx.store.read(|r| r.introduction(ctx.owner, id)) {
            Ok(_) => Ok(id),
            Err(StoreError::NotFound { .. }) => Err(no_introduction(trimmed)),
            Err(e) => Err(e.into()),
        };
    }
    let all = ctx.store.read(|r| r.introductions(ctx.owner))?;
    let lowered = trimmed.to_ascii_lowercase();
    if let [one] = all.iter().filter(|i| i.id.short() == lowered).collect::<Vec<_>>().as_slice() {
        return Ok(one.id);
    }
    let person = crate::people::resolve(ctx, trimmed)?;
    let open: Vec<&Introduction> = all
        .iter()
        .filter(|i| i.introduced_id == person || i.introducer_id == person)
        .filter(|i| !matches!(i.state, IntroState::Replied | IntroState::Declined))
        .collect();
    match open.as_slice() {
        [] => Err(no_introduction(trimmed)),
        [one] => Ok(one.id),
        many => Err(CoreError::Ambiguous {
            kind: "introduction",
            query: trimmed.to_string(),
            count: many.len(),
            candidates: many.iter().map(|i| i.id.short()).collect::<Vec<_>>().join(", "),
        }),
    }
}

fn no_introduction(text: &str) -> CoreError {
    CoreError::NoMatch {
        kind: "introduction",
        query: text.to_string(),
        hint: "list them with `rapport intro list`".into(),
    }
}
