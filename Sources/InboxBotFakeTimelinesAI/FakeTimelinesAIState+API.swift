import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// The Public API's paths on the fake's state. Each answer is the envelope's `data`.
extension FakeTimelinesAIState {
    mutating func answer(_ request: FakeRequest) throws -> JSONValue {
        let parts = request.path.split(separator: "/").map(String.init)
        let page = max(1, Int(request.query["page"] ?? "1") ?? 1)
        switch (request.method, parts.count, parts.first ?? "") {
        case ("GET", 1, "chats"):
            var list = chats.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }  // by name, as live
            if request.query["read"] == "false" { list = list.filter { !$0.read } }
            if let label = request.query["label"] { list = list.filter { chat in label.split(separator: ",").contains { chat.labels.contains(String($0)) } } }
            if let responsible = request.query["responsible"] { list = list.filter { responsible.split(separator: ",").contains(Substring($0.responsible ?? "")) } }
            return paged(list.map(chatJSON), page: page, key: "chats")
        case ("GET", 2, "chats"):
            return chatJSON(try existingChat(parts[1]))
        case ("PATCH", 2, "chats"):
            return try updateChat(parts[1], request.json())
        case (_, 3, "chats") where parts[2] == "labels":
            return try labels(parts[1], request)
        case ("GET", 3, "chats") where parts[2] == "messages":
            return try history(parts[1], request, page: page)
        case ("POST", 3, "chats") where parts[2] == "messages":
            let chat = try existingChat(parts[1])
            guard let text = try request.json()["text"]?.string, !text.isEmpty else { throw FakeTimelinesAIError.invalid("text is required") }
            return ["message_uid": .string(queueSend(text, in: chat.id).uid)]
        case ("POST", 1, "messages"):
            let body = try request.json()
            guard let phone = body["phone"]?.string, phone.hasPrefix("+"), (8...15).contains(phone.dropFirst().count), phone.dropFirst().allSatisfy(\.isNumber) else {
                throw FakeTimelinesAIError.invalid("Wrong phone number \"\(body["phone"]?.string ?? "")\"")
            }
            guard let text = body["text"]?.string, !text.isEmpty else { throw FakeTimelinesAIError.invalid("text is required") }
            let id = chats.values.first { $0.phone == phone }?.id ?? addChat(name: phone, phone: phone)
            return ["message_uid": .string(queueSend(text, in: id).uid)]
        case ("GET", 2, "messages"):
            guard let message = messages.values.lazy.flatMap({ $0 }).first(where: { $0.uid == parts[1] }) else {
                throw FakeTimelinesAIError.notFound("Message uid \"\(parts[1])\" not found")
            }
            return messageJSON(message)
        case ("GET", 2, "workspace") where parts[1] == "teammates":
            return ["teams": [], "teammates": .array(teammates.enumerated().map { index, teammate in
                ["user_id": .number(Double(9000 + index)), "display_name": .string(teammate.name), "email": .string(teammate.email), "role": "agent",
                 "team": .null, "status": "active", "whatsapp_accounts": [.string(Self.account.jid)]]
            })]
        case ("GET", 1, "whatsapp_accounts"):
            return ["whatsapp_accounts": [["id": .string(Self.account.jid), "phone": .string(Self.account.phone), "status": "connected"]]]
        case ("GET", 1, "webhooks"):
            return ["webhooks": .array(hooks.map(hookJSON))]
        case ("POST", 1, "webhooks"):
            let body = try request.json()
            guard let type = body["event_type"]?.string, let url = body["url"]?.string, url.hasPrefix("http") else {
                throw FakeTimelinesAIError.invalid("event_type and url are required")
            }
            guard hooks.count < 10 else { throw FakeTimelinesAIError(status: 400, message: "Webhooks limit reached (10)", code: "webhooks_limit") }
            hooks.append((id: 789_456 + hooks.count, eventType: type, url: url, enabled: true))
            return hookJSON(hooks[hooks.count - 1])
        case ("PUT", 2, "webhooks"):
            guard let index = hooks.firstIndex(where: { String($0.id) == parts[1] }) else { throw FakeTimelinesAIError.notFound("Webhook \(parts[1]) not found") }
            let body = try request.json()
            if case .bool(let enabled)? = body["enabled"] { hooks[index].enabled = enabled }
            if let url = body["url"]?.string { hooks[index].url = url }
            return hookJSON(hooks[index])
        default:
            throw FakeTimelinesAIError.notFound("Not found")
        }
    }

    func existingChat(_ reference: String) throws -> FakeTimelinesAIChat {
        guard let chat = chat(reference) else { throw FakeTimelinesAIError.notFound("Whatsapp chat_id \"\(reference)\" not found") }
        return chat
    }

    func paged(_ items: [JSONValue], page: Int, key: String) -> JSONValue {
        let start = min(items.count, (page - 1) * options.pageSize)
        let end = min(items.count, start + options.pageSize)
        return .object([("has_more_pages", .bool(end < items.count)), (key, .array(Array(items[start..<end])))])
    }

    /// A PATCH: `responsible` (an email, or "" for nobody; any email is taken, as live), `closed`,
    /// `read`, `name`. Any other field is ignored, and the answer is 200 all the same.
    mutating func updateChat(_ reference: String, _ body: [String: FakeJSON]) throws -> JSONValue {
        var chat = try existingChat(reference)
        if let responsible = body["responsible"]?.string { chat.responsible = responsible.isEmpty ? nil : responsible }
        if case .bool(let closed)? = body["closed"] { chat.closed = closed }
        if case .bool(let read)? = body["read"] { chat.read = read }
        if let name = body["name"]?.string, !name.isEmpty { chat.name = name }
        let changedResponsible = chats[chat.id]?.responsible != chat.responsible
        chats[chat.id] = chat
        if changedResponsible, webhooksEnabled { webhookOutbox.append(chatDelivery(chat.responsible == nil ? "chat:unassigned" : "chat:assigned", chat)) }
        return chatJSON(chat)
    }

    /// GET lists; PUT adds (creating labels as needed) and answers with the labels it was
    /// given, as the documentation's example shows; POST replaces them all.
    mutating func labels(_ reference: String, _ request: FakeRequest) throws -> JSONValue {
        var chat = try existingChat(reference)
        guard request.method != "GET" else { return ["labels": .array(chat.labels.map { .string($0) })] }
        guard let given = try request.json()["labels"]?.array?.compactMap(\.string) else { throw FakeTimelinesAIError.invalid("labels must be a list") }
        switch request.method {
        case "PUT":
            for label in given where !chat.labels.contains(label) { chat.labels.append(label) }
            chats[chat.id] = chat
            return ["labels": .array(given.map { .string($0) })]
        case "POST":
            chat.labels = given
            chats[chat.id] = chat
            return ["labels": .array(chat.labels.map { .string($0) })]
        default:
            throw FakeTimelinesAIError.notFound("Not found")
        }
    }

    /// A chat's messages: after a message (exclusive) or from a time, oldest or newest first.
    func history(_ reference: String, _ request: FakeRequest, page: Int) throws -> JSONValue {
        let chat = try existingChat(reference)
        var list = history(of: chat.id)
        if let uid = request.query["after_message"] {
            guard let index = list.firstIndex(where: { $0.uid == uid }) else { throw FakeTimelinesAIError.notFound("Message uid \"\(uid)\" not found") }
            list = Array(list[(index + 1)...])
        }
        if let text = request.query["after"] {
            guard let after = Timestamp.parse(text) else { throw FakeTimelinesAIError.invalid("after must be an ISO 8601 date or time") }
            list = list.filter { $0.time >= after.addingTimeInterval(-0.999) }  // inclusive, to the second
        }
        if let fromMe = request.query["from_me"] { list = list.filter { $0.fromMe == (fromMe == "true") } }
        if request.query["sorting_order"] != "asc" { list.reverse() }  // newest first by default
        return paged(list.map(messageJSON), page: page, key: "messages")
    }

    func hookJSON(_ hook: (id: Int, eventType: String, url: String, enabled: Bool)) -> JSONValue {
        ["id": .number(Double(hook.id)), "event_type": .string(hook.eventType), "url": .string(hook.url), "enabled": .bool(hook.enabled), "errors_counter": 0]
    }
}
