/// Whether a webhook delivery comes from the platform it claims, and why not.
public enum WebhookVerdict: Sendable, Hashable {
    case accepted
    case rejected(reason: String)
}
