/// `run_flow`: starts one of the platform's own automations (a Hilos flow) for the
/// conversation's contact, with variables the flow reads.
public struct FlowRun: Sendable, Hashable {
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var value: TextTemplate

        public init(name: String, value: TextTemplate) {
            self.name = name
            self.value = value
        }
    }

    /// The flow's id on the platform.
    public var flow: String
    public var variables: [Variable]
    /// Whether the run ends the contact's other running flows (Hilos's `has_priority`).
    public var priority: Bool

    public init(flow: String, variables: [Variable] = [], priority: Bool = false) {
        self.flow = flow
        self.variables = variables
        self.priority = priority
    }
}
