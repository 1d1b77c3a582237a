import Foundation
import Hummingbird
import InboxBotCore
import InboxBotFakeSupport
import Logging
import NIOCore

/// Serves a `FakeHatif` over HTTP with the Voxa API's paths.
///
/// Besides the API, `/_fake/` holds the admin paths every fake serves (`FakeAdministrationRoutes`).
public struct FakeHatifServer: FakeServer {
    public static let serverName = "fake-hatif"
    public let hatif: FakeHatif

    public init(hatif: FakeHatif) {
        self.hatif = hatif
    }

    typealias Handler = @Sendable (inout FakeHatifState, FakeRequest) throws -> JSONValue

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let api = "/v2/conversations/service-account"
        router.post("/connect/token") { request, _ in try await respond(request, write: false, pascal: false) { try $0.issueToken($1) } }
        router.get("/v1/channels/service-account") { request, _ in try await respond(request) { try $0.channelList($1) } }
        router.get("\(api)/channels/:channelId") { request, context in
            let channel = context.parameters.get("channelId") ?? ""
            return try await respond(request) { try $0.conversationList(channelID: channel, $1) }
        }
        router.get("\(api)/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await respond(request) { try $0.conversation(id: id, $1) }
        }
        router.get("\(api)/:id/timeline") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await respond(request) { try $0.timelineList(conversationID: id, $1) }
        }
        router.post("\(api)/:id/assign") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await respond(request, write: true) { try $0.assign(conversationID: id, $1) }
        }
        router.post("\(api)/:id/tags") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await respond(request, write: true) { try $0.setTags(conversationID: id, $1) }
        }
        router.post("\(api)/create") { request, _ in try await respond(request, write: true) { try $0.createConversation($1) } }
        router.get("/v1/workspaces/users") { request, _ in try await respond(request) { try $0.userList($1) } }
        router.get("/v1/tags/service-account") { request, _ in try await respond(request) { try $0.tagList($1) } }
        router.post("/v1/tags/service-account") { request, _ in try await respond(request, write: true) { try $0.createTag($1) } }
        router.post("/v1/whatsapp/service-account/sendText") { request, _ in try await respond(request, write: true) { try $0.sendText($1) } }
        router.post("/v1/whatsapp/service-account/sendTemplate") { request, _ in try await respond(request, write: true) { try $0.sendTemplate($1) } }
        router.get("/v1/contact-property-definitions") { request, _ in try await respond(request) { try $0.propertyDefinitionList($1) } }
        router.put("/v1/contacts/:id/properties/:property") { request, context in
            let id = context.parameters.get("id") ?? "", property = context.parameters.get("property") ?? ""
            return try await respond(request, write: true) { try $0.setContactProperty(contactID: id, propertyID: property, $1) }
        }
        router.get("/v1/contacts/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await respond(request) { try $0.contact(id: id, $1) }
        }
        FakeAdministrationRoutes.add(to: router, fake: hatif) { Self.error(FakeHatifError.invalid($0), pascal: false) }
        return router
    }

    /// Answers one API request: reads it, applies any injected fault, runs the handler on
    /// the state, records writes, and renders the answer in the configured key style.
    private func respond(_ request: Request, write: Bool = false, pascal: Bool? = nil, _ handler: @escaping Handler) async throws -> Response {
        let fake = try await FakeRequest.read(request, scheme: "Bearer ")
        let pascal = pascal ?? (hatif.options.keyStyle == .pascalCase)

        let (fault, answerNumber) = await hatif.withState { state in
            state.requests.append("\(fake.method) \(fake.path)")
            state.answerNumber += 1
            state.requestsInFlight += 1
            state.mostRequestsInFlight = max(state.mostRequestsInFlight, state.requestsInFlight)
            return (state.takeFault(method: fake.method, path: fake.path), state.answerNumber)
        }
        do {
            let response = try await answer(fake, write: write, pascal: pascal, fault: fault, answerNumber: answerNumber, handler)
            await hatif.withState { $0.requestsInFlight -= 1 }
            return response
        } catch {
            await hatif.withState { $0.requestsInFlight -= 1 }
            throw error
        }
    }

    /// The answer to a request counted in flight: the injected fault or latency, then the handler's.
    private func answer(_ fake: FakeRequest, write: Bool, pascal: Bool, fault: FakeFault?, answerNumber: Int, _ handler: @escaping Handler) async throws -> Response {
        // Live Hatif gives Retry-After as seconds or as an HTTP date; the fake alternates.
        let asDate = hatif.options.timestampStyle == .varying && answerNumber.isMultiple(of: 2)
        let latency = Double.random(in: fake.path.hasPrefix("/v1/whatsapp/") ? hatif.options.sendLatency : hatif.options.requestLatency)
        return try await FakeExchange.respond(
            fault: fault, latency: latency,
            injected: { FakeHatifError(status: $0.status ?? 503, code: nil, message: "injected fault", retryAfter: $0.retryAfter) },
            refused: { error in await hatif.withState { $0.logRefused(fake, status: error.status, write: write) } },
            apply: {
                await hatif.withState { state in
                    state.applying(fake, write: write, status: { _ in 200 }, failure: { error in
                        (error as? FakeHatifError) ?? (error as? FakeBadRequest).map { .invalid($0.message) } ?? FakeHatifError(status: 500, code: nil, message: "\(error)")
                    }) { try handler(&$0, fake) }
                }
            },
            render: { result in
                switch result {
                case .success(let answer): Self.json(200, Data((pascal ? answer.pascalCased() : answer).serialized(indent: nil).utf8))
                case .failure(let error): Self.error(error, pascal: pascal, retryAfterAsDate: asDate)
                }
            },
            body: { Self.json(200, Data($0.utf8)) })
    }

    static func json(_ status: Int, _ data: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .init(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// ABP's error envelope; a 429 carries Retry-After, as seconds or as an HTTP date.
    static func error(_ error: FakeHatifError, pascal: Bool, retryAfterAsDate: Bool = false) -> Response {
        let envelope: JSONValue = ["error": ["code": error.code.map { .string($0) } ?? .null, "message": .string(error.message), "details": .null]]
        var response = json(error.status, Data((pascal ? envelope.pascalCased() : envelope).serialized(indent: nil).utf8))
        if let retryAfter = error.retryAfter {
            let until = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + Double(retryAfter)).rounded(.up))
            response.headers[.retryAfter] = retryAfterAsDate ? FakeHTTPDate.format(until) : String(retryAfter)
        }
        return response
    }
}

extension JSONValue {
    /// The same value with every object key starting in upper case, as the docs show.
    func pascalCased() -> JSONValue {
        switch self {
        case .object(let pairs): .object(pairs.map { (($0.0.prefix(1).uppercased() + $0.0.dropFirst()), $0.1.pascalCased()) })
        case .array(let items): .array(items.map { $0.pascalCased() })
        default: self
        }
    }
}
