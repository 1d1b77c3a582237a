/// One automation rule: when one of its triggers happens and its condition holds, it acts.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var description: String?
    public var triggers: [Trigger]
    public var condition: Condition
    public var actions: [Action]
    public var policy: FiringPolicy
    public var location: SourceLocation?

    public init(
        id: String,
        description: String? = nil,
        triggers: [Trigger],
        condition: Condition = .always,
        actions: [Action],
        policy: FiringPolicy = FiringPolicy(),
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.description = description
        self.triggers = triggers
        self.condition = condition
        self.actions = actions
        self.policy = policy
        self.location = location
    }
}
