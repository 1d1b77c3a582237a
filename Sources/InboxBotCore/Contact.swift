public struct Contact: Sendable, Hashable {
    public var id: String?
    public var name: String?
    /// E.164 where the platform gives it; compared digit by digit.
    public var phone: String?
    /// Custom properties, as text.
    public var properties: [String: String]

    public init(id: String? = nil, name: String? = nil, phone: String? = nil, properties: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.phone = phone
        self.properties = properties
    }
}
