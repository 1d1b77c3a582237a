import Foundation

/// A tag (TagDto).
public struct HatifTag: Decodable, Sendable, Hashable {
    public let id: String
    public let name: String
    public let isPinned: Bool

    public init(id: String, name: String, isPinned: Bool = false) {
        self.id = id
        self.name = name
        self.isPinned = isPinned
    }

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        id = try object.requiredString("id", in: "a tag")
        name = object.string("name") ?? ""
        isPinned = object.bool("isPinned") ?? false
    }
}
