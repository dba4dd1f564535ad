//! The trash: what was deleted, bringing it back, and emptying it for good.

use rapport_domain::ids::{MeetingId, OpeningId, OrganizationId, PersonId};
use rapport_store::{OpeningFilter, Page, Reader, Store, TrashItem, Trashable, Writer};

use crate::{CoreError, CoreResult, Ctx, openings, reminders};

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
        let before = match record {
            Trashable::Opening(id) => Some(w.opening(ctx.owner, id)?),
            _ => None,
        };
        w.set_trashed(ctx.owner, record, None)?;
        match record {
            Trashable::Person(id) => reminders::refresh_with_counterparts(w, ctx, &[id])?,
            Trashable::Meeting(id) => reminders::refresh(w, ctx, &[w.meeting(ctx.owner, id)?.person_id])?,
            Trashable::Opening(id) => openings::after_change(w, ctx, before.as_ref(), &w.opening(ctx.owner, id)?)?,
            // An employer's trip to the trash changes no one's reminders.
            Trashable::Organization(_) => {}
        }
        Ok(item)
    })
}

/// Deletes everything in the trash for good; returns how many records went. Whoever is left
/// and had something to do with what went (an introduction with a purged person, a job at a
/// purged employer, an opening there they referred) has their reminders rebuilt, so none
/// points at a record that is gone.
pub fn empty<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<u64> {
    ctx.store.write(|w| {
        let mut touched: Vec<PersonId> = Vec::new();
        for item in w.trash(ctx.owner)? {
            match item.kind {
                "person" => {
                    let id = PersonId::from_uuid(item.id);
                    for intro in w.introductions_for_person(ctx.owner, id)? {
                        touched.push(if intro.introducer_id == id { intro.introduced_id } else { intro.introducer_id });
                    }
                }
                "organization" => {
                    let id = OrganizationId::from_uuid(item.id);
                    touched.extend(w.people_at_organization(ctx.owner, id, false)?.iter().map(|p| p.id));
                    let filter = OpeningFilter { organization_id: Some(id), ..Default::default() };
                    for trashed in [false, true] {
                        let filter = OpeningFilter { trashed, ..filter.clone() };
                        touched.extend(w.openings(ctx.owner, &filter, Page::ALL)?.iter().filter_map(|o| o.referrer_id));
                    }
                }
                "opening" => touched.extend(w.opening(ctx.owner, OpeningId::from_uuid(item.id))?.referrer_id),
                _ => touched.push(w.meeting(ctx.owner, MeetingId::from_uuid(item.id))?.person_id),
            }
        }
        let gone = w.empty_trash(ctx.owner)?;
        reminders::refresh(w, ctx, &touched)?;
        Ok(gone)
    })
}
