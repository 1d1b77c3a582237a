/// The JSON Schema (draft 2020-12) of an event in JSON Lines files; docs/events.md explains it.
public enum EventSchema {
    static func enumeration(_ values: [String], _ description: String) -> JSONValue {
        ["type": "string", "enum": .array(values.map { .string($0) }), "description": .string(description)]
    }

    static let time: JSONValue = [
        "type": "string", "format": "date-time",
        "description": "An RFC 3339 time, such as 2026-03-17T12:00:00Z or 2026-03-17T15:00:00+03:00.",
    ]
    static let optionalTime: JSONValue = ["oneOf": [time, ["type": "null"]]]
    static let optionalString: JSONValue = ["type": ["string", "null"]]

    public static let document: JSONValue = [
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://inboxbot.dev/schema/event.schema.json",
        "title": "inboxbot event",
        "description": "One normalized conversation event, as one line of a JSON Lines file.",
        "type": "object",
        "required": ["id", "type", "time", "conversation"],
        "additionalProperties": false,
        "properties": [
            "id": ["type": "string", "minLength": 1, "description": "Unique id of the event; used to deduplicate."],
            "type": enumeration(EventType.allCases.map(\.rawValue), "What happened."),
            "time": time,
            "conversation": [
                "type": "object",
                "required": ["id"],
                "additionalProperties": false,
                "properties": [
                    "id": ["type": "string", "minLength": 1],
                    "platform": optionalString,
                    "status": enumeration(ConversationStatus.allCases.map(\.rawValue), "Defaults to open."),
                    "platform_status": ["type": ["string", "null"], "description": "The platform's own status, as it names it."],
                    "tags": ["type": "array", "items": ["type": "string"]],
                    "unread": ["type": "integer", "minimum": 0, "description": "Inbound messages not yet answered."],
                    "channel": ["type": ["string", "null"], "description": "The channel's name."],
                    "channel_id": optionalString,
                    "assignee": ["type": ["string", "null"], "description": "Email or id of the assigned user; null when unassigned."],
                    "assignee_name": optionalString,
                    "contact": [
                        "type": "object",
                        "additionalProperties": false,
                        "properties": [
                            "id": optionalString,
                            "name": optionalString,
                            "phone": ["type": ["string", "null"], "description": "E.164, such as +966500111222."],
                            "properties": ["type": "object", "additionalProperties": ["type": "string"]],
                        ],
                    ],
                    "created_at": optionalTime,
                    "assigned_at": optionalTime,
                    "last_inbound_at": optionalTime,
                    "last_outbound_at": optionalTime,
                ],
            ],
            "message": [
                "type": "object",
                "required": ["direction"],
                "additionalProperties": false,
                "description": "Required on message.* events.",
                "properties": [
                    "id": optionalString,
                    "direction": enumeration(Direction.allCases.map(\.rawValue), "Seen from the business."),
                    "type": enumeration(MessageType.allCases.map(\.rawValue), "Defaults to text."),
                    "body": optionalString,
                    "status": enumeration(DeliveryStatus.allCases.map(\.rawValue), "Delivery state, on message.status events."),
                    "sender": ["type": ["string", "null"], "description": "Who sent an outbound message; 'bot' for inboxbot."],
                ],
            ],
            "call": [
                "type": "object",
                "required": ["direction", "status"],
                "additionalProperties": false,
                "description": "Required on call.* events.",
                "properties": [
                    "direction": enumeration(Direction.allCases.map(\.rawValue), "Seen from the business."),
                    "status": enumeration(CallStatus.allCases.map(\.rawValue), "The call's outcome."),
                    "duration_seconds": ["type": "integer", "minimum": 0],
                ],
            ],
            "metadata": ["type": "object", "additionalProperties": ["type": "string"], "description": "Platform-specific ids."],
        ],
    ]
}
