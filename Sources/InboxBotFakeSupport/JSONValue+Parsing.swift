import Foundation
import InboxBotCore

extension JSONValue {
    /// JSON text read into a value, keys sorted (JSON objects have no order); throws for text
    /// that is not JSON. For documentation examples that a fake answers as printed.
    public static func parse(_ text: String) throws -> JSONValue {
        convert(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }

    private static func convert(_ value: Any) -> JSONValue {
        switch value {
        case let text as String: return .string(text)
        case let number as NSNumber:
            // Booleans come as NSNumber too; their Objective-C type (`c`) says which they are.
            return String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let list as [Any]: return .array(list.map(convert))
        case let object as [String: Any]: return .object(object.keys.sorted().map { ($0, convert(object[$0] ?? NSNull())) })
        default: return .null
        }
    }
}
