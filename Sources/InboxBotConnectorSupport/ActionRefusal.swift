import InboxBotCore

/// A connector's refusal to carry out an action, with why (no such user, a template the
/// platform does not have, a change the platform did not make): it fails, and is not retried.
public struct ActionRefusal: Error, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }

    /// For what the worker carries out itself, which never reaches a connector: opt-outs (kept
    /// in its state store) and calls to the configuration's endpoints.
    public static func carriedOutByWorker(_ action: RenderedAction) -> ActionRefusal {
        ActionRefusal("\(action.keyword) is carried out by the worker itself, never by the platform")
    }
}

extension ActionOutcome {
    /// What carrying out `action` came to: what `body` returned; for a platform's classified
    /// error, what it implies (`of(_:for:)`); for a refusal, failed with its reason.
    public static func carryingOut(_ action: RenderedAction, isolation: isolated (any Actor)? = #isolation,
                                   _ body: () async throws -> ActionOutcome) async -> ActionOutcome {
        do {
            return try await body()
        } catch let error as any RetryableFailure {
            return .of(error, for: action)
        } catch let refusal as ActionRefusal {
            return .failed(reason: refusal.reason)
        } catch {
            return .failed(reason: "\(error)")
        }
    }
}
