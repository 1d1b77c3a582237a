import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// How a TimelinesAI Public API call can fail: the connectors' shared `APIError`.
public typealias TimelinesAIError = APIError

extension APIError {
    /// Classifies an answer that was not a success. The body is the `{status: "error", message,
    /// error_code?}` envelope where TimelinesAI gives one; a 404 that is an HTML page is what a
    /// path with a trailing slash gets.
    static func timelinesAI(status: Int, body: Data, retryAfter: String?) -> APIError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let message = ((object?["message"] as? String) ?? "").excerpt(300)
        let code = object?["error_code"] as? String
        let isHTML = object == nil && String(decoding: body.prefix(200), as: UTF8.self).lowercased().contains("<html")
        let text = !message.isEmpty ? message : isHTML ? "an HTML page, not the API's answer" : String(decoding: body.prefix(300), as: UTF8.self)
        return .of(status: status, message: text, code: code, retryAfter: retryAfter)
    }
}
