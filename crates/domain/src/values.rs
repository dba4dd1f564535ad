//! Validated values shared by several records: email addresses, phone numbers, web links,
//! tags and bounded scores. Each constructor checks its precondition once, so code that
//! holds one never checks again.

use std::fmt;
use std::str::FromStr;

use crate::ValidationError;

/// An email address, trimmed, with a lower-cased domain (the local part keeps its case,
/// as RFC 5321 allows servers to treat it as case-sensitive).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim().trim_start_matches("mailto:").trim();
        if !email_address::EmailAddress::is_valid(trimmed) {
            return Err(ValidationError::new(
                "email",
                format!("`{raw}` is not an email address; write it as name@example.com"),
            ));
        }
        let (local, domain) = trimmed.rsplit_once('@').unwrap_or((trimmed, ""));
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used to match the same mailbox across imports: all lower case.
    pub fn match_key(&self) -> String {
        self.0.to_lowercase()
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.0)
    }
}

impl FromStr for Email {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A phone number as the person wrote it, which must hold at least five digits.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim().trim_start_matches("tel:").trim();
        let digits = trimmed.chars().filter(char::is_ascii_digit).count();
        let allowed = |c: char| c.is_ascii_digit() || " +-().,/#*xXextEXT".contains(c);
        if digits < 5 || !trimmed.chars().all(allowed) {
            return Err(ValidationError::new(
                "phone",
                format!("`{raw}` is not a phone number; write digits, spaces, + - ( ) only"),
            ));
        }
        Ok(Self(trimmed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits only, with a leading `+` kept: the form used to spot the same number twice.
    pub fn match_key(&self) -> String {
        let mut key = String::new();
        if self.0.starts_with('+') {
            key.push('+');
        }
        key.extend(self.0.chars().filter(char::is_ascii_digit));
        key
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a web link points at.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum LinkKind {
    LinkedIn,
    Website,
    Other,
}

impl LinkKind {
    pub const ALL: [LinkKind; 3] = [LinkKind::LinkedIn, LinkKind::Website, LinkKind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::LinkedIn => "linkedin",
            LinkKind::Website => "website",
            LinkKind::Other => "other",
        }
    }
}

impl FromStr for LinkKind {
    type Err = ValidationError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_enum(s, "link kind", &Self::ALL, |k| k.as_str())
    }
}

/// An http(s) link. LinkedIn profile links are normalized to
/// `https://www.linkedin.com/in/<slug>` so the same profile matches however it was copied.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Link {
    pub kind: LinkKind,
    url: String,
}

impl Link {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let trimmed = raw.trim();
        if let Some(url) = canonical_linkedin(trimmed) {
            return Ok(Self { kind: LinkKind::LinkedIn, url });
        }
        let with_scheme = if trimmed.contains("://") { trimmed.to_string() } else { format!("https://{trimmed}") };
        let parsed = url::Url::parse(&with_scheme).map_err(|_| {
            ValidationError::new("link", format!("`{raw}` is not a web address; write it as https://example.com/…"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(ValidationError::new("link", format!("`{raw}` is not an http(s) web address")));
        }
        if let Some(slug) = linkedin_slug(&parsed) {
            return Ok(Self { kind: LinkKind::LinkedIn, url: format!("https://www.linkedin.com/in/{slug}") });
        }
        Ok(Self { kind: LinkKind::Website, url: parsed.to_string() })
    }

    /// A link of the given kind (a website the seeker labelled as "other", say).
    pub fn with_kind(mut self, kind: LinkKind) -> Self {
        if self.kind != LinkKind::LinkedIn {
            self.kind = kind;
        }
        self
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The normalized LinkedIn profile URL, if this is one: the identity key of a LinkedIn
    /// import.
    pub fn linkedin_key(&self) -> Option<&str> {
        (self.kind == LinkKind::LinkedIn).then_some(self.url.as_str())
    }
}

/// The normalized form of a profile link already written the way LinkedIn exports write
/// it (`https://www.linkedin.com/in/<slug>`, an optional final `/`), or `None` for any other
/// shape. The slug may hold letters and digits of any script, `-`, `_` and percent-escapes
/// (`jos%C3%A9`): the URL parser leaves such a path as it is (escaping only the raw non-ASCII
/// letters, which the decoding below undoes), so the link normalizes to the decoded slug in
/// lower case, which is what the general path below computes. Skipping the URL parser for
/// it halves the cost of reading a 30,000-row LinkedIn export's links. (`+`, `.` and `~` are
/// left to the parser: a form decoder reads `+` as a space, and `.` segments are resolved.)
fn canonical_linkedin(trimmed: &str) -> Option<String> {
    const PREFIX: &str = "https://www.linkedin.com/in/";
    let rest = trimmed.strip_prefix(PREFIX)?;
    let slug = rest.strip_suffix('/').unwrap_or(rest);
    let plain = !slug.is_empty()
        && slug.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '%') || (!c.is_ascii() && c.is_alphanumeric())
        });
    if !plain {
        return None;
    }
    if slug.is_ascii() && !slug.contains('%') {
        return Some(format!("{PREFIX}{}", slug.to_ascii_lowercase()));
    }
    let decoded = if slug.contains('%') { percent_decode(slug) } else { slug.to_string() };
    // `%2e` and `%2e%2e` are the dot segments `.` and `..` to the URL parser, which drops
    // them (or the `in/` before them): the parser has the last word on those.
    if decoded == "." || decoded == ".." {
        return None;
    }
    Some(format!("{PREFIX}{}", decoded.to_lowercase()))
}

fn linkedin_slug(url: &url::Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    if host != "linkedin.com" && !host.ends_with(".linkedin.com") {
        return None;
    }
    let mut segments = url.path_segments()?.filter(|s| !s.is_empty());
    if segments.next()? != "in" {
        return None;
    }
    let slug = segments.next()?;
    let decoded = percent_decode(slug);
    Some(decoded.to_lowercase())
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// A tag: trimmed, lower case, spaces folded to `-`, at most 40 characters.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Tag(String);

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let folded: String =
            raw.trim().trim_start_matches('#').split_whitespace().collect::<Vec<_>>().join("-").to_lowercase();
        if folded.is_empty() {
            return Err(ValidationError::new("tag", "a tag cannot be empty"));
        }
        if folded.chars().count() > 40 || folded.contains(',') {
            return Err(ValidationError::new(
                "tag",
                format!("`{raw}` is not a tag; use at most 40 characters and no commas"),
            ));
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks that `value` lies in `min..=max` for the named field.
pub fn bounded(field: &str, value: u8, min: u8, max: u8) -> Result<u8, ValidationError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ValidationError::new(field, format!("{value} is out of range; use a whole number from {min} to {max}")))
    }
}

