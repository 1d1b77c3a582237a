import InboxBotCore

/// The JSON Schema (draft 2020-12) of a rule file, for editors and for `inboxbot schema`.
///
/// It mirrors what RuleFileParser accepts; a test checks every example rule file against it.
public enum RuleFileSchema {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/$defs/\(name)")] }
    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }
    static func oneOrMany(_ item: JSONValue) -> JSONValue {
        ["oneOf": [item, ["type": "array", "items": item, "minItems": 1]]]
    }
    static func object(_ properties: [(String, JSONValue)], required: [String] = [], description: String? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("type", "object")]
        if let description { pairs.append(("description", .string(description))) }
        if !required.isEmpty { pairs.append(("required", strings(required))) }
        pairs.append(("additionalProperties", false))
        pairs.append(("properties", .object(properties)))
        return .object(pairs)
    }

    static let durationPattern = "^\\s*([0-9]+[smhdw])+\\s*$"

    /// `sun`, `Sunday` or `sun-thu`, in any case. JSON Schema patterns are ECMA-262, which
    /// has no inline `(?i)`, so each letter is a class of both cases.
    static let dayRangePattern: String = {
        let day = "(" + ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].map { name in
            name.map { "[\($0)\($0.uppercased())]" }.joined()
        }.joined(separator: "|") + ")[A-Za-z]*"
        return "^\(day)(-\(day))?$"
    }()
    static let eventPatterns: [String] = ["*"] + Array(Set(EventType.allCases.map { "\($0.family).*" })).sorted()
        + EventType.allCases.map(\.rawValue)

    static func comparison(_ value: JSONValue, shortForm: String) -> JSONValue {
        let operators = Comparison.Operator.allCases.map { ($0.rawValue, value) }
        var object = object(operators)
        if case .object(var pairs) = object {
            pairs.append(("minProperties", 1))
            object = .object(pairs)
        }
        return ["oneOf": [value, ["type": "string", "pattern": .string(shortForm)], object]]
    }

    static let definitions: [(String, JSONValue)] = [
        ("text", ["type": "string", "minLength": 1]),
        ("listName", object([("list", ref("text"))], required: ["list"], description: "A list defined under lists:, standing for its values.")),
        ("texts", ["oneOf": [ref("text"), ref("listName"), ["type": "array", "items": ["oneOf": [ref("text"), ref("listName")]], "minItems": 1]]]),
        ("duration", ["type": "string", "pattern": .string(durationPattern), "description": "Such as 30m, 2h, 1h30m, 1d or 1w."]),
        ("template", ["type": "string", "minLength": 1, "description": "Text with placeholders such as {{contact.name | customer}}."]),
        ("eventPattern", ["type": "string", "enum": strings(eventPatterns)]),
        ("countComparison", comparison(["type": "integer", "minimum": 0], shortForm: "^\\s*(>=|<=|==|>|<)?\\s*[0-9]+\\s*$")),
        ("durationComparison", comparison(ref("duration"), shortForm: "^\\s*(>=|<=|==|>|<)?\\s*([0-9]+[smhdw])+\\s*$")),
        ("textTest", [
            "type": "object", "additionalProperties": false, "minProperties": 1,
            "properties": [
                "equals": ref("texts"), "contains": ref("texts"), "contains_all": ref("texts"),
                "starts_with": ref("texts"), "ends_with": ref("texts"), "words": ref("texts"),
                "script": oneOrMany(["enum": strings(TextScript.allCases.map(\.rawValue))]),
                "matches": ["type": "string", "minLength": 1, "description": "A regular expression, case-insensitive."],
                "is_set": ["type": "boolean"],
            ],
        ]),
        ("fieldTest", ["oneOf": [ref("texts"), ref("textTest")]]),
        ("conditions", ["oneOf": [ref("condition"), ["type": "array", "items": ref("condition")]]]),
        ("condition", [
            "type": "object", "minProperties": 1, "additionalProperties": false,
            "description": "Every key must hold. Combine with all, any and not.",
            "properties": [
                "all": ["oneOf": [["type": "array", "items": ref("condition")], ref("condition")]],
                "any": ["oneOf": [["type": "array", "items": ref("condition")], ref("condition")]],
                "not": ref("conditions"),
                "event": oneOrMany(ref("eventPattern")),
                "platform": ref("texts"),
                "platform_status": ref("texts"),
                "status": oneOrMany(["enum": strings(ConversationStatus.allCases.map(\.rawValue))]),
                "tags": ["oneOf": [ref("texts"), object([
                    ("includes", ref("texts")), ("any_of", ref("texts")), ("all_of", ref("texts")),
                    ("none_of", ref("texts")), ("empty", ["type": "boolean"]),
                ])]],
                "direction": oneOrMany(["enum": strings(Direction.allCases.map(\.rawValue))]),
                "unread": ref("countComparison"),
                "channel": ref("texts"),
                "assignee": ref("texts"),
                "message_type": oneOrMany(["enum": strings(MessageType.allCases.map(\.rawValue))]),
                "body": ref("textTest"),
                "delivery_status": oneOrMany(["enum": strings(DeliveryStatus.allCases.map(\.rawValue))]),
                "call_status": oneOrMany(["enum": strings(CallStatus.allCases.map(\.rawValue))]),
                "call_duration": ref("durationComparison"),
                "contact": object([
                    ("name", ref("fieldTest")), ("phone", ref("fieldTest")),
                    ("properties", ["type": "object", "additionalProperties": ref("fieldTest")]),
                    ("opted_out", ["type": "boolean"]),
                ]),
                "contact.opted_out": ["type": "boolean", "description": "Whether the contact had opted out of automated messages (opt_out) before the event."],
                "whatsapp_window": ["enum": ["open", "closed"], "description": "Whether WhatsApp's 24-hour window is open: the customer wrote in the last 24 hours."],
                "contact.name": ref("fieldTest"),
                "contact.phone": ref("fieldTest"),
                "since_last_inbound": ["oneOf": [["const": "never"], ref("durationComparison")]],
                "since_last_outbound": ["oneOf": [["const": "never"], ref("durationComparison")]],
                "age": ["oneOf": [["const": "never"], ref("durationComparison")]],
                "since_assigned": ["oneOf": [["const": "never"], ref("durationComparison")]],
                "within": ref("text"),
                "outside": ref("text"),
            ],
            "patternProperties": ["^contact\\.properties\\..+$": ref("fieldTest")],
        ]),
        ("timer", [
            "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
            "properties": .object(TimerTrigger.keywords.map { key in
                let settings: JSONValue = key == "status_held"
                    ? object([("status", ["enum": strings(ConversationStatus.allCases.map(\.rawValue))]), ("after", ref("duration")), ("calendar", ref("text"))], required: ["status", "after"])
                    : object([("after", ref("duration")), ("calendar", ref("text"))], required: ["after"])
                return (key, key == "status_held" ? settings : ["oneOf": [ref("duration"), settings]])
            }),
        ]),
        ("trigger", ["oneOf": [ref("eventPattern"), ref("timer")]]),
        ("action", ["oneOf": [
            ["enum": ["unassign", "close", "reopen", "opt_out", "opt_in"]],
            [
                "type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": false,
                "properties": [
                    "assign": ["oneOf": [
                        ref("template"),
                        object([("round_robin", ref("texts")), ("fallback", ref("text"))], required: ["round_robin"]),
                        object([("least_busy", ref("texts")), ("fallback", ref("text"))], required: ["least_busy"]),
                        object([("user", ref("template"))], required: ["user"]),
                    ]],
                    "unassign": ["const": true],
                    "assign_team": ["type": "string", "minLength": 1, "description": "A team by name or id; none takes the team off (Hilos)."],
                    "close": ["const": true],
                    "reopen": ["const": true],
                    "opt_out": ["const": true, "description": "Opt the contact out of automated messages; no rule sends to it again until opt_in."],
                    "opt_in": ["const": true],
                    "call": ["oneOf": [
                        ["type": "string", "pattern": "^[A-Za-z0-9_-]+$", "description": "An endpoint under 'endpoints:' in inboxbot.yaml; the body is the event."],
                        object([("endpoint", ["type": "string", "pattern": "^[A-Za-z0-9_-]+$"]),
                                ("body", ["description": "JSON to send; its strings are texts with placeholders."])], required: ["endpoint"]),
                    ]],
                    "set_contact_property": ["type": "object", "minProperties": 1, "additionalProperties": ref("template"),
                                             "description": "Contact properties by the platform's name (Hatif: key or name; Hilos: meta), each a text with placeholders."],
                    "tag": ref("texts"),
                    "untag": ref("texts"),
                    "send_text": ["oneOf": [ref("template"), object([("text", ref("template")), ("fallback_template", ref("whatsAppTemplate"))],
                                                                     required: ["text", "fallback_template"])]],
                    "send_template": ref("whatsAppTemplate"),
                    "create_conversation": object([
                        ("channel", ref("text")), ("phone", ref("template")), ("contact_name", ref("template")), ("assignee", ref("text")),
                        ("text", ref("template")),
                    ], required: ["channel", "phone"]),
                    "run_flow": ["oneOf": [ref("text"), object([
                        ("flow", ref("text")),
                        ("variables", ["type": "object", "additionalProperties": ref("template")]),
                        ("priority", ["type": "boolean", "description": "End the contact's other running flows."]),
                    ], required: ["flow"])]],
                ],
            ],
        ]]),
        ("whatsAppTemplate", object([
            ("name", ref("text")),
            ("language", ["type": "string", "pattern": "^[A-Za-z_-]{2,8}$"]),
            ("header", ["type": "object", "additionalProperties": false, "minProperties": 1, "properties": [
                "text": ref("template"), "image": ref("template"), "video": ref("template"),
                "document": ref("template"), "filename": ref("template"),
            ]]),
            ("body", oneOrMany(ref("template"))),
            ("buttons", ["type": "array", "items": [
                "type": "object", "required": ["index"], "additionalProperties": false, "minProperties": 2, "maxProperties": 2,
                "properties": ["index": ["type": "integer", "minimum": 0, "maximum": 9], "url": ref("template"), "quick_reply": ref("template")],
            ]]),
        ], required: ["name", "language"])),
        ("rule", object([
            ("id", ["type": "string", "pattern": "^[A-Za-z0-9._-]+$", "description": "Unique across the rules directory."]),
            ("description", ["type": "string"]),
            ("on", oneOrMany(ref("trigger"))),
            ("if", ref("conditions")),
            ("then", ["type": "array", "items": ref("action"), "minItems": 1]),
            ("once", ["oneOf": [
                ["type": "boolean", "description": "Act at most once per conversation."],
                object([("per", ref("scope")), ("every", ["const": "day"]), ("calendar", ref("text"))]),
            ]]),
            ("sample", ["type": "string", "pattern": "^\\s*([1-9][0-9]?|100)\\s*%\\s*$",
                        "description": "Act for this share of contacts only, always the same ones, such as 20%."]),
            ("cooldown", ["oneOf": [ref("duration"), object([("after", ref("duration")), ("per", ref("scope"))], required: ["after"])]]),
            ("enabled", ["type": "boolean"]),
            ("shadow", ["type": "boolean", "description": "Evaluate and report, never act."]),
            ("stop", ["type": "boolean", "description": "When this rule acts, later rules are skipped for the event."]),
            ("own_messages", ["type": "boolean", "description": "Also run on the bot's own messages coming back as events."]),
        ], required: ["id", "on", "then"])),
        ("scope", ["enum": strings(FiringPolicy.Scope.allCases.map(\.rawValue)), "description": "What once and cooldown count by."]),
        ("calendar", object([
            ("timezone", ["type": "string", "description": "An IANA zone such as Asia/Riyadh."]),
            ("hours", [
                "type": "object",
                "propertyNames": ["pattern": .string(dayRangePattern)],
                "additionalProperties": ["oneOf": [
                    ["type": "string"],
                    ["type": "array", "items": ["type": "string", "pattern": "^\\s*[0-9]{1,2}:[0-9]{2}\\s*-\\s*[0-9]{1,2}:[0-9]{2}\\s*$"]],
                ]],
            ]),
            ("holidays", ["type": "array", "items": ["oneOf": [
                ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"],
                object([("from", ["type": "string"]), ("to", ["type": "string"]), ("name", ["type": "string"])], required: ["from", "to"]),
            ]]]),
        ], required: ["timezone", "hours"])),
    ]

    public static let document: JSONValue = [
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://inboxbot.dev/schema/rules.schema.json",
        "title": "inboxbot rule file",
        "description": "Rules, business-hours calendars and named lists for inboxbot. See docs/rules.md.",
        "type": "object",
        "additionalProperties": false,
        "properties": [
            "rules": ["type": "array", "items": ref("rule")],
            "calendars": ["type": "object", "additionalProperties": ref("calendar")],
            "lists": ["type": "object", "description": "Named lists of words or phrases, used as {list: NAME} wherever a rule takes a list.",
                      "propertyNames": ["pattern": "^[A-Za-z0-9._-]+$"], "additionalProperties": oneOrMany(ref("text"))],
            "agents": ["type": "object", "description": "Agents' capacities and working hours, for assign's round_robin and least_busy.",
                       "additionalProperties": object([("capacity", ["type": "integer", "minimum": 1]), ("calendar", ref("text"))])],
            "send_limit": object([("per_contact_per_day", ["type": "integer", "minimum": 1]), ("calendar", ref("text"))], required: ["per_contact_per_day"]),
        ],
        "$defs": .object(definitions),
    ]
}
