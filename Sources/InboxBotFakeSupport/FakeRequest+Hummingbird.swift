import Foundation
import Hummingbird

extension FakeRequest {
    /// A request as a fake's server received it: its body (up to 1 MiB), query, and the
    /// credential after `scheme` in its `Authorization` header (`Bearer `, `Token `).
    /// `path` replaces the request's own, for a fake that serves under a prefix too.
    public static func read(_ request: Request, scheme: String, path: String? = nil) async throws -> FakeRequest {
        var request = request
        let body = try await request.collectBody(upTo: 1024 * 1024)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let credential = request.headers[.authorization].flatMap { $0.hasPrefix(scheme) ? String($0.dropFirst(scheme.count)) : nil }
        return FakeRequest(method: request.method.rawValue, path: path ?? request.uri.path, query: query, body: Data(buffer: body), bearer: credential)
    }
}
