//! `rapport serve`: the web app on this machine, over the same store as the command line.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::time::Instant;

use anyhow::Context;
use rapport_web::{AppState, DEFAULT_ADDR, Secrets, WebConfig};

use crate::env::Env;
use crate::output;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Where to listen, as HOST:PORT [default: 127.0.0.1:7878, or serve.addr in the config
    /// file]. An address other machines can reach needs serve.password_hash.
    #[arg(long, env = "RAPPORT_ADDR", value_name = "HOST:PORT")]
    addr: Option<String>,
    /// Read a password from standard input and print its hash for serve.password_hash.
    #[arg(long)]
    hash_password: bool,
}

pub(crate) fn run(env: &Env, args: Args) -> anyhow::Result<()> {
    if args.hash_password {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
        let hash = rapport_web::hash_password(line.trim_end_matches(['\r', '\n'])).map_err(anyhow::Error::msg)?;
        return output::print(&format!(
            "{hash}\n\nPut this line under [serve] in {}:\npassword_hash = \"{hash}\"",
            env.config_path.display()
        ));
    }
    init_logs();
    let started = Instant::now();
    let text = args.addr.or_else(|| env.file.serve.addr.clone()).unwrap_or_else(|| DEFAULT_ADDR.to_string());
    let addr: SocketAddr = text
        .parse()
        .map_err(|_| anyhow::anyhow!("`{text}` is not an address to listen on; write it as 127.0.0.1:7878"))?;
    let mut config = WebConfig { password_hash: env.file.serve.password_hash.clone(), ..WebConfig::default() };
    if let Some(mb) = env.file.serve.upload_limit_mb {
        config.upload_limit = usize::try_from(mb).unwrap_or(usize::MAX / (1024 * 1024)).max(1) * 1024 * 1024;
    }
    config.check().map_err(anyhow::Error::msg)?;
    rapport_web::check_bind(addr, config.password_hash.is_some())?;
    let store = env.create_store()?;
    let secrets = Secrets::load_or_create(&Secrets::path_for(&env.db_path))?;
    let state = AppState::new(store, config, secrets)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the web server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
            format!("cannot listen on {addr}; is another rapport already running there? Choose another port with --addr")
        })?;
        let bound = listener.local_addr().context("cannot read the address the server listens on")?;
        tracing::info!(addr = %bound, db = %env.db_path.display(), ready_ms = started.elapsed().as_millis() as u64, "listening");
        output::print(&format!("rapport is running: open http://{bound}/ in your browser (Ctrl-C stops it)"))?;
        rapport_web::serve(listener, state, rapport_web::shutdown_signal()).await.context("the web server stopped")?;
        Ok(())
    })
}

/// Logs go to stderr (stdout stays for output), filtered by RAPPORT_LOG (default `info`).
fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RAPPORT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
