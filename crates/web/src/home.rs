//! The start page and onboarding: a store without a profile name leads to the welcome form
//! (profile, time zone, holidays) or to loading demo data.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use rapport_core::CoreError;
use rapport_core::demo::{self, DemoConfig};

use crate::error::AppError;
use crate::forms::Form;
use crate::page::Chrome;
use crate::settings::{ProfileForm, machine_time_zone, save_profile};
use crate::state::AppState;

/// `GET /`: onboarding for a new store, else Today.
pub(crate) async fn index(State(state): State<AppState>) -> Result<Response, AppError> {
    let profile = state.call(rapport_core::profile::get).await?;
    let target = if profile.name.is_none() { "/welcome" } else { "/today" };
    Ok(Redirect::to(target).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "welcome.html")]
pub(crate) struct WelcomePage {
    chrome: Chrome,
    form: ProfileForm,
    demo_people: u32,
}

/// `GET /welcome`: the onboarding form; a store that has a profile goes to its settings.
pub(crate) async fn welcome(State(state): State<AppState>, chrome: Chrome) -> Result<Response, AppError> {
    let profile = state.call(rapport_core::profile::get).await?;
    if profile.name.is_some() {
        return Ok(Redirect::to("/settings").into_response());
    }
    let mut form = ProfileForm::from_profile(&profile);
    form.time_zone = machine_time_zone();
    Ok(WelcomePage { chrome, form, demo_people: state.config.demo_people }.into_response())
}

/// `POST /welcome`: saves the profile and starts.
pub(crate) async fn save_welcome(State(state): State<AppState>, Form(params): Form) -> Result<Response, AppError> {
    save_profile(&state, params).await?;
    Ok(Redirect::to("/people?notice=welcome").into_response())
}

/// `POST /welcome/demo`: fills an empty store with demo data (anchored to the start of
/// today, UTC, like `rapport demo`).
pub(crate) async fn load_demo(State(state): State<AppState>) -> Result<Response, AppError> {
    let people = state.config.demo_people;
    let profile = state
        .call(move |ctx| {
            let counts = rapport_core::counts(ctx)?;
            if counts.people > 0 {
                return Err(CoreError::Refused(format!(
                    "this store already holds {} people; demo data is for trying rapport out, so start `rapport serve --db demo.sqlite3` to use a separate file",
                    counts.people
                )));
            }
            let today = ctx.now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
            let anchor = today
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp())
                .unwrap_or(ctx.now);
            let anchored = rapport_core::Ctx::at(ctx.store, ctx.owner, anchor);
            demo::fill(&anchored, DemoConfig { people, seed: 1 })?;
            rapport_core::profile::get(ctx)
        })
        .await?;
    state.remember_profile(&profile);
    Ok(Redirect::to("/people?notice=demo").into_response())
}
