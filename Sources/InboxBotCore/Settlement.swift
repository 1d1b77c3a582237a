/// What reading the platform says about an action whose outcome was unknown.
public enum Settlement: Sendable, Hashable {
    /// It happened: here is its id on the platform.
    case sent(id: String)
    /// Nothing like it is there: it did not happen, and may be tried again.
    case notSent
}
