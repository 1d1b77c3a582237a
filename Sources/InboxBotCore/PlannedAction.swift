/// One action of a decision, rendered from the event, or the reason it could not be.
public struct PlannedAction: Sendable, Hashable {
    /// Position of the action in the rule's `then:`; part of its idempotency key.
    public let index: Int
    public let result: Result<RenderedAction, RenderError>

    public init(index: Int, result: Result<RenderedAction, RenderError>) {
        self.index = index
        self.result = result
    }

    /// A line a person can read: "assign to sara@acme.sa", or why it failed to render.
    public var summary: String {
        switch result {
        case .success(let action): action.summary
        case .failure(let error): "cannot render action \(index + 1): \(error.message)"
        }
    }
}
