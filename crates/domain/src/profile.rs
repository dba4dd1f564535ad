//! The seeker's profile and settings: who they are, what they are after, and the calendar
//! their reminders run on.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::ids::AccountId;
use crate::values::bounded;
use crate::{ValidationError, word_enum};

/// The seeker.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    pub owner: AccountId,
    pub updated_at: Timestamp,
    pub name: Option<String>,
    pub email: Option<String>,
    /// Their 30–60 second story, as bullet points.
    pub pitch: Option<String>,
    pub goals: Option<String>,
    pub target_roles: Vec<String>,
    /// The broad field or industry they are exploring.
    pub target_industry: Option<String>,
    pub skills: Vec<String>,
    /// Schools, groups and communities they belong to: the source of connections.
    pub affinities: Vec<String>,
    pub settings: Settings,
}

/// How rapport's rules run for this seeker.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// IANA time zone name (`America/Chicago`). Resolved at the edge, not here.
    pub time_zone: String,
    pub holidays: Vec<Date>,
    /// A message sent at or after this hour counts from the next business day.
    pub cutoff_hour: u8,
    /// Reminders fall due at this hour.
    pub reminder_hour: u8,
    pub edition: Edition,
    /// The number of employers worked at once (K), 5–7.
    pub active_employers: u8,
    /// False once the seeker has landed: tier A cadence slows to 90 days.
    pub search_active: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            time_zone: "UTC".to_string(),
            holidays: Vec::new(),
            cutoff_hour: 17,
            reminder_hour: 8,
            edition: Edition::Second,
            active_employers: 5,
            search_active: true,
        }
    }
}

impl Settings {
    pub fn validate(self) -> Result<Self, ValidationError> {
        bounded("cutoff_hour", self.cutoff_hour, 0, 23)?;
        bounded("reminder_hour", self.reminder_hour, 0, 23)?;
        bounded("active_employers", self.active_employers, 5, 7)?;
        Ok(self)
    }
}

word_enum! {
    /// Which edition of the method the rules follow.
    pub enum Edition ("edition") {
        First = "first",
        Second = "second",
    }
}

impl Profile {
    /// The profile of a new store: empty, with default settings.
    pub fn empty(owner: AccountId, now: Timestamp) -> Self {
        Self {
            owner,
            updated_at: now,
            name: None,
            email: None,
            pitch: None,
            goals: None,
            target_roles: Vec::new(),
            target_industry: None,
            skills: Vec::new(),
            affinities: Vec::new(),
            settings: Settings::default(),
        }
    }
}
