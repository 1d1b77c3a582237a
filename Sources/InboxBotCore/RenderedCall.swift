/// A `call` ready to go: the endpoint's name and the JSON body, rendered from the event.
public struct RenderedCall: Sendable, Hashable, Codable {
    public var endpoint: String
    /// The body as sent, JSON text: what the signature covers.
    public var body: String

    public init(endpoint: String, body: String) {
        self.endpoint = endpoint
        self.body = body
    }
}
