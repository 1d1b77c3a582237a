import Foundation

extension Condition.Kind {
    /// How the test reads in an explanation: "tags include vip".
    public var summary: String {
        switch self {
        case .all: "all of"
        case .any: "any of"
        case .not: "not"
        case .event(let patterns): "event is " + Self.alternatives(patterns.map(\.text))
        case .platform(let platforms): "platform is " + Self.alternatives(platforms)
        case .platformStatus(let statuses): "platform status is " + Self.alternatives(statuses)
        case .status(let statuses): "status is " + Self.alternatives(statuses.map(\.rawValue).sorted())
        case .tags(let test): Self.tagSummary(test)
        case .direction(let directions): "direction is " + Self.alternatives(directions.map(\.rawValue).sorted())
        case .unread(let comparison): "unread \(comparison)"
        case .channel(let channels): "channel is " + Self.alternatives(channels.map { "'\($0)'" })
        case .assignee(.none): "assignee is none"
        case .assignee(.any): "assignee is anyone"
        case .assignee(.oneOf(let users)): "assignee is " + Self.alternatives(users)
        case .messageType(let types): "message type is " + Self.alternatives(types.map(\.rawValue).sorted())
        case .body(let test): Self.textSummary("body", test)
        case .deliveryStatus(let statuses): "delivery status is " + Self.alternatives(statuses.map(\.rawValue).sorted())
        case .callStatus(let statuses): "call status is " + Self.alternatives(statuses.map(\.rawValue).sorted())
        case .callDuration(let comparison): "call duration \(comparison.durationDescription)"
        case .contactName(let test): Self.textSummary("contact.name", test)
        case .contactPhone(let test): Self.textSummary("contact.phone", test)
        case .contactProperty(let name, let test): Self.textSummary("contact.properties.\(name)", test)
        case .elapsed(let reference, .never): "\(reference.rawValue) is never (it never happened)"
        case .elapsed(let reference, .compare(let comparison)): "\(reference.rawValue) \(comparison.durationDescription)"
        case .within(let calendar): "within business hours of \(calendar)"
        case .outside(let calendar): "outside business hours of \(calendar)"
        case .optedOut(let expected): expected ? "the contact has opted out" : "the contact has not opted out"
        case .serviceWindow(let open): "the WhatsApp 24-hour window is \(open ? "open" : "closed")"
        }
    }

    /// What the event held for this test, as shown in an explanation.
    func actualValue(in context: EvaluationContext) -> String {
        let event = context.event
        let conversation = event.conversation
        switch self {
        case .all, .any, .not: return ""
        case .event: return event.type.rawValue
        case .platform: return conversation.platform ?? "(none)"
        case .platformStatus: return conversation.platformStatus ?? "(none)"
        case .status: return conversation.status.rawValue
        case .tags: return conversation.tags.isEmpty ? "no tags" : "[" + conversation.tags.joined(separator: ", ") + "]"
        case .direction: return event.direction?.rawValue ?? "no direction"
        case .unread: return String(conversation.unread)
        case .channel:
            let name = conversation.channel.name.map { "'\($0)'" } ?? "no name"
            return conversation.channel.id.map { "\(name), id \($0)" } ?? name
        case .assignee: return conversation.assignee ?? "unassigned"
        case .messageType: return event.message?.type.rawValue ?? "no message"
        case .body: return Self.quoted(event.message?.body)
        case .deliveryStatus: return event.message?.status?.rawValue ?? "no delivery status"
        case .callStatus: return event.call?.status.rawValue ?? "no call"
        case .callDuration: return event.call.map { TimeSpan(seconds: $0.durationSeconds).description } ?? "no call"
        case .contactName: return Self.quoted(conversation.contact.name)
        case .contactPhone: return Self.quoted(conversation.contact.phone)
        case .contactProperty(let name, _): return Self.quoted(conversation.contact.properties[name])
        case .elapsed(let reference, _):
            return context.elapsedSeconds(since: reference).map { TimeSpan(seconds: max(0, $0)).description } ?? "never"
        case .within(let name), .outside(let name):
            // Local time in the calendar's zone, as a lead thinks of opening hours.
            let calendar = context.input.program.calendars.first { $0.name == name }
            return calendar?.describe(context.now) ?? Timestamp.format(context.now)
        case .optedOut:
            return context.input.optOut.map { "opted out at \(Timestamp.format($0.at))" } ?? "not opted out"
        case .serviceWindow:
            return ServiceWindow.describe(conversation, at: context.now)
        }
    }

    static func quoted(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "nothing" }
        let short = text.count > 80 ? text.prefix(77) + "…" : Substring(text)
        return "\"\(short)\""
    }

    static func alternatives(_ values: [String]) -> String {
        values.count == 1 ? values[0] : "one of " + values.joined(separator: ", ")
    }

    static func tagSummary(_ test: TagTest) -> String {
        var parts: [String] = []
        if !test.required.isEmpty { parts.append("tags include " + test.required.joined(separator: " and ")) }
        if !test.anyOf.isEmpty { parts.append("tags include any of " + test.anyOf.joined(separator: ", ")) }
        if !test.noneOf.isEmpty { parts.append("tags include none of " + test.noneOf.joined(separator: ", ")) }
        if let isEmpty = test.isEmpty { parts.append(isEmpty ? "no tags" : "some tags") }
        return parts.isEmpty ? "tags (no test)" : parts.joined(separator: ", and ")
    }

    static func textSummary(_ field: String, _ test: TextTest) -> String {
        let parts = test.operations.map { operation -> String in
            switch operation {
            case .equals(let values): "equals " + alternatives(values.map { "'\($0)'" })
            case .contains(let values): "contains " + alternatives(values.map { "'\($0)'" })
            case .containsAll(let values): "contains all of " + values.map { "'\($0)'" }.joined(separator: ", ")
            case .startsWith(let values): "starts with " + alternatives(values.map { "'\($0)'" })
            case .endsWith(let values): "ends with " + alternatives(values.map { "'\($0)'" })
            case .words(let values): "has the word " + alternatives(values.map { "'\($0)'" })
            case .script(let scripts): "is written in " + alternatives(scripts.map(\.rawValue))
            case .matches(let pattern, _): "matches /\(pattern)/"
            case .isSet(let expected): expected ? "is set" : "is not set"
            }
        }
        return "\(field) " + parts.joined(separator: " and ")
    }
}
