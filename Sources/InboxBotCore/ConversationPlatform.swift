import Foundation

/// A conversation platform (Hatif, and later TextUs, TimelinesAI, Hilos) as the worker
/// uses it: it carries out rendered actions on a conversation. Each platform has a real
/// implementation and a fake for tests, the demo and benchmarks.
public protocol ConversationPlatform: Sendable {
    /// The platform's name in events, such as `hatif`.
    var name: String { get }

    /// Carries out one action on the conversation the snapshot describes. Round-robin
    /// assignments must already be resolved to a user by the caller.
    func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome

    /// Decides an action whose outcome was unknown (a send that timed out, or one in flight
    /// at a crash) by reading the platform, never by doing it again.
    func settle(_ action: RenderedAction, on conversation: ConversationSnapshot, attemptedAt: Date) async throws -> Settlement

    /// The conversation as it is now, read from the platform (for a timer that came due);
    /// nil when the platform no longer has it.
    func conversation(id: String) async throws -> ConversationSnapshot?
}
