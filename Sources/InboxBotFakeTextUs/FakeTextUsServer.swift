import Foundation
import HTTPTypes
import Hummingbird
import InboxBotCore
import InboxBotFakeSupport
import Logging
import NIOCore

/// Serves a `FakeTextUs` over HTTP with the Next API's paths.
///
/// Every request needs `Authorization: Bearer <token>`; every answer carries the
/// `X-RateLimit-*` headers of the token's window, and a request over the limit gets 429 with
/// Retry-After. Besides the API, `/_fake/` holds the admin paths every fake serves
/// (`FakeAdministrationRoutes`).
public struct FakeTextUsServer: FakeServer {
    public static let serverName = "fake-textus"
    public let textus: FakeTextUs

    public init(textus: FakeTextUs) {
        self.textus = textus
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        FakeAdministrationRoutes.add(to: router, fake: textus) { Self.error(FakeTextUsError.invalid("invalid", $0)) }
        router.get("**") { request, _ in try await respond(request) }
        router.post("**") { request, _ in try await respond(request) }
        router.put("**") { request, _ in try await respond(request) }
        router.delete("**") { request, _ in try await respond(request) }
        return router
    }

    /// Answers one API request: checks the token and the rate limit, then answers it as every
    /// fake does (`FakeExchange`): faults, latency, the write log.
    private func respond(_ request: Request) async throws -> Response {
        let fake = try await FakeRequest.read(request, scheme: "Bearer ")
        let bearer = fake.bearer
        let origin = "http://" + (request.head.authority ?? "127.0.0.1")
        let contentType = request.headers[.contentType] ?? ""
        let options = textus.options

        let (gate, fault, rate) = await textus.withState { state in
            state.requests.append("\(fake.method) \(fake.path)")
            state.answerNumber += 1
            return (state.admit(fake, contentType: contentType), state.faults.take(method: fake.method, path: fake.path), state.rateHeaders(for: bearer ?? ""))
        }
        if let gate { return Self.error(gate, rate: rate) }
        let latency = Double.random(in: fake.path.hasSuffix("/messages") ? options.sendLatency : options.requestLatency)
        return try await FakeExchange.respond(
            fault: fault, latency: latency,
            injected: { FakeTextUsError(status: $0.status ?? 503, title: "Injected Fault", code: "injected", detail: "injected fault", retryAfter: $0.retryAfter) },
            refused: { error in await textus.withState { $0.logRefused(fake, status: error.status) } },
            apply: {
                await textus.withState { state in
                    state.applying(fake, status: \.status, failure: { error in
                        (error as? FakeTextUsError)
                            ?? FakeTextUsError(status: 400, title: "Bad Request", code: "bad_request", detail: (error as? FakeBadRequest)?.message ?? "\(error)")
                    }) { try $0.answer(fake, origin: origin) }
                }
            },
            render: { result in
                switch result {
                case .success(let answer): Self.json(answer.status, answer.body.map { Data($0.serialized(indent: nil).utf8) }, rate: rate)
                case .failure(let error): Self.error(error, rate: rate)
                }
            },
            body: { Self.json(200, Data($0.utf8), rate: rate) })
    }

    static func json(_ status: Int, _ data: Data?, rate: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        if data != nil { headers[.contentType] = "application/vnd.textus+jsonld; charset=utf-8" }
        for (name, value) in rate { if let field = HTTPField.Name(name) { headers[field] = value } }
        return Response(status: .init(code: status), headers: headers, body: data.map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) } ?? ResponseBody())
    }

    static func error(_ error: FakeTextUsError, rate: [(String, String)] = []) -> Response {
        var response = json(error.status, Data(error.json.serialized(indent: nil).utf8), rate: rate)
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}

extension FakeTextUsState {
    /// Refuses a request before it runs: a missing or wrong token (401), one over the token's
    /// rate limit (429, with Retry-After), or a body that is not JSON (415, counted all the same).
    mutating func admit(_ request: FakeRequest, contentType: String) -> FakeTextUsError? {
        guard let token = request.bearer, token == options.token else {
            return FakeTextUsError(status: 401, title: "Unauthorized", code: "unauthorized", detail: "A valid API token is required")
        }
        var window = rateWindows[token] ?? (now, 0)
        if now.timeIntervalSince(window.start) >= options.rateWindowSeconds { window = (now, 0) }
        window.count += 1
        rateWindows[token] = window
        guard window.count <= options.rateLimit else {
            rateLimited += 1
            let wait = max(1, Int((window.start.addingTimeInterval(options.rateWindowSeconds).timeIntervalSince(now)).rounded(.up).clampedInt(to: 0...86_400)))
            return FakeTextUsError(status: 429, title: "Too Many Requests", code: "rate_limited", detail: "Rate limit exceeded", retryAfter: wait)
        }
        if !request.body.isEmpty, !(contentType.contains("application/vnd.textus+jsonld") || contentType.contains("application/json")) {
            return FakeTextUsError(status: 415, title: "Unsupported Media Type", code: "unsupported_media_type", detail: "Send application/vnd.textus+jsonld")
        }
        return nil
    }

    /// `X-RateLimit-Limit`, `-Remaining` and `-Reset` (Unix seconds) for the token's window.
    func rateHeaders(for token: String) -> [(String, String)] {
        let window = rateWindows[token] ?? (now, 0)
        let reset = window.start.addingTimeInterval(options.rateWindowSeconds).timeIntervalSince1970.rounded(.up)
        return [("X-RateLimit-Limit", String(options.rateLimit)), ("X-RateLimit-Remaining", String(max(0, options.rateLimit - window.count))),
                ("X-RateLimit-Reset", String(reset.clampedInt(to: 0...Int(Int32.max))))]
    }
}
