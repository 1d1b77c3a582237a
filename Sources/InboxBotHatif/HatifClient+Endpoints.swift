import Foundation
import InboxBotCore

/// The endpoints the bot needs, with the documented paths and PascalCase bodies.
extension HatifClient {
    /// ABP allows at most 1000 items a page.
    static let pageLimit = 1000

    public func channels() async throws(HatifError) -> [HatifChannel] {
        try await allPages("/v1/channels/service-account", "channels")
    }

    /// One page of a channel's conversations, most recently active first by default.
    public func conversations(
        channelID: String, skip: Int = 0, limit: Int = 100, sorting: String = "LastActivityAt DESC", contactID: String? = nil
    ) async throws(HatifError) -> HatifPage<HatifConversation> {
        var query = Self.paging(skip, limit, sorting)
        if let contactID { query.append(("ContactIds", contactID)) }
        let data = try await call(.GET, "/v2/conversations/service-account/channels/\(Self.escape(channelID))",
                                  query: query, repeatability: .safe)
        return try decode(HatifPage<HatifConversation>.self, from: data, "conversations")
    }

    public func conversation(id: String) async throws(HatifError) -> HatifConversation {
        let data = try await call(.GET, "/v2/conversations/service-account/\(Self.escape(id))", repeatability: .safe)
        return try decode(HatifConversation.self, from: data, "conversation \(id)")
    }

    /// One page of a conversation's timeline, newest first by default.
    public func timeline(
        conversationID: String, skip: Int = 0, limit: Int = 100, sorting: String = "CreationTime DESC"
    ) async throws(HatifError) -> HatifPage<HatifTimelineEvent> {
        let data = try await call(.GET, "/v2/conversations/service-account/\(Self.escape(conversationID))/timeline",
                                  query: Self.paging(skip, limit, sorting), repeatability: .safe)
        return try decode(HatifPage<HatifTimelineEvent>.self, from: data, "timeline")
    }

    public func workspaceUsers() async throws(HatifError) -> [HatifUser] {
        let data = try await call(.GET, "/v1/workspaces/users", repeatability: .safe)
        if let users = try? JSONDecoder().decode([HatifUser].self, from: data) { return users }
        return try decode(HatifPage<HatifUser>.self, from: data, "workspace users").items
    }

    /// Every tag; the default page of 10 would miss most of them.
    public func tags() async throws(HatifError) -> [HatifTag] {
        try await allPages("/v1/tags/service-account", "tags")
    }

    /// The workspace's contact property definitions (an array; a page is taken too).
    public func contactPropertyDefinitions() async throws(HatifError) -> [HatifPropertyDefinition] {
        let data = try await call(.GET, "/v1/contact-property-definitions", repeatability: .safe)
        if let definitions = try? JSONDecoder().decode([HatifPropertyDefinition].self, from: data) { return definitions }
        return try decode(HatifPage<HatifPropertyDefinition>.self, from: data, "contact property definitions").items
    }

    /// Sets one property of a contact; setting the same value again changes nothing.
    public func setContactProperty(contactID: String, propertyID: String, value: String) async throws(HatifError) {
        _ = try await call(.PUT, "/v1/contacts/\(Self.escape(contactID))/properties/\(Self.escape(propertyID))",
                           json: Self.json(["value": value]), repeatability: .safe)
    }

    public func createTag(named name: String) async throws(HatifError) -> HatifTag {
        // Not idempotent: a retried create could make two tags of one name.
        let data = try await call(.POST, "/v1/tags/service-account", json: Self.json(["Name": name]), repeatability: .once)
        return try decode(HatifTag.self, from: data, "created tag")
    }

    /// Replaces the conversation's whole tag set (undocumented endpoint; `[]` clears it).
    public func setTags(conversationID: String, tagIDs: [String]) async throws(HatifError) {
        _ = try await call(.POST, "/v2/conversations/service-account/\(Self.escape(conversationID))/tags",
                           json: Self.json(["tagIds": tagIDs]), repeatability: .safe)
    }

    /// Assigns to a user, or unassigns with nil.
    public func assign(conversationID: String, userID: String?) async throws(HatifError) {
        let body: [String: Any] = ["AssignedUserId": userID ?? NSNull(), "AssignedAiAgentId": NSNull()]
        _ = try await call(.POST, "/v2/conversations/service-account/\(Self.escape(conversationID))/assign",
                           json: Self.json(body), repeatability: .safe)
    }

    public func sendText(channelID: String, toNumber: String, text: String) async throws(HatifError) -> HatifSendResult {
        // Built as JSON directly: the most frequent send, and casting each value from `Any` cost more than writing it.
        let body = JSONValue.object([("ChannelId", .string(channelID)), ("Text", .string(text)), ("ToNumber", .string(Self.toNumber(toNumber)))])
        let data = try await call(.POST, "/v1/whatsapp/service-account/sendText", json: Self.json(body), repeatability: .once)
        return (try? JSONDecoder().decode(HatifSendResult.self, from: data)) ?? HatifSendResult(conversationEventID: nil, status: nil)
    }

