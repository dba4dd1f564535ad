//! Openings: a posted (or known) job at an organization, its status track and its referrer.

use jiff::Timestamp;

use crate::ids::{AccountId, OpeningId, OrganizationId, PersonId};
use crate::values::required;
use crate::{ValidationError, word_enum};

/// A job opening the seeker is tracking.
#[derive(Clone, Debug, PartialEq)]
pub struct Opening {
    pub id: OpeningId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub organization_id: OrganizationId,
    pub title: String,
    pub jd_text: Option<String>,
    pub jd_url: Option<String>,
    pub req_id: Option<String>,
    pub status: OpeningStatus,
    /// When the status last changed: referrer updates are due from here.
    pub status_changed_at: Timestamp,
    /// The person who referred (or may refer) the seeker.
    pub referrer_id: Option<PersonId>,
    pub deleted_at: Option<Timestamp>,
}

word_enum! {
    /// The status track of an opening (§4.1).
    pub enum OpeningStatus ("opening status") {
        Discovered = "discovered",
        QualificationChecked = "qualification_checked",
        ReferralRequested = "referral_requested",
        Referred = "referred",
        Applied = "applied",
        Screening = "screening",
        Interviewing = "interviewing",
        Offer = "offer",
        Accepted = "accepted",
        Declined = "declined",
        Rejected = "rejected",
        Closed = "closed",
    }
}

impl OpeningStatus {
    /// True while the hiring process is still moving (a referrer wants updates).
    pub fn is_active(self) -> bool {
        !matches!(
            self,
            OpeningStatus::Accepted | OpeningStatus::Declined | OpeningStatus::Rejected | OpeningStatus::Closed
        )
    }
}

/// An opening to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewOpening {
    pub organization_id: OrganizationId,
    pub title: String,
    pub jd_text: Option<String>,
    pub jd_url: Option<String>,
    pub req_id: Option<String>,
    pub status: OpeningStatus,
    pub referrer_id: Option<PersonId>,
}

impl NewOpening {
    pub fn new(organization_id: OrganizationId, title: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            organization_id,
            title: required("title", title)?,
            jd_text: None,
            jd_url: None,
            req_id: None,
            status: OpeningStatus::Discovered,
            referrer_id: None,
        })
    }

    pub fn into_opening(self, id: OpeningId, owner: AccountId, now: Timestamp) -> Opening {
        Opening {
            id,
            owner,
            created_at: now,
            updated_at: now,
            organization_id: self.organization_id,
            title: self.title,
            jd_text: self.jd_text,
            jd_url: self.jd_url,
            req_id: self.req_id,
            status: self.status,
            status_changed_at: now,
            referrer_id: self.referrer_id,
            deleted_at: None,
        }
    }
}

/// A change to an opening.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OpeningPatch {
    pub organization_id: Option<OrganizationId>,
    pub title: Option<String>,
    pub jd_text: Option<Option<String>>,
    pub jd_url: Option<Option<String>>,
    pub req_id: Option<Option<String>>,
    pub status: Option<OpeningStatus>,
    pub referrer_id: Option<Option<PersonId>>,
}

impl OpeningPatch {
    pub fn is_empty(&self) -> bool {
        *self == OpeningPatch::default()
    }

    /// Applies the patch; a status change restarts the referrer-update clock.
    pub fn apply(&self, opening: &mut Opening, now: Timestamp) -> Result<bool, ValidationError> {
        let before = opening.clone();
        if let Some(title) = &self.title {
            opening.title = required("title", title)?;
        }
        if let Some(org) = self.organization_id {
            opening.organization_id = org;
        }
        if let Some(v) = &self.jd_text {
            opening.jd_text = v.clone();
        }
        if let Some(v) = &self.jd_url {
            opening.jd_url = v.clone();
        }
        if let Some(v) = &self.req_id {
            opening.req_id = v.clone();
        }
        if let Some(status) = self.status
            && status != opening.status
        {
            opening.status = status;
            opening.status_changed_at = now;
        }
        if let Some(v) = self.referrer_id {
            opening.referrer_id = v;
        }
        let changed = *opening != before;
        if changed {
            opening.updated_at = now;
        }
        Ok(changed)
    }
}
