//! Tasks: the seeker's own to-dos. Reminders the method derives from records are computed,
//! not stored; only what the seeker decided about them is kept.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::ValidationError;
use crate::ids::{AccountId, OrganizationId, PersonId, TaskId};
use crate::values::required;

/// A to-do the seeker wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub id: TaskId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub title: String,
    pub person_id: Option<PersonId>,
    pub organization_id: Option<OrganizationId>,
    pub due: Option<Date>,
    pub done_at: Option<Timestamp>,
}

/// A task to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTask {
    pub title: String,
    pub person_id: Option<PersonId>,
    pub organization_id: Option<OrganizationId>,
    pub due: Option<Date>,
}

impl NewTask {
    pub fn new(title: &str) -> Result<Self, ValidationError> {
        Ok(Self { title: required("title", title)?, person_id: None, organization_id: None, due: None })
    }

    pub fn into_task(self, id: TaskId, owner: AccountId, now: Timestamp) -> Task {
        Task {
            id,
            owner,
            created_at: now,
            updated_at: now,
            title: self.title,
            person_id: self.person_id,
            organization_id: self.organization_id,
            due: self.due,
            done_at: None,
        }
    }
}
