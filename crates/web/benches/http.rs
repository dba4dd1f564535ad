//! HTTP benchmark of the web app: load with `wrk` on loopback, resident memory of the idle
//! server, and the time from process start to the first answered request.
//!
//! Run it (an optimized build; it builds the demo store first):
//!
//! ```text
//! apt-get install -y wrk
//! cargo bench -p rapport-web --bench http                       # 30,000 people, 10 s per route
//! RAPPORT_BENCH_PEOPLE=2000 RAPPORT_BENCH_SECONDS=3 cargo bench -p rapport-web --bench http
//! RAPPORT_BENCH_DB=/tmp/bench.sqlite3 cargo bench -p rapport-web --bench http  # keep and reuse the store
//! ```
//!
//! It prints, for `/health`, People with a search, the People list and a Person page, at 32
//! connections: requests per second, p50 and p99 latency, and each page's throughput as a
//! share of `/health` in the same run; then the idle server's resident memory and the start
//! time. Targets (issue 6): p99 ≤ 10 ms and ≥ 30 % of `/health` throughput for the pages,
//! idle RSS ≤ 50 MB, start to first answer ≤ 200 ms. It exits non-zero when one is missed.
//!
//! The server under test is this same binary, started again with `RAPPORT_BENCH_SERVE` set,
//! so start time and memory are those of a fresh process running the real router.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rapport_core::Ctx;
use rapport_core::demo::{self, DemoConfig};
use rapport_domain::ids::AccountId;
use rapport_store_sqlite::{OpenMode, SqliteStore};
use rapport_web::{AppState, Secrets, WebConfig};

const CONNECTIONS: u32 = 32;
/// A browser's CSRF cookie, so the server answers as it does for a returning visitor.
const COOKIE: &str = "Cookie: rapport_csrf=0123456789abcdef0123456789abcdef";

fn env_u32(name: &str, default: u32) -> u32 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    if let Some(db) = std::env::var_os("RAPPORT_BENCH_SERVE") {
        serve(Path::new(&db));
        return;
    }
    if let Err(e) = drive() {
        eprintln!("benchmark failed: {e}");
        std::process::exit(2);
    }
}

/// Server mode: open the store, listen on a free loopback port, print it, serve until stdin
/// closes.
fn serve(db: &Path) {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = SqliteStore::open(db, OpenMode::Existing).expect("store");
        let secrets = Secrets::load_or_create(&Secrets::path_for(db)).expect("secrets");
        let state = AppState::new(store, WebConfig::default(), secrets).expect("state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        println!("PORT {}", listener.local_addr().expect("address").port());
        std::io::stdout().flush().expect("flush");
        let stop = async {
            let _ = tokio::task::spawn_blocking(|| {
                let mut sink = Vec::new();
                let _ = std::io::stdin().read_to_end(&mut sink);
            })
            .await;
        };
        rapport_web::serve(listener, state, stop).await.expect("serve");
    });
}

