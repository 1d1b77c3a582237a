/// A template's segments as rendering reads them: the literals' bytes in one buffer, and
/// pieces that are either a range of it or a field's number.
final class RenderPlan: Sendable {
    struct Piece: Sendable {
        var literalStart: Int
        var literalEnd: Int
        /// The field's number, or -1 for a literal.
        var field: Int
    }

    let literalBytes: [UInt8]
    let pieces: [Piece]
    let fields: [EventField]
    let fallbacks: [String?]
    let hasVisibleLiteral: Bool

    init(_ segments: [TextTemplate.Segment]) {
        var literalBytes: [UInt8] = [], pieces: [Piece] = [], fields: [EventField] = [], fallbacks: [String?] = []
        for segment in segments {
            switch segment {
            case .literal(let text):
                pieces.append(Piece(literalStart: literalBytes.count, literalEnd: literalBytes.count + text.utf8.count, field: -1))
                literalBytes += text.utf8
            case .field(let field, let fallback, _):
                pieces.append(Piece(literalStart: 0, literalEnd: 0, field: fields.count))
                fields.append(field)
                fallbacks.append(fallback)
            }
        }
        self.literalBytes = literalBytes
        self.pieces = pieces
        self.fields = fields
        self.fallbacks = fallbacks
        hasVisibleLiteral = segments.contains { if case .literal(let text) = $0 { text.hasVisibleText } else { false } }
    }
}
