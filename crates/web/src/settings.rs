//! Settings: the seeker's profile, time zone and holidays. The same fields make the
//! onboarding form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use rapport_domain::profile::Profile;
use rapport_domain::values::Email;

use crate::error::AppError;
use crate::forms::{Form, Params, split_list};
use crate::page::{Chrome, Notice};
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
}

/// `GET /settings`.
pub(crate) async fn index(
    State(state): State<AppState>,
    chrome: Chrome,
    RawQuery(query): RawQuery,
) -> Result<SettingsPage, AppError> {
    let profile = state.call(rapport_core::profile::get).await?;
    let notice = Params::from_query(query.as_deref()).has("saved").then(|| Notice::text("Settings saved."));
    let mut form = ProfileForm::from_profile(&profile);
    if profile.name.is_none() && profile.settings.time_zone == "UTC" {
        form.time_zone = machine_time_zone();
    }
    Ok(SettingsPage { chrome, form, notice })
}

/// `POST /settings`.
pub(crate) async fn save(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    save_profile(&state, params).await?;
    Ok(Redirect::to("/settings?saved").into_response())
}
