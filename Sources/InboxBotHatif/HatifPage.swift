/// An ABP paged result, `{totalCount, items}`, in either key case. An item that cannot be
/// read fails the page: skipping it would hide a conversation, a user or a tag.
public struct HatifPage<Item: Decodable & Sendable>: Decodable, Sendable {
    public let totalCount: Int
    public let items: [Item]

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        items = try object.strictList("items") ?? []
        totalCount = object.int("totalCount") ?? items.count
    }
}
