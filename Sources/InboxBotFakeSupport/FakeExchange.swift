import Foundation
import Hummingbird
import InboxBotCore
import NIOCore

/// An error a fake answers with, in its platform's form; its status goes in the write log.
public protocol FakeFailure: Error, Sendable {
    var status: Int { get }
}

/// What every fake does with an API request once its own checks (credentials, rate limit)
/// passed: an injected fault; the request's latency, with a write applied near its end, so
/// that a client that gives up early has not seen it yet; and the faults that stall or cut
/// the answer after the write. The platform's parts come in as closures: its error for an
/// injected status, the write log, applying the request to its state, and its answers' form.
public enum FakeExchange {
    public static func respond<Answer: Sendable, Failure: FakeFailure>(
        fault: FakeFault?, latency: Double,
        injected: (FakeFault) -> Failure,
        refused: (Failure) async -> Void,
        apply: () async -> Result<Answer, Failure>,
        render: (Result<Answer, Failure>) -> Response,
        body: (String) -> Response
    ) async throws -> Response {
        if let fault, fault.kind == .status {
            let failure = injected(fault)
            await refused(failure)
            return render(.failure(failure))
        }
        if let fault, fault.kind == .body { return body(fault.body ?? "{}") }
        if let fault, fault.kind == .delay { try await Task.sleep(for: .clampedSeconds(fault.delaySeconds ?? 1)) }
        if latency > 0 { try? await Task.sleep(for: .clampedSeconds(latency * 0.9)) }
        let result = await apply()
        if latency > 0 { try? await Task.sleep(for: .clampedSeconds(latency * 0.1)) }
        if let fault, fault.kind == .applyThenStall { try await Task.sleep(for: .clampedSeconds(fault.delaySeconds ?? 5)) }
        if let fault, fault.kind == .applyThenDrop {
            // Promise a body, send part of it, then fail: the server closes the connection.
            return Response(status: .ok, body: ResponseBody(contentLength: 64) { writer in
                try await writer.write(ByteBuffer(string: "{\"status\":"))
                throw Dropped()
            })
        }
        return render(result)
    }

    struct Dropped: Error {}
}
