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
    /// The segments as rendering reads them, worked out once; one reference, so that a
    /// template (and an action holding one) is copied with one more retain, not five.
    private let plan: RenderPlan

    private init(source: String, segments: [Segment]) {
        self.source = source
        self.segments = segments
        plan = RenderPlan(segments)
    }

    /// Two templates are alike when written alike; the plan follows from the segments.
    public static func == (left: TextTemplate, right: TextTemplate) -> Bool {
        left.source == right.source && left.segments == right.segments
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
        hasher.combine(segments)
    }

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
        // The field values first, on the stack, so that the text is written once at its size:
        // built by appending, it was copied and checked anew at each step.
        let plan = plan
        let rendered = withUnsafeTemporaryAllocation(of: String.self, capacity: plan.fields.count) { values -> Result<String, RenderError> in
            var filled = 0
            defer { _ = UnsafeMutableBufferPointer(rebasing: values[..<filled]).deinitialize() }
            var length = plan.literalBytes.count
            for index in plan.fields.indices {
                guard let value = plan.fields[index].value(in: event, ruleID: ruleID) ?? plan.fallbacks[index] else {
                    let field = plan.fields[index]
                    return .failure(RenderError("{{\(field)}} is empty for this event and has no fallback; write {{\(field) | something}}"))
                }
                length += value.utf8.count
                values.initializeElement(at: index, to: value)
                filled += 1
            }
            return .success(String(unsafeUninitializedCapacity: length) { buffer in
                plan.literalBytes.withUnsafeBufferPointer { literals in
                    var written = 0
                    for piece in plan.pieces {
                        if piece.field < 0 {
                            written = Self.copy(UnsafeBufferPointer(rebasing: literals[piece.literalStart..<piece.literalEnd]), into: buffer, at: written)
                        } else {
                            written = values[piece.field].withUTF8Bytes { Self.copy($0, into: buffer, at: written) }
                        }
                    }
                    return written
                }
            })
        }
        // A literal with visible text shows in every rendering: no need to look again.
        guard case .success(let text) = rendered, !plan.hasVisibleLiteral, !text.hasVisibleText else { return rendered }
        return .failure(RenderError("'\(source)' renders empty"))
    }

    /// Copies bytes into `buffer` from `offset`, and returns where they end.
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        let end = offset + bytes.count
        _ = UnsafeMutableBufferPointer(rebasing: buffer[offset..<end]).initialize(from: bytes)
        return end
    }

    public var description: String { source }

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
