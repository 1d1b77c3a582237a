import Crypto
import Foundation
import Testing
@testable import InboxBotHatif
import InboxBotConnectorSupport

/// The X-Voxa-Signature header is parsed strictly: 64 hex digits, nothing before or after.
@Suite struct HatifWebhookAuthenticatorTests {
    let authenticator = SignedWebhookAuthenticator(header: "X-Voxa-Signature", signingSecret: "channel-secret", urlKey: nil)
    let body = Data(#"{"conversationId":"c-1","direction":"Inbound"}"#.utf8)

    var validSignature: String {
        HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data("channel-secret".utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    @Test func aValidSignatureInEitherCaseIsAccepted() {
        #expect(authenticator.verify(body: body, signature: validSignature, key: nil) == .accepted)
        #expect(authenticator.verify(body: body, signature: validSignature.uppercased(), key: nil) == .accepted)
    }

    @Test func trailingOrLeadingCharactersAroundAValidMACAreRefused() {
        for forged in [validSignature + "0", validSignature + "z", validSignature + "00", "0" + validSignature, validSignature + " ",
                       String(validSignature.dropLast()), String(validSignature.dropLast()) + "g", "", "sha256"] {
            guard case .rejected = authenticator.verify(body: body, signature: forged, key: nil) else {
                Issue.record("accepted the signature '\(forged)'")
                continue
            }
        }
    }

    @Test func hexIsReadWhole() {
        #expect(SignedWebhookAuthenticator.hexBytes("0aff") == Data([0x0a, 0xff]))
        #expect(SignedWebhookAuthenticator.hexBytes("0af") == nil)
        #expect(SignedWebhookAuthenticator.hexBytes("0afx") == nil)
    }
}
