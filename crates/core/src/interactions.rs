//! Interactions: recording a touch on a person's timeline. A real two-way touch (a reply, a
//! meeting, an inbound message) also becomes the person's last real touch.

use rapport_domain::ids::InteractionId;
use rapport_domain::interactions::{Interaction, NewInteraction};
use rapport_store::{Reader, Store, Writer};

use crate::{CoreError, CoreResult, Ctx};

/// Records an interaction with a live person.
pub fn log<S: Store>(ctx: &Ctx<'_, S>, new: NewInteraction) -> CoreResult<Interaction> {
    ctx.store.write(|w| {
        let mut person = w.person(ctx.owner, new.person_id)?;
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
        let interaction = new.into_interaction(InteractionId::new(), ctx.owner, ctx.now);
        w.insert_interaction(&interaction)?;
        if interaction.kind.is_real_touch(interaction.direction)
            && person.last_touch_at.is_none_or(|last| last < interaction.at)
        {
            person.last_touch_at = Some(interaction.at);
            person.updated_at = ctx.now;
            w.update_person(&person)?;
        }
        Ok(interaction)
    })
}