    public func sendTemplate(channelID: String, toNumber: String, template: RenderedTemplate) async throws(HatifError) -> HatifSendResult {
        var body = Self.templateBody(template)
        body["ChannelId"] = channelID
        body["ToNumber"] = Self.toNumber(toNumber)
        let data = try await call(.POST, "/v1/whatsapp/service-account/sendTemplate", json: Self.json(body), repeatability: .once)
        return (try? JSONDecoder().decode(HatifSendResult.self, from: data)) ?? HatifSendResult(conversationEventID: nil, status: nil)
    }

    /// Opens a conversation, or returns the one that already exists for the number.
    public func createConversation(channelID: String, phoneNumber: String, contactName: String?, assignTo userID: String?) async throws(HatifError) -> HatifConversation {
        let body: [String: Any] = [
            "ChannelId": channelID, "PhoneNumber": Self.e164(phoneNumber),
            "ContactName": contactName ?? NSNull(), "AssignToUserId": userID ?? NSNull(), "AssignToAiAgentId": NSNull(),
        ]
        let data = try await call(.POST, "/v2/conversations/service-account/create", json: Self.json(body), repeatability: .once)
        return try decode(HatifCreatedConversation.self, from: data, "created conversation").conversation
    }

    public func contact(id: String) async throws(HatifError) -> HatifContact {
        let data = try await call(.GET, "/v1/contacts/\(Self.escape(id))", repeatability: .safe)
        return try decode(HatifContact.self, from: data, "contact \(id)")
    }

    // MARK: Helpers

    private func allPages<Item: Decodable & Sendable>(_ path: String, _ what: String) async throws(HatifError) -> [Item] {
        var items: [Item] = []
        while true {
            let data = try await call(.GET, path, query: Self.paging(items.count, Self.pageLimit, nil), repeatability: .safe)
            let page = try decode(HatifPage<Item>.self, from: data, what)
            items += page.items
            if page.items.isEmpty || items.count >= page.totalCount { return items }
        }
    }

    static func paging(_ skip: Int, _ limit: Int, _ sorting: String?) -> [(String, String)] {
        var query = [("SkipCount", String(skip)), ("MaxResultCount", String(min(max(1, limit), pageLimit)))]
        if let sorting { query.append(("Sorting", sorting)) }
        return query
    }

    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }

    /// A request body as JSON, keys sorted. (JSONSerialization's bridging cost more than
    /// the rest of a send.)
    static func json(_ object: Any) -> Data {
        json(jsonValue(object))
    }

    static func json(_ value: JSONValue) -> Data {
        Data(value.serialized(indent: nil).utf8)
    }

    static func jsonValue(_ object: Any) -> JSONValue {
        switch object {
        case let value as Bool: .bool(value)
        case let value as Int: .number(Double(value))
        case let value as Double: .number(value)
        case let value as String: .string(value)
        case let value as [Any]: .array(value.map(jsonValue))
        case let value as [String: Any]: .object(value.sorted { $0.key < $1.key }.map { ($0.key, jsonValue($0.value)) })
        default: .null
        }
    }

    /// `ToNumber` is the number with its country code and no `+`.
    static func toNumber(_ phone: String) -> String {
        String(decoding: TextFolding.phoneDigits(phone), as: UTF8.self)
    }

    /// `PhoneNumber` on create is E.164, with `+`.
    static func e164(_ phone: String) -> String {
        "+" + toNumber(phone)
    }

    /// The documented Parameters structure: one entry each for header and body, and one
    /// per dynamic button with its SubType and Index (as strings).
    static func templateBody(_ template: RenderedTemplate) -> [String: Any] {
        var parameters: [[String: Any]] = []
        switch template.header {
        case .text(let text): parameters.append(["Type": "Header", "Values": [["Type": "text", "Text": text]]])
        case .image(let url): parameters.append(["Type": "Header", "Values": [["Type": "image", "ImageUrl": url]]])
        case .video(let url): parameters.append(["Type": "Header", "Values": [["Type": "video", "VideoUrl": url]]])
        case .document(let url, let filename):
            var value: [String: Any] = ["Type": "document", "DocumentUrl": url]
            if let filename { value["DocumentFilename"] = filename }
            parameters.append(["Type": "Header", "Values": [value]])
        case nil: break
        }
        if !template.body.isEmpty {
            parameters.append(["Type": "Body", "Values": template.body.map { ["Type": "text", "Text": $0] }])
        }
        for button in template.buttons {
            parameters.append([
                "Type": "Buttons", "SubType": button.kind.rawValue, "Index": String(button.index),
                "Values": [["Type": "text", "Text": button.value]],
            ])
        }
        return ["TemplateName": template.name, "Language": template.language, "Parameters": parameters]
    }
}

/// The answer to a send: `{contactId, status: "accepted", message, conversationEventId}`.
public struct HatifSendResult: Decodable, Sendable, Hashable {
    /// The timeline event of the sent message: how the bot recognises its own messages later.
    public let conversationEventID: String?
    public let status: String?

    public init(conversationEventID: String?, status: String?) {
        self.conversationEventID = conversationEventID
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        conversationEventID = object.string("conversationEventId")
        status = object.string("status")
    }
}

/// The answer to create: `{conversation: {…}, contactId}`.
struct HatifCreatedConversation: Decodable {
    let conversation: HatifConversation

    init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        guard let conversation = object.decode("conversation", as: HatifConversation.self) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no conversation in the answer"))
        }
        self.conversation = conversation
    }
}
