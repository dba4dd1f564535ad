//! `rapport route ORG`: the warm-intro routes to an organization, best first, each explained
//! ("Priya worked with Sam at Acme 2019–2022.").

use rapport_core::{organizations, routes};
use serde_json::json;

use crate::env::{self, Env};
use crate::output::{self, BOLD, DIM, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The organization: id, short id or name.
    org: String,
    /// How many routes to show.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=500))]
    limit: u32,
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let store = env.open_store()?;
    let ctx = env::ctx(&store);
    let id = organizations::resolve(&ctx, &args.org)?;
    let found = routes::for_organization(&ctx, id, args.limit as usize)?;
    if args.json {
        return output::json(&json!({
            "organization": {"id": found.organization.id.to_string(), "name": found.organization.name},
            "routes": found.routes.iter().map(|r| json!({
                "target": {"id": r.route.target.to_string(), "name": r.route.target_name},
                "target_is_current": r.route.target_is_current,
                "intermediaries": r.route.intermediaries().len(),
                "first_tie": r.route.first_tie.as_str(),
                "score": r.route.score,
                "path": r.path.iter().map(|p| json!({"id": p.id.to_string(), "name": p.name})).collect::<Vec<_>>(),
                "steps": r.route.steps,
            })).collect::<Vec<_>>(),
        }));
    }
    let org = &found.organization;
    if found.routes.is_empty() {
        return output::print(&format!(
            "No route to anyone at {} yet. Add the people who work there (`rapport person add NAME --org \"{}\"`), and who in your network knows them.",
            org.name, org.name
        ));
    }
    let mut lines = vec![styled(BOLD, format!("Routes to {} (best first)", org.name))];
    for (i, r) in found.routes.iter().enumerate() {
        let via = match r.route.intermediaries().len() {
            0 => "you know them".to_string(),
            1 => format!("through {}", r.path[0].name),
            _ => format!(
                "through {}",
                r.path[..r.path.len() - 1].iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(" and ")
            ),
        };
        let when = if r.route.target_is_current { "" } else { ", used to work there" };
        lines.push(format!(
            "{:>2}. {} {}",
            i + 1,
            styled(BOLD, &r.route.target_name),
            styled(DIM, format!("({via}{when})"))
        ));
        lines.push(format!("    {}", r.route.explanation()));
    }
    output::print(&lines.join("\n"))
}
