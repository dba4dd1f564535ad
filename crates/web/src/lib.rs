//! rapport's web app: an axum server whose pages are server-rendered HTML over the use cases
//! in `rapport-core`. The pages work without JavaScript; a little of our own script makes
//! some of them nicer (search as you type, saving a LAMP score on change).
//!
//! **Architecture invariant:** this is the only crate that knows HTTP and HTML. A handler
//! parses its input, calls one `rapport_core` use case (off the async runtime, since the
//! store is synchronous), and renders a template; rules live in the domain and core crates.
//!
//! Start with [`router`] (a function of the [`AppState`], so tests drive it in-process) or
//! [`serve`] (a real server on a listener, with graceful shutdown).

mod assets;
mod auth;
pub mod brief;
mod cache;
mod compose;
mod config;
mod error;
mod forms;
mod home;
mod interop;
mod meetings;
mod openings;
mod organizations;
mod page;
mod people;
mod search;
mod secrets;
mod security;
mod server;
mod settings;
mod state;
mod stats;
mod targets;
mod today;
mod trash;
mod views;

pub use crate::config::{DEFAULT_ADDR, WebConfig, hash_password};
pub use crate::error::AppError;
pub use crate::secrets::{Secrets, SecretsError};
pub use crate::server::{BindError, check_bind, router, serve, shutdown_signal};
pub use crate::state::{AppState, WebStore};
