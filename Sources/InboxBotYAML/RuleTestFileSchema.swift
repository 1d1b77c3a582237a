import InboxBotCore

/// The JSON Schema (draft 2020-12) of a rule test file (`*.test.yaml`), for editors and for
/// `inboxbot schema --tests`. Expected actions are written as in a rule's `then:`, so their
/// definitions are the rule file schema's own.
public enum RuleTestFileSchema {
    static func ref(_ name: String) -> JSONValue { RuleFileSchema.ref(name) }
    static func object(_ properties: [(String, JSONValue)], required: [String] = [], description: String? = nil) -> JSONValue {
        RuleFileSchema.object(properties, required: required, description: description)
    }

    static let shortEvents = RuleTestFileParser.shortEvents

    static let definitions: [(String, JSONValue)] = RuleFileSchema.definitions + [
        ("offset", ["type": "string", "pattern": "^\\s*\\+?(0|([0-9]+[smhdw])+)\\s*$", "description": "A time after the start: +0m, +5m, +1h30m."]),
        ("conversation", object([
            ("id", ref("text")),
            ("status", ["enum": RuleFileSchema.strings(ConversationStatus.allCases.map(\.rawValue))]),
            ("platform_status", ["type": "string", "minLength": 1, "description": "The platform's own status, such as Hilos's NEW."]),
            ("tags", ["oneOf": [ref("text"), ["type": "array", "items": ref("text")]]]),
            ("unread", ["type": "integer", "minimum": 0]),
            ("assignee", ["type": "string", "minLength": 1, "description": "An email or id, or none."]),
            ("channel", ["oneOf": [ref("text"), object([("id", ref("text")), ("name", ref("text"))])]]),
            ("contact", object([
                ("id", ref("text")), ("name", ["type": "string", "description": "Left out or empty: a contact with no name."]), ("phone", ref("text")),
                ("properties", ["type": "object", "additionalProperties": ["type": "string"]]),
            ])),
            ("created_at", ["type": "string", "description": "A time such as 2026-03-17T07:00:00Z."]),
        ], description: "The conversation at the start; by default c-1, open, unassigned, with a Saudi contact.")),
        ("step", [
            "type": "object", "additionalProperties": false,
            "description": .string("Something that happens: exactly one of \(shortEvents.joined(separator: ", "))."),
            "properties": [
                "at": ref("offset"), "id": ref("text"),
                "by": ["type": "string", "minLength": 1, "description": "With outbound: the agent who wrote."],
                "direction": ["enum": ["inbound", "outbound"], "description": "With call: whose call it was."],
                "type": ["enum": RuleFileSchema.strings(MessageType.allCases.map(\.rawValue)), "description": "With inbound or outbound: the kind of message."],
                "inbound": ["type": "string", "description": "A customer's message (message.received)."],
                "outbound": ["type": "string", "description": "An agent's message (message.sent)."],
                "call": ["enum": RuleFileSchema.strings(CallStatus.allCases.map(\.rawValue))],
                "assigned": ["type": "string", "minLength": 1, "description": "An email or id, or none."],
                "tagged": ref("texts"), "untagged": ref("texts"),
                "closed": ["const": true], "reopened": ["const": true], "created": ["const": true],
                "status_changed": ["type": "string", "minLength": 1, "description": "The platform's own status changed to this (conversation.status_changed), such as Hilos's IN_PROGRESS."],
                "event": ["type": "object", "description": "An event in the form of docs/events.md, without time and conversation."],
            ],
            "oneOf": .array(shortEvents.map { ["required": [.string($0)]] }),
        ]),
        ("expectation", [
            "type": "object", "additionalProperties": false,
            "description": "Actions the rules must take, written as in a rule's then:; or, with rule: alone, that the rule acts.",
            "properties": [
                "at": ref("offset"),
                "rule": ref("text"),
                "actions": ["type": "array", "items": ref("action"), "minItems": 1],
            ],
            "anyOf": [["required": ["actions"]], ["required": ["rule"]]],
        ]),
        ("test", [
            "type": "object", "additionalProperties": false, "required": ["name"],
            "properties": [
                "name": ref("text"),
                "timezone": ["type": "string", "description": "An IANA zone such as Asia/Riyadh; UTC by default."],
                "start": ["type": "string", "description": "2026-03-17 10:00 (in timezone) or 2026-03-17T07:00:00Z."],
                "conversation": ref("conversation"),
                "events": ["type": "array", "items": ref("step"), "minItems": 1],
                "until": ref("offset"),
                "expect": ["type": "array", "items": ref("expectation"), "minItems": 1],
                "expect_no_actions": ["const": true],
            ],
            "oneOf": [["required": ["expect"]], ["required": ["expect_no_actions"]]],
        ]),
    ]

    public static let document: JSONValue = [
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://inboxbot.dev/schema/rule-tests.schema.json",
        "title": "inboxbot rule test file",
        "description": "Tests for inboxbot rules: events on a virtual clock and the actions expected. See docs/authoring.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["tests"],
        "properties": [
            "rules": ref("texts"),
            "timezone": ["type": "string", "description": "Every test's timezone, unless it gives its own."],
            "start": ["type": "string", "description": "Every test's start, unless it gives its own."],
            "tests": ["type": "array", "items": ref("test"), "minItems": 1],
        ],
        // Without a start for the whole file, each test gives its own.
        "if": ["not": ["required": ["start"]]],
        "then": ["properties": ["tests": ["items": ["required": ["start"]]]]],
        "$defs": .object(definitions),
    ]
}
