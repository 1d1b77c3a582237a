import AsyncHTTPClient
import Crypto
import Foundation
import InboxBotCore
import NIOCore

/// Posts the fake's webhook deliveries to a URL, as Hatif does: optionally signed with
/// `X-Voxa-Signature`, sometimes delivered twice, and retried on failure with backoff
/// (Hatif waits 2, 4, 8, 16 and 32 minutes; here the unit is `retryUnitSeconds`).
public actor FakeWebhookSender {
    public struct Options: Sendable {
        public var url: String
        public var signingSecret: String?
        /// The share of deliveries sent twice.
        public var repeatShare: Double
        public var retryUnitSeconds: Double

        public init(url: String, signingSecret: String? = nil, repeatShare: Double = 0.2, retryUnitSeconds: Double = 0.5) {
            self.url = url
            self.signingSecret = signingSecret
            self.repeatShare = repeatShare
            self.retryUnitSeconds = retryUnitSeconds
        }
    }

    let hatif: FakeHatif
    let options: Options
    let http: HTTPClient
    private var random: SeededRandom
    /// Status codes answered, for tests.
    public private(set) var answers: [Int] = []
    public private(set) var abandoned = 0

    public init(hatif: FakeHatif, options: Options, httpClient: HTTPClient = .shared, seed: UInt64 = 7) {
        self.hatif = hatif
        self.options = options
        http = httpClient
        random = SeededRandom(seed: seed)
    }

    /// Sends what is waiting now; returns how many deliveries were taken.
    @discardableResult
    public func flush() async -> Int {
        let deliveries = await hatif.withState { $0.takeWebhooks() }
        for delivery in deliveries {
            let body = Data(delivery.serialized(indent: nil).utf8)
            await deliver(body)
            if Double.random(in: 0..<1, using: &random) < options.repeatShare { await deliver(body) }
        }
        return deliveries.count
    }

    /// Flushes every `interval` seconds until cancelled.
    public func run(interval: Double = 0.2) async {
        await hatif.withState { $0.webhooksEnabled = true }
        while !Task.isCancelled {
            await flush()
            try? await Task.sleep(for: .clampedSeconds(interval))
        }
    }

    private func deliver(_ body: Data) async {
        for attempt in 0..<6 {
            if attempt > 0 { try? await Task.sleep(for: .clampedSeconds(options.retryUnitSeconds * Double(1 << min(attempt, 20)))) }
            var request = HTTPClientRequest(url: options.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let secret = options.signingSecret {
                let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
                request.headers.add(name: "X-Voxa-Signature", value: code.map { String(format: "%02x", $0) }.joined())
            }
            request.body = .bytes(ByteBuffer(bytes: body))
            let status: Int
            do {
                let response = try await http.execute(request, timeout: .seconds(5))
                _ = try? await response.body.collect(upTo: 1 << 16)
                status = Int(response.status.code)
            } catch {
                status = 0
            }
            answers.append(status)
            if (200..<300).contains(status) || (400..<500).contains(status) { return }
        }
        abandoned += 1
    }
}
