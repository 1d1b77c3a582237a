import Foundation

/// The fake's records. Field names follow the Voxa DTOs; `FakeHatif` renders them.
struct FakeChannel: Sendable {
    var id: String
    var name: String
    var type: Int
    var phoneNumber: String
}

struct FakeUser: Sendable {
    var id: String
    var userID: String
    var email: String
    var name: String
}

struct FakeTag: Sendable {
    var id: String
    var name: String
    var created: Date
}

struct FakeConversation: Sendable {
    var id: String
    var channelID: String
    var contactID: String
    var contactName: String
    var phoneNumber: String
    var status: Int
    var assigneeID: String?
    var tagIDs: [String]
    var createdAt: Date
    var lastActivityAt: Date
}

struct FakeTimelineItem: Sendable {
    var eventID: String
    var conversationID: String
    var sourceType: Int
    var direction: Int
    var time: Date
    var status: String
    var body: String?
    var ownerUserID: String?
    var durationSeconds: Int
    var assignedUserID: String?
}

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
}

/// A fault to inject into matching requests, `remaining` times.
public struct FakeFault: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// Answer with `status` (and `retryAfter` seconds on a 429) without doing anything.
        case status
        /// Wait `delaySeconds`, then answer normally.
        case delay
        /// Do the write, then wait `delaySeconds` before answering: the client times out
        /// on a request that did happen, the case that makes a send's outcome unknown.
        case applyThenStall = "apply_then_stall"
        /// Do the write, then cut the connection half-way through the answer.
        case applyThenDrop = "apply_then_drop"
        /// Answer 200 with `body` instead, doing nothing: a shape of a field that the
        /// documentation allows or that the live API was seen to send.
        case body
    }

    public var kind: Kind
    /// A substring of the request path; empty matches every path.
    public var path: String
    public var method: String?
    public var status: Int?
    public var retryAfter: Int?
    public var delaySeconds: Double?
    public var body: String?
    public var remaining: Int

    public init(kind: Kind, path: String = "", method: String? = nil, status: Int? = nil, retryAfter: Int? = nil, delaySeconds: Double? = nil,
                body: String? = nil, remaining: Int = 1) {
        self.kind = kind
        self.path = path
        self.method = method
        self.status = status
        self.retryAfter = retryAfter
        self.delaySeconds = delaySeconds
        self.body = body
        self.remaining = remaining
    }
}

/// An error answer in ABP's envelope.
struct FakeHatifError: Error {
    var status: Int
    var code: String?
    var message: String
    var retryAfter: Int?

    static func unauthorized(_ message: String = "Unauthorized") -> FakeHatifError { FakeHatifError(status: 401, code: nil, message: message) }
    static func notFound(_ what: String) -> FakeHatifError { FakeHatifError(status: 404, code: "Volo.Abp.Domain.Entities:EntityNotFound", message: "There is no such \(what)") }
    static func invalid(_ message: String) -> FakeHatifError { FakeHatifError(status: 400, code: "Volo.Abp.Validation", message: message) }
}

/// A timeline entry as tests see it: 1 inbound, 2 outbound, 3 internal.
public struct FakeTimelineEntry: Sendable, Hashable {
    public var direction: Int
    public var body: String?
}
