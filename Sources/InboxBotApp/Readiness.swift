import Foundation
import InboxBotCore
import Logging

/// Whether the worker can take work now, and if not, why. Each part reports a problem when
/// it meets one and clears it when it works again; `/readyz` answers 503 with the reasons
/// while any is open, and webhook intake refuses work the store or pipeline cannot keep.
///
/// A problem is logged once as an error when it appears or changes, again at most every
/// `repeatSeconds` while it lasts, and once when it clears: a refused credential or a full
/// disk gives one clear line, not one per poll.
public actor Readiness {
    public enum Part: String, Sendable, CaseIterable {
        /// The platform refuses the credentials.
        case platform
        /// The state store cannot take writes (a full disk, a damaged file).
        case store
        /// The pipeline cannot process the inbox.
        case pipeline
        /// The executor cannot record what it carries out.
        case executor
    }

    struct Problem {
        var text: String
        var loggedAt: ContinuousClock.Instant
    }

    let logger: Logger
    let repeatSeconds: Double
    private var problems: [Part: Problem] = [:]

    public init(logger: Logger, repeatSeconds: Double = 600) {
        self.logger = logger
        self.repeatSeconds = repeatSeconds
    }

    /// Records `problem` for `part`, or clears it with nil.
    public func report(_ part: Part, _ problem: String?) {
        guard let problem else {
            if problems.removeValue(forKey: part) != nil { logger.info("\(part.rawValue) recovered; ready for work again") }
            return
        }
        if let known = problems[part], known.text == problem, ContinuousClock.now - known.loggedAt < .clampedSeconds(repeatSeconds) { return }
        problems[part] = Problem(text: problem, loggedAt: .now)
        logger.error("not ready: \(part.rawValue): \(problem)")
    }

    /// Runs `work` (not on this actor), reporting its failure for `part` and clearing the
    /// part when it succeeds.
    public nonisolated func watching<T: Sendable>(_ part: Part, _ work: @Sendable () async throws -> T) async throws -> T {
        do {
            let result = try await work()
            await clear(part)
            return result
        } catch let error as any OwnershipLost {
            // The work passed to another worker sharing the database: not a problem of this one.
            logger.info("work handed over to another worker", metadata: ["part": "\(part.rawValue)", "reason": "\(error)"])
            throw error
        } catch {
            await report(part, "\(error)")
            throw error
        }
    }

    private func clear(_ part: Part) {
        if problems[part] != nil { report(part, nil) }
    }

    /// What keeps the worker from being ready, one line per part; empty when ready.
    public var reasons: [String] {
        Part.allCases.compactMap { part in problems[part].map { "\(part.rawValue): \($0.text)" } }
    }

    /// Whether webhook deliveries may be taken: the store and the pipeline work.
    public var takesWork: Bool {
        problems[.store] == nil && problems[.pipeline] == nil
    }
}
