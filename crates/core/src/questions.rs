//! The seeker's own questions: added to rapport's bank, picked for briefs like the bank's own
//! (never one already asked to the same person), edited and deleted from Settings.

use rapport_domain::ids::QuestionId;
use rapport_domain::questions::{NewQuestion, Question, QuestionCategory};
use rapport_store::{Reader, Store, Writer};

use crate::{CoreError, CoreResult, Ctx};

/// The seeker's own questions, oldest first.
pub fn list<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Vec<Question>> {
    let mut own = ctx.store.read(|r| r.questions(ctx.owner))?;
    own.retain(|q| q.owner == Some(ctx.owner));
    own.sort_by_key(|q| (q.created_at, q.id));
    Ok(own)
}

/// Adds a question of the seeker's own.
pub fn add<S: Store>(ctx: &Ctx<'_, S>, new: NewQuestion) -> CoreResult<Question> {
    let question = new.into_question(QuestionId::new(), ctx.owner, ctx.now);
    ctx.store.write(|w| w.insert_question(&question))?;
    Ok(question)
}

fn own<R: Reader, S>(r: &R, ctx: &Ctx<'_, S>, id: QuestionId) -> CoreResult<Question> {
    let question = r.question(ctx.owner, id)?;
    if question.owner != Some(ctx.owner) {
        return Err(CoreError::Refused(
            "that question is one of rapport's own; only the questions you added can be changed".into(),
        ));
    }
    Ok(question)
}

/// Rewrites one of the seeker's questions (its words and where it sits in the meeting).
pub fn edit<S: Store>(
    ctx: &Ctx<'_, S>,
    id: QuestionId,
    text: &str,
    category: QuestionCategory,
) -> CoreResult<Question> {
    let checked = NewQuestion::new(text, category)?;
    ctx.store.write(|w| {
        let mut question = own(w, ctx, id)?;
        question.text = checked.text;
        question.category = checked.category;
        w.update_question(&question)?;
        Ok(question)
    })
}

/// Deletes one of the seeker's questions. Briefs that picked it keep their copy of the id;
/// a brief built later no longer offers it.
pub fn delete<S: Store>(ctx: &Ctx<'_, S>, id: QuestionId) -> CoreResult<Question> {
    ctx.store.write(|w| {
        let question = own(w, ctx, id)?;
        w.delete_question(ctx.owner, id)?;
        Ok(question)
    })
}
