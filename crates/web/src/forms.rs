//! Reading form fields and query strings: one small parser for both, with errors that name
//! the field. Forms arrive as `application/x-www-form-urlencoded`; a field may repeat (the
//! ticked rows of a bulk action).

use std::str::FromStr;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header;

use crate::error::AppError;

/// The fields of a form or a query string, in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub(crate) fn parse(raw: &[u8]) -> Self {
        Self { pairs: form_urlencoded::parse(raw).map(|(k, v)| (k.into_owned(), v.into_owned())).collect() }
    }

    pub(crate) fn from_query(query: Option<&str>) -> Self {
        Self::parse(query.unwrap_or("").as_bytes())
    }

    /// The first value of a field, trimmed; blank counts as absent.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The first value of a field as typed (multi-line text keeps its shape), or "".
    pub(crate) fn raw(&self, name: &str) -> &str {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    /// True when the field is present at all (a ticked checkbox).
    pub(crate) fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    /// Every non-blank value of a repeated field.
    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    /// A required text field.
    pub(crate) fn required(&self, name: &str, label: &str) -> Result<&str, AppError> {
        self.text(name).ok_or_else(|| AppError::BadRequest(format!("{label} is required; fill it in and send again")))
    }

    /// An optional field parsed with `FromStr` (domain words, ids, numbers).
    pub(crate) fn parse_opt<T>(&self, name: &str, label: &str) -> Result<Option<T>, AppError>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        match self.text(name) {
            None => Ok(None),
            Some(raw) => {
                raw.parse().map(Some).map_err(|e| AppError::BadRequest(format!("{label}: `{raw}` is not valid ({e})")))
            }
        }
    }
}

/// A posted form. The CSRF check has already run (see `security`), so a handler that takes
/// this only reads fields.
pub(crate) struct Form(pub(crate) Params);

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let urlencoded = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !urlencoded {
            return Err(AppError::BadRequest("this address takes an ordinary form; send it from the page".into()));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(format!("the form could not be read ({e})")))?;
        Ok(Form(Params::parse(&bytes)))
    }
}

/// Splits a list typed one per line or separated by commas.
pub(crate) fn split_list(raw: &str) -> Vec<String> {
    raw.split(['\n', ',']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_repeat_and_blanks_are_absent() {
        let p = Params::parse(b"id=a&id=b&id=+&q=+hello+&empty=&flag=on");
        assert_eq!(p.all("id"), vec!["a", "b"]);
        assert_eq!(p.text("q"), Some("hello"));
        assert_eq!(p.text("empty"), None);
        assert!(p.has("flag") && p.has("empty") && !p.has("nope"));
        assert!(p.required("empty", "Name").unwrap_err().to_string().contains("Name is required"));
        assert_eq!(p.parse_opt::<u8>("q", "Count").unwrap_err().to_string().split(':').next(), Some("Count"));
    }

    #[test]
    fn lists_split_on_lines_and_commas() {
        assert_eq!(split_list("a, b\n\nc ,"), vec!["a", "b", "c"]);
    }
}
