/// A test on a piece of text: a message body, a contact's name or phone, a custom property.
///
/// Every operation in the list must hold. Comparisons other than `matches` are made on
/// folded text: case, diacritics, Arabic letter variants and spacing are ignored.
public struct TextTest: Sendable, Hashable {
    public enum Operation: Sendable, Hashable {
        /// Equal to any of the values.
        case equals([String])
        /// Contains any of the values.
        case contains([String])
        /// Contains every one of the values.
        case containsAll([String])
        case startsWith([String])
        case endsWith([String])
        /// Contains any of the values as whole words: `bill` in "my bill." but not in
        /// "billion"; in Arabic, also after an attached و، ف، ب، ل، ك or ال ("بالفاتورة" has
        /// `فاتورة`).
        case words([String])
        /// Written mostly in one of these scripts (`TextScript`).
        case script([TextScript])
        /// A regular expression (ICU syntax), searched in the original text, case-insensitively.
        case matches(String, location: SourceLocation?)
        /// Whether the text is present and not empty.
        case isSet(Bool)

        public var keyword: String {
            switch self {
            case .equals: "equals"
            case .contains: "contains"
            case .containsAll: "contains_all"
            case .startsWith: "starts_with"
            case .endsWith: "ends_with"
            case .words: "words"
            case .script: "script"
            case .matches: "matches"
            case .isSet: "is_set"
            }
        }
    }

    public var operations: [Operation]

    public init(_ operations: [Operation]) {
        self.operations = operations
    }

    public static let keywords = ["equals", "contains", "contains_all", "starts_with", "ends_with", "words", "script", "matches", "is_set"]
}
