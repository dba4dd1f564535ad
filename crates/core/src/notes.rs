//! Notes about people, organizations, openings and meetings.

use rapport_domain::ids::NoteId;
use rapport_domain::notes::{NewNote, Note};
use rapport_store::{Store, Writer};

use crate::{CoreResult, Ctx};

pub fn add<S: Store>(ctx: &Ctx<'_, S>, new: NewNote) -> CoreResult<Note> {
    ctx.store.write(|w| {
        let note = new.into_note(NoteId::new(), ctx.owner, ctx.now);
        w.insert_note(&note)?;
        Ok(note)
    })
}
