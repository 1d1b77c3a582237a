/// A connector that cannot be made, with the reason (credentials missing, not written yet).
public struct ConnectorFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
