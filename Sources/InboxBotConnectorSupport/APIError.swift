import Foundation
import InboxBotCore

/// Every way a call to a platform's JSON API over HTTP can fail (TextUs, TimelinesAI),
/// classified so callers know whether to retry. Each client classifies its platform's answers.
public enum APIError: RetryableFailure, Sendable, Hashable, CustomStringConvertible {
    /// 401: the token is missing, wrong, revoked or regenerated.
    case unauthorized(String)
    /// 403: the token's user may not do this (or a proxy in front refused it).
    case forbidden(String)
    case notFound(String)
    /// 429: wait `retryAfter` seconds before trying again.
    case rateLimited(retryAfter: Double?)
    /// 5xx.
    case server(status: Int, message: String)
    /// No answer in time. For a send this means its outcome is unknown.
    case timeout
    /// The platform refused for a reason of its own that trying again will not change (Hatif:
    /// the WhatsApp service window has closed), said for people.
    case refused(String)
    /// Any other error answer, with the platform's message and code where it gives them.
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
        case .refused(let reason): reason
        case .api(let status, let code, let message): "API error (\(status)\(code.map { ", \($0)" } ?? "")): \(message)"
        case .transport(let message): "connection failed: \(message)"
        case .invalidResponse(let message): "unreadable answer: \(message)"
        }
    }

    /// The error for an answer with `status` that was not a success, with the platform's own
    /// message (and code), and its Retry-After header for a 429.
    public static func of(status: Int, message: String, code: String?, retryAfter: String?) -> APIError {
        switch status {
        case 401: .unauthorized(message)
        case 403: .forbidden(message)
        case 404: .notFound(message)
        case 429: .rateLimited(retryAfter: retryAfter.flatMap { RetryAfter.seconds($0, now: Date()) })
        case 500...599: .server(status: status, message: message)
        default: .api(status: status, code: code, message: message)
        }
    }
}
