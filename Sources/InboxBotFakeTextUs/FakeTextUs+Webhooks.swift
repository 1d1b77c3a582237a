import Foundation
import InboxBotFakeSupport

/// TextUs signs deliveries with `X-TextUs-Signature`, the hex HMAC-SHA256 of the raw body.
extension FakeTextUs: FakeWebhookSource {
    public nonisolated var signatureHeader: String { "X-TextUs-Signature" }

    public func startWebhooks() {
        state.webhooksEnabled = true
    }

    public func takeWebhooks() -> [Data] {
        state.takeWebhooks().map { Data($0.serialized(indent: nil).utf8) }
    }
}
