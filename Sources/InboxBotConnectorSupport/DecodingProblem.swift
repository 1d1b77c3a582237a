import InboxBotCore

/// A decoding error in one line, with where in the answer it is, and never the answer itself
/// (which may hold customers' messages).
public enum DecodingProblem {
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)".excerpt(200) }
        switch error {
        case .keyNotFound(let key, let context): return "no '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription.excerpt(120)) at \(path(context))"
        @unknown default: return "\(error)".excerpt(200)
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "the top" : context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
