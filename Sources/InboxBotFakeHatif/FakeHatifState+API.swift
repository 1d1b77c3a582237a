import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// The Voxa endpoints, as the fake answers them. Each returns the JSON to send, or throws
/// a `FakeHatifError` that the server turns into an ABP error envelope.
extension FakeHatifState {
    // MARK: Auth

    mutating func issueToken(_ request: FakeRequest) throws -> JSONValue {
        let form = request.form()
        guard form["grant_type"] == "client_credentials", form["client_id"] == options.clientID,
              form["client_secret"] == options.clientSecret
        else { throw FakeHatifError(status: 400, code: "invalid_client", message: "invalid_client") }
        let token = "fake-token-\(makeID("t"))"
        // Without the VoxaAPI scope a token is still issued, but sends then fail with 401.
        let scoped = (form["scope"] ?? "").split(separator: " ").contains("VoxaAPI")
        tokens[token] = (now.addingTimeInterval(Double(options.tokenLifetimeSeconds)), scoped)
        tokensIssued += 1
        return ["access_token": .string(token), "token_type": "Bearer", "expires_in": .number(Double(options.tokenLifetimeSeconds)), "scope": scoped ? "VoxaAPI" : ""]
    }

    func authorize(_ request: FakeRequest, send: Bool = false) throws {
        guard let bearer = request.bearer, let token = tokens[bearer], token.expires > now else {
            throw FakeHatifError.unauthorized()
        }
        if send, !token.scoped { throw FakeHatifError.unauthorized("token lacks VoxaAPIScope") }
    }

    // MARK: Paging

    /// ABP's paging: SkipCount from 0, MaxResultCount 10 by default and at most 1000.
    func page(_ request: FakeRequest) throws -> (skip: Int, limit: Int) {
        let skip = Int(request.query["skipcount"] ?? "0") ?? -1
        let limit = Int(request.query["maxresultcount"] ?? "10") ?? -1
        guard skip >= 0 else { throw FakeHatifError.invalid("SkipCount must be 0 or more") }
        guard (1...1000).contains(limit) else { throw FakeHatifError.invalid("MaxResultCount must be between 1 and 1000") }
        return (skip, limit)
    }

    func paged(_ items: [JSONValue], _ request: FakeRequest) throws -> JSONValue {
        let (skip, limit) = try page(request)
        let slice = items.dropFirst(skip).prefix(limit)
        return ["totalCount": .number(Double(items.count)), "items": .array(Array(slice))]
    }

    /// `"LastActivityAt DESC"`-style sorting: the field and whether it descends.
    func sorting(_ request: FakeRequest, default field: String) -> (field: String, descending: Bool) {
        let parts = (request.query["sorting"] ?? "\(field) DESC").split(separator: " ")
        return (parts.first.map { $0.lowercased() } ?? field.lowercased(), parts.count < 2 || parts[1].uppercased() == "DESC")
    }

    // MARK: Reads

    func channelList(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        return try paged(channels.map(render), request)
    }

    func conversationList(channelID: String, _ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        guard channels.contains(where: { $0.id == channelID }) else { throw FakeHatifError.notFound("channel") }
        var list = conversations.values.filter { $0.channelID == channelID }
        if let status = request.query["status"].flatMap(Int.init) { list = list.filter { $0.status == status } }
        if let contacts = request.query["contactids"] {
            let wanted = Set(contacts.split(separator: ",").map(String.init))
            list = list.filter { wanted.contains($0.contactID) }
        }
        // The live API ignores the PhoneNumber filter; so does the fake.
        let (field, descending) = sorting(request, default: "LastActivityAt")
        list.sort { left, right in
            let (a, b) = field == "creationtime" ? (left.createdAt, right.createdAt) : (left.lastActivityAt, right.lastActivityAt)
            return a == b ? left.id < right.id : (descending ? a > b : a < b)
        }
        return try paged(list.map { renderConversation($0, listForm: true) }, request)
    }

    func conversation(id: String, _ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        guard let conversation = conversations[id] else { throw FakeHatifError.notFound("conversation") }
        return renderConversation(conversation, listForm: false)
    }

    func timelineList(conversationID: String, _ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        guard conversations[conversationID] != nil else { throw FakeHatifError.notFound("conversation") }
        let (_, descending) = sorting(request, default: "CreationTime")
        var items = timeline[conversationID] ?? []
        items.sort { $0.time == $1.time ? $0.eventID < $1.eventID : (descending ? $0.time > $1.time : $0.time < $1.time) }
        return try paged(items.map(render), request)
    }

