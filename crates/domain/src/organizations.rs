//! Organizations: employers on the seeker's target list, with their LAMP fields (§4.2),
//! research notes and referral bonus program.

use jiff::Timestamp;

use crate::ids::{AccountId, OrganizationId};
use crate::values::{bounded, optional, required};
use crate::{ValidationError, word_enum};

/// An employer (or any organization people work at).
#[derive(Clone, Debug, PartialEq)]
pub struct Organization {
    pub id: OrganizationId,
    pub owner: AccountId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub name: String,
    /// Web domain, lower case, without `www.` (`acme.com`).
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub lamp: Lamp,
    pub status: OrganizationStatus,
    /// The seeker's own research: the company, its market, the economy around it.
    pub research_notes: Option<String>,
    pub referral_bonus: Option<ReferralBonus>,
    /// A digital industry (software, data, remote-friendly): weak ties help more there.
    pub digital_industry: bool,
    pub source_lens: Option<SourceLens>,
    pub deleted_at: Option<Timestamp>,
}

/// The seeker's LAMP scores. Motivation is only ever set by the seeker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Lamp {
    /// Y/N: any reason someone there might help. `None` means "derive it from the people
    /// the seeker knows there".
    pub advocacy: Option<bool>,
    /// 0–3 (a manual 4 bumps one employer); 1–5 in first-edition mode.
    pub motivation: Option<u8>,
    /// 1 = no relevant postings, 2 = semi-relevant, 3 = relevant.
    pub posting: Option<u8>,
    /// The seeker's own tie-break order.
    pub user_order: Option<i32>,
}

impl Lamp {
    pub fn validate(self) -> Result<Self, ValidationError> {
        if let Some(m) = self.motivation {
            bounded("motivation", m, 0, 5)?;
        }
        if let Some(p) = self.posting {
            bounded("posting", p, 1, 3)?;
        }
        Ok(self)
    }
}

word_enum! {
    /// An employer's place on the target list (§4.8, employer-level machine).
    pub enum OrganizationStatus ("organization status") {
        Candidate = "candidate",
        Active = "active",
        Exhausted = "exhausted",
        RuledOut = "ruled_out",
        TargetWon = "target_won",
    }
}

word_enum! {
    /// How an employer came onto the list (the four ten-minute methods).
    pub enum SourceLens ("source lens") {
        Dream = "dream",
        Affinity = "affinity",
        Posting = "posting",
        Trend = "trend",
    }
}

/// An employee referral bonus program, noted so a referral ask is known to be a gift too.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ReferralBonus {
    /// Whole currency units.
    pub amount: Option<u32>,
    /// ISO 4217 code, upper case.
    pub currency: Option<String>,
    pub notes: Option<String>,
}

impl ReferralBonus {
    pub fn new(amount: Option<u32>, currency: Option<&str>, notes: Option<&str>) -> Result<Self, ValidationError> {
        let currency = optional(currency).map(|c| c.to_ascii_uppercase());
        if let Some(code) = &currency
            && (code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return Err(ValidationError::new(
                "currency",
                format!("`{code}` is not a currency code; use three letters such as USD or EUR"),
            ));
        }
        Ok(Self { amount, currency, notes: optional(notes) })
    }
}

/// Normalizes a web domain: lower case, no scheme, no `www.`, no path.
pub fn normalize_domain(raw: &str) -> Result<String, ValidationError> {
    let trimmed = raw.trim().to_ascii_lowercase();
    let without_scheme = trimmed.split("://").last().unwrap_or(&trimmed);
    let host = without_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    let valid = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !valid {
        return Err(ValidationError::new("domain", format!("`{raw}` is not a web domain; write it as example.com")));
    }
    Ok(host.to_string())
}

/// An organization to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewOrganization {
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub lamp: Lamp,
    pub status: OrganizationStatus,
    pub research_notes: Option<String>,
    pub referral_bonus: Option<ReferralBonus>,
    pub digital_industry: bool,
    pub source_lens: Option<SourceLens>,
}

