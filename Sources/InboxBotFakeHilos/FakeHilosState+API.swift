import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Hilos's public API paths on the fake's state: the answer's status and body.
extension FakeHilosState {
    mutating func answer(_ request: FakeRequest, origin: String) throws -> (status: Int, body: JSONValue) {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.first == "api" else { throw FakeHilosError.detail(404, "Not found.") }
        let rest = Array(parts.dropFirst())
        // Bounded, so that page × page_size cannot overflow on a hostile query.
        let page = min(max(1, Int(request.query["page"] ?? "1") ?? 1), 1_000_000)
        let pageSize = min(max(1, Int(request.query["page_size"] ?? "50") ?? 50), 1000)
        switch (request.method, rest.count, rest.first ?? "") {
        case ("GET", 2, "inbox") where rest[1] == "conversation":
            var list = conversations.values.sorted { $0.id < $1.id }  // no documented order: here by id
            if let contact = request.query["contact"] { list = list.filter { $0.contact == contact } }
            return (200, paged(list.map(conversationJSON), page: page, pageSize: pageSize, origin: origin, path: request.path))
        case ("PATCH", 4, "inbox") where rest[1] == "conversation" && rest[3] == "update":
            return (200, try update(rest[2], request.json()))
        case ("GET", 1, "account-member"):
            return (200, .array(members.map { member in
                ["id": .number(Double(member.id)), "first_name": .string(member.first), "last_name": .string(member.last), "email": .string(member.email),
                 "teams": .array(teams.filter { $0.members.contains(member.id) }.map { ["id": .number(Double($0.id)), "name": .string($0.name)] }), "account": 9, "profile_image": .null, "date_joined": "2024-01-02T10:00:00Z", "user_permissions": [],
                 "available_channels": [12], "role": "AGENT"]
            }))
        case ("GET", 1, "contact"):
            let search = request.query["search"] ?? ""
            let found = contacts.filter { search.isEmpty || $0.value.phone.contains(search) || $0.value.first.localizedCaseInsensitiveContains(search) }
            return (200, paged(found.sorted { $0.key < $1.key }.map { id, contact in
                ["id": .string(id), "phone": .string(contact.phone), "canonical_phone": .string(contact.phone), "first_name": .string(contact.first),
                 "last_name": .string(contact.last)]
            }, page: page, pageSize: pageSize, origin: origin, path: request.path))
        case ("GET", 2, "contact"):
            return (200, try contactDetail(rest[1]))
        case ("PATCH", 2, "contact"):
            // PATCH merges `meta` unless `overwrite_meta` is true; Hilos keeps the values as strings.
            guard contacts[rest[1]] != nil else { throw FakeHilosError.detail(404, "Not found.") }
            // Read as sent: `meta` keys keep their case.
            guard case .object(let body)? = try? JSONValue.parse(request.bodyText) else { throw FakeHilosError.detail(400, "JSON parse error") }
            if let meta = body.first(where: { $0.0 == "meta" })?.1 {
                guard case .object(let fields) = meta else { throw FakeHilosError.detail(400, "meta: Expected a dictionary of items.") }
                if case .bool(true)? = body.first(where: { $0.0 == "overwrite_meta" })?.1 { contactMeta[rest[1]] = [:] }
                for (key, value) in fields {
                    if case .string(let text) = value { contactMeta[rest[1], default: [:]][key] = text } else { contactMeta[rest[1], default: [:]][key] = value.serialized(indent: nil) }
                }
            }
            return (200, try contactDetail(rest[1]))
        case ("GET", 3, "channels") where rest[1] == "whatsapp" && rest[2] == "template":
            let search = request.query["search"]?.lowercased() ?? ""
            let status = request.query["status"]?.lowercased()
            let wanted = templates.filter { (search.isEmpty || $0.name.lowercased().contains(search)) && (status == nil || $0.status == status) }
            // The documented listing: a deleted template stays in it, flagged; the channel is an
            // object (its fields beyond id and name are inferred); rejected_reason is null or
            // Meta's word ("NONE" when nothing was rejected).
            return (200, paged(wanted.map { template in
                ["id": .string(template.id), "name": .string(template.name), "language": .string(template.language),
                 "category": template.variables == 0 || template.status == "rejected" ? "MARKETING" : "UTILITY",
                 "status": .string(template.status), "is_deleted": .bool(template.deleted),
                 "rejected_reason": template.status == "rejected" ? "INVALID_FORMAT" : template.variables == 1 ? "NONE" : .null,
                 "channel": ["id": 12, "name": "WhatsApp Ventas", "channel_type": "WHATSAPP", "channel_id": "+5215511112222"],
                 "components": Self.components(name: template.name, variables: template.variables)]
            }, page: page, pageSize: pageSize, origin: origin, path: request.path))
        case ("POST", 5, "channels") where rest[1] == "whatsapp" && rest[2] == "template" && rest[4] == "send":
            return (201, try sendTemplate(rest[3], request.json()))
        case ("POST", 3, "flow") where rest[2] == "run":
            return (201, try runFlow(rest[1], request))
        default:
            throw FakeHilosError.detail(404, "Not found.")
        }
    }

