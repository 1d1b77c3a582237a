import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A stand-in for a team's own system that `call` actions post to (Slack, a CRM): it keeps
/// every request with what it would check (the signature, done here independently of the
/// worker's code, and the idempotency key), answers after a latency, and follows a script of
/// answers (a 503 or a slow answer first, say) before it answers 200.
public struct FakeEndpoint: FakeServer {
    public static let serverName = "fake-endpoint"

    public struct Received: Sendable {
        public let path: String
        public let body: String
        public let idempotencyKey: String?
        /// Whether `X-Inboxbot-Signature` is a valid signature of the body (false when absent).
        public let signatureValid: Bool
    }

    /// What to answer one request with: a status, after a delay.
    public struct Answer: Sendable {
        public var status: Int
        public var delaySeconds: Double

        public init(status: Int, delaySeconds: Double = 0) {
            self.status = status
            self.delaySeconds = delaySeconds
        }
    }

    public actor State {
        public private(set) var received: [Received] = []
        var script: [Answer] = []

        func record(_ request: Received) -> Answer? {
            received.append(request)
            return script.isEmpty ? nil : script.removeFirst()
        }

        /// Answers for the next requests, in order; after them, 200.
        public func answer(_ answers: [Answer]) {
            script += answers
        }
    }

    public let state = State()
    let secret: String?
    let latency: ClosedRange<Double>

    public init(secret: String?, latency: ClosedRange<Double> = 0.05...0.3) {
        self.secret = secret
        self.latency = latency
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("**") { request, _ -> Response in
            var request = request
            let body = Data(buffer: try await request.collectBody(upTo: 1 << 20))
            let signature = HTTPField.Name("X-Inboxbot-Signature").flatMap { request.headers[$0] }
            let received = Received(path: request.uri.path, body: String(decoding: body, as: UTF8.self),
                                    idempotencyKey: HTTPField.Name("Idempotency-Key").flatMap { request.headers[$0] },
                                    signatureValid: signature.map { Self.isValid($0, body: body, secret: secret) } ?? false)
            let scripted = await state.record(received)
            try await Task.sleep(for: .milliseconds(Int64((Double.random(in: latency) + (scripted?.delaySeconds ?? 0)) * 1000)))
            let status = scripted?.status ?? 200
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            let answer = status < 300 ? #"{"ok":true}"# : #"{"error":"scripted failure \#(status)"}"#
            return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: answer)))
        }
        return router
    }

    /// `t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, within five minutes of now.
    static func isValid(_ header: String, body: Data, secret: String?) -> Bool {
        guard let secret else { return false }
        let parts = Dictionary(header.split(separator: ",").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1)
            return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
        }, uniquingKeysWith: { first, _ in first })
        guard let time = parts["t"].flatMap(Int.init), let given = parts["v1"], case let (age, overflow) = Int(Date().timeIntervalSince1970).subtractingReportingOverflow(time), !overflow, (-300...300).contains(age)
        else { return false }
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(time).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined() == given
    }
}
