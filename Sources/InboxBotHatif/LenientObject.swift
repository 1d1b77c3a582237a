import Foundation
import InboxBotCore

/// Reads one JSON object the way the live Voxa API needs: keys in any case (the docs show
/// PascalCase, the live API sends camelCase), numbers where text was expected and text
/// where numbers were, and null or absent wherever the documentation shows a value.
struct LenientObject {
    typealias Key = JSONKey

    let container: KeyedDecodingContainer<Key>
    /// The object's keys by their lowercased form, for a name not sent as written.
    private let foldedKeys = FoldedKeys()

    init(from decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: Key.self)
    }

    /// The key as sent: the name as written, else one that differs from it only in case.
    /// Looked up as written first: lowercasing every key of every object the client read
    /// was 4% of the worker's time, and the live API sends the names as the code writes them.
    private func sentKey(_ name: String) -> Key? {
        let written = Key(name)
        return container.contains(written) ? written : foldedKeys.key(name, in: container)
    }

    private func key(_ name: String) -> Key? {
        guard let key = sentKey(name), (try? container.decodeNil(forKey: key)) == false else { return nil }
        return key
    }

    func has(_ name: String) -> Bool { key(name) != nil }

    /// Whether the key is there at all, even with null.
    func hasKey(_ name: String) -> Bool { sentKey(name) != nil }

    func string(_ name: String) -> String? {
        guard let key = key(name) else { return nil }
        if let text = try? container.decode(String.self, forKey: key) { return text }
        if let number = try? container.decode(Int.self, forKey: key) { return String(number) }
        if let number = try? container.decode(Double.self, forKey: key) { return String(number) }
        if let flag = try? container.decode(Bool.self, forKey: key) { return String(flag) }
        return nil
    }

    func requiredString(_ name: String, in object: String) throws -> String {
        guard let value = string(name), !value.isEmpty else {
            throw DecodingError.keyNotFound(Key(name), .init(codingPath: container.codingPath, debugDescription: "\(object) has no '\(name)'"))
        }
        return value
    }

    func int(_ name: String) -> Int? {
        guard let key = key(name) else { return nil }
        if let number = try? container.decode(Int.self, forKey: key) { return number }
        if let number = try? container.decode(Double.self, forKey: key) { return number.exactInt }
        if let text = try? container.decode(String.self, forKey: key) { return Int(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    func bool(_ name: String) -> Bool? {
        guard let key = key(name) else { return nil }
        if let flag = try? container.decode(Bool.self, forKey: key) { return flag }
        if let text = try? container.decode(String.self, forKey: key) { return ["true", "1"].contains(text.lowercased()) }
        if let number = try? container.decode(Int.self, forKey: key) { return number != 0 }
        return nil
    }

    /// A time; one without a zone (as ABP sometimes sends) is taken as UTC.
    func date(_ name: String) -> Date? {
        guard let text = string(name) else { return nil }
        return HatifTime.parse(text)
    }

    /// A code sent as a number or as its name, such as `"status": 1` or `"status": "Open"`.
    func code<Code: HatifCode>(_ name: String, as type: Code.Type = Code.self) -> Code? {
        guard let key = key(name) else { return nil }
        if let number = try? container.decode(Int.self, forKey: key) { return Code(number: number) }
        if let text = try? container.decode(String.self, forKey: key) {
            if let number = Int(text) { return Code(number: number) }
            return Code(name: text)
        }
        return nil
    }

    /// A phone number sent as a string or as an object such as `{"number": "+9665…"}`.
    func phone(_ name: String) -> String? {
        guard let key = key(name) else { return nil }
        if let text = try? container.decode(String.self, forKey: key) { return text.isEmpty ? nil : text }
        if let object = try? container.decode(HatifPhoneObject.self, forKey: key) { return object.number }
        return nil
    }

    func decode<T: Decodable>(_ name: String, as type: T.Type = T.self) -> T? {
        guard let key = key(name) else { return nil }
        return try? container.decode(T.self, forKey: key)
    }

    /// A list every item of which must be read, for values that decisions and writes depend
    /// on: nil when the key is absent or null, and an error naming the item that cannot be
    /// read, never a shorter list.
    func strictList<T: Decodable>(_ name: String, of type: T.Type = T.self) throws -> [T]? {
        guard let key = key(name) else { return nil }
        return try container.decode([T].self, forKey: key)
    }
}

/// An object's keys by their lowercased form, worked out the first time a name is not
/// found as written (a class: `LenientObject` is read through `let`s).
private final class FoldedKeys {
    private var keys: [String: JSONKey]?

    func key(_ name: String, in container: KeyedDecodingContainer<JSONKey>) -> JSONKey? {
        if keys == nil {
            var folded: [String: JSONKey] = [:]
            for key in container.allKeys { folded[key.stringValue.lowercased()] = key }
            keys = folded
        }
        return keys?[name.lowercased()]
    }
}

/// `{"number": "+966…", "countryCode": …}`, the object form of a phone number.
struct HatifPhoneObject: Decodable {
    let number: String?

    init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        number = object.string("number") ?? object.string("phoneNumber") ?? object.string("value")
    }
}

/// Hatif's times: RFC 3339, and, from ABP, sometimes with no zone, meaning UTC.
enum HatifTime {
    static func parse(_ text: String) -> Date? {
        Timestamp.parse(text) ?? Timestamp.parse(text + "Z")
    }
}
