//! Settings: the seeker's profile, time zone and holidays. The same fields make the
//! onboarding form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rapport_domain::ids::QuestionId;
use rapport_domain::profile::Profile;
use rapport_domain::question_bank::category_label;
use rapport_domain::questions::{NewQuestion, QuestionCategory};
use rapport_domain::values::Email;

use crate::error::AppError;
use crate::forms::{Form, Params, split_list};
use crate::page::{Chrome, Notice};
use crate::people::Choice;
use crate::state::AppState;

/// The profile form's values, as text.
pub(crate) struct ProfileForm {
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) target_roles: String,
    pub(crate) industry: String,
    pub(crate) pitch: String,
    pub(crate) affinities: String,
    pub(crate) time_zone: String,
    pub(crate) holidays: String,
}

impl ProfileForm {
    pub(crate) fn from_profile(profile: &Profile) -> Self {
        Self {
            name: profile.name.clone().unwrap_or_default(),
            email: profile.email.clone().unwrap_or_default(),
            target_roles: profile.target_roles.join(", "),
            industry: profile.target_industry.clone().unwrap_or_default(),
            pitch: profile.pitch.clone().unwrap_or_default(),
            affinities: profile.affinities.join("\n"),
            time_zone: profile.settings.time_zone.clone(),
            holidays: profile.settings.holidays.iter().map(Date::to_string).collect::<Vec<_>>().join("\n"),
        }
    }
}

/// The machine's time zone name, the default for a new profile.
pub(crate) fn machine_time_zone() -> String {
    TimeZone::system().iana_name().unwrap_or("UTC").to_string()
}

/// Writes the posted fields onto a profile, checking each.
pub(crate) fn apply(params: &Params, profile: &mut Profile) -> Result<(), AppError> {
    profile.name = Some(params.required("name", "Your name")?.to_string());
    profile.email = match params.text("email") {
        Some(raw) => Some(Email::parse(raw).map_err(|e| AppError::BadRequest(e.to_string()))?.to_string()),
        None => None,
    };
    profile.target_roles = split_list(params.raw("target_roles"));
    profile.target_industry = params.text("industry").map(str::to_string);
    profile.pitch = params.text("pitch").map(|p| p.replace("\r\n", "\n"));
    profile.affinities =
        params.raw("affinities").lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    let zone = params.required("time_zone", "Time zone")?;
    if TimeZone::get(zone).is_err() {
        return Err(AppError::BadRequest(format!(
            "time zone: `{zone}` is not a time zone name; use one such as Europe/Paris or America/Chicago"
        )));
    }
    profile.settings.time_zone = zone.to_string();
    let mut holidays = Vec::new();
    for line in params.raw("holidays").lines().map(str::trim).filter(|l| !l.is_empty()) {
        let day: Date = line
            .parse()
            .map_err(|_| AppError::BadRequest(format!("holidays: `{line}` is not a date; write it as 2026-12-25")))?;
        holidays.push(day);
    }
    holidays.sort();
    holidays.dedup();
    profile.settings.holidays = holidays;
    Ok(())
}

/// Saves the posted profile fields over the stored profile.
pub(crate) async fn save_profile(state: &AppState, params: Params) -> Result<Profile, AppError> {
    let saved = state
        .call(move |ctx| {
            let mut profile = rapport_core::profile::get(ctx)?;
            if let Err(e) = apply(&params, &mut profile) {
                return Ok(Err(e));
            }
            rapport_core::profile::save(ctx, profile).map(Ok)
        })
        .await??;
    state.remember_profile(&saved);
    Ok(saved)
}

#[derive(Template, WebTemplate)]
#[template(path = "settings.html")]
pub(crate) struct SettingsPage {
    chrome: Chrome,
    form: ProfileForm,
    notice: Option<Notice>,
    questions: Vec<QuestionView>,
    categories: Vec<Choice>,
}

/// One of the seeker's own questions, with its category choices for editing.
pub(crate) struct QuestionView {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) category: String,
    pub(crate) categories: Vec<Choice>,
}

fn category_choices(current: Option<QuestionCategory>) -> Vec<Choice> {
    QuestionCategory::ALL
        .iter()
        .map(|c| Choice { value: c.as_str().into(), label: category_label(*c).into(), selected: Some(*c) == current })
        .collect()
}

/// `GET /settings`.
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(query): RawQuery,
) -> Result<SettingsPage, AppError> {
    let (profile, own) =
        state.call(|ctx| Ok((rapport_core::profile::get(ctx)?, rapport_core::questions::list(ctx)?))).await?;
    let params = Params::from_query(query.as_deref());
    let notice = if params.has("saved") {
        Some(Notice::text("Settings saved."))
    } else {
        match params.text("notice") {
            Some("question-added") => Some(Notice::text("Question added: briefs can pick it now.")),
            Some("question-saved") => Some(Notice::text("Question saved.")),
            Some("question-deleted") => Some(Notice::text("Question deleted.")),
            _ => None,
        }
    };
    let mut form = ProfileForm::from_profile(&profile);
    if profile.name.is_none() && profile.settings.time_zone == "UTC" {
        form.time_zone = machine_time_zone();
    }
    let questions = own
        .iter()
        .map(|q| QuestionView {
            id: q.id.to_string(),
            text: q.text.clone(),
            category: category_label(q.category).to_string(),
            categories: category_choices(Some(q.category)),
        })
        .collect();
    Ok(SettingsPage { chrome, form, notice, questions, categories: category_choices(Some(QuestionCategory::Trends)) })
}

/// `POST /settings`.
pub(crate) async fn save(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    save_profile(&state, params).await?;
    Ok(Redirect::to("/settings?saved").into_response())
}

fn question_id(raw: &str) -> Result<QuestionId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(format!("no question with id {raw}; see your questions in Settings")))
}

/// `POST /settings/questions`: adds a question of the seeker's own.
pub(crate) async fn add_question(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    let category: QuestionCategory =
        params.parse_opt("category", "Category")?.ok_or_else(|| AppError::BadRequest("choose a category".into()))?;
    let new = NewQuestion::new(params.raw("text"), category).map_err(|e| AppError::BadRequest(e.to_string()))?;
    state.call(move |ctx| rapport_core::questions::add(ctx, new)).await?;
    Ok(Redirect::to("/settings?notice=question-added#questions").into_response())
}

/// `POST /settings/questions/{id}`: rewrites or (with `delete`) deletes one.
pub(crate) async fn edit_question(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(params): Form,
) -> Result<Response, AppError> {
    let id = question_id(&id)?;
    if params.has("delete") {
        state.call(move |ctx| rapport_core::questions::delete(ctx, id)).await?;
        return Ok(Redirect::to("/settings?notice=question-deleted#questions").into_response());
    }
    let category: QuestionCategory =
        params.parse_opt("category", "Category")?.ok_or_else(|| AppError::BadRequest("choose a category".into()))?;
    let text = params.raw("text").to_string();
    state.call(move |ctx| rapport_core::questions::edit(ctx, id, &text, category)).await?;
    Ok(Redirect::to("/settings?notice=question-saved#questions").into_response())
}
