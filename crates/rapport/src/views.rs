//! Shared pieces of rendering: the JSON shape of each record for `--json`, names of
//! organizations for lists, and the seeker's time zone.

use std::collections::HashMap;

use jiff::tz::TimeZone;
use rapport_core::Ctx;
use rapport_domain::ids::OrganizationId;
use rapport_domain::people::{Person, Source};
use rapport_store::{Reader, Store};
use serde_json::{Value, json};

/// The seeker's time zone from their profile (UTC when unknown).
pub(crate) fn time_zone<S: Store>(ctx: &Ctx<'_, S>) -> anyhow::Result<TimeZone> {
    let profile = rapport_core::profile::get(ctx)?;
    Ok(TimeZone::get(&profile.settings.time_zone).unwrap_or(TimeZone::UTC))
}

/// Organization names for the people in a list, in one read.
pub(crate) fn org_names<S: Store>(
    ctx: &Ctx<'_, S>,
    people: &[Person],
) -> anyhow::Result<HashMap<OrganizationId, String>> {
    let mut ids: Vec<OrganizationId> = people.iter().filter_map(|p| p.organization_id).collect();
    ids.sort();
    ids.dedup();
    Ok(ctx.store.read(|r| {
        let mut names = HashMap::new();
        for id in ids {
            names.insert(id, r.organization(ctx.owner, id)?.name);
        }
        Ok::<_, rapport_store::StoreError>(names)
    })?)
}

/// How the seeker knows someone, in words.
pub(crate) fn source<S: Store>(ctx: &Ctx<'_, S>, source: &Source) -> anyhow::Result<String> {
    Ok(match source {
        Source::Manual => String::new(),
        Source::Import(from) => format!("imported from {from}"),
        Source::Alumni(Some(school)) => format!("fellow alum ({school})"),
        Source::Alumni(None) => "fellow alum".into(),
        Source::IntroducedBy(id) => match ctx.store.read(|r| r.person(ctx.owner, *id)) {
            Ok(p) => format!("introduced by {}", p.name.full),
            Err(_) => "introduced by someone no longer in your network".into(),
        },
        Source::Event(name) if name.is_empty() => "met at an event".into(),
        Source::Event(name) => format!("met at {name}"),
        Source::Demo => "demo data".into(),
    })
}

pub(crate) fn person(p: &Person) -> Value {
    json!({
        "id": p.id.to_string(),
        "name": p.name.full,
        "given_name": p.name.given,
        "family_name": p.name.family,
        "emails": p.emails.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        "phones": p.phones.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        "links": p.links.iter().map(|l| json!({"kind": l.kind.as_str(), "url": l.url()})).collect::<Vec<_>>(),
        "organization_id": p.organization_id.map(|o| o.to_string()),
        "title": p.title,
        "location": p.location,
        "tags": p.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        "stage": p.stage.as_str(),
        "segment": p.segment.as_str(),
        "tier": p.tier.map(|t| t.as_str()),
        "do_not_contact": p.do_not_contact,
        "last_touch_at": p.last_touch_at.map(|t| t.to_string()),
        "created_at": p.created_at.to_string(),
        "updated_at": p.updated_at.to_string(),
        "deleted_at": p.deleted_at.map(|t| t.to_string()),
    })
}

pub(crate) fn person_detail(d: &rapport_core::people::PersonDetail) -> Value {
    json!({
        "person": person(&d.person),
        "organization": d.organization.as_ref().map(organization),
        "interactions": d.interactions.iter().map(|i| json!({
            "id": i.id.to_string(),
            "kind": i.kind.as_str(),
            "channel": i.channel.as_str(),
            "direction": i.direction.as_str(),
            "at": i.at.to_string(),
            "text": i.text,
        })).collect::<Vec<_>>(),
        "meetings": d.meetings.iter().map(|m| json!({
            "id": m.id.to_string(),
            "scheduled_at": m.scheduled_at.to_string(),
            "duration_min": m.duration_min,
            "mode": m.mode.as_str(),
            "status": m.status.as_str(),
        })).collect::<Vec<_>>(),
        "notes": d.notes.iter().map(|n| json!({"id": n.id.to_string(), "created_at": n.created_at.to_string(), "body": n.body})).collect::<Vec<_>>(),
    })
}

pub(crate) fn organization(o: &rapport_domain::organizations::Organization) -> Value {
    json!({
        "id": o.id.to_string(),
        "name": o.name,
        "domain": o.domain,
        "industry": o.industry,
        "status": o.status.as_str(),
        "motivation": o.lamp.motivation,
        "posting": o.lamp.posting,
        "advocacy": o.lamp.advocacy,
        "research_notes": o.research_notes,
        "referral_bonus": o.referral_bonus.as_ref().map(|b| json!({"amount": b.amount, "currency": b.currency, "notes": b.notes})),
        "created_at": o.created_at.to_string(),
        "updated_at": o.updated_at.to_string(),
        "deleted_at": o.deleted_at.map(|t| t.to_string()),
    })
}

pub(crate) fn opening(d: &rapport_core::openings::OpeningDetail) -> Value {
    let o = &d.opening;
    json!({
        "id": o.id.to_string(),
        "title": o.title,
        "organization_id": o.organization_id.to_string(),
        "organization": d.organization.name,
        "status": o.status.as_str(),
        "status_changed_at": o.status_changed_at.to_string(),
        "jd_url": o.jd_url,
        "jd_text": o.jd_text,
        "req_id": o.req_id,
        "referrer_id": o.referrer_id.map(|r| r.to_string()),
        "referrer": d.referrer.as_ref().map(|r| r.name.full.clone()),
        "deleted_at": o.deleted_at.map(|t| t.to_string()),
    })
}
