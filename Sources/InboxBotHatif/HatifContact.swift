/// A contact (Get Contact By Id); its phone may come as a string or an object.
public struct HatifContact: Decodable, Sendable, Hashable {
    public let id: String
    public let name: String?
    public let phoneNumber: String?
    public let email: String?

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        id = try object.requiredString("id", in: "a contact")
        name = object.string("name")
        phoneNumber = object.phone("phoneNumber")
        email = object.string("email")
    }
}
