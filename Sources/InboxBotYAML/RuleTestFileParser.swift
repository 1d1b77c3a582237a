import Foundation
import InboxBotCore
import Yams

/// Reads a rule test file (`*.test.yaml`): the rules it tests and its tests, with a
/// diagnostic at the exact line and column for everything wrong with it, as for rules.
public struct RuleTestFileParser {
    static let rootKeys = ["rules", "timezone", "start", "tests"]
    static let testKeys = ["name", "timezone", "start", "conversation", "events", "until", "expect", "expect_no_actions"]
    static let conversationKeys = ["id", "status", "platform_status", "tags", "unread", "channel", "assignee", "contact", "created_at"]
    static let contactKeys = ["id", "name", "phone", "properties"]
    static let channelKeys = ["id", "name"]
    static let shortEvents = ["inbound", "outbound", "call", "assigned", "tagged", "untagged", "closed", "reopened", "created", "status_changed", "event"]
    static let stepKeys = ["at", "id", "by", "direction", "type"] + shortEvents
    static let expectationKeys = ["at", "rule", "actions"]

    /// A parsed test file: the rule paths (resolved against the file's folder) and its tests.
    public struct File: Sendable {
        public var path: String
        public var rulePaths: [String]
        public var tests: [RuleTest]
    }

    var rules: RuleFileParser
    /// The file's own `timezone` and `start`: every test's unless it gives its own.
    private var fileDefaults: [String: Node] = [:]

    public static func parse(_ text: String, file: String) -> (file: File, diagnostics: [Diagnostic]) {
        var parser = RuleTestFileParser(rules: RuleFileParser(reader: YAMLReader(file: file)))
        let parsed = parser.parseFile(text)
        // A file-wide value that is wrong is met by every test: say it once.
        var seen = Set<String>()
        return (parsed, parser.rules.reader.allDiagnostics.filter { seen.insert($0.description).inserted })
    }

    private var reader: YAMLReader {
        get { rules.reader }
        set { rules.reader = newValue }
    }

