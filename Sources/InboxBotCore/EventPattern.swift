/// An event type, or a wildcard over them: `message.received`, `message.*`, `*`.
public struct EventPattern: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let types: Set<EventType>

    /// Parses a pattern; a pattern that names no known event type is an error with a hint.
    public static func parse(_ text: String) -> Result<EventPattern, RuleValueError> {
        let trimmed = text.trimmingWhitespace()
        let known = EventType.allCases.map(\.rawValue)
        if trimmed == "*" {
            return .success(EventPattern(text: trimmed, types: Set(EventType.allCases)))
        }
        if trimmed.hasSuffix(".*") {
            let family = trimmed.dropLast(2)
            let types = EventType.allCases.filter { $0.family == family }
            guard !types.isEmpty else {
                let families = Set(EventType.allCases.map { "\($0.family).*" }).sorted()
                return .failure(RuleValueError(
                    "unknown event family '\(trimmed)'\(Suggestion.hint(for: trimmed, among: families))"
                        + " (families: \(families.joined(separator: ", ")))"))
            }
            return .success(EventPattern(text: trimmed, types: Set(types)))
        }
        guard let type = EventType(rawValue: trimmed) else {
            let hint = Suggestion.hint(for: trimmed, among: known)
            return .failure(RuleValueError("unknown event type '\(trimmed)'\(hint.isEmpty ? "; see docs/events.md for the list" : hint)"))
        }
        return .success(EventPattern(text: trimmed, types: [type]))
    }

    public func matches(_ type: EventType) -> Bool { types.contains(type) }

    public var description: String { text }
}
