import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Every way a Voxa API call can fail, classified so callers know whether to retry.
public enum HatifError: RetryableFailure, Sendable, Hashable, CustomStringConvertible {
    /// 401: the token is missing, expired or invalid.
    case unauthorized(String)
    /// 403: the token lacks the VoxaAPI scope, or the account may not do this.
    case forbidden(String)
    case notFound(String)
    /// 429: wait `retryAfter` seconds (from the Retry-After header) before trying again.
    case rateLimited(retryAfter: Double?)
    /// 5xx.
    case server(status: Int, message: String)
    /// No answer in time. For a send this means its outcome is unknown.
    case timeout
    /// WhatsApp allows free text only within 24 hours of the customer's last message.
    case serviceWindowExpired
    /// Any other ABP error envelope, `{"error": {"code", "message"}}`.
    case api(status: Int, code: String?, message: String)
    /// The connection failed.
    case transport(String)
    /// The answer could not be read.
    case invalidResponse(String)

    /// Whether the platform refuses who we are: wrong credentials or a missing scope. Nothing
    /// works until an operator fixes the configuration.
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
        case .serviceWindowExpired: "the WhatsApp 24-hour service window has expired; send a template instead of text"
        case .api(let status, let code, let message): "API error (\(status)\(code.map { ", \($0)" } ?? "")): \(message)"
        case .transport(let message): "connection failed: \(message)"
        case .invalidResponse(let message): "unreadable answer: \(message)"
        }
    }

    /// Classifies an HTTP answer that was not a success.
    static func classify(status: Int, body: Data, retryAfter: String?) -> HatifError {
        let envelope = try? JSONDecoder().decode(HatifErrorEnvelope.self, from: body)
        let message = envelope?.message ?? String(decoding: body.prefix(300), as: UTF8.self)
        if envelope?.code == "Voxa:WhatsApp:ServiceWindowExpired" { return .serviceWindowExpired }
        switch status {
        case 401: return .unauthorized(message)
        case 403: return .forbidden(message)
        case 404: return .notFound(message)
        case 429: return .rateLimited(retryAfter: retryAfter.flatMap { RetryAfter.seconds($0, now: Date()) })
        case 500...599: return .server(status: status, message: message)
        default: return .api(status: status, code: envelope?.code, message: message)
        }
    }
}

/// The ABP error envelope: `{"error": {"code": "Voxa:WhatsApp:ServiceWindowExpired", "message": "…"}}`.
struct HatifErrorEnvelope: Decodable {
    let code: String?
    let message: String?

    init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        guard let error = object.decode("error", as: Inner.self) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no error envelope"))
        }
        code = error.code
        message = error.message
    }

    struct Inner: Decodable {
        let code: String?
        let message: String?

        init(from decoder: any Decoder) throws {
            let object = try LenientObject(from: decoder)
            code = object.string("code")
            message = object.string("message") ?? object.string("details")
        }
    }
}
