import Foundation
import InboxBotCore

/// A contact property defined in the workspace (List Contact Properties): its id, the name
/// people see and the key, and its type (1 text, 2 number, 3 select, 4 date).
public struct HatifPropertyDefinition: Decodable, Sendable, Hashable {
    public let id: String
    public let name: String?
    public let key: String?
    public let type: Int?

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        id = try object.requiredString("id", in: "a contact property definition")
        name = object.string("name")
        key = object.string("key")
        type = object.int("type")
    }

    /// Whether a rule's property name means this one: its key or its name, folded.
    func isNamed(_ wanted: String) -> Bool {
        let folded = TextFolding.key(wanted)
        return [key, name].contains { $0.map(TextFolding.key) == folded }
    }
}
