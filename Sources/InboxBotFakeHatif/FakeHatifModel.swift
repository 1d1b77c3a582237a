import Foundation
import InboxBotFakeSupport

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

/// A contact property definition: type 1 text, 2 number, 3 select (one of `options`), 4 date.
struct FakePropertyDefinition: Sendable {
    var id: String
    var name: String
    var key: String
    var type: Int
    var options: [String]
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

/// An error answer in ABP's envelope.
struct FakeHatifError: FakeFailure {
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
