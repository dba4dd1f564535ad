//! The trash: what was deleted, bringing it back, and emptying it for good.

use rapport_domain::ids::{MeetingId, OpeningId, OrganizationId, PersonId};
use rapport_store::{Reader, Store, TrashItem, Trashable, Writer};

use crate::{CoreError, CoreResult, Ctx};

pub fn list<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Vec<TrashItem>> {
    Ok(ctx.store.read(|r| r.trash(ctx.owner))?)
}

/// Restores the trashed record whose id (full or short) is `text`.
pub fn restore<S: Store>(ctx: &Ctx<'_, S>, text: &str) -> CoreResult<TrashItem> {
    let wanted = text.trim().to_ascii_lowercase();
    ctx.store.write(|w| {
        let items = w.trash(ctx.owner)?;
        let found: Vec<&TrashItem> = items
            .iter()
            .filter(|i| i.id.to_string() == wanted || i.id.simple().to_string().ends_with(&wanted))
            .collect();
        let item = match found.as_slice() {
            [one] => (*one).clone(),
            [] => {
                return Err(CoreError::NoMatch {
                    kind: "trashed record",
                    query: text.to_string(),
                    hint: "see what is in the trash with `rapport trash list`".into(),
                });
            }
            many => {
                return Err(CoreError::Ambiguous {
                    kind: "trashed record",
                    query: text.to_string(),
                    count: many.len(),
                    candidates: many.iter().map(|i| i.title.clone()).collect::<Vec<_>>().join(", "),
                });
            }
        };
        let record = match item.kind {
            "person" => Trashable::Person(PersonId::from_uuid(item.id)),
            "organization" => Trashable::Organization(OrganizationId::from_uuid(item.id)),
            "opening" => Trashable::Opening(OpeningId::from_uuid(item.id)),
            _ => Trashable::Meeting(MeetingId::from_uuid(item.id)),
        };
        w.set_trashed(ctx.owner, record, None)?;
        Ok(item)
    })
}

/// Deletes everything in the trash for good; returns how many records went.
pub fn empty<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<u64> {
    Ok(ctx.store.write(|w| w.empty_trash(ctx.owner))?)
}
