import Foundation
import NIOCore
import ServiceLifecycle

/// A server as a service, whose failure to listen names the setting and the address and
/// says what to do, instead of `bind(descriptor:ptr:bytes:): Address already in use (errno: 98)`.
struct ListeningService<Server: Service>: Service {
    let setting: String
    let address: String
    let server: Server

    func run() async throws {
        do {
            try await server.run()
        } catch let error as IOError {
            let reason = switch error.errnoCode {
            case EADDRINUSE: "the address is already in use: another program, or another inboxbot, listens there; stop it or choose another port"
            case EACCES: "permission denied: ports below 1024 need privileges; choose a port above 1024"
            case EADDRNOTAVAIL: "this machine has no such address; use 127.0.0.1, 0.0.0.0 or one of its own addresses"
            default: "\(error)"
            }
            throw WorkerRunner.Failure(description: "setting '\(setting)' (\(address)): cannot listen: \(reason)")
        }
    }
}