    func userList(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        return .array(users.map { user in
            ["id": .string(user.id), "workspaceId": "workspace-1", "userId": .string(user.userID), "email": .string(user.email),
             "name": .string(user.name), "logoUrl": .null, "role": 2, "isAiAgent": false, "phoneNumber": .null,
             "creationTime": .string(Timestamp.format(Date(timeIntervalSince1970: 1_767_225_600)))]
        })
    }

    func tagList(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        return try paged(tags.map(render), request)
    }

    func contact(id: String, _ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        return try renderContact(id)
    }

    /// A contact as Get Contact shows it, its properties under `customFields` by key.
    func renderContact(_ id: String) throws -> JSONValue {
        guard let conversation = conversations.values.first(where: { $0.contactID == id }) else { throw FakeHatifError.notFound("contact") }
        let fields = (contactProperties[id] ?? [:]).sorted { $0.key < $1.key }.compactMap { propertyID, value -> (String, JSONValue)? in
            propertyDefinitions.first { $0.id == propertyID }.map { ($0.key, .string(value)) }
        }
        // Phone numbers come as an object here, as integrators saw live.
        return ["id": .string(id), "name": .string(conversation.contactName), "phoneNumber": ["number": .string(conversation.phoneNumber)], "email": .null,
                "customFields": .object(fields)]
    }

    /// List Contact Properties: a plain array of the documented definitions, their times in
    /// the fake's varying precision, never-modified ones with null modification fields.
    func propertyDefinitionList(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        return .array(propertyDefinitions.map { definition in
            ["id": .string(definition.id), "workspaceId": "workspace-1", "name": .string(definition.name), "key": .string(definition.key),
             "type": .number(Double(definition.type)), "isRequired": false, "selectOptions": .array(definition.options.map { .string($0) }),
             "lastModificationTime": .null, "lastModifierId": .null, "creationTime": stamp(definition.created), "creatorId": "user-1"]
        })
    }

    /// Set Property Value on Contact: the value is checked against the property's type, as
    /// ABP validation would (a number, one of a select's options, a date).
    mutating func setContactProperty(contactID: String, propertyID: String, _ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        guard conversations.values.contains(where: { $0.contactID == contactID }) else { throw FakeHatifError.notFound("contact") }
        guard let definition = propertyDefinitions.first(where: { $0.id == propertyID }) else { throw FakeHatifError.notFound("contact property") }
        guard let value = try request.json()["value"]?.string else { throw FakeHatifError.invalid("Value is required") }
        switch definition.type {
        case 2 where Double(value) == nil: throw FakeHatifError.invalid("The value of \(definition.name) must be a number")
        case 3 where !definition.options.contains(value): throw FakeHatifError.invalid("'\(value)' is not an option of \(definition.name)")
        case 4 where CivilDate(String(value.prefix(10))) == nil: throw FakeHatifError.invalid("The value of \(definition.name) must be a date")
        default: break
        }
        contactProperties[contactID, default: [:]][propertyID] = value
        return try renderContact(contactID)
    }

    // MARK: Writes

    mutating func createTag(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        guard let name = try request.json()["name"]?.string, !name.isEmpty else { throw FakeHatifError.invalid("Name is required") }
        let id = addTag(named: name)
        return tags.first { $0.id == id }.map(render) ?? .null
    }

    /// Replaces the whole tag set, as the live endpoint does.
    mutating func setTags(conversationID: String, _ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        guard conversations[conversationID] != nil else { throw FakeHatifError.notFound("conversation") }
        guard let ids = try request.json()["tagids"]?.array?.compactMap(\.string) else { throw FakeHatifError.invalid("tagIds is required") }
        guard ids.allSatisfy({ id in tags.contains { $0.id == id } }) else { throw FakeHatifError.notFound("tag") }
        conversations[conversationID]?.tagIDs = ids
        return [:]
    }

    mutating func assign(conversationID: String, _ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        guard conversations[conversationID] != nil else { throw FakeHatifError.notFound("conversation") }
        let body = try request.json()
        let user = body["assigneduserid"]?.string
        if body["assignedaiagentid"]?.string != nil, user != nil { throw FakeHatifError.invalid("Set either AssignedUserId or AssignedAiAgentId, not both") }
        if let user, !users.contains(where: { $0.userID == user || $0.id == user }) { throw FakeHatifError.notFound("user") }
        conversations[conversationID]?.assigneeID = user
        append(to: conversationID, source: 3, direction: 3, status: "Assigned", body: nil, assigned: user, at: now)
        return [:]
    }