/// Non-empty, trimmed text for a required field.
pub fn required(field: &str, raw: &str) -> Result<String, ValidationError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new(field, format!("{field} is required and cannot be empty")));
    }
    Ok(trimmed.to_string())
}

/// Optional text: blank becomes `None`.
pub fn optional(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Parses one of a closed set of words, listing the allowed words when it fails.
pub fn parse_enum<T: Copy>(
    raw: &str,
    what: &str,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Result<T, ValidationError> {
    let wanted = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    all.iter().copied().find(|v| name(*v) == wanted).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
        ValidationError::new(
            what.replace(' ', "_"),
            format!("`{raw}` is not a {what}; use one of: {}", names.join(", ")),
        )
    })
}

/// Folds a name for matching: ASCII transliteration, lower case, letters and digits only,
/// single spaces. "José  Müller-Smith" and "jose muller smith" fold the same.
pub fn fold_name(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_lowercases_the_domain_only() {
        let email = Email::parse("  Ana.Silva@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "Ana.Silva@example.com");
        assert_eq!(email.match_key(), "ana.silva@example.com");
        assert!(Email::parse("not-an-email").is_err());
        assert!(Email::parse("mailto:x@y.org").is_ok());
    }

    #[test]
    fn linkedin_links_normalize_to_one_key() {
        let forms = [
            "https://www.linkedin.com/in/Ana-Silva/",
            "http://linkedin.com/in/ana-silva?trk=abc",
            "www.linkedin.com/in/ana-silva",
            "https://uk.linkedin.com/in/ana-silva/details/",
            "https://www.linkedin.com/in/ana%2Dsilva",
        ];
        for form in forms {
            let link = Link::parse(form).unwrap();
            assert_eq!(link.linkedin_key(), Some("https://www.linkedin.com/in/ana-silva"), "{form}");
        }
        // A name outside ASCII, escaped (as LinkedIn writes it) or not, is one key.
        for form in [
            "https://www.linkedin.com/in/Jos%C3%A9-Garc%C3%ADa-1a2b",
            "https://www.linkedin.com/in/josé-garcía-1a2b/",
            "http://linkedin.com/in/JOSÉ-GARCÍA-1a2b?trk=abc",
        ] {
            let link = Link::parse(form).unwrap();
            assert_eq!(link.linkedin_key(), Some("https://www.linkedin.com/in/josé-garcía-1a2b"), "{form}");
        }
        let site = Link::parse("example.org/blog").unwrap();
        assert_eq!(site.kind, LinkKind::Website);
        assert_eq!(site.linkedin_key(), None);
        assert!(Link::parse("ftp://example.org").is_err());
    }

    #[test]
    fn an_escaped_dot_segment_is_left_to_the_url_parser() {
        for slug in ["%2e", "%2E", "%2e%2E", "%2e/"] {
            assert_eq!(canonical_linkedin(&format!("https://www.linkedin.com/in/{slug}")), None, "{slug}");
        }
        assert_eq!(
            canonical_linkedin("https://www.linkedin.com/in/a%2eb").as_deref(),
            Some("https://www.linkedin.com/in/a.b"),
            "a dot inside a slug is only a dot"
        );
    }

    proptest::proptest! {
        /// The shortcut for links in LinkedIn's own form gives what the URL parser gives.
        #[test]
        fn the_linkedin_shortcut_agrees_with_the_url_parser(
            slug in "([A-Za-z0-9_%+.~éÉüÜßİΣσıÅ日本-]|%[0-9A-Fa-f]{2}|%C3%A9|%C3%89|%CE%A3){0,12}",
            slash in proptest::bool::ANY,
        ) {
            let raw = format!("https://www.linkedin.com/in/{slug}{}", if slash { "/" } else { "" });
            if let Some(fast) = canonical_linkedin(&raw) {
                let parsed = url::Url::parse(&raw).expect("a valid URL");
                let slow = linkedin_slug(&parsed).map(|s| format!("https://www.linkedin.com/in/{s}"));
                proptest::prop_assert_eq!(Some(fast), slow);
            }
        }
    }

    #[test]
    fn phone_keeps_what_was_written_and_matches_on_digits() {
        let phone = Phone::parse("+1 (555) 010-2030").unwrap();
        assert_eq!(phone.as_str(), "+1 (555) 010-2030");
        assert_eq!(phone.match_key(), "+15550102030");
        assert!(Phone::parse("call me").is_err());
    }

    #[test]
    fn tags_fold_case_and_spaces() {
        assert_eq!(Tag::parse(" #Data  Science ").unwrap().as_str(), "data-science");
        assert!(Tag::parse("   ").is_err());
    }

    #[test]
    fn names_fold_for_matching() {
        assert_eq!(fold_name("José  Müller-Smith"), "jose muller smith");
        assert_eq!(fold_name("李 小龙"), fold_name("李 小龙"));
    }

    #[test]
    fn enum_parsing_lists_the_choices() {
        let err = "rss".parse::<LinkKind>().unwrap_err();
        assert!(err.message.contains("linkedin, website, other"), "{err}");
    }
}