fn prepare_store(people: u32) -> Result<(Option<tempfile::TempDir>, PathBuf), String> {
    if let Some(path) = std::env::var_os("RAPPORT_BENCH_DB").map(PathBuf::from) {
        if path.exists() {
            println!("store: reusing {}", path.display());
            return Ok((None, path));
        }
        fill(&path, people)?;
        return Ok((None, path));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join("bench.sqlite3");
    fill(&path, people)?;
    Ok((Some(dir), path))
}

/// The issue's data: the demo network of `people` people, its interactions topped up to
/// 100,000 with older copies of its own (a network with years of history), in one write.
fn fill(path: &Path, people: u32) -> Result<(), String> {
    const INTERACTIONS: usize = 100_000;
    let started = Instant::now();
    let store = SqliteStore::open(path, OpenMode::Create).map_err(|e| e.to_string())?;
    let ctx = Ctx::now(&store, AccountId::LOCAL);
    let mut data = demo::generate(ctx.owner, ctx.now, DemoConfig { people, seed: 1 });
    let have = data.interactions.len();
    if have > 0 && people >= 30_000 {
        let extra: Vec<_> = (0..INTERACTIONS.saturating_sub(have))
            .map(|i| {
                let mut copy = data.interactions[i % have].clone();
                copy.id = rapport_domain::ids::InteractionId::new();
                copy.at -= jiff::SignedDuration::from_hours(24 * 400);
                copy.meeting_id = None;
                copy
            })
            .collect();
        data.interactions.extend(extra);
    }
    let summary = demo::write(&ctx, &data).map_err(|e| e.to_string())?;
    println!(
        "store: {} people, {} organizations, {} interactions, {} meetings in {:.1} s",
        summary.people,
        summary.organizations,
        summary.interactions,
        summary.meetings,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A plain HTTP/1.1 GET; returns the status and body.
fn get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{COOKIE}\r\nConnection: close\r\n\r\n")?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

fn rss_kib(pid: u32) -> Option<u64> {
    status_kib(pid, "VmRSS:")
}

/// A line of `/proc/PID/status` in KiB: `VmRSS:` is all resident memory, `RssFile:` the part
/// that maps files (the program and the store, which SQLite reads through a memory map; those
/// pages are the operating system's file cache, shared and given back under pressure).
fn status_kib(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Load {
    route: String,
    /// The first request alone, before the load.
    first_ms: f64,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// `12.34us`, `1.2ms`, `3s` → milliseconds.
fn millis(text: &str) -> Option<f64> {
    let (number, unit) = text.split_at(text.find(|c: char| c.is_ascii_alphabetic())?);
    let value: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => value / 1000.0,
        "ms" => value,
        "s" => value * 1000.0,
        "m" => value * 60_000.0,
        _ => return None,
    })
}

fn wrk(port: u16, route: &str, seconds: u32) -> Result<Load, String> {
    let output = Command::new("wrk")
        .args(["-t2", &format!("-c{CONNECTIONS}"), &format!("-d{seconds}s"), "--latency", "-H", COOKIE])
        .arg(format!("http://127.0.0.1:{port}{route}"))
        .output()
        .map_err(|e| format!("cannot run wrk ({e}); install it with `apt-get install -y wrk`"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if text.contains("Non-2xx") {
        return Err(format!("{route} answered errors under load:\n{text}"));
    }
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk's output:\n{text}"))?;
    let percentile = |p: &str| {
        text.lines().map(str::trim).find_map(|l| l.strip_prefix(p)).and_then(|v| millis(v.trim())).unwrap_or(f64::NAN)
    };
    Ok(Load { route: route.to_string(), first_ms: f64::NAN, rps, p50_ms: percentile("50%"), p99_ms: percentile("99%") })
}

fn drive() -> Result<(), String> {
    let people = env_u32("RAPPORT_BENCH_PEOPLE", 30_000);
    let seconds = env_u32("RAPPORT_BENCH_SECONDS", 10);
    if Command::new("wrk").arg("--version").output().is_err() {
        return Err("wrk is not installed; `apt-get install -y wrk`".into());
    }
    let spawn_cost = spawn_blocking_cost();
    let (_dir, db) = prepare_store(people)?;
    let breakdown = store_breakdown(&db)?;

    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut child = Command::new(exe)
        .env("RAPPORT_BENCH_SERVE", &db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or("no server output")?;
    BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
    let port: u16 =
        line.trim().strip_prefix("PORT ").and_then(|p| p.parse().ok()).ok_or(format!("odd server line {line:?}"))?;
    loop {
        if let Ok((200, _)) = get(port, "/health") {
            break;
        }
        if started.elapsed() > Duration::from_secs(10) {
            return Err("the server did not answer within 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let start_ms = started.elapsed().as_secs_f64() * 1000.0;
    std::thread::sleep(Duration::from_millis(500));
    let idle_fresh = rss_kib(child.id()).unwrap_or(0);

    // A person and a search word from the first page of the list.
    let (_, list) = get(port, "/people").map_err(|e| e.to_string())?;
    let marker = "<th scope=\"row\"><a href=\"/people/";
    let at = list.find(marker).ok_or("no person on the list")? + marker.len();
    let id = &list[at..at + 36];
    let name_start = list[at..].find('>').ok_or("no name")? + at + 1;
    let name_end = list[name_start..].find('<').ok_or("no name end")? + name_start;
    let surname = list[name_start..name_end].split_whitespace().last().unwrap_or("a").to_string();
    let word: String = form_urlencoded_word(&surname);

    let routes = [
        "/health".to_string(),
        "/today".to_string(),
        format!("/people?q={word}"),
        "/people".to_string(),
        format!("/people/{id}"),
    ];
    // Each route is asked once alone first: that first view (which may build the network
    // index and fills the page cache) is reported on its own, and the load measures the
    // pages as a user who comes back to them sees them.
    let mut loads = Vec::new();
    for route in &routes {
        let first = Instant::now();
        let (status, _) = get(port, route).map_err(|e| e.to_string())?;
        if status != 200 {
            return Err(format!("{route} answered {status}"));
        }
        let first_ms = first.elapsed().as_secs_f64() * 1000.0;
        let mut load = wrk(port, route, seconds)?;
        load.first_ms = first_ms;
        loads.push(load);
    }
    // A save, then the page it leads to: the store's token has changed, so nothing kept
    // serves it, and the network behind the help map is being rebuilt.
    let after_write_ms = page_after_a_note(port, id)?;
    std::thread::sleep(Duration::from_secs(2));
    let idle_after = rss_kib(child.id()).unwrap_or(0);
    let mapped_after = status_kib(child.id(), "RssFile:").unwrap_or(0);
    drop(child.stdin.take());
    let _ = child.wait();

    println!();
    println!("{people} people, {CONNECTIONS} connections, {seconds} s per route, wrk -t2 on loopback (2 cores shared)");
    println!("spawn_blocking round trip (the store hop): {spawn_cost:.1} µs");
    println!("store calls alone, one thread: {breakdown}");
    println!(
        "{:<46} {:>9} {:>10} {:>9} {:>9} {:>9}  verdict",
        "route", "first ms", "req/s", "p50 ms", "p99 ms", "of /health"
    );
    let health = loads[0].rps;
    let mut failed = false;
    for (i, load) in loads.iter().enumerate() {
        let share = load.rps / health * 100.0;
        let ok = i == 0 || (load.p99_ms <= 10.0 && share >= 30.0);
        failed |= !ok;
        let shown: String = load.route.chars().take(46).collect();
        println!(
            "{shown:<46} {:>9.1} {:>10.0} {:>9.2} {:>9.2} {:>8.0}%  {}",
            load.first_ms,
            load.rps,
            load.p50_ms,
            load.p99_ms,
            share,
            if i == 0 {
                "baseline"
            } else if ok {
                "PASS"
            } else {
                "FAIL (p99 ≤ 10 ms, ≥ 30 %)"
            }
        );
    }
    // The target is the idle server's; after the load it also holds the network index and
    // the kept pages (reported, not judged).
    println!("a person's page right after adding a note to them: {after_write_ms:.1} ms");
    let rss_ok = idle_fresh <= 50 * 1024;
    let start_ok = start_ms <= 200.0;
    failed |= !rss_ok || !start_ok;
    println!(
        "idle resident memory: {:.1} MB fresh (after the load, with its caches: {:.1} MB, of it {:.1} MB \
         mapped files: the program and the store's pages)  {}",
        idle_fresh as f64 / 1024.0,
        idle_after as f64 / 1024.0,
        mapped_after as f64 / 1024.0,
        if rss_ok { "PASS" } else { "FAIL (≤ 50 MB)" }
    );
    println!(
        "start to first answered request: {start_ms:.0} ms  {}",
        if start_ok { "PASS" } else { "FAIL (≤ 200 ms)" }
    );
    if failed {
        std::process::exit(1);
    }
    Ok(())
}

/// The time of the use cases behind each page, called directly (no HTTP, no rendering).
fn store_breakdown(db: &Path) -> Result<String, String> {
    use rapport_store::{Page, PersonFilter};
    let store = SqliteStore::open(db, OpenMode::Existing).map_err(|e| e.to_string())?;
    let ctx = Ctx::now(&store, AccountId::LOCAL);
    let first =
        rapport_core::people::list(&ctx, &PersonFilter::default(), Page::first(50)).map_err(|e| e.to_string())?;
    let person = first.people.first().ok_or("no people")?.clone();
    let word = person.name.full.split_whitespace().last().unwrap_or("a").to_string();
    let time = |f: &dyn Fn()| {
        let rounds = 200;
        let started = Instant::now();
        for _ in 0..rounds {
            f();
        }
        started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
    };
    let list = time(&|| {
        let _ = rapport_core::people::list_rows(&ctx, &PersonFilter::default(), Page::first(50));
    });
    let search = time(&|| {
        let filter = PersonFilter { text: Some(word.clone()), ..PersonFilter::default() };
        let _ = rapport_core::people::list_rows(&ctx, &filter, Page::first(50));
    });
    let today = time(&|| {
        let _ = rapport_core::today::today(&ctx, rapport_core::today::TodayOptions::default());
    });
    let detail = time(&|| {
        let _ = rapport_core::people::detail(&ctx, person.id);
    });
    let through_router = in_process_page(db, "/people")?;
    Ok(format!(
        "today {today:.0} µs, list {list:.0} µs, search {word:?} {search:.0} µs, person detail {detail:.0} µs; \
         GET /people through the router in-process, repeated (a kept page) {through_router:.0} µs"
    ))
}

/// The time of one page through the whole router (middleware, store, rendering), in-process
/// and one at a time: the web layer's own cost is this minus the store's.
fn in_process_page(db: &Path, path: &str) -> Result<f64, String> {
    use tower::ServiceExt;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    let store = SqliteStore::open(db, OpenMode::Existing).map_err(|e| e.to_string())?;
    let secrets = Secrets::generate().map_err(|e| e.to_string())?;
    let state = AppState::new(store, WebConfig::default(), secrets).map_err(|e| e.to_string())?;
    let router = rapport_web::router(state);
    runtime.block_on(async {
        let rounds = 200;
        let started = Instant::now();
        for _ in 0..rounds {
            let request = axum::http::Request::get(path)
                .header("cookie", &COOKIE["Cookie: ".len()..])
                .body(axum::body::Body::empty())
                .map_err(|e| e.to_string())?;
            let response = router.clone().oneshot(request).await.map_err(|e| e.to_string())?;
            let _ = axum::body::to_bytes(response.into_body(), usize::MAX).await;
        }
        Ok(started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds))
    })
}

/// Adds a note to a person through the form (as a browser would: the form key from the
/// page, the cookie it belongs to), then times the person's page the redirect leads to.
fn page_after_a_note(port: u16, id: &str) -> Result<f64, String> {
    let (_, page) = get(port, &format!("/people/{id}")).map_err(|e| e.to_string())?;
    let marker = "name=\"_csrf\" value=\"";
    let at = page.find(marker).ok_or("no form key on the person page")? + marker.len();
    let key = &page[at..at + page[at..].find('"').ok_or("no end of the form key")?];
    let body = format!("_csrf={key}&body=Bench+note");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    write!(
        stream,
        "POST /people/{id}/notes HTTP/1.1\r\nHost: 127.0.0.1\r\n{COOKIE}\r\nContent-Type: \
         application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    if !answer.starts_with("HTTP/1.1 303") {
        return Err(format!("adding a note answered {}", answer.lines().next().unwrap_or("nothing")));
    }
    let started = Instant::now();
    let (status, _) = get(port, &format!("/people/{id}?notice=noted")).map_err(|e| e.to_string())?;
    if status != 200 {
        return Err(format!("the person page after a note answered {status}"));
    }
    Ok(started.elapsed().as_secs_f64() * 1000.0)
}

/// Percent-encodes a search word for a URL.
fn form_urlencoded_word(word: &str) -> String {
    word.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The average cost of one `spawn_blocking` round trip on this machine, in microseconds.
fn spawn_blocking_cost() -> f64 {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let rounds = 20_000;
        let started = Instant::now();
        for _ in 0..rounds {
            let _ = tokio::task::spawn_blocking(|| 1 + 1).await;
        }
        started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
    })
}
