/// A channel of the service account (Get Channels).
public struct HatifChannel: Decodable, Sendable, Hashable {
    public let id: String
    public let name: String?
    /// 1 PhoneNumber, 2 WhatsApp, 3 PhoneNumberAndWhatsapp, or the name as sent.
    public let type: String?
    public let phoneNumber: String?

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        id = try object.requiredString("id", in: "a channel")
        name = object.string("name")
        type = object.code("type", as: HatifRawCode.self)?.description
        phoneNumber = object.phone("phoneNumber")
    }
}
