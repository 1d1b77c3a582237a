/// A connector whose platform registers webhooks through its API (TimelinesAI), for
/// `inboxbot register-webhooks`. Platforms whose webhooks are set up in their own web app
/// (Hatif, TextUs) do not conform.
public protocol WebhookRegistration: Sendable {
    /// Registers the hooks the worker needs at `url`, leaving those already there; one line per
    /// hook says what was done.
    func registerWebhooks(at url: String) async throws -> [String]
}
