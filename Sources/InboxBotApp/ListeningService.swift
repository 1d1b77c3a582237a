import Foundation
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A server as a service, whose failure to listen names the setting and the address and
/// says what to do, instead of `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`.
struct ListeningService<Server: Service>: Service {
    let setting: String
    let host: String
    let port: Int
    let server: Server

    func run() async throws {
        do {
            // The address is tried before the server starts: a server that fails to bind stops
            // its date cache as that starts, which can deadlock (see `StopWatchdog`).
            try await Self.probe(host: host, port: port)
            try await server.run()
        } catch let error as IOError {
            let reason = switch error.errnoCode {
            case EADDRINUSE: "the address is already in use: another program, or another inboxbot, listens there; stop it or choose another port"
            case EACCES: "permission denied: ports below 1024 need privileges; choose a port above 1024"
            case EADDRNOTAVAIL: "this machine has no such address; use 127.0.0.1, 0.0.0.0 or one of its own addresses"
            default: "\(error)"
            }
            throw WorkerRunner.Failure(description: "setting '\(setting)' (\(host):\(port)): cannot listen: \(reason)")
        }
    }

    /// Binds the address as the server will (reusing it, as Hummingbird does), and lets it go.
    static func probe(host: String, port: Int) async throws {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port).get()
        try await channel.close()
    }
}
