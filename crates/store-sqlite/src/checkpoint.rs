//! Copying the write-ahead log back into the file, beside the writer instead of inside its
//! commit.
//!
//! SQLite's automatic checkpoint runs in the connection that commits, as part of the commit,
//! once the log passes 1,000 pages: a 30,000-row import waited about 0.4 s for it (copying a
//! 50 MB log into the file and syncing both to disk) after its data was already committed
//! and visible. The writer's log hook here does what the automatic checkpoint's hook does,
//! but only signals: a thread with its own connection runs the same `PASSIVE` checkpoint
//! (which never blocks readers or the writer), so a big write returns when it is committed.
//!
//! Durability is unchanged: the store runs with `synchronous = NORMAL`, where a commit is
//! written to the log without waiting for the disk either way, and the checkpoint syncs
//! the log before it copies it. The last connection to close still checkpoints whatever is
//! left, so a process never leaves a log behind (see `SqliteStore`'s field order).

use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use rapport_store::StoreResult;
use rusqlite::{Connection, OpenFlags};

use crate::{backend, configure, open_error};

/// The log size, in bytes, past which a checkpoint is asked for: SQLite's own default of
/// 1,000 pages, at the 4 KiB pages of its default page size (a store made since pages grew
/// to 16 KiB would otherwise let its log grow four times as large between checkpoints).
const LOG_BYTES: i64 = 1_000 * 4_096;

#[derive(Default)]
struct State {
    /// A commit left the log past [`LOG_BYTES`] since the last checkpoint started.
    pending: bool,
    stop: bool,
}

/// The checkpoint thread and the flag the writer raises for it.
pub(crate) struct Checkpointer {
    shared: Arc<(Mutex<State>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens the thread's connection to `path` and hooks `writer`'s commits to it.
    pub(crate) fn start(path: &Path, writer: &mut Connection) -> StoreResult<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| open_error(path, e))?;
        configure(&conn, path, false)?;
        // This connection never commits, so it never checkpoints on its own account.
        let shared: Arc<(Mutex<State>, Condvar)> = Arc::default();
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("rapport-checkpoint".into())
                .spawn(move || run(&conn, &shared))
                .map_err(|e| rapport_store::StoreError::Backend(format!("cannot start the checkpoint thread: {e}")))?
        };
        // Replaces SQLite's automatic checkpoint, which is itself a log hook.
        let signal = Arc::clone(&shared);
        let page_size: i64 = writer.pragma_query_value(None, "page_size", |r| r.get(0)).map_err(backend)?;
        let pages = std::ffi::c_int::try_from(LOG_BYTES / page_size.max(512)).unwrap_or(1_000).max(1);
        writer
            .wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, logged: std::ffi::c_int| {
                if logged >= pages {
                    let (state, wake) = &*signal;
                    if let Ok(mut state) = state.lock() {
                        state.pending = true;
                        wake.notify_one();
                    }
                }
                Ok(())
            }))
            .map_err(backend)?;
        Ok(Self { shared, thread: Some(thread) })
    }
}

fn run(conn: &Connection, shared: &(Mutex<State>, Condvar)) {
    let (state, wake) = shared;
    loop {
        {
            let Ok(mut guard) = state.lock() else { return };
            while !guard.pending && !guard.stop {
                guard = match wake.wait(guard) {
                    Ok(guard) => guard,
                    Err(_) => return,
                };
            }
            if guard.stop {
                return;
            }
            guard.pending = false;
        }
        // A checkpoint that cannot finish now (a reader still on old pages) leaves the rest
        // for the next one, or for the close; there is nothing to report.
        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
    }
}

impl Drop for Checkpointer {
    /// Lets a checkpoint under way finish, then closes the thread's connection, before the
    /// store's other connections close.
    fn drop(&mut self) {
        let (state, wake) = &*self.shared;
        if let Ok(mut guard) = state.lock() {
            guard.stop = true;
            wake.notify_one();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
