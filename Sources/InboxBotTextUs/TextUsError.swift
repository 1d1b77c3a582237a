import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// How a TextUs Next API call can fail: the connectors' shared `APIError`.
public typealias TextUsError = APIError

extension APIError {
    /// Classifies an HTTP answer that was not a success. The body is a `hydra:Error` where
    /// TextUs gives one; its title and code are kept, never the request.
    static func textUs(status: Int, body: Data, retryAfter: String?) -> APIError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let title = (object?["hydra:title"] ?? object?["title"]) as? String
        let detail = (object?["hydra:description"] ?? object?["detail"] ?? object?["message"]) as? String
        let code = object?["code"] as? String
        let message = [title, detail].compactMap { $0 }.joined(separator: ": ").excerpt(300)
        let text = message.isEmpty ? String(decoding: body.prefix(300), as: UTF8.self) : message
        return .of(status: status, message: text, code: code, retryAfter: retryAfter)
    }
}
