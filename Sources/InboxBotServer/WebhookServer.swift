import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import NIOCore

/// The HTTP server for platform webhooks: `POST /webhooks/hatif` (one URL serves both
/// WhatsApp and call deliveries; `?key=` carries the URL key), and `GET /healthz` and
/// `GET /readyz` for orchestrators.
public struct WebhookServer: Sendable {
    let hatif: HatifWebhookReceiver
    /// The largest body accepted; Hatif's deliveries are a few kilobytes.
    let maximumBodySize: Int
    /// Whether the worker can take work now (its state store answers).
    let isReady: @Sendable () async -> Bool

    public init(hatif: HatifWebhookReceiver, maximumBodySize: Int = 1 << 20, isReady: @escaping @Sendable () async -> Bool = { true }) {
        self.hatif = hatif
        self.maximumBodySize = maximumBodySize
        self.isReady = isReady
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        // Liveness: the process answers. Readiness: it can take work.
        router.get("/healthz") { _, _ in Self.text(200, "ok") }
        router.get("/readyz") { _, _ in await isReady() ? Self.text(200, "ready") : Self.text(503, "not ready: the state store does not answer") }
        for path in ["/webhooks/hatif", "/webhooks/hatif/whatsapp", "/webhooks/hatif/call"] {
            router.post(RouterPath(path)) { request, _ in
                var request = request
                let body: ByteBuffer
                do {
                    body = try await request.collectBody(upTo: maximumBodySize)
                } catch {
                    return Self.text(413, "the body is larger than \(maximumBodySize) bytes")
                }
                let answer = await hatif.receive(
                    body: Data(buffer: body),
                    signature: request.headers.first { $0.name.canonicalName == "x-voxa-signature" }?.value,
                    key: request.uri.queryParameters.get("key"))
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
