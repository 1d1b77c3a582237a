import Foundation

/// A request as the fake's handlers see it: query and JSON body with keys in any case.
public struct FakeRequest: Sendable {
    public var method: String
    public var path: String
    /// Query parameters, with lowercased names (Voxa's are case-insensitive).
    public var query: [String: String]
    public var body: Data
    public var bearer: String?

    public init(method: String, path: String, query: [String: String] = [:], body: Data = Data(), bearer: String? = nil) {
        self.method = method
        self.path = path
        self.query = Dictionary(query.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
        self.bearer = bearer
    }

    /// The JSON body's top-level values, by lowercased key.
    public func json() throws -> [String: FakeJSON] {
        guard !body.isEmpty else { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw FakeBadRequest("The request body is not a JSON object")
        }
        return Dictionary(object.map { ($0.key.lowercased(), FakeJSON($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    /// The form body of the token request.
    public func form() -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }
}

/// A request the fake cannot read; each fake answers it in its platform's error form.
public struct FakeBadRequest: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// A JSON value read from a request body.
public enum FakeJSON: Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([FakeJSON])
    case object([String: FakeJSON])
    case null

    public init(_ value: Any) {
        switch value {
        case let text as String: self = .string(text)
        case let flag as Bool: self = .bool(flag)
        case let number as NSNumber: self = .number(number.doubleValue)
        case let list as [Any]: self = .array(list.map(FakeJSON.init))
        case let object as [String: Any]:
            self = .object(Dictionary(object.map { ($0.key.lowercased(), FakeJSON($0.value)) }, uniquingKeysWith: { first, _ in first }))
        default: self = .null
        }
    }

    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var array: [FakeJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public subscript(key: String) -> FakeJSON? {
        if case .object(let object) = self { return object[key.lowercased()] }
        return nil
    }
}

extension FakeRequest {
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
