import Crypto
import Foundation
import InboxBotCore

/// Decides whether a webhook delivery really comes from its platform, the way Hatif and
/// TextUs sign them: a header (`X-Voxa-Signature`, `X-TextUs-Signature`) holding the hex
/// HMAC-SHA256 of the raw body. A secret key in the URL (`?key=…`) is accepted too, since
/// live Hatif deliveries came unsigned. A valid signature or a valid key admits a delivery;
/// with neither configured every delivery is admitted, which the server warns about at start.
public struct SignedWebhookAuthenticator: Sendable {
    /// The signature header as the platform names it.
    public let header: String
    let signingSecret: String?
    let urlKey: String?

    public init(header: String, signingSecret: String?, urlKey: String?) {
        self.header = header
        self.signingSecret = signingSecret.flatMap { $0.isEmpty ? nil : $0 }
        self.urlKey = urlKey.flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isOpen: Bool { signingSecret == nil && urlKey == nil }

    /// The key is taken from the URL (`?key=`), or else from the `X-Inboxbot-Key` header, for
    /// senders that can set headers but not a URL's query (a Hilos flow's HTTP step can do both).
    public func verify(_ request: WebhookRequest) -> WebhookVerdict {
        verify(body: request.body, signature: request.headers[header.lowercased()], key: request.query["key"] ?? request.headers["x-inboxbot-key"])
    }

    public func verify(body: Data, signature: String?, key: String?) -> WebhookVerdict {
        if isOpen { return .accepted }
        if let signingSecret, let signature {
            guard let given = Self.hexBytes(signature.lowercased()), given.count == SHA256.byteCount else {
                return .rejected(reason: "the \(header) is not 64 hexadecimal digits")
            }
            let expected = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(signingSecret.utf8)))
            if Self.constantTimeEquals(Data(expected), given) { return .accepted }
            return .rejected(reason: "the \(header) does not match the body")
        }
        if let urlKey, let key, Self.constantTimeEquals(Data(urlKey.utf8), Data(key.utf8)) { return .accepted }
        return .rejected(reason: key == nil && signature == nil ? "the delivery has neither a signature nor a URL key" : "the URL key is wrong")
    }

    /// Compares without stopping at the first difference, so timing reveals nothing.
    public static func constantTimeEquals(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// The bytes of lowercase hex text; nil for an odd length or any other character, so
    /// nothing before or after a valid MAC can be ignored.
    public static func hexBytes(_ text: String) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes = Data(capacity: digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
