import Foundation

/// A tag (TagDto), or a tag named by its id alone: Get Conversation and Create
/// Conversation declare a conversation's `tags` as `string[]`, the list as TagDto objects.
public struct HatifTag: Decodable, Sendable, Hashable {
    public let id: String
    /// Nil when only the id was given; `HatifDirectory` knows the name.
    public let name: String?
    public let isPinned: Bool

    public init(id: String, name: String?, isPinned: Bool = false) {
        self.id = id
        self.name = name
        self.isPinned = isPinned
    }

    public init(from decoder: any Decoder) throws {
        if let id = try? decoder.singleValueContainer().decode(String.self) {
            guard !id.isEmpty else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a tag id is empty"))
            }
            self.init(id: id, name: nil)
            return
        }
        let object = try LenientObject(from: decoder)
        self.init(id: try object.requiredString("id", in: "a tag"), name: object.string("name"), isPinned: object.bool("isPinned") ?? false)
    }
}
