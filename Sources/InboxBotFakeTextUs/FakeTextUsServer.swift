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
/// Retry-After. Besides the API, `/_fake/` holds the admin paths that tests and the demo use:
/// `GET /_fake/writes`, `POST /_fake/faults` (a `FakeFault` as JSON), `DELETE /_fake/faults`,
/// `POST /_fake/customer-message` with `{"conversationId", "body"}`, `GET /_fake/conversations`
/// and `GET /_fake/sent?conversationId=…`.
public struct FakeTextUsServer: Sendable {
    public let textus: FakeTextUs

    public init(textus: FakeTextUs) {
        self.textus = textus
    }

    public func run(host: String = "127.0.0.1", port: Int, stopOnSignals: Bool = false, logger: Logger? = nil,
                    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await FakeServing.run(router(), name: "fake-textus", host: host, port: port, stopOnSignals: stopOnSignals, logger: logger, onRunning: onRunning)
    }

    /// Serves on a free loopback port for as long as `body` runs, and hands it the port.
    public func serving<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        try await FakeServing.serving({ FakeServing.application(router(), name: "fake-textus", host: "127.0.0.1", port: 0, logger: nil, onRunning: $0) }, body)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        addAdminRoutes(to: router)
        router.get("**") { request, _ in try await respond(request) }
        router.post("**") { request, _ in try await respond(request) }
        router.put("**") { request, _ in try await respond(request) }
        router.delete("**") { request, _ in try await respond(request) }
        return router
    }

    private func addAdminRoutes(to router: Router<BasicRequestContext>) {
        router.get("/_fake/writes") { _, _ in
            Self.json(200, Data((try? JSONEncoder().encode(await textus.writes)) ?? Data("[]".utf8)))
        }
        router.post("/_fake/faults") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            guard let fault = try? JSONDecoder().decode(FakeFault.self, from: Data(buffer: body)) else {
                return Self.error(FakeTextUsError.invalid("invalid_fault", "the body must be a fault, such as {\"kind\":\"status\",\"status\":503,\"remaining\":2}"))
            }
            await textus.inject(fault)
            return Self.json(200, Data("{}".utf8))
        }
        router.delete("/_fake/faults") { _, _ in
            await textus.clearFaults()
            return Self.json(200, Data("{}".utf8))
        }
        router.post("/_fake/customer-message") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let fields = try? FakeRequest(method: "POST", path: "", body: Data(buffer: body)).json()
            guard let id = fields?["conversationid"]?.string, let text = fields?["body"]?.string, let messageID = await textus.customerMessage(text, in: id) else {
                return Self.error(FakeTextUsError.invalid("invalid", "give conversationId of an existing conversation, and body"))
            }
            return Self.json(200, Data(JSONValue.object([("eventId", .string(messageID))]).serialized(indent: nil).utf8))
        }
        router.get("/_fake/conversations") { _, _ in
            Self.json(200, Data(JSONValue.array(await textus.conversationIDs().map { .string($0) }).serialized(indent: nil).utf8))
        }
        router.get("/_fake/sent") { request, _ in
            let id = request.uri.queryParameters.get("conversationId") ?? ""
            return Self.json(200, Data(JSONValue.array(await textus.sentTexts(in: id).map { .string($0) }).serialized(indent: nil).utf8))
        }
    }

    /// Answers one API request: checks the token and the rate limit, applies any injected
    /// fault, runs it on the state after its latency, and records writes.
    private func respond(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let fake = FakeRequest(method: request.method.rawValue, path: request.uri.path, query: query, body: Data(buffer: body), bearer: bearer)
        let origin = "http://" + (request.head.authority ?? "127.0.0.1")
        let write = fake.method != "GET"
        let contentType = request.headers[.contentType] ?? ""
        let options = textus.options

        let (gate, fault, rate) = await textus.withState { state in
            state.requests.append("\(fake.method) \(fake.path)")
            state.answerNumber += 1
            return (state.admit(fake, contentType: contentType), state.faults.take(method: fake.method, path: fake.path), state.rateHeaders(for: bearer ?? ""))
        }
        if let gate { return Self.error(gate, rate: rate) }
        if let fault, fault.kind == .status {
            let error = FakeTextUsError(status: fault.status ?? 503, title: "Injected Fault", code: "injected", detail: "injected fault", retryAfter: fault.retryAfter)
            if write { await record(fake, status: error.status, applied: false) }
            return Self.error(error, rate: rate)
        }
        if let fault, fault.kind == .body { return Self.json(200, Data((fault.body ?? "{}").utf8), rate: rate) }
        if let fault, fault.kind == .delay { try await Task.sleep(for: .clampedSeconds(fault.delaySeconds ?? 1)) }
        // A write is applied near the end of its latency, whether or not the client still waits.
        let latency = Double.random(in: fake.path.hasSuffix("/messages") ? options.sendLatency : options.requestLatency)
        if latency > 0 { try? await Task.sleep(for: .clampedSeconds(latency * 0.9)) }

        let result: Result<FakeTextUsAnswer, FakeTextUsError> = await textus.withState { state in
            do {
                let answer = try state.answer(fake, origin: origin)
                if write { state.writes.append(FakeWrite(method: fake.method, path: fake.path, body: fake.bodyText, status: answer.status, applied: true, receivedAt: state.now)) }
                return .success(answer)
            } catch {
                let failure = (error as? FakeTextUsError) ?? FakeTextUsError(status: 400, title: "Bad Request", code: "bad_request", detail: (error as? FakeBadRequest)?.message ?? "\(error)")
                if write { state.writes.append(FakeWrite(method: fake.method, path: fake.path, body: fake.bodyText, status: failure.status, applied: false, receivedAt: state.now)) }
                return .failure(failure)
            }
        }
        if latency > 0 { try? await Task.sleep(for: .clampedSeconds(latency * 0.1)) }
        if let fault, fault.kind == .applyThenStall { try await Task.sleep(for: .clampedSeconds(fault.delaySeconds ?? 5)) }
        if let fault, fault.kind == .applyThenDrop {
            return Response(status: .created, body: ResponseBody(contentLength: 64) { writer in
                try await writer.write(ByteBuffer(string: "{\"@type\":"))
                throw FakeTextUsError(status: 500, title: "Dropped", code: "dropped", detail: "connection dropped on purpose")
            })
        }
        switch result {
        case .success(let answer):
            return Self.json(answer.status, answer.body.map { Data($0.serialized(indent: nil).utf8) }, rate: rate)
        case .failure(let error):
            return Self.error(error, rate: rate)
        }
    }

    private func record(_ fake: FakeRequest, status: Int, applied: Bool) async {
        await textus.withState { $0.writes.append(FakeWrite(method: fake.method, path: fake.path, body: fake.bodyText, status: status, applied: applied, receivedAt: $0.now)) }
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
