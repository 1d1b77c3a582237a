import Foundation
import InboxBotCore
import Hummingbird
import Logging
import ServiceLifecycle
import NIOCore

/// The HTTP server for a platform's webhooks: `POST /webhooks/<platform>` (and the extra
/// paths its handler names), and `GET /healthz` and `GET /readyz` for orchestrators.
public struct WebhookServer: Sendable {
    let receiver: WebhookReceiver
    /// The largest body accepted; Hatif's deliveries are a few kilobytes.
    let maximumBodySize: Int
    let gate: Gate

    /// What the server asks the worker: why it is not ready (for `/readyz`, empty when it
    /// is), and, cheaply on every delivery, whether deliveries may be taken (a refused
    /// credential stops readiness, not intake; a failing store or pipeline stops both).
    public struct Gate: Sendable {
        public var reasons: @Sendable () async -> [String]
        public var takesWork: @Sendable () async -> Bool

        public init(reasons: @escaping @Sendable () async -> [String] = { [] }, takesWork: @escaping @Sendable () async -> Bool = { true }) {
            self.reasons = reasons
            self.takesWork = takesWork
        }
    }

    public init(receiver: WebhookReceiver, maximumBodySize: Int = 1 << 20, gate: Gate = Gate()) {
        self.receiver = receiver
        self.maximumBodySize = maximumBodySize
        self.gate = gate
    }

    /// `/readyz`: 200, or 503 with every reason.
    static func readyz(_ reasons: [String]) -> Response {
        reasons.isEmpty ? text(200, "ready") : text(503, "not ready: " + reasons.joined(separator: "; "))
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        // Liveness: the process answers. Readiness: it can take work.
        router.get("/healthz") { _, _ in Self.text(200, "ok") }
        router.get("/readyz") { _, _ in Self.readyz(await gate.reasons()) }
        let base = "/webhooks/\(receiver.platform)"
        for path in [base] + receiver.handler.extraPaths.map({ "\(base)/\($0)" }) {
            router.post(RouterPath(path)) { request, _ in
                // Work the store or the pipeline cannot keep is refused, so the platform retries it
                // later; logged as a delivery the store refuses is, whichever of the two saw it first.
                guard await gate.takesWork() else {
                    let reasons = await gate.reasons()
                    receiver.logRefusal(["reason": "not ready: \(reasons.joined(separator: "; "))"])
                    return Self.readyz(reasons)
                }
                var request = request
                let body: ByteBuffer
                do {
                    body = try await request.collectBody(upTo: maximumBodySize)
                } catch {
                    return Self.text(413, "the body is larger than \(maximumBodySize) bytes")
                }
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                var query: [String: String] = [:]
                for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
                let answer = await receiver.receive(WebhookRequest(body: Data(buffer: body), headers: headers, query: query))
                return Self.text(answer.status, answer.message)
            }
        }
        return router
    }

    /// The server as a service, for a ServiceGroup.
    public func application(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "inboxbot"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Runs until the surrounding task is cancelled, or on SIGTERM/SIGINT if asked.
    public func run(host: String = "127.0.0.1", port: Int, stopOnSignals: Bool = false, logger: Logger = Logger(label: "inboxbot.webhooks"), onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "inboxbot"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [])
    }

    static func text(_ status: Int, _ message: String) -> Response {
        Response(status: .init(code: status), body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}
