/// An ABP paged result, `{totalCount, items}`, in either key case.
public struct HatifPage<Item: Decodable & Sendable>: Decodable, Sendable {
    public let totalCount: Int
    public let items: [Item]

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        items = object.list("items")
        totalCount = object.int("totalCount") ?? items.count
    }
}
