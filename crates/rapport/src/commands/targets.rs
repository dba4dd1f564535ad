//! `rapport targets`: the LAMP list of employers in order, the active ones, the gates, and
//! whom to contact first at each active employer; `--apply` records the status changes the
//! list proposes.

use std::collections::HashMap;

use rapport_core::targets::{self, TargetPlan};
use rapport_domain::ids::OrganizationId;
use rapport_domain::lamp::{AdvocacySource, RankedEmployer, Standing};
use rapport_domain::ties::FirstApproach;
use serde_json::{Value, json};

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, GOOD, WARN, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Record the status changes the list proposes (promote to active, release to candidate).
    #[arg(long)]
    apply: bool,
    /// Show every employer, closed ones included (default: the open ones).
    #[arg(long)]
    all: bool,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let applied = if args.apply { targets::apply(&ctx)? } else { Vec::new() };
    let plan = targets::plan(&ctx)?;
    if args.json {
        let mut value = plan_json(&plan);
        value["applied"] = applied
            .iter()
            .map(|a| {
                json!({
                    "organization_id": a.change.organization_id.to_string(),
                    "name": a.name,
                    "from": a.change.from.as_str(),
                    "to": a.change.to.as_str(),
                })
            })
            .collect();
        return output::json(&value);
    }
    let mut lines = Vec::new();
    for a in &applied {
        lines.push(format!("{} {}: {} → {}", styled(GOOD, "Recorded"), a.name, a.change.from, a.change.to));
    }
    if !applied.is_empty() {
        lines.push(String::new());
    }
    lines.extend(render(&plan, args.all));
    output::print(&lines.join("\n"))
}

/// The words for an employer's standing.
pub(crate) fn standing_words(standing: Standing) -> String {
    match standing {
        Standing::Active => "active".into(),
        Standing::Waiting => "waiting for a slot".into(),
        Standing::Freed(reason) => match reason {
            rapport_domain::lamp::FreedBy::BoosterSecured => "slot freed: Booster found".into(),
            rapport_domain::lamp::FreedBy::ContactsCold => "slot freed: everyone tried went quiet".into(),
        },
        Standing::Closed(status) => format!("closed ({})", status.as_str().replace('_', " ")),
        Standing::NeedsResearch => "research it, then score again".into(),
        Standing::Unscored => "not scored yet".into(),
    }
}

fn standing_key(standing: Standing) -> &'static str {
    match standing {
        Standing::Active => "active",
        Standing::Waiting => "waiting",
        Standing::Freed(rapport_domain::lamp::FreedBy::BoosterSecured) => "freed_booster_secured",
        Standing::Freed(rapport_domain::lamp::FreedBy::ContactsCold) => "freed_contacts_cold",
        Standing::Closed(_) => "closed",
        Standing::NeedsResearch => "needs_research",
        Standing::Unscored => "unscored",
    }
}

/// The advice for a first approach, as JSON.
pub(crate) fn approach_json(approach: &FirstApproach, target_name: &str) -> Value {
    match approach {
        FirstApproach::Email { warm } => json!({
            "kind": "email",
            "warm": warm,
            "advice": approach.advice(target_name),
        }),
        FirstApproach::AskForIntroduction { via } => json!({
            "kind": "ask_for_introduction",
            "via": {"id": via.person_id.to_string(), "name": via.name, "tie": via.class.as_str(), "strength": via.strength.score()},
            "advice": approach.advice(target_name),
        }),
    }
}

fn employer_json(e: &RankedEmployer) -> Value {
    json!({
        "organization_id": e.organization_id.to_string(),
        "name": e.name,
        "rank": e.rank,
        "key": e.key.to_string(),
        "motivation": e.key.motivation,
        "posting": e.key.posting,
        "advocacy": e.key.advocacy,
        "advocacy_source": match e.advocacy.source { AdvocacySource::Manual => "manual", AdvocacySource::Derived => "derived" },
        "advocates": e.advocacy.advocates.len(),
        "advocacy_strength": e.advocacy.strength(),
        "status": e.status.as_str(),
        "standing": standing_key(e.standing),
    })
}

