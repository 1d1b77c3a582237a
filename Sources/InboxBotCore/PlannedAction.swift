/// One action of a decision, rendered from the event, or the reason it could not be.
public struct PlannedAction: Sendable, Hashable {
    /// Position of the action in the rule's `then:`; part of its idempotency key.
    public let index: Int
    public let result: Result<RenderedAction, RenderError>
    /// Set when the send guard keeps the action back (the contact opted out, or reached the
    /// send limit): it is audited, never carried out.
    public var withheld: Withholding?

    public init(index: Int, result: Result<RenderedAction, RenderError>, withheld: Withholding? = nil) {
        self.index = index
        self.result = result
        self.withheld = withheld
    }

    /// Whether the action goes to the platform: rendered, and not withheld.
    public var action: RenderedAction? {
        guard withheld == nil, case .success(let action) = result else { return nil }
        return action
    }

    /// A line a person can read: "assign to sara@acme.sa", or why it failed to render or was withheld.
    public var summary: String {
        switch result {
        case .success(let action): withheld.map { "withheld \(action.summary): \($0)" } ?? action.summary
        case .failure(let error): "cannot render action \(index + 1): \(error.message)"
        }
    }
}
