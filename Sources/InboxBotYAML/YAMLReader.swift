import InboxBotCore
import Yams

/// Helpers for reading a composed YAML tree with positions, reporting problems as diagnostics.
struct YAMLReader {
    let file: String
    var diagnostics: [Diagnostic] = []
    /// The named lists a `{list: name}` item stands for (`NamedLists`).
    var lists = NamedLists()
    /// Nodes visited so far; aliases can make a small file expand enormously.
    private var visited = 0
    static let visitLimit = 200_000
    /// Problems reported per file at most; the rest are counted, since a thousand lines of
    /// the same mistake help nobody and cost time.
    static let diagnosticLimit = 200
    private var suppressed = 0
    private var suppressedErrors = false

    init(file: String) {
        self.file = file
    }

    func location(_ node: Node) -> SourceLocation? {
        node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    mutating func error(_ message: @autoclosure () -> String, _ node: Node?) {
        report(.error, message, node)
    }

    mutating func warning(_ message: @autoclosure () -> String, _ node: Node?) {
        report(.warning, message, node)
    }

    /// Keeps the problem while under the limit; past it, only counts it (its message is
    /// never even made).
    private mutating func report(_ severity: Diagnostic.Severity, _ message: () -> String, _ node: Node?) {
        guard diagnostics.count < Self.diagnosticLimit else {
            suppressed += 1
            suppressedErrors = suppressedErrors || severity == .error
            return
        }
        diagnostics.append(Diagnostic(severity, message(), at: node.flatMap(location)))
    }

    /// The problems found, with a last line for those past the limit: an error when any of
    /// them is one, so a file of many warnings still passes.
    var allDiagnostics: [Diagnostic] {
        guard suppressed > 0 else { return diagnostics }
        let last = diagnostics.last?.location ?? SourceLocation(file: file, line: 1, column: 1)
        return diagnostics + [Diagnostic(suppressedErrors ? .error : .warning, "\(suppressed) more problems in this file are not shown; fix the ones above first", at: last)]
    }

    /// Counts a visit; false once the file has expanded past the limit.
    mutating func visit(_ node: Node) -> Bool {
        visited += 1
        if visited == Self.visitLimit {
            error("the file expands to more than \(Self.visitLimit) values (check for YAML aliases); split it up", node)
        }
        return visited < Self.visitLimit
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar: isNull(node) ? "nothing (null)" : "a single value"
        case .mapping: "a mapping (key: value pairs)"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The pairs of a mapping whose keys are all plain text, or nil with an error.
    mutating func mapping(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping (key: value pairs), not \(Self.kindName(node))", node)
            return nil
        }
        var pairs: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                error("keys in \(what) must be plain words, not \(Self.kindName(key))", key)
                continue
            }
            pairs.append((scalar.string, key, value))
        }
        return pairs
    }

    /// Reports keys that are not allowed, with a "did you mean" hint.
    mutating func checkKeys(_ pairs: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: String) -> Bool {
        var clean = true
        for pair in pairs where !allowed.contains(pair.key) {
            error(Self.unknownKey(pair.key, allowed: allowed, in: what), pair.keyNode)
            clean = false
        }
        return clean
    }

    static func unknownKey(_ key: String, allowed: [String], in what: String) -> String {
        let hint = Suggestion.hint(for: key, among: allowed)
        let list = hint.isEmpty ? " (allowed: \(allowed.joined(separator: ", ")))" : ""
        return "unknown key '\(key)' in \(what)\(hint)\(list)"
    }

    /// A single text value.
    mutating func text(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            error("\(what) must be a single value, not \(Self.kindName(node))", node)
            return nil
        }
        return scalar.string
    }

    /// A non-empty text value.
    mutating func nonEmptyText(_ node: Node, _ what: String) -> String? {
        guard let value = text(node, what) else { return nil }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            error("\(what) is empty", node)
            return nil
        }
        return value
    }

    /// One value or a list of values, each non-empty.
    /// `{list: name}` items stand for the named list's values; `lists` nil refuses them (a list's
    /// own definition names no other list).
    mutating func textList(_ node: Node, _ what: String) -> [String]? {
        textList(node, what, lists: lists)
    }

    mutating func textList(_ node: Node, _ what: String, lists: NamedLists?) -> [String]? {
        let items: [Node]
        if case .sequence(let sequence) = node {
            items = Array(sequence)
            guard !items.isEmpty else {
                error("\(what) is an empty list; give at least one value", node)
                return nil
            }
        } else {
            items = [node]
        }
        var values: [String] = []
        for item in items {
            if case .mapping(let mapping) = item {
                guard mapping.count == 1, let (key, value) = mapping.first, key.string == "list" else {
                    error("\(what) takes values, or a named list as {list: NAME}", item)
                    return nil
                }
                guard let lists else {
                    error("a list cannot name another list; write its values out", item)
                    return nil
                }
                guard let name = nonEmptyText(value, "list"), let named = lists.values[name] else {
                    if case .scalar(let scalar) = value, !scalar.string.isEmpty {
                        let known = lists.values.keys.sorted()
                        error("no list named '\(scalar.string)'\(Suggestion.hint(for: scalar.string, among: known))"
                              + (known.isEmpty ? "; define it under 'lists:' in a rule file" : " (lists: \(known.joined(separator: ", ")))"), value)
                    }
                    return nil
                }
                values += named
                continue
            }
            guard let value = nonEmptyText(item, what) else { return nil }
            values.append(value)
        }
        return values
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar(let scalar) = node else {
            error("\(what) must be true or false, not \(Self.kindName(node))", node)
            return nil
        }
        switch scalar.string.lowercased() {
        case "true": return true
        case "false": return false
        default:
            error("\(what) must be true or false, not '\(scalar.string)'", node)
            return nil
        }
    }

    mutating func integer(_ node: Node, _ what: String) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingCharacters(in: .whitespaces)) else {
            error("\(what) must be a whole number, not \(Self.kindName(node) == "a single value" ? "'\(node.string ?? "")'" : Self.kindName(node))", node)
            return nil
        }
        return value
    }

    /// Turns a core parse result into a value, or a diagnostic at the node.
    mutating func parsed<T>(_ result: Result<T, RuleValueError>, _ node: Node) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            let base = location(node)
            let offset = problem.offset.map { $0 + Self.openingQuoteWidth(node) } ?? 0
            diagnostics.append(.error(problem.message, at: base?.advanced(by: offset)))
            return nil
        }
    }

    /// One of an enum's raw values, with a hint listing the allowed ones.
    mutating func enumValue<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let raw = nonEmptyText(node, what) else { return nil }
        if let value = T(rawValue: raw.lowercased()) { return value }
        let allowed = T.allCases.map(\.rawValue)
        error("unknown \(what) '\(raw)'\(Suggestion.hint(for: raw, among: allowed)) (allowed: \(allowed.joined(separator: ", ")))", node)
        return nil
    }

    mutating func enumSet<T: RawRepresentable & CaseIterable & Hashable>(_ node: Node, _ what: String, as type: T.Type) -> Set<T>? where T.RawValue == String {
        let items: [Node] = if case .sequence(let sequence) = node { Array(sequence) } else { [node] }
        guard !items.isEmpty else {
            error("\(what) is an empty list; give at least one value", node)
            return nil
        }
        var values = Set<T>()
        for item in items {
            guard let value = enumValue(item, what, as: type) else { return nil }
            values.insert(value)
        }
        return values
    }

    static func openingQuoteWidth(_ node: Node) -> Int {
        guard case .scalar(let scalar) = node else { return 0 }
        return scalar.style == .singleQuoted || scalar.style == .doubleQuoted ? 1 : 0
    }
}

import Foundation
