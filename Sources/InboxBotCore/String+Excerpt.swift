extension StringProtocol {
    /// The text cut to `limit` characters for an error message, saying how much was left
    /// out: a message must never echo a megabyte of bad input.
    public func excerpt(_ limit: Int = 80) -> String {
        guard count > limit else { return String(self) }
        return String(prefix(limit)) + "… (\(count - limit) more characters)"
    }
}
