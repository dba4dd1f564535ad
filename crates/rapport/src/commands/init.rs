//! `rapport init`: create the store and the seeker's profile.

use anyhow::Context;

use crate::env::{self, Env};
use crate::output::{self, GOOD, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Your name, for drafts you send.
    #[arg(long)]
    name: Option<String>,
    /// Your email address.
    #[arg(long)]
    email: Option<String>,
    /// Your time zone (IANA name, e.g. America/Chicago) [default: this machine's].
    #[arg(long, value_name = "ZONE")]
    time_zone: Option<String>,
    /// Roles you are looking for (repeat the flag for several).
    #[arg(long = "target-role", value_name = "ROLE")]
    target_roles: Vec<String>,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let existed = env.db_path.exists();
    let store = env.create_store()?;
    let ctx = env::ctx(&store);
    let mut profile = rapport_core::profile::get(&ctx)?;
    if let Some(name) = args.name {
        profile.name = Some(name);
    }
    if let Some(email) = args.email {
        profile.email = Some(rapport_domain::values::Email::parse(&email)?.to_string());
    }
    if !args.target_roles.is_empty() {
        profile.target_roles = args.target_roles;
    }
    let zone = match args.time_zone {
        Some(zone) => Some(zone),
        None if !existed => jiff::tz::TimeZone::system().iana_name().map(str::to_string),
        None => None,
    };
    if let Some(zone) = zone {
        jiff::tz::TimeZone::get(&zone)
            .with_context(|| format!("`{zone}` is not a time zone; use an IANA name such as Europe/Berlin"))?;
        profile.settings.time_zone = zone;
    }
    rapport_core::profile::save(&ctx, profile.clone())?;
    let verb = if existed { "Your store is ready at" } else { "Created your store at" };
    output::print(&format!("{} {}", styled(GOOD, verb), env.db_path.display()))?;
    output::print(&format!(
        "Time zone: {} (change it with `rapport init --time-zone ZONE`)",
        profile.settings.time_zone
    ))?;
    output::print("Next: add someone with `rapport person add \"Ana Silva\" --email ana@example.com --org Acme`")?;
    Ok(())
}
