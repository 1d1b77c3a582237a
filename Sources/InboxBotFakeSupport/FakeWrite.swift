import Foundation

/// One write the fake received, whether it was applied, and why not if it failed.
public struct FakeWrite: Sendable, Codable, Hashable {
    public var method: String
    public var path: String
    public var body: String
    public var status: Int
    /// Whether the write changed the fake's state.
    public var applied: Bool
    /// When the fake received it.
    public var receivedAt: Date?

    public init(method: String, path: String, body: String, status: Int, applied: Bool, receivedAt: Date?) {
        self.method = method
        self.path = path
        self.body = body
        self.status = status
        self.applied = applied
        self.receivedAt = receivedAt
    }
}
