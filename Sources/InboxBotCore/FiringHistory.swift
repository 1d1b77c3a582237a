import Foundation

/// When each rule last acted on each conversation; the worker keeps it durably.
public protocol FiringHistory {
    func lastFiring(rule: String, conversation: String) -> Date?
}
