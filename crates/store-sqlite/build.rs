//! Rebuilds the crate when a migration file is added or changed: migrations are embedded
//! with `include_str!`, and without this a new file would silently ship a binary that
//! lacks it.

fn main() {
    println!("cargo::rerun-if-changed=migrations");
}
