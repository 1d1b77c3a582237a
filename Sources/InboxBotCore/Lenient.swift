/// A list element decoded if it can be, else nil: one odd element of a platform's list does
/// not lose the rest (`[Lenient<T>]`, then `compactMap(\.value)`).
public struct Lenient<Value: Decodable>: Decodable {
    public let value: Value?

    public init(from decoder: any Decoder) throws {
        value = try? Value(from: decoder)
    }
}
