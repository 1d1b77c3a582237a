import Foundation
import InboxBotCore

/// A platform that records what it is asked to do and answers as scripted. The worker's
/// tests use it where the fake Hatif's HTTP is not the point.
public actor RecordingPlatform: ConversationPlatform {
    public nonisolated let name = "recording"

    public struct Call: Sendable, Hashable {
        public var action: RenderedAction
        public var conversationID: String
        /// Whether it took effect (an `unknown` outcome may or may not have).
        public var applied: Bool
    }

    /// Outcomes to give, in order, before falling back to done.
    private var script: [ActionOutcome] = []
    /// Whether each scripted unknown outcome was in fact applied.
    private var unknownApplied: [Bool] = []
    public private(set) var calls: [Call] = []
    /// What `conversation(id:)` answers: the conversations as the test says they are now.
    private var conversations: [String: ConversationSnapshot] = [:]
    private var nextID = 1
    /// Seconds each action takes, to see what runs at once.
    private let delay: Double
    private var inProgress: [String: Int] = [:]
    /// The most actions seen running at once, overall and on one conversation.
    public private(set) var peakConcurrency = 0
    public private(set) var peakPerConversation = 0

    /// Conversations whose actions, once started, wait until released; and the conversations
    /// of the actions started, in order.
    private var holding: Set<String> = []
    private var released: [String: [CheckedContinuation<Void, Never>]] = [:]
    public private(set) var started: [String] = []

    public init(delay: Double = 0) {
        self.delay = delay
    }

    /// While set, reading a conversation fails, as when the platform is down.
    private var readsFail = false

    public func setConversation(_ snapshot: ConversationSnapshot) {
        conversations[snapshot.id] = snapshot
    }

    /// From now on, an action on the conversation waits, once started, until `release`.
    public func hold(_ conversationID: String) {
        holding.insert(conversationID)
    }

    public func release(_ conversationID: String) {
        holding.remove(conversationID)
        for waiter in released.removeValue(forKey: conversationID) ?? [] { waiter.resume() }
    }

    public func setReadsFail(_ fail: Bool) {
        readsFail = fail
    }

    public struct ReadFailure: Error {}

    public func conversation(id: String) async throws -> ConversationSnapshot? {
        if readsFail { throw ReadFailure() }
        return conversations[id]
    }

    public func script(_ outcomes: [ActionOutcome], unknownApplied: [Bool] = []) {
        script += outcomes
        self.unknownApplied += unknownApplied
    }

    /// The actions that took effect.
    public var applied: [Call] { calls.filter(\.applied) }

    public func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome {
        started.append(conversation.id)
        if holding.contains(conversation.id) { await withCheckedContinuation { released[conversation.id, default: []].append($0) } }
        if delay > 0 {
            inProgress[conversation.id, default: 0] += 1
            peakConcurrency = max(peakConcurrency, inProgress.values.reduce(0, +))
            peakPerConversation = max(peakPerConversation, inProgress[conversation.id] ?? 0)
            try? await Task.sleep(for: .clampedSeconds(delay))
            inProgress[conversation.id, default: 1] -= 1
        }
        let outcome = script.isEmpty ? nil : script.removeFirst()
        switch outcome {
        case .failed?:
            calls.append(Call(action: action, conversationID: conversation.id, applied: false))
            return outcome ?? .done(detail: nil)
        case .unknown?:
            let applied = unknownApplied.isEmpty ? false : unknownApplied.removeFirst()
            calls.append(Call(action: action, conversationID: conversation.id, applied: applied))
            return outcome ?? .done(detail: nil)
        default:
            calls.append(Call(action: action, conversationID: conversation.id, applied: true))
            defer { nextID += 1 }
            return .done(detail: action.isRepeatable ? nil : "sent-\(nextID)")
        }
    }

    /// While set, settling says the platform cannot tell, as on Hilos.
    private var cannotTell = false

    public func setCannotTell(_ value: Bool) {
        cannotTell = value
    }

    public func settle(_ action: RenderedAction, on conversation: ConversationSnapshot, attemptedAt: Date) async throws -> Settlement {
        if cannotTell { return .cannotTell(reason: "the platform shows no messages") }
        guard let index = calls.lastIndex(where: { $0.action == action && $0.conversationID == conversation.id && $0.applied }) else { return .notSent }
        return .sent(id: "settled-\(index)")
    }
}
