import Crypto
import Foundation

/// How a `call` is signed, and how its endpoint checks it: `X-Inboxbot-Signature` carries
/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` under the endpoint's secret. The
/// time inside the signature lets an endpoint refuse an old request replayed.
public enum EndpointSignature {
    public static let header = "X-Inboxbot-Signature"
    public static let idempotencyHeader = "Idempotency-Key"

    public static func sign(body: Data, secret: String, at time: Int) -> String {
        "t=\(time),v1=" + hex(body: body, secret: secret, time: time)
    }

    /// Whether the header is a signature of the body under the secret, made within `tolerance`
    /// seconds of `now`.
    public static func verify(_ header: String, body: Data, secret: String, now: Int, tolerance: Int = 300) -> Bool {
        var time: Int?, given: String?
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { time = Int(pair[1]) } else if pair[0] == "v1" { given = pair[1] }
        }
        guard let time, let given, case let (age, overflow) = now.subtractingReportingOverflow(time), !overflow, age >= -tolerance, age <= tolerance
        else { return false }
        let expected = hex(body: body, secret: secret, time: time)
        return expected.utf8.count == given.utf8.count && zip(expected.utf8, given.lowercased().utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func hex(body: Data, secret: String, time: Int) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(time).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// The idempotency key sent for an outbox entry: a digest of its key, the same on every attempt.
    public static func idempotencyKey(for outboxKey: String) -> String {
        SHA256.hash(data: Data(outboxKey.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
