//! Runs the shared store story against SQLite, one fresh database file per chapter.

use rapport_store::story;
use rapport_store_sqlite::{OpenMode, SqliteStore};

#[test]
fn the_store_story_holds_on_sqlite() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let counter = std::cell::Cell::new(0);
    story::run_all(|| {
        counter.set(counter.get() + 1);
        let path = dir.path().join(format!("story-{}.rapport", counter.get()));
        SqliteStore::open(&path, OpenMode::Create).expect("open a fresh store")
    });
}
