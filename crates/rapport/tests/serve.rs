//! `rapport serve` as a real process: it starts on the address it is given, answers, keeps
//! its logs on stderr, stops cleanly on SIGTERM, refuses an open address without a
//! password, and hashes a password for the config file.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn rapport(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rapport"));
    cmd.arg("--db")
        .arg(dir.join("store.sqlite3"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .env_remove("RAPPORT_ADDR")
        .env_remove("RAPPORT_DB")
        .env_remove("RAPPORT_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("send");
    let mut text = String::new();
    stream.read_to_string(&mut text).expect("read");
    text
}

#[test]
fn serve_starts_answers_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = rapport(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RAPPORT_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rapport serve");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("the address line");
    let port: u16 = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let health = get(port, "/health");
    assert!(health.starts_with("HTTP/1.1 200") && health.ends_with("ok"), "{health}");
    assert!(get(port, "/").contains("location: /welcome"), "a new store leads to onboarding");
    assert!(dir.path().join("store.sqlite3.web-secrets").exists(), "secrets are kept next to the store");

    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("wait") {
            break exit;
        }
        assert!(Instant::now() < deadline, "rapport serve did not stop within 10 s of SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).expect("stdout");
    assert_eq!(rest, "", "logs never go to stdout");
    let mut stderr = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut stderr).expect("stderr");
    assert!(stderr.contains("listening") && stderr.contains("shutting down"), "{stderr}");
}

#[test]
fn serve_refuses_an_open_address_without_a_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = rapport(dir.path()).args(["serve", "--addr", "0.0.0.0:0"]).output().expect("run");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("serve.password_hash") && stderr.contains("127.0.0.1"), "{stderr}");
    let bad = rapport(dir.path()).args(["serve", "--addr", "my laptop"]).output().expect("run");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not an address to listen on"));
}

#[test]
fn hash_password_prints_a_line_for_the_config_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = rapport(dir.path())
        .args(["serve", "--hash-password"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run");
    child.stdin.take().expect("stdin").write_all(b"correct horse battery\n").expect("write");
    let out = child.wait_with_output().expect("output");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("password_hash = \"$argon2id$"), "{text}");
    let short = rapport(dir.path())
        .args(["serve", "--hash-password"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let out = {
        let mut child = short;
        child.stdin.take().expect("stdin").write_all(b"short\n").expect("write");
        child.wait_with_output().expect("output")
    };
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 8 characters"));
}
