//! The install's secrets: the key that signs form tokens and login cookies, and the token in
//! the calendar feed's URL.
//!
//! They live in a small file next to the store (`<store file>.web-secrets`, mode 0600), not in
//! memory only, so a restart keeps open tabs and calendar subscriptions working. Not in the
//! profile: the profile travels in exports and backups, and a secret copied into another
//! install would let one forge the other's forms; a file per store also gives every `--db`
//! its own secrets.

use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// What went wrong reading or writing the secrets file.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(
        "cannot read the web secrets file {path} ({detail}); check its permissions, or delete it to make new secrets"
    )]
    Read { path: PathBuf, detail: String },
    #[error("cannot write the web secrets file {path} ({detail}); check the folder's permissions")]
    Write { path: PathBuf, detail: String },
    #[error("the web secrets file {path} is damaged ({detail}); delete it and restart to make new secrets")]
    Damaged { path: PathBuf, detail: String },
    #[error("the system has no random numbers to make secrets with ({0})")]
    Random(String),
}

/// The per-install secrets.
#[derive(Clone)]
pub struct Secrets {
    key: [u8; 32],
    /// The token that grants read access to the calendar feed URL.
    pub feed_token: String,
    /// The file the secrets were read from (none for generated ones), where a new feed
    /// token is saved.
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets { .. }")
    }
}

impl Secrets {
    /// Fresh random secrets (tests, and the first start).
    pub fn generate() -> Result<Self, SecretsError> {
        let key = random_bytes::<32>()?;
        let token = random_bytes::<24>()?;
        Ok(Self { key, feed_token: hex(&token), path: None })
    }

    /// The secrets file that belongs to the store at `db_path`.
    pub fn path_for(db_path: &Path) -> PathBuf {
        let mut name = db_path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".web-secrets");
        db_path.with_file_name(name)
    }

    /// Reads the secrets file, making it (with fresh secrets) when missing.
    pub fn load_or_create(path: &Path) -> Result<Self, SecretsError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text)
                .map(|s| Self { path: Some(path.to_path_buf()), ..s })
                .map_err(|detail| SecretsError::Damaged { path: path.to_path_buf(), detail }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let secrets = Self { path: Some(path.to_path_buf()), ..Self::generate()? };
                secrets.write(path, &secrets.feed_token)?;
                Ok(secrets)
            }
            Err(e) => Err(SecretsError::Read { path: path.to_path_buf(), detail: e.to_string() }),
        }
    }

    fn parse(text: &str) -> Result<Self, String> {
        let mut key = None;
        let mut feed_token = None;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (name, value) = line.split_once('=').ok_or_else(|| format!("`{line}` is not name = value"))?;
            let value = value.trim().trim_matches('"');
            match name.trim() {
                "key" => key = Some(unhex::<32>(value).ok_or("the key is not 64 hex digits")?),
                "feed_token" if value.len() >= 32 && value.chars().all(|c| c.is_ascii_hexdigit()) => {
                    feed_token = Some(value.to_string())
                }
                "feed_token" => return Err("the feed token is not 32 or more hex digits".into()),
                other => return Err(format!("unknown entry `{other}`")),
            }
        }
        Ok(Self {
            key: key.ok_or("the key is missing")?,
            feed_token: feed_token.ok_or("the feed token is missing")?,
            path: None,
        })
    }

    /// A new random feed token, saved to the secrets file (when the secrets came from one)
    /// before it is returned, so a restart keeps it. The old feed URL stops working.
    pub fn rotate_feed_token(&self) -> Result<String, SecretsError> {
        let token = hex(&random_bytes::<24>()?);
        if let Some(path) = &self.path {
            let mut temp = path.as_os_str().to_os_string();
            temp.push(".new");
            let temp = PathBuf::from(temp);
            let _ = std::fs::remove_file(&temp);
            self.write(&temp, &token)?;
            std::fs::rename(&temp, path)
                .map_err(|e| SecretsError::Write { path: path.clone(), detail: e.to_string() })?;
        }
        Ok(token)
    }

    fn write(&self, path: &Path, feed_token: &str) -> Result<(), SecretsError> {
        use std::io::Write;
        let text = format!(
            "# rapport's web secrets for the store next to this file. Keep private; delete to make new ones.\nkey = \"{}\"\nfeed_token = \"{}\"\n",
            hex(&self.key),
            feed_token
        );
        let err = |e: std::io::Error| SecretsError::Write { path: path.to_path_buf(), detail: e.to_string() };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(err)?;
        file.write_all(text.as_bytes()).map_err(err)?;
        file.sync_all().map_err(err)
    }

    /// The HMAC-SHA256 of `purpose` and `message` under the install key, in hex.
    pub(crate) fn sign(&self, purpose: &str, message: &str) -> String {
        hex(&self.mac(purpose, message).finalize().into_bytes())
    }

    /// True when `signature` is [`Secrets::sign`] of the same input (compared in constant time).
    pub(crate) fn verify(&self, purpose: &str, message: &str, signature: &str) -> bool {
        let Some(bytes) = unhex::<32>(signature) else { return false };
        self.mac(purpose, message).verify_slice(&bytes).is_ok()
    }

    fn mac(&self, purpose: &str, message: &str) -> Hmac<Sha256> {
        // An HMAC takes a key of any length, so this cannot fail.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!());
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(message.as_bytes());
        mac
    }
}

/// `N` random bytes from the operating system.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], SecretsError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| SecretsError::Random(e.to_string()))?;
    Ok(bytes)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (i, pair) in text.as_bytes().chunks(2).enumerate() {
        let digits = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(digits, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = Secrets::path_for(&dir.path().join("rapport.sqlite3"));
        assert!(path.ends_with("rapport.sqlite3.web-secrets"));
        let first = Secrets::load_or_create(&path).unwrap();
        let second = Secrets::load_or_create(&path).unwrap();
        assert_eq!(first.key, second.key);
        assert_eq!(first.feed_token, second.feed_token);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_rotated_feed_token_is_saved_and_the_key_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = Secrets::path_for(&dir.path().join("rapport.sqlite3"));
        let first = Secrets::load_or_create(&path).unwrap();
        let token = first.rotate_feed_token().unwrap();
        assert_ne!(token, first.feed_token);
        let again = Secrets::load_or_create(&path).unwrap();
        assert_eq!((again.key, again.feed_token.as_str()), (first.key, token.as_str()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_file_is_named_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.web-secrets");
        std::fs::write(&path, "key = \"12\"\n").unwrap();
        let err = Secrets::load_or_create(&path).unwrap_err();
        assert!(matches!(err, SecretsError::Damaged { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "key = \"12\"\n");
    }

    #[test]
    fn signatures_check_purpose_and_message() {
        let secrets = Secrets::generate().unwrap();
        let sig = secrets.sign("csrf", "abc");
        assert!(secrets.verify("csrf", "abc", &sig));
        assert!(!secrets.verify("session", "abc", &sig));
        assert!(!secrets.verify("csrf", "abd", &sig));
        assert!(!secrets.verify("csrf", "abc", "zz"));
        assert!(!Secrets::generate().unwrap().verify("csrf", "abc", &sig));
    }
}
