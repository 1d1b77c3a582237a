import Foundation
import InboxBotCore
import Yams

/// Enough of JSON Schema draft 2020-12 to check documents against inboxbot's schemas:
/// the keywords those schemas use, and nothing else.
struct JSONSchemaValidator {
    let root: JSONValue

    /// Problems found, each with the JSON path where it is; empty when the document is valid.
    func validate(_ value: JSONValue) -> [String] {
        var problems: [String] = []
        check(value, against: root, path: "$", into: &problems)
        return problems
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard case .string(let reference)? = schema["$ref"] else { return schema }
        let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
        guard let definition = root["$defs"]?[name] else { return schema }
        return resolve(definition)
    }

    private func typeName(_ value: JSONValue) -> [String] {
        switch value {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .number(let number): number == number.rounded() ? ["integer", "number"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }

    private func check(_ value: JSONValue, against rawSchema: JSONValue, path: String, into problems: inout [String]) {
        let schema = resolve(rawSchema)
        if case .bool(let allowed) = schema {
            if !allowed { problems.append("\(path): not allowed") }
            return
        }
        switch schema["type"] {
        case .string(let type)?:
            if !typeName(value).contains(type) { problems.append("\(path): expected \(type)") }
        case .array(let types)?:
            let names = types.compactMap { if case .string(let name) = $0 { return name } else { return nil } }
            if Set(names).isDisjoint(with: typeName(value)) { problems.append("\(path): expected one of \(names)") }
        default: break
        }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            problems.append("\(path): not one of the allowed values")
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): must be \(constant.serialized(indent: nil))") }
        if case .string(let text) = value {
            if case .number(let minimum)? = schema["minLength"], Double(text.count) < minimum { problems.append("\(path): too short") }
            if case .string(let pattern)? = schema["pattern"], !matches(text, pattern) { problems.append("\(path): does not match \(pattern)") }
        }
        if case .number(let number) = value {
            if case .number(let minimum)? = schema["minimum"], number < minimum { problems.append("\(path): below \(minimum)") }
            if case .number(let maximum)? = schema["maximum"], number > maximum { problems.append("\(path): above \(maximum)") }
        }
        if case .array(let items) = value {
            if case .number(let minimum)? = schema["minItems"], Double(items.count) < minimum { problems.append("\(path): too few items") }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(index)]", into: &problems) }
            }
        }
        if case .object(let pairs) = value {
            if case .number(let minimum)? = schema["minProperties"], Double(pairs.count) < minimum { problems.append("\(path): too few keys") }
            if case .number(let maximum)? = schema["maxProperties"], Double(pairs.count) > maximum { problems.append("\(path): too many keys") }
            if case .array(let required)? = schema["required"] {
                for case .string(let key) in required where !pairs.contains(where: { $0.0 == key }) {
                    problems.append("\(path): missing '\(key)'")
                }
            }
            for (key, child) in pairs {
                if let names = schema["propertyNames"], case .string(let pattern)? = names["pattern"], !matches(key, pattern) {
                    problems.append("\(path): key '\(key)' does not match \(pattern)")
                }
                var covered = false
                if let propertySchema = schema["properties"]?[key] {
                    covered = true
                    check(child, against: propertySchema, path: "\(path).\(key)", into: &problems)
                }
                if case .object(let patterns)? = schema["patternProperties"] {
                    for (pattern, patternSchema) in patterns where matches(key, pattern) {
                        covered = true
                        check(child, against: patternSchema, path: "\(path).\(key)", into: &problems)
                    }
                }
                if !covered, let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        problems.append("\(path): unknown key '\(key)'")
                    } else {
                        check(child, against: additional, path: "\(path).\(key)", into: &problems)
                    }
                }
            }
        }
        if case .array(let options)? = schema["oneOf"] {
            let passing = options.filter { option in
                var inner: [String] = []
                check(value, against: option, path: path, into: &inner)
                return inner.isEmpty
            }.count
            if passing != 1 { problems.append("\(path): matches \(passing) of the oneOf alternatives, not exactly 1") }
        }
        if case .array(let options)? = schema["anyOf"] {
            let anyPass = options.contains { option in
                var inner: [String] = []
                check(value, against: option, path: path, into: &inner)
                return inner.isEmpty
            }
            if !anyPass { problems.append("\(path): matches none of the anyOf alternatives") }
        }
    }

    private func matches(_ text: String, _ pattern: String) -> Bool {
        // JSON Schema patterns are ECMA-262; the (?i) flag used by the schema works in ICU too.
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Converts YAML to JSON as YAML 1.2 editors do: keys are text; plain true, false,
    /// null and numbers are typed; everything else is a string.
    static func json(fromYAML text: String) throws -> JSONValue {
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return json(node)
    }

    static func json(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            switch scalar.string {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "", "~", "null": return .null
            default:
                if let integer = Int(scalar.string) { return .number(Double(integer)) }
                return .string(scalar.string)
            }
        case .mapping(let mapping):
            return .object(mapping.map { ($0.key.string ?? "", json($0.value)) })
        case .sequence(let sequence):
            return .array(sequence.map(json))
        case .alias:
            return .null
        }
    }
}
