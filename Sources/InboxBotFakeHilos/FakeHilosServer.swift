import Foundation
import HTTPTypes
import Hummingbird
import InboxBotCore
import InboxBotFakeSupport
import Logging
import NIOCore

/// Serves a `FakeHilos` over HTTP with the public API's paths under `/api/`. Every request
/// needs `Authorization: Token <key>`; a path ending in a slash, or any other, gets 404.
/// Besides the API, `/_fake/` holds the admin paths every fake serves (`FakeAdministrationRoutes`),
/// and `POST /_fake/new-conversation` with `{"phone", "name", "body"}`.
public struct FakeHilosServer: FakeServer {
    public static let serverName = "fake-hilos"
    public let hilos: FakeHilos

    public init(hilos: FakeHilos) {
        self.hilos = hilos
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        FakeAdministrationRoutes.add(to: router, fake: hilos) { Self.error(.detail(400, $0)) }
        // On Hilos a customer's message is seen by polling only when it starts a conversation.
        router.post("/_fake/new-conversation") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let fields = try? FakeRequest(method: "POST", path: "/_fake/new-conversation", body: Data(buffer: body)).json()
            guard let phone = fields?["phone"]?.string, let text = fields?["body"]?.string else {
                return Self.error(.detail(400, "give phone (E.164), body, and optionally name"))
            }
            let id = await hilos.newConversation(phone: phone, name: fields?["name"]?.string ?? "", text: text)
            return Self.json(200, ["conversationId": .string(id)])
        }
        router.get("**") { request, _ in try await respond(request) }
        router.post("**") { request, _ in try await respond(request) }
        router.patch("**") { request, _ in try await respond(request) }
        router.put("**") { request, _ in try await respond(request) }
        return router
    }

    /// Answers one API request: checks the key, then answers it as every fake does (`FakeExchange`).
    private func respond(_ request: Request) async throws -> Response {
        let fake = try await FakeRequest.read(request, scheme: "Token ")
        let token = fake.bearer
        let origin = "http://" + (request.head.authority ?? "127.0.0.1")
        let options = hilos.options
        guard token == options.key else {
            return Self.error(.detail(401, token == nil ? "Authentication credentials were not provided." : "Invalid token."))
        }
        guard !fake.path.hasSuffix("/") else { return Self.error(.detail(404, "Not found.")) }
        let fault = await hilos.withState { state in
            state.answerNumber += 1
            return state.faults.take(method: fake.method, path: fake.path)
        }
        return try await FakeExchange.respond(
            fault: fault, latency: Double.random(in: fake.path.hasSuffix("/send") || fake.path.hasSuffix("/run") ? options.sendLatency : options.requestLatency),
            injected: { FakeHilosError.detail($0.status ?? 503, "injected fault", retryAfter: $0.retryAfter) },
            refused: { error in await hilos.withState { $0.logRefused(fake, status: error.status) } },
            apply: {
                await hilos.withState { state in
                    state.applying(fake, status: \.status, failure: { error in
                        (error as? FakeHilosError) ?? .detail(400, (error as? FakeBadRequest)?.message ?? "\(error)")
                    }) { try $0.answer(fake, origin: origin) }
                }
            },
            render: { result in
                switch result {
                case .success(let answer): Self.json(answer.status, answer.body)
                case .failure(let error): Self.error(error)
                }
            },
            body: { Self.json(200, (try? JSONValue.parse($0)) ?? [:]) })
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body.serialized(indent: nil))))
    }

    static func error(_ error: FakeHilosError) -> Response {
        var response = json(error.status, error.body)
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
