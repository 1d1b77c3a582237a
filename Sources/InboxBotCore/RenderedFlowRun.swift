/// A `run_flow` with its variables filled in.
public struct RenderedFlowRun: Sendable, Hashable, Codable {
    public var flow: String
    public var variables: [String: String]
    public var priority: Bool

    public init(flow: String, variables: [String: String] = [:], priority: Bool = false) {
        self.flow = flow
        self.variables = variables
        self.priority = priority
    }

    var summary: String {
        "run flow \(flow)"
            + (variables.isEmpty ? "" : " with " + variables.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", "))
            + (priority ? ", ending the contact's other flows" : "")
    }
}