    private mutating func parseFile(_ text: String) -> File {
        let folder = (reader.file as NSString).deletingLastPathComponent
        var file = File(path: reader.file, rulePaths: [folder.isEmpty ? "." : folder], tests: [])
        if let problem = YAMLInputLimits.problem(in: text, file: reader.file) {
            reader.diagnostics.append(problem)
            return file
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            reader.diagnostics.append(RuleFileParser.diagnostic(for: error, file: reader.file))
            return file
        } catch {
            reader.diagnostics.append(.error("cannot read YAML: \(error)", at: SourceLocation(file: reader.file, line: 1, column: 1)))
            return file
        }
        guard let root, !YAMLReader.isNull(root) else {
            reader.diagnostics.append(.error("the test file is empty; add 'tests:' with at least one test", at: SourceLocation(file: reader.file, line: 1, column: 1)))
            return file
        }
        guard let pairs = reader.mapping(root, "a test file"), reader.checkKeys(pairs, allowed: Self.rootKeys, in: "a test file") else { return file }
        var sawTests = false
        fileDefaults = Dictionary(pairs.filter { ["timezone", "start"].contains($0.key) }.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for (key, _, value) in pairs {
            switch key {
            case "rules":
                guard let paths = reader.textList(value, "'rules'") else { continue }
                file.rulePaths = paths.map { $0.hasPrefix("/") ? $0 : (folder as NSString).appendingPathComponent($0) }
            case "tests":
                sawTests = true
                guard case .sequence(let items) = value, !items.isEmpty else {
                    reader.error("'tests' must be a list of tests, each starting with '- name:'", value)
                    continue
                }
                file.tests = items.compactMap { parseTest($0) }
            default: break
            }
        }
        if !sawTests { reader.error("a test file needs 'tests:', a list of tests", root) }
        return file
    }

    private mutating func parseTest(_ node: Node) -> RuleTest? {
        guard let pairs = reader.mapping(node, "a test"), reader.checkKeys(pairs, allowed: Self.testKeys, in: "a test") else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let nameNode = value["name"], let name = reader.nonEmptyText(nameNode, "'name'") else {
            reader.error("a test needs 'name', what it shows, such as 'name: VIP customers go to Sara'", node)
            return nil
        }
        var zone = TimeZone(identifier: "UTC") ?? .current
        if let zoneNode = value["timezone"] ?? fileDefaults["timezone"], let identifier = reader.nonEmptyText(zoneNode, "'timezone'") {
            guard let found = TimeZone(identifier: identifier) else {
                reader.error("unknown time zone '\(identifier)'; use a name such as Asia/Riyadh or Europe/London", zoneNode)
                return nil
            }
            zone = found
        }
        guard let startNode = value["start"] ?? fileDefaults["start"] else {
            reader.error("test '\(name)' needs 'start', when its clock starts, such as 'start: 2026-03-17 10:00' (in its timezone);"
                + " or give 'start:' and 'timezone:' once, beside 'tests:', for every test in the file", nameNode)
            return nil
        }
        guard let startText = reader.nonEmptyText(startNode, "'start'") else { return nil }
        guard let start = Self.time(startText, in: zone) else {
            reader.error("'start' must be a date and time such as 2026-03-17 10:00 (in the test's timezone) or 2026-03-17T07:00:00Z, not '\(startText)'", startNode)
            return nil
        }
        var conversation = ConversationSnapshot(id: "c-1", channel: Channel(id: "channel-1", name: "Main Line"),
                                                contact: Contact(id: "contact-1", name: "Test Customer", phone: "+966500000001"), createdAt: start)
        if let node = value["conversation"] {
            guard let parsed = parseConversation(node, into: conversation) else { return nil }
            conversation = parsed
        }
        var steps: [RuleTest.Step] = []
        if let eventsNode = value["events"] {
            guard case .sequence(let items) = eventsNode, !items.isEmpty else {
                reader.error("'events' must be a list, each starting with '- at:', such as '- at: +5m' and 'inbound: \"I want a refund\"'", eventsNode)
                return nil
            }
            for item in items {
                guard let step = parseStep(item) else { return nil }
                steps.append(step)
            }
        }
        var until: Int?
        if let untilNode = value["until"] {
            guard let parsed = offset(untilNode, "until") else { return nil }
            until = parsed
        }
        var expected: [RuleTest.Expectation] = []
        let silence = value["expect_no_actions"].flatMap { reader.bool($0, "'expect_no_actions'") } ?? false
        if let expectNode = value["expect"] {
            if silence {
                reader.error("a test has 'expect' or 'expect_no_actions: true', not both", expectNode)
                return nil
            }
            guard case .sequence(let items) = expectNode, !items.isEmpty else {
                reader.error("'expect' must be a list, each with 'actions:' (and 'at:' and 'rule:' if you like)", expectNode)
                return nil
            }
            for item in items {
                guard let expectation = parseExpectation(item) else { return nil }
                expected.append(expectation)
            }
        } else if !silence {
            reader.error("test '\(name)' needs 'expect' (the actions the rules should take) or 'expect_no_actions: true'", nameNode)
            return nil
        }
        return RuleTest(name: name, location: reader.location(node), start: start, timeZone: zone, conversation: conversation, steps: steps,
                        expected: expected, until: until)
    }

    /// `2026-03-17 10:00`, `2026-03-17T10:00:30` in the zone, or a time with its own offset.
    static func time(_ text: String, in zone: TimeZone) -> Date? {
        // A date is required here: a test's clock must not depend on the day it runs.
        guard text.contains("-") else { return nil }
        return LocalTime.parse(text, in: zone, after: Date(timeIntervalSince1970: 0))
    }

    /// `+5m`, `5m`, `+1h30m`, `0`: seconds after the start.
    mutating func offset(_ node: Node, _ what: String = "at") -> Int? {
        guard let text = reader.nonEmptyText(node, "'\(what)'") else { return nil }
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("+") { trimmed.removeFirst() }
        if trimmed == "0" { return 0 }
        guard case .success(let span) = TimeSpan.parse(trimmed) else {
            reader.error("'\(what)' must be a time after the start, such as +0m, +5m or +1h30m, not '\(text)'", node)
            return nil
        }
        return span.seconds
    }

    private mutating func parseConversation(_ node: Node, into base: ConversationSnapshot) -> ConversationSnapshot? {
        guard let pairs = reader.mapping(node, "'conversation'"), reader.checkKeys(pairs, allowed: Self.conversationKeys, in: "'conversation'") else { return nil }
        var conversation = base
        for (key, _, value) in pairs {
            switch key {
            case "id": guard let id = reader.nonEmptyText(value, "'id'") else { return nil }; conversation.id = id
            case "status": guard let status = reader.enumValue(value, "'status'", as: ConversationStatus.self) else { return nil }; conversation.status = status
            case "platform_status":
                guard let status = reader.nonEmptyText(value, "'platform_status'") else { return nil }
                conversation.platformStatus = status
            case "tags":
                if case .sequence(let items) = value, items.isEmpty { conversation.tags = []; continue }
                guard let tags = reader.textList(value, "'tags'") else { return nil }
                conversation.tags = tags
            case "unread": guard let count = reader.integer(value, "'unread'") else { return nil }; conversation.unread = count
            case "assignee":
                guard let assignee = reader.nonEmptyText(value, "'assignee'") else { return nil }
                conversation.assignee = assignee == "none" ? nil : assignee
            case "created_at":
                guard let text = reader.nonEmptyText(value, "'created_at'"), let time = Timestamp.parse(text) else {
                    reader.error("'created_at' must be a time such as 2026-03-17T07:00:00Z", value)
                    return nil
                }
                conversation.createdAt = time
            case "channel":
                if case .scalar = value {
                    guard let name = reader.nonEmptyText(value, "'channel'") else { return nil }
                    conversation.channel = Channel(id: conversation.channel.id, name: name)
                    continue
                }
                guard let fields = reader.mapping(value, "'channel'"), reader.checkKeys(fields, allowed: Self.channelKeys, in: "'channel'") else { return nil }
                var channel = Channel()
                for (field, _, text) in fields {
                    guard let string = reader.nonEmptyText(text, "'\(field)'") else { return nil }
                    if field == "id" { channel.id = string } else { channel.name = string }
                }
                conversation.channel = channel
            case "contact":
                guard let fields = reader.mapping(value, "'contact'"), reader.checkKeys(fields, allowed: Self.contactKeys, in: "'contact'") else { return nil }
                var contact = Contact()
                for (field, _, text) in fields {
                    if field == "properties" {
                        guard let properties = reader.mapping(text, "'properties'") else { return nil }
                        for (name, _, property) in properties {
                            guard let string = reader.text(property, "'\(name)'") else { return nil }
                            contact.properties[name] = string
                        }
                        continue
                    }
                    if field == "name" {
                        // Left out or empty: a contact with no name, as many platforms show one.
                        guard let name = reader.text(text, "'name'") else { return nil }
                        contact.name = name.isEmpty ? nil : name
                        continue
                    }
                    guard let string = reader.nonEmptyText(text, "'\(field)'") else { return nil }
                    switch field {
                    case "id": contact.id = string
                    default: contact.phone = string
                    }
                }
                conversation.contact = contact
            default: break
            }
        }
        return conversation
    }

    private mutating func parseStep(_ node: Node) -> RuleTest.Step? {
        guard let pairs = reader.mapping(node, "an event") else { return nil }
        // The words a writer reaches for first: say which key a message takes.
        if let guess = pairs.first(where: { ["message", "body", "text", "say", "received"].contains($0.key) }) {
            reader.error("unknown key '\(guess.key)' in an event; a customer's message is 'inbound: TEXT', an agent's reply 'outbound: TEXT'", guess.keyNode)
            return nil
        }
        guard reader.checkKeys(pairs, allowed: Self.stepKeys, in: "an event") else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let kinds = pairs.filter { Self.shortEvents.contains($0.key) }
        guard kinds.count == 1, let (kind, _, body) = kinds.first else {
            reader.error("an event needs exactly one of \(Self.shortEvents.joined(separator: ", ")), such as 'inbound: \"I want a refund\"'", node)
            return nil
        }
        var offset = 0
        if let atNode = value["at"] {
            guard let parsed = self.offset(atNode) else { return nil }
            offset = parsed
        }
        let id = value["id"].flatMap { reader.nonEmptyText($0, "'id'") } ?? ""
        let placeholder = ConversationSnapshot(id: "")
        func event(_ type: EventType, message: Message? = nil, call: Call? = nil) -> Event {
            Event(id: id, type: type, time: .distantPast, conversation: placeholder, message: message, call: call)
        }
        var messageType = MessageType.text
        if let typeNode = value["type"] {
            guard let parsed = reader.enumValue(typeNode, "'type'", as: MessageType.self) else { return nil }
            messageType = parsed
        }
        let at = reader.location(node)
        switch kind {
        case "inbound":
            guard let text = reader.text(body, "'inbound'") else { return nil }
            return RuleTest.Step(offset: offset, event: event(.messageReceived, message: Message(direction: .inbound, type: messageType, body: text)), location: at)
        case "outbound":
            guard let text = reader.text(body, "'outbound'") else { return nil }
            let sender = value["by"].flatMap { reader.nonEmptyText($0, "'by'") }
            return RuleTest.Step(offset: offset, event: event(.messageSent, message: Message(direction: .outbound, type: messageType, body: text, sender: sender)), location: at)
        case "call":
            guard let status = reader.enumValue(body, "'call'", as: CallStatus.self) else { return nil }
            var direction = Direction.inbound
            if let directionNode = value["direction"] {
                guard let parsed = reader.enumValue(directionNode, "'direction'", as: Direction.self) else { return nil }
                direction = parsed
            }
            return RuleTest.Step(offset: offset, event: event(status.eventType, call: Call(direction: direction, status: status)), location: at)
        case "assigned":
            guard let assignee = reader.nonEmptyText(body, "'assigned'") else { return nil }
            return RuleTest.Step(offset: offset, event: event(.conversationAssigned), change: .assign(assignee == "none" ? nil : assignee), location: at)
        case "tagged", "untagged":
            guard let tags = reader.textList(body, "'\(kind)'") else { return nil }
            return RuleTest.Step(offset: offset, event: event(.conversationTagged), change: kind == "tagged" ? .addTags(tags) : .removeTags(tags), location: at)
        case "status_changed":
            guard let status = reader.nonEmptyText(body, "'status_changed'") else { return nil }
            return RuleTest.Step(offset: offset, event: event(.conversationStatusChanged), change: .platformStatus(status), location: at)
        case "closed", "reopened", "created":
            guard reader.bool(body, "'\(kind)'") == true else {
                if case .scalar(let scalar) = body, scalar.string.lowercased() == "false" {
                    reader.error("write '\(kind): true', or leave the event out", body)
                }
                return nil
            }
            switch kind {
            case "closed": return RuleTest.Step(offset: offset, event: event(.conversationClosed), change: .status(.closed), location: at)
            case "reopened": return RuleTest.Step(offset: offset, event: event(.conversationReopened), change: .status(.open), location: at)
            default: return RuleTest.Step(offset: offset, event: event(.conversationCreated), location: at)
            }
        default:
            guard let full = fullEvent(body, id: id) else { return nil }
            return RuleTest.Step(offset: offset, event: full, location: at)
        }
    }

    /// The full event form of docs/events.md, without `time` and `conversation` (the test
    /// gives those); decoded by the same strict decoder as replay's JSON Lines.
    private mutating func fullEvent(_ node: Node, id: String) -> Event? {
        guard case .mapping = node, var object = Self.json(node) as? [String: Any] else {
            reader.error("'event' must be a mapping in the event form of docs/events.md, such as '{type: message.received, message: {direction: inbound, body: hi}}'", node)
            return nil
        }
        if let type = object["type"] as? String, EventType(rawValue: type) == nil {
            let types = EventType.allCases.map(\.rawValue)
            reader.error("unknown event type '\(type)'\(Suggestion.hint(for: type, among: types)) (types: \(types.joined(separator: ", ")))", node)
            return nil
        }
        for key in ["time", "conversation"] where object[key] != nil {
            reader.error("'event' takes no '\(key)': the test's clock and conversation give it", node)
            return nil
        }
        object["id"] = object["id"] ?? (id.isEmpty ? "event" : id)
        object["time"] = "2000-01-01T00:00:00Z"
        object["conversation"] = ["id": "placeholder"]
        do {
            let data = try JSONSerialization.data(withJSONObject: object)
            var event = try JSONDecoder().decode(Event.self, from: data)
            if id.isEmpty, (node.mapping?["id"]) == nil { event.id = "" }
            return event
        } catch {
            reader.error("'event' is not a valid event: \(Self.describe(error))", node)
            return nil
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context): return context.debugDescription
        case .keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        @unknown default: return "\(error)"
        }
    }

