import Foundation

/// A fake's state that keeps the log of the writes it received, which tests assert on.
public protocol FakeWriteLog {
    var writes: [FakeWrite] { get set }
    var now: Date { get }
}

extension FakeWriteLog {
    /// Logs a write that was not applied (an injected fault, a refusal). A request is a write
    /// when `write` says so, or else when it is no GET.
    public mutating func logRefused(_ request: FakeRequest, status: Int, write: Bool? = nil) {
        guard write ?? (request.method != "GET") else { return }
        writes.append(FakeWrite(method: request.method, path: request.path, body: request.bodyText, status: status, applied: false, receivedAt: now))
    }

    /// Runs a request on the state; a write is logged as applied, with the answer's status, or
    /// as refused, with the failure's. `failure` turns any error into the platform's form.
    public mutating func applying<Answer, Failure: FakeFailure>(
        _ request: FakeRequest, write: Bool? = nil, status: (Answer) -> Int, failure: (any Error) -> Failure, _ body: (inout Self) throws -> Answer
    ) -> Result<Answer, Failure> {
        do {
            let answer = try body(&self)
            if write ?? (request.method != "GET") {
                writes.append(FakeWrite(method: request.method, path: request.path, body: request.bodyText, status: status(answer), applied: true, receivedAt: now))
            }
            return .success(answer)
        } catch {
            let refusal = failure(error)
            logRefused(request, status: refusal.status, write: write)
            return .failure(refusal)
        }
    }
}
