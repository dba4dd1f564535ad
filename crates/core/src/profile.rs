//! The seeker's profile and settings.

use rapport_domain::profile::Profile;
use rapport_store::{Reader, Store, Writer};

use crate::{CoreResult, Ctx};

/// The stored profile, or an empty one with default settings.
pub fn get<S: Store>(ctx: &Ctx<'_, S>) -> CoreResult<Profile> {
    Ok(ctx.store.read(|r| r.profile(ctx.owner))?.unwrap_or_else(|| Profile::empty(ctx.owner, ctx.now)))
}

/// Saves the profile after checking its settings.
pub fn save<S: Store>(ctx: &Ctx<'_, S>, mut profile: Profile) -> CoreResult<Profile> {
    profile.settings = profile.settings.validate()?;
    profile.owner = ctx.owner;
    profile.updated_at = ctx.now;
    ctx.store.write(|w| w.put_profile(&profile))?;
    Ok(profile)
}
