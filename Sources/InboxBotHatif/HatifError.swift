import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// How a Voxa API call can fail: the connectors' shared `APIError`.
public typealias HatifError = APIError

extension APIError {
    /// WhatsApp allows free text only within 24 hours of the customer's last message.
    public static let serviceWindowExpired = APIError.refused("the WhatsApp 24-hour service window has expired; send a template instead of text")

    /// Classifies an HTTP answer that was not a success.
    static func hatif(status: Int, body: Data, retryAfter: String?) -> APIError {
        let envelope = try? JSONDecoder().decode(HatifErrorEnvelope.self, from: body)
        let message = envelope?.message ?? String(decoding: body.prefix(300), as: UTF8.self)
        if envelope?.code == "Voxa:WhatsApp:ServiceWindowExpired" { return .serviceWindowExpired }
        return .of(status: status, message: message, code: envelope?.code, retryAfter: retryAfter)
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
