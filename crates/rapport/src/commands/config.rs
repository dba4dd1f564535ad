//! `rapport config`: the effective configuration, and where each value came from.

use crate::env::Env;
use crate::output::{self, DIM, field, styled};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    let addr = env.file.serve.addr.clone().unwrap_or_else(|| "127.0.0.1:7878".into());
    let addr_origin = if env.file.serve.addr.is_some() { "config_file" } else { "default" };
    if args.json {
        return output::json(&serde_json::json!({
            "config_file": {"value": env.config_path, "origin": env.config_origin, "exists": env.config_path.exists()},
            "db": {"value": env.db_path, "origin": env.db_origin},
            "serve.addr": {"value": addr, "origin": addr_origin},
        }));
    }
    let origin = |o: crate::env::Origin| {
        styled(DIM, format!("({})", serde_json::to_value(o).unwrap_or_default().as_str().unwrap_or("")))
    };
    let mut lines = Vec::new();
    let exists = if env.config_path.exists() { "" } else { " (not created yet; every key is optional)" };
    field(&mut lines, "config file", format!("{}{exists} {}", env.config_path.display(), origin(env.config_origin)));
    field(&mut lines, "db", format!("{} {}", env.db_path.display(), origin(env.db_origin)));
    field(&mut lines, "serve.addr", format!("{addr} {}", styled(DIM, format!("({addr_origin})"))));
    output::print(&lines.join("\n"))
}
