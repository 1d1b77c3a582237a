import Foundation

/// A fault to inject into matching requests, `remaining` times.
public struct FakeFault: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// Answer with `status` (and `retryAfter` seconds on a 429) without doing anything.
        case status
        /// Wait `delaySeconds`, then answer normally.
        case delay
        /// Do the write, then wait `delaySeconds` before answering: the client times out
        /// on a request that did happen, the case that makes a send's outcome unknown.
        case applyThenStall = "apply_then_stall"
        /// Do the write, then cut the connection half-way through the answer.
        case applyThenDrop = "apply_then_drop"
        /// Answer 200 with `body` instead, doing nothing: a shape of a field that the
        /// documentation allows or that the live API was seen to send.
        case body
    }

    public var kind: Kind
    /// A substring of the request path; empty matches every path.
    public var path: String
    public var method: String?
    public var status: Int?
    public var retryAfter: Int?
    public var delaySeconds: Double?
    public var body: String?
    public var remaining: Int

    public init(kind: Kind, path: String = "", method: String? = nil, status: Int? = nil, retryAfter: Int? = nil, delaySeconds: Double? = nil,
                body: String? = nil, remaining: Int = 1) {
        self.kind = kind
        self.path = path
        self.method = method
        self.status = status
        self.retryAfter = retryAfter
        self.delaySeconds = delaySeconds
        self.body = body
        self.remaining = remaining
    }
}

extension [FakeFault] {
    /// The first fault that matches the request, used up by one.
    public mutating func take(method: String, path: String) -> FakeFault? {
        guard let index = firstIndex(where: { fault in
            fault.remaining > 0 && (fault.path.isEmpty || path.contains(fault.path)) && (fault.method.map { $0.uppercased() == method } ?? true)
        }) else { return nil }
        self[index].remaining -= 1
        let fault = self[index]
        if fault.remaining == 0 { remove(at: index) }
        return fault
    }
}
