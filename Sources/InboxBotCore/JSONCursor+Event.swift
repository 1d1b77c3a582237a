import Foundation

// The event form of docs/events.md, read as `Event`'s `Decodable` reads it (see
// Event+Codable.swift and the types it decodes): the same keys, required parts, defaults
// for a missing or null value, and the same checks after. The key lists (in
// JSONCursor+Keys.swift) are written out again on purpose: each handler is chosen by a
// key's position in its list, so a key added to the form and not there is refused (and
// left to JSONDecoder), never read by the wrong handler.
extension JSONCursor {
    mutating func event() -> Event? {
        var id: String?, type: EventType?, time: Date?, conversation: ConversationSnapshot?
        var message: Message?, call: Call?, metadata: [String: String] = [:]
        let read = object(keys: Self.eventKeys) { key, cursor in
            switch key {
            case 0:
                id = cursor.string()
                return id != nil
            case 1:
                type = cursor.enumValue(EventType.self)
                return type != nil
            case 2:
                // Required: null is as wrong as a time that does not parse.
                time = cursor.time() ?? nil
                return time != nil
            case 3:
                conversation = cursor.conversation()
                return conversation != nil
            case 4:
                if cursor.null() { return true }
                message = cursor.message()
                return message != nil
            case 5:
                if cursor.null() { return true }
                call = cursor.call()
                return call != nil
            default:
                guard let read = cursor.stringDictionary() else { return false }
                metadata = read
                return true
            }
        }
        guard read, let id, let type, let time, let conversation else { return nil }
        if type.carriesMessage, message == nil { return nil }
        if type.carriesCall, call == nil { return nil }
        return Event(id: id, type: type, time: time, conversation: conversation, message: message, call: call, metadata: metadata)
    }

    mutating func conversation() -> ConversationSnapshot? {
        var snapshot = ConversationSnapshot(id: "")
        var id: String?
        let read = object(keys: Self.conversationKeys) { key, cursor in
            switch key {
            case 0:
                id = cursor.string()
                return id != nil
            case 2:
                if cursor.null() { return true }
                guard let status = cursor.enumValue(ConversationStatus.self) else { return false }
                snapshot.status = status
            case 4:
                guard let tags = cursor.stringArray() else { return false }
                snapshot.tags = tags
            case 5:
                if cursor.null() { return true }
                guard let unread = cursor.int() else { return false }
                snapshot.unread = unread
            case 10:
                if cursor.null() { return true }
                guard let contact = cursor.contact() else { return false }
                snapshot.contact = contact
            case 11, 12, 13, 14:
                guard let time = cursor.time() else { return false }
                switch key {
                case 11: snapshot.createdAt = time
                case 12: snapshot.assignedAt = time
                case 13: snapshot.lastInboundAt = time
                default: snapshot.lastOutboundAt = time
                }
            default:
                guard let text = cursor.optionalString() else { return false }
                switch key {
                case 1: snapshot.platform = text
                case 3: snapshot.platformStatus = text
                case 6: snapshot.channel.name = text
                case 7: snapshot.channel.id = text
                case 8: snapshot.assignee = text
                default: snapshot.assigneeName = text
                }
            }
            return true
        }
        guard read, let id else { return nil }
        snapshot.id = id
        return snapshot
    }

    mutating func contact() -> Contact? {
        var contact = Contact()
        let read = object(keys: Self.contactKeys) { key, cursor in
            if key == 3 {
                guard let properties = cursor.stringDictionary() else { return false }
                contact.properties = properties
                return true
            }
            guard let text = cursor.optionalString() else { return false }
            switch key {
            case 0: contact.id = text
            case 1: contact.name = text
            default: contact.phone = text
            }
            return true
        }
        return read ? contact : nil
    }

    mutating func message() -> Message? {
        var direction: Direction?
        var message = Message(direction: .inbound)
        let read = object(keys: Self.messageKeys) { key, cursor in
            switch key {
            case 1:
                direction = cursor.enumValue(Direction.self)
                return direction != nil
            case 2:
                if cursor.null() { return true }
                guard let type = cursor.enumValue(MessageType.self) else { return false }
                message.type = type
            case 4:
                if cursor.null() { return true }
                guard let status = cursor.enumValue(DeliveryStatus.self) else { return false }
                message.status = status
            default:
                guard let text = cursor.optionalString() else { return false }
                switch key {
                case 0: message.id = text
                case 3: message.body = text
                default: message.sender = text
                }
            }
            return true
        }
        guard read, let direction else { return nil }
        message.direction = direction
        return message
    }

    mutating func call() -> Call? {
        var direction: Direction?, status: CallStatus?, duration = 0
        let read = object(keys: Self.callKeys) { key, cursor in
            switch key {
            case 0: direction = cursor.enumValue(Direction.self)
            case 1: status = cursor.enumValue(CallStatus.self)
            default:
                if cursor.null() { return true }
                guard let seconds = cursor.int() else { return false }
                duration = seconds
                return true
            }
            return key == 0 ? direction != nil : status != nil
        }
        guard read, let direction, let status else { return nil }
        return Call(direction: direction, status: status, durationSeconds: duration)
    }
}