fn plan_json(t: &TargetPlan) -> Value {
    let p = &t.plan;
    let names: HashMap<OrganizationId, &str> = p.ranked.iter().map(|e| (e.organization_id, e.name.as_str())).collect();
    json!({
        "k": p.k,
        "edition": p.edition.as_str(),
        "scored": p.scored,
        "ranked": p.ranked.iter().map(employer_json).collect::<Vec<_>>(),
        "active": p.active().map(|e| e.name.clone()).collect::<Vec<_>>(),
        "list_nudge": p.list_nudge.as_ref().map(|n| json!({"have": n.have, "minimum": n.minimum, "more_needed": n.more_needed(), "message": n.message()})),
        "outreach_gate": match p.outreach_gate() {
            Ok(()) => json!({"open": true}),
            Err(locked) => json!({"open": false, "scored": locked.scored, "minimum": locked.minimum, "message": locked.to_string()}),
        },
        "research_cards": p.research_cards.iter().map(|c| json!({"organization_id": c.organization_id.to_string(), "name": c.name, "message": c.message()})).collect::<Vec<_>>(),
        "proposed_changes": t.changes.iter().map(|c| json!({
            "organization_id": c.organization_id.to_string(),
            "name": names.get(&c.organization_id).copied().unwrap_or_default(),
            "from": c.from.as_str(),
            "to": c.to.as_str(),
        })).collect::<Vec<_>>(),
        "first_contacts": t.first_contacts.iter().map(|f| json!({
            "organization_id": f.organization_id.to_string(),
            "organization": names.get(&f.organization_id).copied().unwrap_or_default(),
            "person_id": f.contact.person_id.to_string(),
            "name": f.contact.name,
            "priority": f.contact.priority.total(),
            "candidates": f.candidates,
            "approach": approach_json(&f.approach, &f.contact.name),
        })).collect::<Vec<_>>(),
    })
}

fn render(t: &TargetPlan, all: bool) -> Vec<String> {
    let p = &t.plan;
    let mut lines = Vec::new();
    if p.ranked.is_empty() {
        lines.push(styled(DIM, "No employers on your list yet: add one with `rapport org add NAME --motivation N`."));
    }
    if let Some(nudge) = &p.list_nudge {
        lines.push(styled(WARN, nudge.message().trim_end()));
        lines.push(String::new());
    }
    if let Err(locked) = p.outreach_gate() {
        lines.push(format!("{} {locked}.", styled(WARN, "Outreach locked:")));
        lines.push(String::new());
    }
    let rows: Vec<Vec<String>> = p
        .ranked
        .iter()
        .filter(|e| all || !matches!(e.standing, Standing::Closed(_)))
        .map(|e| {
            let key = match e.advocacy.source {
                AdvocacySource::Manual => e.key.to_string(),
                // A derived advocacy is marked, so the seeker knows it came from their people.
                AdvocacySource::Derived => format!("{}*", e.key),
            };
            vec![e.rank.to_string(), e.name.clone(), key, standing_words(e.standing)]
        })
        .collect();
    if !rows.is_empty() {
        lines.push(styled(BOLD, format!("Your employers, in LAMP order (active: top {})", p.k)));
        lines.push(output::table(&["#", "employer", "lamp", "standing"], rows));
        if p.ranked.iter().any(|e| e.advocacy.source == AdvocacySource::Derived) {
            lines.push(styled(DIM, "* advocacy worked out from the people you know there"));
        }
    }
    if !t.changes.is_empty() {
        lines.push(String::new());
        lines.push(styled(BOLD, "Status changes to record (`rapport targets --apply`)"));
        for c in &t.changes {
            let name = p.get(c.organization_id).map(|e| e.name.as_str()).unwrap_or_default();
            lines.push(format!("  {name}: {} → {}", c.from, c.to));
        }
    }
    if !t.first_contacts.is_empty() {
        lines.push(String::new());
        lines.push(styled(BOLD, "Whom to contact first"));
        for f in &t.first_contacts {
            let org = p.get(f.organization_id).map(|e| e.name.as_str()).unwrap_or_default();
            lines.push(format!("  {org}: {}", styled(BOLD, &f.contact.name)));
            lines.push(format!("    {}", f.approach.advice(&f.contact.name)));
        }
    }
    for card in &p.research_cards {
        lines.push(String::new());
        lines.push(card.message().trim_end().to_string());
    }
    lines
}
