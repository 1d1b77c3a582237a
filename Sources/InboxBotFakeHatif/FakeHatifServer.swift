import Foundation
import Hummingbird
import InboxBotCore
import InboxBotFakeSupport
import Logging
import NIOCore

/// Serves a `FakeHatif` over HTTP with the Voxa API's paths.
///
/// Besides the API, `/_fake/` holds the admin paths that tests and the demo use:
/// `GET /_fake/writes` lists every write received, `POST /_fake/faults` injects a fault
/// (a `FakeFault` as JSON), `DELETE /_fake/faults` clears them,
/// `POST /_fake/customer-message` with `{"conversationId", "body"}` simulates a customer,
/// and `GET /_fake/conversations` and `GET /_fake/sent?conversationId=…` list conversation
/// ids and the texts sent in one, as every fake platform does.
public struct FakeHatifServer: Sendable {
    public let hatif: FakeHatif

    public init(hatif: FakeHatif) {
        self.hatif = hatif
    }

    typealias Handler = @Sendable (inout FakeHatifState, FakeRequest) throws -> JSONValue

    /// Runs until the surrounding task is cancelled. `onRunning` gets the bound port,
    /// which is useful with port 0 (any free port).
    /// With `stopOnSignals`, SIGTERM and SIGINT stop it gracefully (for the command).
    public func run(
        host: String = "127.0.0.1", port: Int, stopOnSignals: Bool = false, logger: Logger? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await FakeServing.run(router(), name: "fake-hatif", host: host, port: port, stopOnSignals: stopOnSignals, logger: logger, onRunning: onRunning)
    }

