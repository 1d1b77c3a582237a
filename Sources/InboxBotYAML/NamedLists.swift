import InboxBotCore
import Yams

/// Lists of words or phrases defined once under `lists:` in any rule file and used wherever a
/// rule takes a list, as `{list: billing-words}` (alone or among other values). They are
/// gathered from every file before any rule is read, so a list may be used in a file other
/// than its own; each use is replaced by the list's values, so compiled rules and their
/// evaluation are exactly as if the values had been written out.
public struct NamedLists: Sendable {
    public private(set) var values: [String: [String]] = [:]
    private var places: [String: SourceLocation] = [:]

    public init() {}

    /// The lists defined in one file's text, added; a name defined twice is an error at the
    /// second place. Other problems of the file are left to the rule parser.
    public mutating func gather(from text: String, file: String) -> [Diagnostic] {
        guard YAMLInputLimits.problem(in: text, file: file) == nil, let root = try? Yams.compose(yaml: text), case .mapping(let mapping) = root,
              let node = mapping.first(where: { $0.key.string == "lists" })?.value else { return [] }
        var reader = YAMLReader(file: file)
        guard let pairs = reader.mapping(node, "'lists'") else { return reader.allDiagnostics }
        for (name, keyNode, value) in pairs {
            let place = reader.location(keyNode)
            guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil else {
                reader.error("a list's name is letters, digits, '.', '_' or '-', not '\(name)'", keyNode)
                continue
            }
            if let first = places[name] {
                reader.error("the list '\(name)' is defined twice; the first is at \(first)", keyNode)
                continue
            }
            guard let texts = reader.textList(value, "list '\(name)'", lists: nil) else { continue }
            values[name] = texts
            places[name] = place ?? SourceLocation(file: file, line: 1, column: 1)
        }
        return reader.allDiagnostics
    }
}
