//! The web server's settings, as the command line hands them over: limits, the optional
//! password, and how much demo data the onboarding button makes.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

/// Where `rapport serve` listens unless told otherwise: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

/// How the server behaves. Build with `WebConfig::default()` and set the public fields.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// An argon2 PHC string (`$argon2id$…`). When set, a login page guards every route.
    pub password_hash: Option<String>,
    /// The largest upload (a file import), in bytes.
    pub upload_limit: usize,
    /// The largest ordinary form, in bytes.
    pub form_limit: usize,
    /// How many people "Load demo data" makes.
    pub demo_people: u32,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self { password_hash: None, upload_limit: 50 * 1024 * 1024, form_limit: 64 * 1024, demo_people: 300 }
    }
}

impl WebConfig {
    /// True when the configured password matches. A hash that does not parse never matches
    /// (the server refuses to start with one; see [`WebConfig::check`]).
    pub(crate) fn password_matches(&self, password: &str) -> bool {
        let Some(hash) = &self.password_hash else { return false };
        match PasswordHash::new(hash) {
            Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        }
    }

    /// Checks the settings before the server starts.
    pub fn check(&self) -> Result<(), String> {
        if let Some(hash) = &self.password_hash
            && PasswordHash::new(hash).is_err()
        {
            return Err("serve.password_hash is not an argon2 hash; make one with `rapport serve --hash-password` and paste it into the config file".into());
        }
        if self.form_limit == 0 || self.upload_limit == 0 {
            return Err("the form and upload limits must be above zero".into());
        }
        Ok(())
    }
}

/// Hashes a password for `serve.password_hash` (argon2id with a random salt).
pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < 8 {
        return Err("use a password of at least 8 characters".into());
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_matches_only_itself() {
        let hash = hash_password("correct horse").unwrap();
        let config = WebConfig { password_hash: Some(hash), ..Default::default() };
        assert!(config.check().is_ok());
        assert!(config.password_matches("correct horse"));
        assert!(!config.password_matches("wrong horse"));
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn a_broken_hash_is_refused_before_start() {
        let config = WebConfig { password_hash: Some("plain text".into()), ..Default::default() };
        assert!(config.check().unwrap_err().contains("--hash-password"));
        assert!(!config.password_matches("plain text"));
    }
}
