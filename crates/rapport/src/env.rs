//! The environment a command runs in: the effective config, the store path, and opening the
//! store with a clear message when there is none yet.

use std::path::PathBuf;

use anyhow::Context;
use jiff::Timestamp;
use rapport_core::Ctx;
use rapport_domain::ids::AccountId;
use rapport_store_sqlite::{OpenMode, SqliteStore};

use crate::cli::Cli;
use crate::config::{self, FileConfig};

/// Where a setting's value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Origin {
    Default,
    ConfigFile,
    Environment,
    Flag,
}

/// The settings every command shares.
pub(crate) struct Env {
    pub(crate) config_path: PathBuf,
    pub(crate) config_origin: Origin,
    pub(crate) file: FileConfig,
    pub(crate) db_path: PathBuf,
    pub(crate) db_origin: Origin,
}

/// There is no store at the path yet.
#[derive(Debug)]
pub(crate) struct MissingStore(pub(crate) PathBuf);

impl std::fmt::Display for MissingStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "there is no rapport store at {}; create one with `rapport init` (or point --db / RAPPORT_DB at yours)",
            self.0.display()
        )
    }
}

impl std::error::Error for MissingStore {}

impl Env {
    pub(crate) fn from_cli(cli: &Cli) -> anyhow::Result<Self> {
        let (config_path, config_origin) = match &cli.config {
            Some(path) if std::env::var_os("RAPPORT_CONFIG").is_some_and(|v| v == path.as_os_str()) => {
                (path.clone(), Origin::Environment)
            }
            Some(path) => (path.clone(), Origin::Flag),
            None => (config::default_config_path()?, Origin::Default),
        };
        let file = config::load(&config_path)?;
        let (db_path, db_origin) = match (&cli.db, &file.db) {
            (Some(path), _) if std::env::var_os("RAPPORT_DB").is_some_and(|v| v == path.as_os_str()) => {
                (path.clone(), Origin::Environment)
            }
            (Some(path), _) => (path.clone(), Origin::Flag),
            (None, Some(path)) => (path.clone(), Origin::ConfigFile),
            (None, None) => (config::default_db_path()?, Origin::Default),
        };
        if let Some(Err(e)) = fixed_now() {
            return Err(e);
        }
        Ok(Self { config_path, config_origin, file, db_path, db_origin })
    }

    /// Opens the existing store; a missing one is an error that says to run `rapport init`.
    pub(crate) fn open_store(&self) -> anyhow::Result<SqliteStore> {
        if !self.db_path.exists() {
            return Err(MissingStore(self.db_path.clone()).into());
        }
        SqliteStore::open(&self.db_path, OpenMode::Existing)
            .with_context(|| format!("cannot open the store at {}", self.db_path.display()))
    }

    /// Opens the store, creating it when missing.
    pub(crate) fn create_store(&self) -> anyhow::Result<SqliteStore> {
        SqliteStore::open(&self.db_path, OpenMode::Create)
            .with_context(|| format!("cannot create a store at {}", self.db_path.display()))
    }
}

/// The context for the single local account, now: the clock's time, or `RAPPORT_NOW` when
/// set (checked in [`Env::from_cli`]).
pub(crate) fn ctx(store: &SqliteStore) -> Ctx<'_, SqliteStore> {
    match fixed_now() {
        Some(Ok(now)) => Ctx::at(store, AccountId::LOCAL, now),
        _ => Ctx::now(store, AccountId::LOCAL),
    }
}

/// `RAPPORT_NOW`, a testing aid: an RFC 3339 instant (`2025-01-14T09:00:00-06:00`) that every
/// command takes as "now", so a scripted story can span days. Only this edge reads it; the
/// use cases are handed the time like any other.
pub(crate) const NOW_VARIABLE: &str = "RAPPORT_NOW";

fn fixed_now() -> Option<anyhow::Result<Timestamp>> {
    let raw = std::env::var(NOW_VARIABLE).ok()?;
    Some(raw.trim().parse::<Timestamp>().map_err(|e| {
        anyhow::anyhow!(
            "{NOW_VARIABLE}=`{raw}` is not an instant ({e}); write it as RFC 3339, e.g. 2025-01-14T09:00:00-06:00, or unset it"
        )
    }))
}