impl NewOrganization {
    pub fn new(name: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            name: required("name", name)?,
            domain: None,
            industry: None,
            lamp: Lamp::default(),
            status: OrganizationStatus::Candidate,
            research_notes: None,
            referral_bonus: None,
            digital_industry: false,
            source_lens: None,
        })
    }

    pub fn into_organization(self, id: OrganizationId, owner: AccountId, now: Timestamp) -> Organization {
        Organization {
            id,
            owner,
            created_at: now,
            updated_at: now,
            name: self.name,
            domain: self.domain,
            industry: self.industry,
            lamp: self.lamp,
            status: self.status,
            research_notes: self.research_notes,
            referral_bonus: self.referral_bonus,
            digital_industry: self.digital_industry,
            source_lens: self.source_lens,
            deleted_at: None,
        }
    }
}

/// A change to an organization (`None` leaves a field alone, `Some(None)` clears it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrganizationPatch {
    pub name: Option<String>,
    pub domain: Option<Option<String>>,
    pub industry: Option<Option<String>>,
    pub advocacy: Option<Option<bool>>,
    pub motivation: Option<Option<u8>>,
    pub posting: Option<Option<u8>>,
    pub user_order: Option<Option<i32>>,
    pub status: Option<OrganizationStatus>,
    pub research_notes: Option<Option<String>>,
    pub referral_bonus: Option<Option<ReferralBonus>>,
    pub digital_industry: Option<bool>,
    pub source_lens: Option<Option<SourceLens>>,
}

impl OrganizationPatch {
    pub fn is_empty(&self) -> bool {
        *self == OrganizationPatch::default()
    }

    /// Applies the patch; fails without changing anything if a LAMP value is out of range.
    pub fn apply(&self, org: &mut Organization, now: Timestamp) -> Result<bool, ValidationError> {
        let mut lamp = org.lamp;
        if let Some(v) = self.advocacy {
            lamp.advocacy = v;
        }
        if let Some(v) = self.motivation {
            lamp.motivation = v;
        }
        if let Some(v) = self.posting {
            lamp.posting = v;
        }
        if let Some(v) = self.user_order {
            lamp.user_order = v;
        }
        let lamp = lamp.validate()?;
        let before = org.clone();
        org.lamp = lamp;
        if let Some(name) = &self.name {
            org.name = required("name", name)?;
        }
        if let Some(v) = &self.domain {
            org.domain = v.clone();
        }
        if let Some(v) = &self.industry {
            org.industry = v.clone();
        }
        if let Some(v) = self.status {
            org.status = v;
        }
        if let Some(v) = &self.research_notes {
            org.research_notes = v.clone();
        }
        if let Some(v) = &self.referral_bonus {
            org.referral_bonus = v.clone();
        }
        if let Some(v) = self.digital_industry {
            org.digital_industry = v;
        }
        if let Some(v) = self.source_lens {
            org.source_lens = v;
        }
        let changed = *org != before;
        if changed {
            org.updated_at = now;
        }
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_normalize() {
        assert_eq!(normalize_domain("https://www.Acme.com/careers").unwrap(), "acme.com");
        assert!(normalize_domain("acme").is_err());
    }

    #[test]
    fn lamp_values_are_bounded() {
        assert!(Lamp { posting: Some(4), ..Default::default() }.validate().is_err());
        assert!(Lamp { motivation: Some(3), posting: Some(1), ..Default::default() }.validate().is_ok());
    }

    #[test]
    fn a_bad_patch_changes_nothing() {
        let mut org = NewOrganization::new("Acme").unwrap().into_organization(
            OrganizationId::new(),
            AccountId::LOCAL,
            Timestamp::UNIX_EPOCH,
        );
        let before = org.clone();
        let patch = OrganizationPatch { name: Some("Acme Corp".into()), posting: Some(Some(9)), ..Default::default() };
        assert!(patch.apply(&mut org, Timestamp::UNIX_EPOCH).is_err());
        assert_eq!(org, before);
    }

    #[test]
    fn currencies_are_three_letters() {
        assert_eq!(ReferralBonus::new(Some(2500), Some("usd"), None).unwrap().currency.as_deref(), Some("USD"));
        assert!(ReferralBonus::new(Some(2500), Some("dollars"), None).is_err());
    }
}
