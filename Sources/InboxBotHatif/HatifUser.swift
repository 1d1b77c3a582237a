/// A workspace user (Get Workspace Users), to turn the emails in rules into ids.
public struct HatifUser: Decodable, Sendable, Hashable {
    /// The workspace membership id.
    public let id: String
    /// The user's own id; integrators assign with this one.
    public let userID: String?
    public let email: String?
    public let name: String?
    public let isAIAgent: Bool

    public init(from decoder: any Decoder) throws {
        let object = try LenientObject(from: decoder)
        id = try object.requiredString("id", in: "a workspace user")
        userID = object.string("userId")
        email = object.string("email")
        name = object.string("name")
        isAIAgent = object.bool("isAiAgent") ?? false
    }
}
