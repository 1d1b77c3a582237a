import Foundation
import HTTPTypes
import Hummingbird
import InboxBotCore
import InboxBotFakeSupport
import Logging
import NIOCore

/// Serves a `FakeTimelinesAI` over HTTP with the Public API's paths, under
/// `/integrations/api` (as app.timelines.ai does) or at the root.
///
/// Every request needs `Authorization: Bearer <token>`, and a client name Cloudflare lets
/// through (not Python's default); over 50 requests a minute gets 429. A path ending in a slash
/// gets a 404 HTML page. Besides the API, `/_fake/` holds the admin paths every fake serves
/// (`FakeAdministrationRoutes`).
public struct FakeTimelinesAIServer: FakeServer {
    public static let serverName = "fake-timelinesai"
    public let timelines: FakeTimelinesAI

    public init(timelines: FakeTimelinesAI) {
        self.timelines = timelines
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        FakeAdministrationRoutes.add(to: router, fake: timelines) { Self.error(.invalid($0)) }
        router.get("**") { request, _ in try await respond(request) }
        router.post("**") { request, _ in try await respond(request) }
        router.put("**") { request, _ in try await respond(request) }
        router.patch("**") { request, _ in try await respond(request) }
        router.delete("**") { request, _ in try await respond(request) }
        return router
    }

    /// Answers one API request: checks the path, the token, the client's name and the rate
    /// limit, then answers it as every fake does (`FakeExchange`): faults, latency, the write log.
    private func respond(_ request: Request) async throws -> Response {
        var path = request.uri.path
        if path.hasPrefix("/integrations/api/") { path = String(path.dropFirst("/integrations/api".count)) }
        guard !path.hasSuffix("/") else { return Self.notFoundPage() }
        let fake = try await FakeRequest.read(request, scheme: "Bearer ", path: path)
        let agent = request.headers[.userAgent] ?? ""
        let options = timelines.options

        let (gate, fault) = await timelines.withState { state in
            state.answerNumber += 1
            return (state.admit(fake, userAgent: agent), state.faults.take(method: fake.method, path: fake.path))
        }
        if let gate { return Self.error(gate) }
        let isSend = fake.method == "POST" && (fake.path.hasSuffix("/messages") || fake.path == "/messages")
        return try await FakeExchange.respond(
            fault: fault, latency: Double.random(in: isSend ? options.sendLatency : options.requestLatency),
            injected: { FakeTimelinesAIError(status: $0.status ?? 503, message: "injected fault", retryAfter: $0.retryAfter) },
            refused: { error in await timelines.withState { $0.logRefused(fake, status: error.status) } },
            apply: {
                await timelines.withState { state in
                    state.applying(fake, status: { _ in 200 }, failure: { error in
                        (error as? FakeTimelinesAIError) ?? .invalid((error as? FakeBadRequest)?.message ?? "\(error)")
                    }) { try $0.answer(fake) }
                }
            },
            render: { result in
                switch result {
                case .success(let data): Self.raw(200, Data(JSONValue.object([("status", "ok"), ("data", data)]).serialized(indent: nil).utf8))
                case .failure(let error): Self.error(error)
                }
            },
            body: { Self.raw(200, Data($0.utf8)) })
    }

    static func raw(_ status: Int, _ data: Data, contentType: String = "application/json") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ error: FakeTimelinesAIError) -> Response {
        if error.html { return notFoundPage() }
        var response = raw(error.status, Data(error.json.serialized(indent: nil).utf8))
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    /// What app.timelines.ai answers for a path ending in a slash: the web app's 404 page.
    static func notFoundPage() -> Response {
        raw(404, Data("<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>".utf8), contentType: "text/html; charset=utf-8")
    }
}

extension FakeTimelinesAIState {
    /// Refuses a request before it runs: a missing or wrong token (401), a client name
    /// Cloudflare refuses (403, before the application), or one over the rate limit (429;
    /// Retry-After on every other one, as it is not documented).
    mutating func admit(_ request: FakeRequest, userAgent: String) -> FakeTimelinesAIError? {
        if userAgent.isEmpty || userAgent.hasPrefix("Python-urllib") {
            return FakeTimelinesAIError(status: 403, message: "Access denied")
        }
        guard let token = request.bearer, token == options.token else {
            return FakeTimelinesAIError(status: 401, message: "Invalid or expired token")
        }
        var window = rateWindows[token] ?? (now, 0)
        if now.timeIntervalSince(window.start) >= options.rateWindowSeconds { window = (now, 0) }
        window.count += 1
        rateWindows[token] = window
        guard window.count <= options.rateLimit else {
            rateLimited += 1
            let wait = max(1, window.start.addingTimeInterval(options.rateWindowSeconds).timeIntervalSince(now).rounded(.up).clampedInt(to: 0...86_400))
            return FakeTimelinesAIError(status: 429, message: "Too many requests", retryAfter: rateLimited.isMultiple(of: 2) ? wait : nil)
        }
        return nil
    }
}
