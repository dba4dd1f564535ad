//! The seeker's profile and settings.

use rapport_domain::ValidationError;
use rapport_domain::profile::{Profile, Settings};
use rapport_store::{Reader, Store, Writer};

use crate::{CoreResult, Ctx, reminders};

/// The stored profile, or an empty one with default settings.
pub fn get<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Profile> {
    Ok(ctx.store.read(|r| r.profile(ctx.owner))?.unwrap_or_else(|| Profile::empty(ctx.owner, ctx.now)))
}

/// Saves the profile after checking its settings. A change to what reminders are timed by
/// (the time zone, holidays, the cut-off and reminder hours, whether the search is active)
/// rebuilds everyone's reminders in the same write.
pub fn save<S: Store>(ctx: &Ctx<'_, S>, mut profile: Profile) -> CoreResult<Profile> {
    profile.settings = profile.settings.validate()?;
    if jiff::tz::TimeZone::get(&profile.settings.time_zone).is_err() {
        return Err(ValidationError::new(
            "time_zone",
            format!(
                "`{}` is not a time zone rapport knows; use an IANA name such as America/Chicago or Europe/Berlin",
                profile.settings.time_zone
            ),
        )
        .into());
    }
    profile.owner = ctx.owner;
    profile.updated_at = ctx.now;
    ctx.store.write(|w| {
        let before = w.profile(ctx.owner)?.map(|p| p.settings).unwrap_or_default();
        w.put_profile(&profile)?;
        if times_reminders_differently(&before, &profile.settings) {
            reminders::refresh_all(w, ctx)?;
        }
        Ok::<_, crate::CoreError>(())
    })?;
    Ok(profile)
}

fn times_reminders_differently(a: &Settings, b: &Settings) -> bool {
    a.time_zone != b.time_zone
        || a.holidays != b.holidays
        || a.cutoff_hour != b.cutoff_hour
        || a.reminder_hour != b.reminder_hour
        || a.search_active != b.search_active
}
