import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// How a Hilos API call can fail: the connectors' shared `APIError`.
public typealias HilosError = APIError

extension APIError {
    /// Classifies an answer that was not a success. Hilos answers in plain JSON, Django REST
    /// Framework style: `{"detail": "…"}`, or a field's messages, `{"variables": ["…"]}`.
    static func hilos(status: Int, body: Data, retryAfter: String?) -> APIError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let detail = object?["detail"] as? String
        let field = object?.sorted { $0.key < $1.key }.lazy.compactMap { key, value in
            ((value as? [String])?.first ?? value as? String).map { "\(key): \($0)" }
        }.first
        let text = (detail ?? field ?? String(decoding: body.prefix(300), as: UTF8.self)).excerpt(300)
        return .of(status: status, message: text, code: object?["code"] as? String, retryAfter: retryAfter)
    }
}
