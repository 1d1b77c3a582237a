/// A state store's refusal of a write because this worker no longer owns what it was about
/// (a conversation's shard passed to another worker sharing the database). Nothing is wrong
/// with this worker: the work goes on at the new owner, so it is not a readiness problem.
public protocol OwnershipLost: Error {}