    mutating func sendText(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request, send: true)
        let body = try request.json()
        guard let text = body["text"]?.string, !text.isEmpty else { throw FakeHatifError.invalid("Text is required") }
        let conversationID = try sendTarget(body)
        // Free text only within 24 hours of the customer's last message.
        let lastInbound = (timeline[conversationID] ?? []).filter { $0.direction == 1 }.map(\.time).max()
        guard let lastInbound, now.timeIntervalSince(lastInbound) < 24 * 3600 else {
            throw FakeHatifError(status: 403, code: "Voxa:WhatsApp:ServiceWindowExpired", message: "The 24-hour customer service window has expired")
        }
        return sent(in: conversationID, body: text)
    }

    mutating func sendTemplate(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request, send: true)
        let body = try request.json()
        guard let name = body["templatename"]?.string, !name.isEmpty, body["language"]?.string != nil else {
            throw FakeHatifError.invalid("TemplateName and Language are required")
        }
        let parameters = body["parameters"]?.array ?? []
        var texts: [String] = []
        for parameter in parameters {
            for value in parameter["values"]?.array ?? [] {
                let text = value["text"]?.string ?? value["imageurl"]?.string ?? value["documenturl"]?.string ?? value["videourl"]?.string
                // The live API answers 500 to an empty body parameter.
                guard let text, !text.isEmpty else { throw FakeHatifError(status: 500, code: nil, message: "An internal error occurred") }
                texts.append(text)
            }
        }
        let conversationID = try sendTarget(body)
        return sent(in: conversationID, body: "[template \(name)] " + texts.joined(separator: " | "))
    }

    /// The conversation a send goes to: the channel's conversation with that number.
    private mutating func sendTarget(_ body: [String: FakeJSON]) throws -> String {
        guard let channelID = body["channelid"]?.string, channels.contains(where: { $0.id == channelID }) else { throw FakeHatifError.notFound("channel") }
        guard let number = body["tonumber"]?.string, !number.isEmpty, !number.hasPrefix("+") else {
            throw FakeHatifError.invalid("ToNumber must be the number with its country code and no '+'")
        }
        if let existing = conversations.values.first(where: { $0.channelID == channelID && digits($0.phoneNumber) == number }) {
            return existing.id
        }
        return addConversation(channelID: channelID, contactName: "+" + number, phoneNumber: "+" + number)
    }

    private mutating func sent(in conversationID: String, body: String) -> JSONValue {
        let eventID = append(to: conversationID, source: 2, direction: 2, status: "Sent", body: body, at: now) ?? ""
        return ["contactId": .string(conversations[conversationID]?.contactID ?? ""), "status": "accepted",
                "message": "Message sent successfully", "conversationEventId": .string(eventID)]
    }

    /// Returns the existing conversation for the number if there is one.
    mutating func createConversation(_ request: FakeRequest) throws -> JSONValue {
        try authorize(request)
        let body = try request.json()
        guard let channelID = body["channelid"]?.string, channels.contains(where: { $0.id == channelID }) else { throw FakeHatifError.notFound("channel") }
        guard let phone = body["phonenumber"]?.string, phone.hasPrefix("+"), digits(phone).count >= 8 else {
            throw FakeHatifError.invalid("PhoneNumber must be in E.164 format")
        }
        let id: String
        if let existing = conversations.values.first(where: { $0.channelID == channelID && digits($0.phoneNumber) == digits(phone) }) {
            id = existing.id
        } else {
            id = addConversation(channelID: channelID, contactName: body["contactname"]?.string ?? phone, phoneNumber: phone)
            if let user = body["assigntouserid"]?.string { conversations[id]?.assigneeID = user }
        }
        guard let conversation = conversations[id] else { throw FakeHatifError.notFound("conversation") }
        return ["conversation": renderConversation(conversation, listForm: false), "contactId": .string(conversation.contactID)]
    }

    private func digits(_ phone: String) -> String {
        phone.filter(\.isNumber)
    }

    // MARK: Rendering

    /// A time as this answer prints it (see `FakeHatif.TimestampStyle`).
    func stamp(_ date: Date) -> JSONValue {
        guard options.timestampStyle == .varying else { return .string(Timestamp.format(date)) }
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let whole = String(Timestamp.format(Date(timeIntervalSince1970: seconds)).dropLast())
        let micro = String(format: "%06d", ((date.timeIntervalSince1970 - seconds) * 1_000_000).clampedInt(to: 0...999_999))
        let text = switch answerNumber % 5 {
        case 0: Timestamp.format(date)
        case 1: whole + "Z"
        case 2: whole + "." + micro + "Z"
        case 3: whole + "." + micro
        default: String(Timestamp.format(Date(timeIntervalSince1970: seconds + 3 * 3600)).dropLast()) + "." + micro + "+03:00"
        }
        return .string(text)
    }

    func render(_ channel: FakeChannel) -> JSONValue {
        ["id": .string(channel.id), "name": .string(channel.name), "type": .number(Double(channel.type)),
         "phoneNumber": ["number": .string(channel.phoneNumber)], "whatsAppInfo": .null, "postCallWebhookUrl": .null]
    }

    func render(_ tag: FakeTag) -> JSONValue {
        ["id": .string(tag.id), "name": .string(tag.name), "icon": .null, "isPinned": false, "creationTime": stamp(tag.created)]
    }

    /// Lists use numbers for enums; the single read uses names, as the live API does.
    func renderConversation(_ conversation: FakeConversation, listForm: Bool) -> JSONValue {
        let channel = channels.first { $0.id == conversation.channelID }
        let last = (timeline[conversation.id] ?? []).max { $0.time < $1.time }
        let assignee = users.first { $0.userID == conversation.assigneeID || $0.id == conversation.assigneeID }
        var pairs: [(String, JSONValue)] = [
            ("id", .string(conversation.id)), ("sentiment", .null),
            ("status", listForm ? .number(Double(conversation.status)) : .string(conversation.status == 1 ? "Open" : "Closed")),
            ("lastActivityAt", stamp(conversation.lastActivityAt)),
            ("contactId", .string(conversation.contactID)), ("contactName", .string(conversation.contactName)),
            ("contactType", listForm ? 1 : "Individual"), ("phoneNumber", .string(conversation.phoneNumber)),
            ("channelId", .string(conversation.channelID)), ("assigneeId", conversation.assigneeID.map { .string($0) } ?? .null),
            ("assignedAiAgentId", .null), ("isAiAssignee", false), ("assigneeName", assignee.map { .string($0.name) } ?? .null),
            ("channel", channel.map { channel in
                ["id": .string(channel.id), "name": .string(channel.name),
                 "type": listForm ? .number(Double(channel.type)) : .string(channel.type == 1 ? "Voice" : "WhatsApp"),
                 "icon": .null, "phoneNumber": .string(channel.phoneNumber)]
            } ?? .null),
        ]
        if listForm {
            pairs += [
                ("lastEventSourceType", last.map { .number(Double($0.sourceType)) } ?? .null),
                ("lastEventDirection", last.map { .number(Double($0.direction)) } ?? .null),
                ("lastEventStatus", last.map { .string($0.status) } ?? .null),
                ("lastEventPreviewBody", last?.body.map { .string(String($0.prefix(100))) } ?? .null),
                ("lastEventOccurredAt", last.map { stamp($0.time) } ?? .null),
                ("lastEventsCount", .number(Double(timeline[conversation.id]?.count ?? 0))),
            ]
        }
        pairs += [
            // The list gives TagDto objects; the single read, as declared, may give ids only.
            ("tags", .array(!listForm && options.tagShape == .ids
                ? conversation.tagIDs.map { .string($0) }
                : conversation.tagIDs.compactMap { id in tags.first { $0.id == id }.map(render) })),
            ("unreadCount", 0),  // always 0 for service accounts
        ]
        return .object(pairs)
    }

    func render(_ item: FakeTimelineItem) -> JSONValue {
        let duration = String(format: "%02d:%02d:%02d", item.durationSeconds / 3600, item.durationSeconds / 60 % 60, item.durationSeconds % 60)
        return .object([
            ("eventId", .string(item.eventID)), ("conversationId", .string(item.conversationID)),
            ("contactId", .string(conversations[item.conversationID]?.contactID ?? "")),
            ("channelId", .string(conversations[item.conversationID]?.channelID ?? "")),
            ("sourceType", .number(Double(item.sourceType))), ("sourceId", .string("src-" + item.eventID)),
            ("direction", .number(Double(item.direction))), ("creationTime", stamp(item.time)),
            ("status", .string(item.status)), ("errorCode", .null), ("failureReason", .null), ("isAi", false),
            ("attachment", .null), ("ownerUserId", item.ownerUserID.map { .string($0) } ?? .null), ("aiAgentId", .null),
            ("durationOrSize", item.sourceType == 1 ? .string(duration) : .null), ("ringingDuration", .null),
            ("body", item.body.map { .string($0) } ?? .null), ("handlerName", .null), ("aiSummary", .null), ("replyTo", .null),
            ("internalThread", .null), ("location", .null),
            ("assignation", item.sourceType == 3
                ? ["assignedUserId": item.assignedUserID.map { .string($0) } ?? .null, "assignedAiAgentId": .null, "assignedByUserId": .null]
                : .null),
        ])
    }
}
