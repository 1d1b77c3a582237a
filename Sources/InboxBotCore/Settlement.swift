/// What reading the platform says about an action whose outcome was unknown.
public enum Settlement: Sendable, Hashable {
    /// It happened: here is its id on the platform.
    case sent(id: String)
    /// Nothing like it is there: it did not happen, and may be tried again.
    case notSent
    /// The platform cannot show whether it happened (Hilos has no message list), so it is not
    /// tried again: it waits for an operator, who checks and retries it or leaves it.
    case cannotTell(reason: String)
}