    /// ContactDetailReadPublic, `meta` included.
    func contactDetail(_ id: String) throws -> JSONValue {
        guard let contact = contacts[id] else { throw FakeHilosError.detail(404, "Not found.") }
        let meta = (contactMeta[id] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
        return ["id": .string(id), "phone": .string(contact.phone), "canonical_phone": .string(contact.phone),
                "first_name": .string(contact.first), "last_name": .string(contact.last), "email": .null, "meta": .object(meta), "tags": []]
    }

    /// `{count, next, previous, results}`, with `next` and `previous` as absolute URLs.
    func paged(_ items: [JSONValue], page: Int, pageSize: Int, origin: String, path: String) -> JSONValue {
        let start = min(items.count, (page - 1) * pageSize)
        let end = min(items.count, start + pageSize)
        func link(_ number: Int) -> JSONValue { .string("\(origin)\(path)?page=\(number)&page_size=\(pageSize)") }
        return .object([("count", .number(Double(items.count))), ("next", end < items.count ? link(page + 1) : .null),
                        ("previous", page > 1 ? link(page - 1) : .null), ("results", .array(Array(items[start..<end])))])
    }

    /// A partial update: `status`, `assigned` (`[{id}]`; `[]` for nobody), `assigned_team`,
    /// `tags` (`[{name}]`, replacing them all, refused once CLOSED).
    mutating func update(_ reference: String, _ body: [String: FakeJSON]) throws -> JSONValue {
        guard var conversation = conversation(reference) else { throw FakeHilosError.detail(404, "Not found.") }
        if let tags = body["tags"]?.array {
            guard conversation.status != "CLOSED" else { throw FakeHilosError.field("tags", "Tags cannot be changed on a closed conversation.") }
            conversation.tags = tags.compactMap { $0["name"]?.string ?? $0.string }
        }
        if let assigned = body["assigned"]?.array {
            let ids = assigned.compactMap { item -> Int? in
                if case .number(let number)? = item["id"] { return Int(exactly: number) }
                if case .number(let number) = item { return Int(exactly: number) }
                return nil
            }
            guard ids.allSatisfy({ id in members.contains { $0.id == id } }) else { throw FakeHilosError.field("assigned", "Invalid pk - object does not exist.") }
            conversation.assigned = ids
        }
        if let status = body["status"]?.string {
            guard ["CREATED", "FLOW", "FLOW_PAUSED", "NEW", "IN_PROGRESS", "RESOLVED", "CLOSED"].contains(status) else {
                throw FakeHilosError.field("status", "\"\(status)\" is not a valid choice.")
            }
            conversation.status = status
        }
        switch body["assigned_team"] {
        case .number(let team)?:
            guard let id = Int(exactly: team), teams.contains(where: { $0.id == id }) else {
                throw FakeHilosError.field("assigned_team", "Invalid pk \"\(team)\" - object does not exist.")
            }
            conversation.team = id
        case .null?: conversation.team = nil
        default: break
        }
        conversations[conversation.id] = conversation
        return ["id": .string(conversation.id), "contact": .string(conversation.contact), "status": .string(conversation.status),
                "assigned": .array(conversation.assigned.map { .number(Double($0)) }), "assigned_team": conversation.team.map { .number(Double($0)) } ?? .null,
                "tags": .array(conversation.tags.map { ["name": .string($0)] })]
    }

    /// `201 {id, conversation}`: into the number's open conversation, or a new one.
    mutating func sendTemplate(_ templateID: String, _ body: [String: FakeJSON]) throws -> JSONValue {
        guard let template = templates.first(where: { $0.id == templateID }), template.status == "approved", !template.deleted else {
            throw FakeHilosError.detail(404, "Not found.")
        }
        guard let phone = body["phone"]?.string, phone.hasPrefix("+"), phone.count <= 20 else { throw FakeHilosError.field("phone", "Enter a valid phone number.") }
        let variables = body["variables"]?.array?.compactMap(\.string) ?? []
        guard variables.count == template.variables else {
            throw FakeHilosError.field("variables", "Expected \(template.variables) variables, got \(variables.count).")
        }
        let text = "[\(template.name)] " + variables.joined(separator: " | ")
        let contact = addContact(phone: phone, first: "")
        let open = conversations.values.filter { $0.contact == contact && $0.status != "CLOSED" }.sorted { $0.createdOn > $1.createdOn }.first
        let messageID = makeID()
        let conversationID: String
        if var conversation = open {
            conversation.messages.append((messageID, false, text, now))
            if conversation.status == "NEW" || conversation.status == "CREATED" { conversation.status = "IN_PROGRESS" }
            conversations[conversation.id] = conversation
            conversationID = conversation.id
        } else {
            conversationID = addConversation(contact: contact, status: "IN_PROGRESS", firstMessage: text, inbound: false, source: "API")
            conversations[conversationID]?.messages[0].id = messageID
        }
        return ["id": .string(messageID), "conversation": .string(conversationID)]
    }

    func conversationJSON(_ conversation: FakeHilosConversation) -> JSONValue {
        if let verbatim = conversation.verbatim, let value = try? JSONValue.parse(verbatim) { return value }
        let first = conversation.messages.first
        let contact = contacts[conversation.contact]
        let message: JSONValue = first.map { message in
            let (from, to) = message.inbound ? (contact?.phone ?? "", "+5215500000000") : ("+5215500000000", contact?.phone ?? "")
            // The schema calls `direction` a free string: answers print it in either case.
            let direction = message.inbound ? "INBOUND" : "OUTBOUND"
            let sentOn: JSONValue = message.inbound ? .null : .string(stamp(message.time))
            return [
                "id": .string(message.id), "to_number": .string(to), "from_number": .string(from), "body": .string(message.text),
                "direction": .string(answerNumber.isMultiple(of: 2) ? direction : direction.lowercased()), "timestamp": .string(stamp(message.time)),
                "contact": .string(conversation.contact), "status": message.inbound ? "received" : "sent",
                "queued_on": sentOn, "accepted_on": sentOn, "sent_on": sentOn, "delivered_on": .null, "read_on": .null, "failed_on": .null,
                "provider_id": .string("wamid.\(message.id)"), "provider_error_code": .null, "provider_error_message": .null, "sent_by": .null,
                "is_deleted": false, "content": [:], "whatsapp_template": .null, "content_type": .null, "content_url": .null,
                "msg_type": "text", "failed_attempts": 0, "source": message.inbound ? "INBOUND" : .string(conversation.source),
            ]
        } ?? .null
        return [
            "id": .string(conversation.id), "contact": .string(conversation.contact), "status": .string(conversation.status), "first_message": message,
            "assigned": .array(conversation.assigned.compactMap { id in members.first { $0.id == id } }.map { member in
                ["id": .number(Double(member.id)), "first_name": .string(member.first), "last_name": .string(member.last), "email": .string(member.email),
                 "account": 9, "profile_image": .null, "date_joined": "2024-01-02T10:00:00Z"]
            }),
            "tags": .array(conversation.tags.enumerated().map { ["id": .number(Double(70 + $0.offset)), "name": .string($0.element)] }),
            "created_on": .string(stamp(conversation.createdOn)), "source": .string(conversation.source),
            "assigned_team": conversation.team.map { .number(Double($0)) } ?? .null, "channel": .number(Double(conversation.channel)),
        ]
    }

    /// A time as this answer prints it. The documentation shows whole seconds in UTC
    /// (`2023-11-07T05:31:56Z`); Hilos is a Django REST framework API, which prints microseconds
    /// when a time has them and the server's zone when one is set, so answers vary across
    /// whole seconds, milliseconds and microseconds, in UTC and at Mexico City's `-06:00`.
    func stamp(_ date: Date) -> String {
        FakeTimestamp.iso8601(date, precision: .cycling(answerNumber), offsetSeconds: answerNumber.isMultiple(of: 2) ? 0 : -6 * 3600)
    }

    /// A template's components in the shapes the Cloud API gives them, one {{N}} per
    /// variable, each component numbering its own from 1: with two variables, the first is in
    /// a text header; with three or more, an image header takes the first (media headers
    /// have no {{N}}), a URL button the last, beside a phone button that takes none; one
    /// without any has quick-reply buttons (whose payloads a send may or may not carry).
    static func components(name: String, variables: Int) -> JSONValue {
        func placeholders(_ count: Int) -> String { (0..<count).map { " {{\($0 + 1)}}" }.joined() }
        var components: [JSONValue] = []
        var bodyVariables = variables
        if variables >= 3 {
            components.append(["type": "HEADER", "format": "IMAGE", "example": ["header_handle": ["https://scontent.whatsapp.net/v/factura.png"]]])
            bodyVariables -= 2
        } else if variables == 2 {
            components.append(["type": "HEADER", "format": "TEXT", "text": .string("Pedido" + placeholders(1))])
            bodyVariables -= 1
        }
        components.append(["type": "BODY", "text": .string("[\(name)]" + placeholders(bodyVariables))])
        if variables >= 3 {
            components.append(["type": "BUTTONS", "buttons": [["type": "URL", "text": "Ver", "url": "https://acme.example/f/{{1}}"],
                                                              ["type": "PHONE_NUMBER", "text": "Llamar", "phone_number": "+525500000000"]]])
        } else if variables == 0 {
            components.append(["type": "BUTTONS", "buttons": [["type": "QUICK_REPLY", "text": "Sí"], ["type": "QUICK_REPLY", "text": "No"]]])
        }
        return .array(components)
    }
}
