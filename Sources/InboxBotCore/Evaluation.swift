/// The outcome of evaluating one event: what rules decided to do, and which matching
/// rules held back and why.
public struct Evaluation: Sendable {
    public var decisions: [Decision]
    public var suppressed: [Suppression]

    public init(decisions: [Decision] = [], suppressed: [Suppression] = []) {
        self.decisions = decisions
        self.suppressed = suppressed
    }
}
