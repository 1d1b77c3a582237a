import Foundation
import InboxBotCore

/// A WhatsApp template as Hilos lists it; rules name it by name and language.
struct HilosTemplate: Decodable, Sendable {
    let id: String
    let name: String
    let language: String?
    let status: String?
    /// Hilos keeps a deleted template in its listing, flagged; it can no longer be sent.
    let isDeleted: Bool
    /// How many variables a send takes, in Hilos's order: the header's (one for a media
    /// header, else its {{N}}), the body's {{N}}, then the URL buttons'. Nil when it cannot be
    /// told: no components listed, or quick-reply buttons (whether Hilos wants their payloads
    /// among the variables is not known).
    let parameters: Int?

    /// A component as the WhatsApp Cloud API gives it: `{type: BODY, text: "Hola {{1}}"}`,
    /// `{type: HEADER, format: IMAGE}`, `{type: BUTTONS, buttons: [{type: URL, url: "…/{{1}}"}]}`.
    private struct Component: Decodable {
        struct Button: Decodable {
            let type: String?
            let url: String?

            init(from decoder: any Decoder) throws {
                let object = try decoder.container(keyedBy: JSONKey.self)
                type = object.lenientString("type")?.uppercased()
                url = object.lenientString("url")
            }
        }

        let type: String?
        let format: String?
        let text: String?
        let buttons: [Button]

        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: JSONKey.self)
            type = object.lenientString("type")?.uppercased()
            format = object.lenientString("format")?.uppercased()
            text = object.lenientString("text")
            buttons = (try? object.decodeIfPresent([Button].self, forKey: JSONKey("buttons"))) ?? []
        }

        /// How many variables it takes; nil when that cannot be told.
        var variables: Int? {
            switch type {
            case "HEADER": ["IMAGE", "VIDEO", "DOCUMENT"].contains(format ?? "") ? 1 : text.map(HilosTemplate.placeholderCount) ?? 0
            case "BODY": text.map(HilosTemplate.placeholderCount) ?? 0
            case "BUTTONS":
                buttons.contains { $0.type == "QUICK_REPLY" } ? nil : buttons.reduce(0) { $0 + ($1.url.map(HilosTemplate.placeholderCount) ?? 0) }
            default: 0
            }
        }
    }

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        name = try object.decode(String.self, forKey: JSONKey("name"))
        language = object.lenientString("language")
        status = object.lenientString("status")?.lowercased()
        isDeleted = object.lenientBool("is_deleted") ?? false
        let components = (try? object.decodeIfPresent([Component].self, forKey: JSONKey("components"))) ?? nil
        if let components, !components.isEmpty {
            let counts = components.map(\.variables)
            parameters = counts.contains(nil) ? nil : counts.reduce(0) { $0 + ($1 ?? 0) }
        } else {
            parameters = nil
        }
    }

    /// The distinct {{N}} placeholders in a text (each component numbers its own from 1).
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
