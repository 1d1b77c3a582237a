import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Every way a TextUs Next API call can fail, classified so callers know whether to retry.
public enum TextUsError: RetryableFailure, Sendable, Hashable, CustomStringConvertible {
    /// 401: the token is missing or was revoked.
    case unauthorized(String)
    /// 403: the token's user may not do this.
    case forbidden(String)
    case notFound(String)
    /// 429: wait `retryAfter` seconds before trying again.
    case rateLimited(retryAfter: Double?)
    /// 5xx.
    case server(status: Int, message: String)
    /// No answer in time. For a send this means its outcome is unknown.
    case timeout
    /// Any other error answer, with its `hydra:title` and `code` where it has them.
    case api(status: Int, code: String?, message: String)
    /// The connection failed.
    case transport(String)
    /// The answer could not be read.
    case invalidResponse(String)

    public var refusesCredentials: Bool {
        switch self {
        case .unauthorized, .forbidden: true
        default: false
        }
    }

    /// Whether trying again could succeed, for requests that are safe to repeat.
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .server, .timeout, .transport: true
        default: false
        }
    }

    public var isRateLimited: Bool {
        if case .rateLimited = self { true } else { false }
    }

    public var retryAfter: Double? {
        if case .rateLimited(let after) = self { after } else { nil }
    }

    public var leavesOutcomeUnknown: Bool {
        switch self {
        case .timeout, .transport, .server: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .unauthorized(let message): "unauthorized (401): \(message)"
        case .forbidden(let message): "forbidden (403): \(message)"
        case .notFound(let message): "not found (404): \(message)"
        case .rateLimited(let after): "rate limited (429)" + (after.map { ", retry after \($0) s" } ?? "")
        case .server(let status, let message): "server error (\(status)): \(message)"
        case .timeout: "timed out"
        case .api(let status, let code, let message): "API error (\(status)\(code.map { ", \($0)" } ?? "")): \(message)"
        case .transport(let message): "connection failed: \(message)"
        case .invalidResponse(let message): "unreadable answer: \(message)"
        }
    }

    /// Classifies an HTTP answer that was not a success. The body is a `hydra:Error` where
    /// TextUs gives one; its title and code are kept, never the request.
    static func classify(status: Int, body: Data, retryAfter: String?) -> TextUsError {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let title = (object?["hydra:title"] ?? object?["title"]) as? String
        let detail = (object?["hydra:description"] ?? object?["detail"] ?? object?["message"]) as? String
        let code = object?["code"] as? String
        let message = [title, detail].compactMap { $0 }.joined(separator: ": ").excerpt(300)
        let text = message.isEmpty ? String(decoding: body.prefix(300), as: UTF8.self) : message
        switch status {
        case 401: return .unauthorized(text)
        case 403: return .forbidden(text)
        case 404: return .notFound(text)
        case 429: return .rateLimited(retryAfter: retryAfter.flatMap { RetryAfter.seconds($0, now: Date()) })
        case 500...599: return .server(status: status, message: text)
        default: return .api(status: status, code: code, message: text)
        }
    }
}
