//! Shapes for the network reads: the people the planning rules read (LAMP advocacy, tie
//! strength, contact priority, warm-intro routes) and a token that tells a cache of derived
//! data whether the store changed since it was built.

/// Changes whenever a write commits. Two tokens are equal only if nothing was written in
/// between (to the same store), so a cache built at one token is current while the store
/// still shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChangeToken {
    /// Names the store file, so tokens of two stores never compare equal.
    pub instance: uuid::Uuid,
    /// Grows with every committed write.
    pub counter: u64,
}
