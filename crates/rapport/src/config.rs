//! The config file (`config.toml` in the XDG config folder, or `--config`), and the
//! effective configuration: each value with where it came from.

use std::path::{Path, PathBuf};

use anyhow::Context;
use etcetera::BaseStrategy;
use serde::{Deserialize, Serialize};

/// What `config.toml` may hold. Every key is optional.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileConfig {
    /// The store file.
    pub(crate) db: Option<PathBuf>,
    /// Web server settings.
    #[serde(default)]
    pub(crate) serve: ServeConfig,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServeConfig {
    /// Address for `rapport serve` (default 127.0.0.1:7878).
    pub(crate) addr: Option<String>,
    /// An argon2 hash (from `rapport serve --hash-password`); when set, the web app asks for
    /// the password, and may listen beyond this machine.
    pub(crate) password_hash: Option<String>,
    /// The largest file the web app accepts for an import, in megabytes (default 50).
    pub(crate) upload_limit_mb: Option<u32>,
}

/// The standard folders.
pub(crate) fn default_config_path() -> anyhow::Result<PathBuf> {
    Ok(strategy()?.config_dir().join("rapport").join("config.toml"))
}

pub(crate) fn default_db_path() -> anyhow::Result<PathBuf> {
    Ok(strategy()?.data_dir().join("rapport").join("rapport.sqlite3"))
}

fn strategy() -> anyhow::Result<impl BaseStrategy> {
    etcetera::choose_base_strategy()
        .context("cannot find your home folder to keep rapport's files; set HOME, or pass --db and --config")
}

/// Reads a config file; a missing file is an empty config.
pub(crate) fn load(path: &Path) -> anyhow::Result<FileConfig> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileConfig::default()),
        Err(e) => return Err(e).with_context(|| format!("cannot read the config file {}", path.display())),
    };
    toml::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "the config file {} is not valid: {}\nfix it, or move it aside to use the defaults",
            path.display(),
            e.to_string().trim_end()
        )
    })
}
