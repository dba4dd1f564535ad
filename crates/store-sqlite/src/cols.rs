//! Column helpers: reading a row's columns in order, and converting ids, times, dates,
//! word enums and JSON lists between Rust and SQLite.

use std::str::FromStr;

use jiff::Timestamp;
use jiff::civil::Date;
use rapport_store::StoreError;
use rusqlite::Row;
use rusqlite::types::FromSql;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// Reads a row's columns left to right, so a mapping reads like the column list it follows.
pub(crate) struct Cols<'r, 's> {
    row: &'r Row<'s>,
    next: usize,
}

impl<'r, 's> Cols<'r, 's> {
    pub(crate) fn new(row: &'r Row<'s>) -> Self {
        Self { row, next: 0 }
    }

    pub(crate) fn get<T: FromSql>(&mut self) -> rusqlite::Result<T> {
        let value = self.row.get(self.next)?;
        self.next += 1;
        Ok(value)
    }

    pub(crate) fn id<T: From<Uuid>>(&mut self) -> rusqlite::Result<T> {
        Ok(T::from(self.get::<Uuid>()?))
    }

    pub(crate) fn opt_id<T: From<Uuid>>(&mut self) -> rusqlite::Result<Option<T>> {
        Ok(self.get::<Option<Uuid>>()?.map(T::from))
    }

    pub(crate) fn ts(&mut self) -> rusqlite::Result<Timestamp> {
        let micros: i64 = self.get()?;
        from_micros(micros, self.next - 1)
    }

    pub(crate) fn opt_ts(&mut self) -> rusqlite::Result<Option<Timestamp>> {
        let idx = self.next;
        self.get::<Option<i64>>()?.map(|m| from_micros(m, idx)).transpose()
    }

    pub(crate) fn word<T: FromStr>(&mut self) -> rusqlite::Result<T>
    where
        T::Err: std::fmt::Display,
    {
        let idx = self.next;
        let text: String = self.get()?;
        text.parse().map_err(|e: T::Err| bad_value(idx, e.to_string()))
    }

    pub(crate) fn opt_word<T: FromStr>(&mut self) -> rusqlite::Result<Option<T>>
    where
        T::Err: std::fmt::Display,
    {
        let idx = self.next;
        let text: Option<String> = self.get()?;
        text.map(|t| t.parse().map_err(|e: T::Err| bad_value(idx, e.to_string()))).transpose()
    }

    pub(crate) fn date(&mut self) -> rusqlite::Result<Option<Date>> {
        let idx = self.next;
        let text: Option<String> = self.get()?;
        text.map(|t| t.parse::<Date>().map_err(|e| bad_value(idx, e.to_string()))).transpose()
    }

    pub(crate) fn json<T: DeserializeOwned>(&mut self) -> rusqlite::Result<T> {
        let idx = self.next;
        let text: String = self.get()?;
        serde_json::from_str(&text).map_err(|e| bad_value(idx, e.to_string()))
    }

    pub(crate) fn bool(&mut self) -> rusqlite::Result<bool> {
        Ok(self.get::<i64>()? != 0)
    }

    pub(crate) fn small<T: TryFrom<i64>>(&mut self) -> rusqlite::Result<T> {
        let idx = self.next;
        let value: i64 = self.get()?;
        T::try_from(value).map_err(|_| bad_value(idx, format!("{value} is out of range")))
    }

    pub(crate) fn opt_small<T: TryFrom<i64>>(&mut self) -> rusqlite::Result<Option<T>> {
        let idx = self.next;
        self.get::<Option<i64>>()?
            .map(|value| T::try_from(value).map_err(|_| bad_value(idx, format!("{value} is out of range"))))
            .transpose()
    }
}

fn from_micros(micros: i64, idx: usize) -> rusqlite::Result<Timestamp> {
    Timestamp::from_microsecond(micros).map_err(|e| bad_value(idx, e.to_string()))
}

fn bad_value(idx: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        idx,
        rusqlite::types::Type::Text,
        format!("column {idx} holds a value rapport cannot read: {message}").into(),
    )
}

pub(crate) fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

pub(crate) fn opt_micros(t: Option<Timestamp>) -> Option<i64> {
    t.map(micros)
}

pub(crate) fn date_text(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(format!("cannot encode a list: {e}")))
}