    /// Serves on a free loopback port for as long as `body` runs, and hands it the port:
    /// how tests and harnesses start a fake Hatif.
    public func serving<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        try await FakeServing.serving({ FakeServing.application(router(), name: "fake-hatif", host: "127.0.0.1", port: 0, logger: nil, onRunning: $0) }, body)
    }

    func router() -> Router<BasicRequestContext> {
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
        router.get("/v1/contacts/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await respond(request) { try $0.contact(id: id, $1) }
        }
        addAdminRoutes(to: router)
        return router
    }

    private func addAdminRoutes(to router: Router<BasicRequestContext>) {
        router.get("/_fake/conversations") { _, _ in
            Self.json(200, Data(JSONValue.array(await hatif.conversationIDs().map { .string($0) }).serialized(indent: nil).utf8))
        }
        router.get("/_fake/sent") { request, _ in
            let id = request.uri.queryParameters.get("conversationId") ?? ""
            let sent = await hatif.timelineBodies(of: id).filter { $0.direction == 2 }.compactMap(\.body)
            return Self.json(200, Data(JSONValue.array(sent.map { .string($0) }).serialized(indent: nil).utf8))
        }
        router.get("/_fake/writes") { _, _ in
            let writes = await hatif.writes
            return Self.json(200, Data((try? JSONEncoder().encode(writes)) ?? Data("[]".utf8)))
        }
        router.post("/_fake/faults") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            guard let fault = try? JSONDecoder().decode(FakeFault.self, from: Data(buffer: body)) else {
                return Self.error(FakeHatifError.invalid("the body must be a fault, such as {\"kind\":\"status\",\"status\":503,\"remaining\":2}"), pascal: false)
            }
            await hatif.inject(fault)
            return Self.json(200, Data("{}".utf8))
        }
        router.delete("/_fake/faults") { _, _ in
            await hatif.clearFaults()
            return Self.json(200, Data("{}".utf8))
        }
        router.post("/_fake/customer-message") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let fake = FakeRequest(method: "POST", path: "/_fake/customer-message", body: Data(buffer: body))
            guard let fields = try? fake.json(), let id = fields["conversationid"]?.string, let text = fields["body"]?.string,
                  let eventID = await hatif.customerMessage(text, in: id)
            else { return Self.error(FakeHatifError.invalid("give conversationId of an existing conversation, and body"), pascal: false) }
            return Self.json(200, Data(JSONValue.object([("eventId", .string(eventID))]).serialized(indent: nil).utf8))
        }
    }

    /// Answers one API request: reads it, applies any injected fault, runs the handler on
    /// the state, records writes, and renders the answer in the configured key style.
    private func respond(_ request: Request, write: Bool = false, pascal: Bool? = nil, _ handler: @escaping Handler) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let fake = FakeRequest(method: request.method.rawValue, path: request.uri.path, query: query, body: Data(buffer: body), bearer: bearer)
        let pascal = pascal ?? (hatif.options.keyStyle == .pascalCase)

        let (fault, answerNumber) = await hatif.withState { state in
            state.requests.append("\(fake.method) \(fake.path)")
            state.answerNumber += 1
            return (state.takeFault(method: fake.method, path: fake.path), state.answerNumber)
        }
        if let fault, fault.kind == .status {
            let error = FakeHatifError(status: fault.status ?? 503, code: nil, message: "injected fault", retryAfter: fault.retryAfter)
            if write { await hatif.withState { $0.record(FakeWrite(method: fake.method, path: fake.path, body: fake.bodyText, status: error.status, applied: false, receivedAt: $0.now)) } }
            let asDate = hatif.options.timestampStyle == .varying && answerNumber.isMultiple(of: 2)
            return Self.error(error, pascal: pascal, retryAfterAsDate: asDate)
        }
        if let fault, fault.kind == .body { return Self.json(200, Data((fault.body ?? "{}").utf8)) }
        if let fault, fault.kind == .delay { try await Task.sleep(for: .clampedSeconds(fault.delaySeconds ?? 1)) }
        // A request takes its time, and a write is applied near the end of it, whether or not
        // the client is still waiting: one killed meanwhile finds its send only later.
        let latency = Double.random(in: fake.path.hasPrefix("/v1/whatsapp/") ? hatif.options.sendLatency : hatif.options.requestLatency)
        if latency > 0 { try? await Task.sleep(for: .clampedSeconds(latency * 0.9)) }

        let result: Result<JSONValue, FakeHatifError> = await hatif.withState { state in
            do {
                let answer = try handler(&state, fake)
                if write { state.record(FakeWrite(method: fake.method, path: fake.path, body: fake.bodyText, status: 200, applied: true, receivedAt: state.now)) }
                return .success(answer)
            } catch let bad as FakeBadRequest {
                if write { state.record(FakeWrite(method: fake.method, path: fake.path, body: fake.bodyText, status: 400, applied: false, receivedAt: state.now)) }
                return .failure(.invalid(bad.message))
            } catch let error as FakeHatifError {
                if write { state.record(FakeWrite(method: fake.method, path: fake.path, body: fake.bodyText, status: error.status, applied: false, receivedAt: state.now)) }
                return .failure(error)
            } catch {
                return .failure(FakeHatifError(status: 500, code: nil, message: "\(error)"))
            }
        }
        if latency > 0 { try? await Task.sleep(for: .clampedSeconds(latency * 0.1)) }
        if let fault, fault.kind == .applyThenStall { try await Task.sleep(for: .clampedSeconds(fault.delaySeconds ?? 5)) }
        if let fault, fault.kind == .applyThenDrop {
            // Promise a body, send part of it, then fail: the server closes the connection.
            return Response(status: .ok, body: ResponseBody(contentLength: 64) { writer in
                try await writer.write(ByteBuffer(string: "{\"status\":"))
                throw FakeHatifError(status: 500, code: nil, message: "connection dropped on purpose")
            })
        }
        switch result {
        case .success(let answer): return Self.json(200, Data((pascal ? answer.pascalCased() : answer).serialized(indent: nil).utf8))
        case .failure(let error): return Self.error(error, pascal: pascal)
        }
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
