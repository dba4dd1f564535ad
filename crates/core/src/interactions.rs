//! Interactions: recording a touch on a person's timeline. Each one runs the relationship
//! pipeline (§4.8): an outreach makes the person contacted and starts 3B7, a reply moves them
//! to responded and sets their segment, a thank-you after a meeting brings them into the
//! active network. A step the method does not allow (a second follow-up in one cycle, say)
//! is refused with the guard's own explanation. A real two-way touch (a reply, a meeting, an
//! inbound message) also becomes the person's last real touch, and their reminders are
//! rebuilt in the same write.

use jiff::Timestamp;
use rapport_domain::ids::InteractionId;
use rapport_domain::interactions::{Direction, Interaction, InteractionKind, NewInteraction};
use rapport_domain::pipeline::{PipelineEvent, Refusal, Transition, transition};
use rapport_domain::reminders::{Context, Dossier};
use rapport_store::{Reader, Store, Writer};

use crate::{CoreError, CoreResult, Ctx, reminders};

/// Records an interaction with a live person.
pub fn log<S: Store>(ctx: &Ctx<'_, S>, new: NewInteraction) -> CoreResult<Interaction> {
    ctx.store.write(|w| record(w, ctx, new).map(|logged| logged.interaction))
}

/// What [`record`] did.
#[derive(Clone, Debug)]
pub struct Logged {
    pub interaction: Interaction,
    /// The person's dossier after the interaction, with the person as saved.
    pub dossier: Dossier,
    pub context: Context,
    /// The pipeline's step, when the interaction moved it.
    pub transition: Option<Transition>,
}

/// Records an interaction inside the caller's write: the pipeline step, the interaction, the
/// person's new state and their rebuilt reminders, all or nothing.
pub fn record<W: Writer, S>(w: &W, ctx: &Ctx<'_, S>, new: NewInteraction) -> CoreResult<Logged> {
    let person = w.person(ctx.owner, new.person_id)?;
    if person.deleted_at.is_some() {
        return Err(CoreError::Refused(format!(
            "{} is in the trash; restore them first with `rapport trash restore {}`",
            person.name.full,
            person.id.short()
        )));
    }
    if new.at > ctx.now + jiff::SignedDuration::from_hours(24) {
        return Err(CoreError::Refused(
            "that time is in the future; log an interaction once it has happened (schedule meetings with `rapport meet`)"
                .into(),
        ));
    }
    let context = reminders::context(w, ctx.owner)?;
    let before = person.clone();
    let mut dossier = reminders::dossier(w, ctx.owner, person)?;
    let transition = match event_for(&new) {
        Some(event) => Some(step(&mut dossier, &context, &event, ctx.now)?),
        None => None,
    };
    let interaction = new.into_interaction(InteractionId::new(), ctx.owner, ctx.now);
    w.insert_interaction(&interaction)?;
    let person = &mut dossier.person;
    if interaction.kind.is_real_touch(interaction.direction)
        && person.last_touch_at.is_none_or(|last| last < interaction.at)
    {
        person.last_touch_at = Some(interaction.at);
        person.updated_at = ctx.now;
    }
    if *person != before {
        w.update_person(person)?;
    }
    dossier.interactions.push(interaction.clone());
    reminders::rewrite(w, ctx.owner, &context, &dossier)?;
    Ok(Logged { interaction, dossier, context, transition })
}

/// The pipeline event an interaction stands for, if it moves the pipeline at all.
pub fn event_for(new: &NewInteraction) -> Option<PipelineEvent> {
    let confirmed = Some(new.at_source);
    if new.direction == Direction::Inbound {
        return Some(PipelineEvent::ReplyReceived { at: new.at });
    }
    match new.kind {
        InteractionKind::Outreach => Some(PipelineEvent::OutreachSent { confirmed }),
        InteractionKind::FollowUp => Some(PipelineEvent::FollowUpSent { confirmed }),
        InteractionKind::Reply | InteractionKind::IntroReceived => Some(PipelineEvent::ReplyReceived { at: new.at }),
        InteractionKind::Meeting => Some(PipelineEvent::MeetingHeld),
        InteractionKind::ThankYou => Some(PipelineEvent::ThankYouSent { at: new.at }),
        InteractionKind::LoopClose => Some(PipelineEvent::LoopClosed),
        InteractionKind::CheckIn => Some(PipelineEvent::CheckInSent),
        InteractionKind::ReferralAsk => Some(PipelineEvent::ReferralAsked { they_offered: false }),
        InteractionKind::ReferralUpdate | InteractionKind::IntroRequest | InteractionKind::Other => None,
    }
}

/// Runs `event` on the dossier's person (the records as they were before it) and keeps the
/// new stage and flags on the person. A refusal becomes [`CoreError::Refused`] with the
/// guard's words: the rule, what to do instead, and from when.
pub fn step(dossier: &mut Dossier, context: &Context, event: &PipelineEvent, now: Timestamp) -> CoreResult<Transition> {
    let outcome = transition(dossier, &context.calendar, event).map_err(refused)?;
    outcome.state.write_to(&mut dossier.person, now);
    Ok(outcome)
}

/// A pipeline refusal as the error the edges show.
pub fn refused(refusal: Refusal) -> CoreError {
    CoreError::Refused(refusal.to_string())
}

/// Moves `person` along the pipeline without an interaction (marking no response, say): the
/// guard runs on their records as they are, a refusal comes back in its own words, and their
/// reminders are rebuilt in the same write.
pub fn advance<S: Store>(
    ctx: &Ctx<'_, S>,
    person: rapport_domain::ids::PersonId,
    event: &PipelineEvent,
) -> CoreResult<rapport_domain::people::Person> {
    ctx.store.write(|w| {
        let person = w.person(ctx.owner, person)?;
        if person.deleted_at.is_some() {
            return Err(CoreError::Refused(format!(
                "{} is in the trash; restore them first with `rapport trash restore {}`",
                person.name.full,
                person.id.short()
            )));
        }
        let context = reminders::context(w, ctx.owner)?;
        let mut dossier = reminders::dossier(w, ctx.owner, person)?;
        step(&mut dossier, &context, event, ctx.now)?;
        w.update_person(&dossier.person)?;
        reminders::rewrite(w, ctx.owner, &context, &dossier)?;
        Ok(dossier.person)
    })
}
