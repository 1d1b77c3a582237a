import AsyncHTTPClient
import Foundation
import InboxBotCore
import Metrics
import NIOCore
import NIOHTTP1

/// One HTTP request and its whole answer, as the connectors' clients make them: the timeout
/// held to a sane range, the body read up to a bound, and a failure to get an answer
/// classified as a timeout (after which a write's outcome is unknown) or a broken connection.
public enum HTTPExchange {
    public struct Answer: Sendable {
        public let status: Int
        public let headers: HTTPHeaders
        public let body: Data
    }

    public enum Failure: Error, Sendable {
        case timeout
        case transport(String)
    }

    /// Performs the request; its duration goes to the timer `metric` names, by `endpoint`
    /// (a path with its ids replaced, so that there is one series per endpoint).
    public static func perform(_ request: HTTPClientRequest, on http: HTTPClient, timeoutSeconds: Double, metric: String, endpoint: String,
                               maximumBodyBytes: Int = 16 * 1024 * 1024) async throws(Failure) -> Answer {
        // The last moment a write can be held back: past its hand-over deadline it is not sent,
        // and the action is settled from the platform instead (a connection failure leaves it unknown).
        guard request.method == .GET || HandOver.isOpen else {
            throw .transport("not sent: this action's hand-over deadline passed (the worker was paused or starved); it will be settled from the platform")
        }
        let started = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - started
            Metrics.Timer(label: metric, dimensions: [("endpoint", "\(request.method.rawValue) \(endpoint)")])
                .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        }
        do {
            let timeout = TimeAmount.milliseconds(Int64((timeoutSeconds * 1000).clampedInt(to: 1...86_400_000)))
            let response = try await http.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: maximumBodyBytes)
            return Answer(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: throw .timeout
            default: throw .transport("\(error)")
            }
        } catch {
            throw .transport("\(error)")
        }
    }
}
