import InboxBotCore
import InboxBotFakeSupport

/// An error answer of the fake TimelinesAI: the `{status: "error", message}` envelope, or the
/// HTML page that a path with a trailing slash gets.
struct FakeTimelinesAIError: FakeFailure {
    var status: Int
    var message: String
    var code: String?
    var retryAfter: Int?
    var html = false

    static func notFound(_ message: String) -> FakeTimelinesAIError { FakeTimelinesAIError(status: 404, message: message) }
    static func invalid(_ message: String) -> FakeTimelinesAIError { FakeTimelinesAIError(status: 400, message: message) }

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("status", "error"), ("message", .string(message))]
        if let code { pairs.append(("error_code", .string(code))) }
        return .object(pairs)
    }
}
