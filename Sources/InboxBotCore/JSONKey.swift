import Foundation

/// A coding key for any string, so decoders can list and check the keys they were given.
public struct JSONKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where Key == JSONKey {
    func rejectUnknownKeys(allowed: [String], in object: String) throws {
        for key in allKeys where !allowed.contains(key.stringValue) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "unknown key '\(key.stringValue)' in \(object)"
                    + Suggestion.hint(for: key.stringValue, among: allowed)
            )
        }
    }

    func value<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        try decodeIfPresent(T.self, forKey: JSONKey(key))
    }

    func required<T: Decodable>(_ key: String, as type: T.Type = T.self, in object: String) throws -> T {
        guard let value = try decodeIfPresent(T.self, forKey: JSONKey(key)) else {
            throw DecodingError.keyNotFound(
                JSONKey(key),
                .init(codingPath: codingPath, debugDescription: "\(object) needs '\(key)'")
            )
        }
        return value
    }

    func time(_ key: String) throws -> Date? {
        guard let text = try decodeIfPresent(String.self, forKey: JSONKey(key)) else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: JSONKey(key), in: self,
                debugDescription: "'\(key)' is not an RFC 3339 time such as 2026-03-17T12:00:00Z: \(text)"
            )
        }
        return date
    }
}

extension KeyedEncodingContainer where Key == JSONKey {
    mutating func put<T: Encodable>(_ value: T?, _ key: String) throws {
        try encodeIfPresent(value, forKey: JSONKey(key))
    }

    mutating func putTime(_ value: Date?, _ key: String) throws {
        try encodeIfPresent(value.map(Timestamp.format), forKey: JSONKey(key))
    }
}
