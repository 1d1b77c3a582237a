import AsyncHTTPClient
import Crypto
import Foundation
import InboxBotCore
import NIOCore

/// A fake platform's webhook deliveries, for `FakeWebhookSender`.
public protocol FakeWebhookSource: Sendable {
    /// The header a delivery's signature goes in (`X-Voxa-Signature`, `X-TextUs-Signature`).
    var signatureHeader: String { get }
    /// From now on, the fake keeps deliveries for the sender.
    func startWebhooks() async
    /// The deliveries due now, as the bodies to post.
    func takeWebhooks() async -> [Data]
}

/// Posts a fake platform's webhook deliveries to a URL, as the platforms do: optionally signed
/// with the hex HMAC-SHA256 of the body, sometimes delivered twice, and retried on failure
/// with backoff (Hatif waits 2, 4, 8, 16 and 32 minutes; here the unit is `retryUnitSeconds`).
///
/// Given several URLs (workers behind a load balancer), each delivery goes to the next in
/// turn, and a retry to the one after: a worker that is down does not hold deliveries up.
public actor FakeWebhookSender {
    public struct Options: Sendable {
        public var urls: [String]
        public var signingSecret: String?
        /// The share of deliveries sent twice.
        public var repeatShare: Double
        public var retryUnitSeconds: Double

        public init(url: String, signingSecret: String? = nil, repeatShare: Double = 0.2, retryUnitSeconds: Double = 0.5) {
            self.init(urls: [url], signingSecret: signingSecret, repeatShare: repeatShare, retryUnitSeconds: retryUnitSeconds)
        }

        public init(urls: [String], signingSecret: String? = nil, repeatShare: Double = 0.2, retryUnitSeconds: Double = 0.5) {
            self.urls = urls
            self.signingSecret = signingSecret
            self.repeatShare = repeatShare
            self.retryUnitSeconds = retryUnitSeconds
        }
    }

    let source: any FakeWebhookSource
    let options: Options
    let http: HTTPClient
    private var random: SeededRandom
    /// Status codes answered, for tests.
    public private(set) var answers: [Int] = []
    public private(set) var abandoned = 0
    /// Which URL the next delivery goes to.
    private var turn = 0

    public init(source: any FakeWebhookSource, options: Options, httpClient: HTTPClient = .shared, seed: UInt64 = 7) {
        self.source = source
        self.options = options
        http = httpClient
        random = SeededRandom(seed: seed)
    }

    /// Sends what is waiting now; returns how many deliveries were taken.
    @discardableResult
    public func flush() async -> Int {
        let deliveries = await source.takeWebhooks()
        for body in deliveries {
            await deliver(body)
            if Double.random(in: 0..<1, using: &random) < options.repeatShare { await deliver(body) }
        }
        return deliveries.count
    }

    /// Flushes every `interval` seconds until cancelled.
    public func run(interval: Double = 0.2) async {
        await source.startWebhooks()
        while !Task.isCancelled {
            await flush()
            try? await Task.sleep(for: .clampedSeconds(interval))
        }
    }

    private func deliver(_ body: Data) async {
        guard !options.urls.isEmpty else { return }
        turn = (turn + 1) % options.urls.count
        for attempt in 0..<6 {
            if attempt > 0 { try? await Task.sleep(for: .clampedSeconds(options.retryUnitSeconds * Double(1 << min(attempt, 20)))) }
            var request = HTTPClientRequest(url: options.urls[(turn + attempt) % options.urls.count])
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            if let secret = options.signingSecret {
                let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
                request.headers.add(name: source.signatureHeader, value: code.map { String(format: "%02x", $0) }.joined())
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
