import Foundation
import Hummingbird
import InboxBotConsole
import InboxBotCore
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle

/// The operations endpoints on their own address (the webhook port faces the platform):
/// `GET /metrics` in Prometheus format, `GET /healthz` and `GET /readyz`, and the web console
/// under `/console` when it is on.
public struct OperationsServer: Sendable {
    let registry: PrometheusCollectorRegistry
    /// Why the worker is not ready; empty when it is.
    let reasons: @Sendable () async -> [String]
    let console: Console?

    public init(registry: PrometheusCollectorRegistry, reasons: @escaping @Sendable () async -> [String], console: Console? = nil) {
        self.registry = registry
        self.reasons = reasons
        self.console = console
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ in
            let reasons = await reasons()
            return reasons.isEmpty
                ? Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "ready\n")))
                : Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "not ready: \(reasons.joined(separator: "; "))\n")))
        }
        console?.addRoutes(to: router)
        return router
    }

    public func application(host: String, port: Int, logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "inboxbot-operations"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
