/// Text with placeholders, such as `Hello {{contact.first_name | there}}`.
///
/// A placeholder names an event field and may give a fallback after `|`, used when the
/// field is missing or empty. Rendering refuses to produce empty text: a missing field
/// with no fallback is a render error, never a blank parameter sent to a customer.
public struct TextTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case field(EventField, fallback: String?, offset: Int)
    }

    public let source: String
    public let segments: [Segment]

    public static func parse(_ source: String) -> Result<TextTemplate, RuleValueError> {
        var segments: [Segment] = []
        var literal = ""
        let characters = Array(source)
        var index = 0
        while index < characters.count {
            if characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{" {
                let start = index
                var end = index + 2
                while end + 1 < characters.count, !(characters[end] == "}" && characters[end + 1] == "}") {
                    end += 1
                }
                guard end + 1 < characters.count else {
                    return .failure(RuleValueError("'{{' is never closed; end the placeholder with '}}'", offset: start))
                }
                let inner = String(characters[(start + 2)..<end])
                let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                let path = parts[0].trimmingWhitespace()
                guard !path.isEmpty else {
                    return .failure(RuleValueError("empty placeholder '{{}}'; name a field such as {{contact.name}}", offset: start))
                }
                let field: EventField
                switch EventField.parse(path) {
                case .success(let parsed): field = parsed
                case .failure(var error):
                    error.offset = start
                    return .failure(error)
                }
                var fallback: String?
                if parts.count == 2 {
                    var text = parts[1].trimmingWhitespace()
                    if text.count >= 2, let quote = text.first, quote == "\"" || quote == "'", text.last == quote {
                        text = String(text.dropFirst().dropLast())
                    }
                    guard !text.trimmingWhitespace().isEmpty else {
                        return .failure(RuleValueError("the fallback after '|' is empty; write one, as in {{\(path) | customer}}", offset: start))
                    }
                    fallback = text
                }
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(.field(field, fallback: fallback, offset: start))
                index = end + 2
            } else {
                literal.append(characters[index])
                index += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return .success(TextTemplate(source: source, segments: segments))
    }

    /// Placeholders that can render empty on some events because they have no fallback.
    public var fieldsThatMayBeMissing: [(field: EventField, offset: Int)] {
        segments.compactMap {
            if case .field(let field, nil, let offset) = $0, !field.isAlwaysPresent { return (field, offset) }
            return nil
        }
    }

    public var isBlank: Bool {
        segments.allSatisfy {
            if case .literal(let text) = $0 { return text.trimmingWhitespace().isEmpty }
            return false
        }
    }

    public func render(_ event: Event, ruleID: String) -> Result<String, RenderError> {
        if segments.count == 1, case .literal(let text) = segments[0], text.hasVisibleText { return .success(text) }
        // Built as bytes and made a String once: each `String` append checks and copies anew.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(source.utf8.count + 32)
        for segment in segments {
            switch segment {
            case .literal(let literal):
                bytes.append(contentsOf: literal.utf8)
            case .field(let field, let fallback, _):
                guard let value = field.value(in: event, ruleID: ruleID) ?? fallback else {
                    return .failure(RenderError(
                        "{{\(field)}} is empty for this event and has no fallback; write {{\(field) | something}}"))
                }
                bytes.append(contentsOf: value.utf8)
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // A literal with visible text shows in every rendering: no need to look again.
        guard hasVisibleLiteral || text.hasVisibleText else {
            return .failure(RenderError("'\(source)' renders empty"))
        }
        return .success(text)
    }

    public var description: String { source }

    private var hasVisibleLiteral: Bool {
        segments.contains { if case .literal(let text) = $0 { text.hasVisibleText } else { false } }
    }

    /// Whether it has no placeholders, so it renders the same for every event.
    var isLiteral: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }
}

/// Why an action's text could not be rendered. The action is not carried out.
public struct RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
