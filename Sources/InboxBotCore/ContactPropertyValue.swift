/// One property `set_contact_property` sets on the conversation's contact: its name as the
/// platform knows it, and the value, templated like other actions.
public struct ContactPropertyValue: Sendable, Hashable {
    public var name: String
    public var value: TextTemplate

    public init(name: String, value: TextTemplate) {
        self.name = name
        self.value = value
    }
}
