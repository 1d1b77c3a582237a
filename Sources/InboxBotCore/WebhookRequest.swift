import Foundation

/// One request to a webhook path, as the handler sees it. Header names are lowercased.
public struct WebhookRequest: Sendable {
    public var body: Data
    public var headers: [String: String]
    public var query: [String: String]

    public init(body: Data, headers: [String: String], query: [String: String]) {
        self.body = body
        self.headers = headers
        self.query = query
    }
}
