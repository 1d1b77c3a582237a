import Foundation
import InboxBotCore

/// A WhatsApp template as Hilos lists it; rules name it by name and language.
struct HilosTemplate: Decodable, Sendable {
    let id: String
    let name: String
    let language: String?
    let status: String?
    /// How many variables the body takes ({{1}}, {{2}}, … in its BODY component); nil when
    /// the answer has no body component to count from.
    let parameters: Int?

    /// A component as the WhatsApp Cloud API gives it: `{type: BODY, text: "Hola {{1}}"}`.
    private struct Component: Decodable {
        let type: String?
        let text: String?

        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: JSONKey.self)
            type = object.lenientString("type")
            text = object.lenientString("text")
        }
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        name = try object.decode(String.self, forKey: JSONKey("name"))
        language = object.lenientString("language")
        status = object.lenientString("status")?.lowercased()
        let components = (try? object.decodeIfPresent([Component].self, forKey: JSONKey("components"))) ?? nil
        parameters = components?.first { $0.type?.uppercased() == "BODY" }?.text.map(Self.placeholderCount)
    }

    /// The distinct {{N}} placeholders in a body text.
    static func placeholderCount(_ text: String) -> Int {
        var numbers: Set<Substring> = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { break }
            let inside = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !inside.isEmpty, inside.allSatisfy(\.isNumber) { numbers.insert(Substring(inside)) }
            rest = after[close.upperBound...]
        }
        return numbers.count
    }
}
