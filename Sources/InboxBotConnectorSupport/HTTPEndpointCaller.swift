import AsyncHTTPClient
import Foundation
import InboxBotCore
import Logging
import NIOCore

/// Posts `call` actions to the endpoints of the configuration over HTTP: JSON, signed
/// (`EndpointSignature`), with the action's idempotency key, within a timeout; a timeout, a
/// broken connection, 408, 429 and 5xx are retried with backoff (and Retry-After), anything
/// else that is not 2xx fails at once with the endpoint's answer.
public struct HTTPEndpointCaller: EndpointCaller {
    public struct Endpoint: Sendable {
        public var url: String
        /// Never shown in a log or an error.
        public var secret: APIToken?
        public var timeoutSeconds: Double

        public init(url: String, secret: APIToken?, timeoutSeconds: Double = 10) {
            self.url = url
            self.secret = secret
            self.timeoutSeconds = timeoutSeconds
        }
    }

    let endpoints: [String: Endpoint]
    let retry: RetryPolicy
    let http: HTTPClient
    let logger: Logger

    public init(endpoints: [String: Endpoint], retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: 0.5, maxDelay: 10, maxRetryAfter: 60),
                httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "inboxbot.endpoints")) {
        self.endpoints = endpoints
        self.retry = retry
        http = httpClient
        self.logger = logger
    }

    public var endpointNames: Set<String> { Set(endpoints.keys) }

    public func call(_ call: RenderedCall, actionKey: String) async -> ActionOutcome {
        let idempotencyKey = EndpointSignature.idempotencyKey(for: actionKey)
        guard let endpoint = endpoints[call.endpoint] else {
            return .failed(reason: "no endpoint '\(call.endpoint)' in the configuration (endpoints: \(endpoints.keys.sorted().joined(separator: ", ")))")
        }
        let body = Data(call.body.utf8)
        var attempt = 1
        while true {
            let failure: String
            var retryAfter: Double?
            var transient = true
            do {
                let answer = try await HTTPExchange.perform(request(endpoint, body: body, idempotencyKey: idempotencyKey), on: http,
                                                            timeoutSeconds: endpoint.timeoutSeconds, metric: "inboxbot_endpoint_request_seconds",
                                                            endpoint: call.endpoint, maximumBodyBytes: 1 << 20)
                if (200..<300).contains(answer.status) { return .done(detail: "HTTP \(answer.status)") }
                let said = String(decoding: answer.body, as: UTF8.self).excerpt(200)
                failure = "the endpoint \(call.endpoint) answered \(answer.status)" + (said.isEmpty ? "" : ": \(said)")
                transient = answer.status == 408 || answer.status == 429 || answer.status >= 500
                retryAfter = answer.headers.first(name: "Retry-After").flatMap { RetryAfter.seconds($0, now: Date()) }
            } catch {
                switch error {
                case .timeout: failure = "the endpoint \(call.endpoint) did not answer within \(TimeSpan(seconds: endpoint.timeoutSeconds.clampedInt(to: 0...86_400)))"
                case .transport(let reason): failure = "could not reach the endpoint \(call.endpoint): \(reason)"
                }
            }
            guard let delay = retry.delay(after: attempt, transient: transient, retryAfter: retryAfter, random: Double.random(in: 0...1)) else {
                return .failed(reason: transient ? "\(failure) (after \(attempt) attempts)" : failure)
            }
            logger.notice("an endpoint call will be tried again", metadata: ["endpoint": "\(call.endpoint)", "attempt": "\(attempt)", "reason": "\(failure)"])
            try? await Task.sleep(for: .clampedSeconds(delay))
            attempt += 1
        }
    }

    private func request(_ endpoint: Endpoint, body: Data, idempotencyKey: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: endpoint.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "inboxbot/1")
        request.headers.add(name: EndpointSignature.idempotencyHeader, value: idempotencyKey)
        if let secret = endpoint.secret {
            request.headers.add(name: EndpointSignature.header, value: EndpointSignature.sign(body: body, secret: secret.value, at: Int(Date().timeIntervalSince1970)))
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }
}