    /// A YAML node as Foundation JSON values; scalars that read as numbers or booleans become them.
    static func json(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any {
                if YAMLReader.isNull(node) { return NSNull() }
                if let number = Int(scalar.string) { return number }
                if let number = Double(scalar.string) { return number }
                if scalar.string == "true" || scalar.string == "false" { return scalar.string == "true" }
            }
            return scalar.string
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = json(value) }
            return object
        case .sequence(let sequence):
            return sequence.map(json)
        case .alias:
            return NSNull()
        }
    }

    private mutating func parseExpectation(_ node: Node) -> RuleTest.Expectation? {
        guard let pairs = reader.mapping(node, "an expected action"),
              reader.checkKeys(pairs, allowed: Self.expectationKeys, in: "an expected action") else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        var offset: Int?
        if let atNode = value["at"] {
            guard let parsed = self.offset(atNode) else { return nil }
            offset = parsed
        }
        let rule = value["rule"].flatMap { reader.nonEmptyText($0, "'rule'") }
        guard let actionsNode = value["actions"] else {
            // The rule acts, whatever it does.
            if let rule { return RuleTest.Expectation(offset: offset, ruleID: rule, actions: [], anyActions: true, location: reader.location(node)) }
            reader.error("an expected action needs 'rule:', 'actions:' (written as in a rule's 'then:', such as '- tag: refund') or both", node)
            return nil
        }
        guard let actions = rules.parseActions(actionsNode) else { return nil }
        return RuleTest.Expectation(offset: offset, ruleID: rule, actions: actions, location: reader.location(node))
    }
}
