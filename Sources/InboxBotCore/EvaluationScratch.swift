/// The room an evaluation works in (the event's key bits, its folded texts), handed from
/// one evaluation to the next by a caller that evaluates many events, so that each does
/// not allocate and free it again: two allocations of the ten an evaluation makes.
/// What one evaluation leaves in it is never read by the next.
public struct EvaluationScratch: Sendable {
    var eventWords: [UInt64] = []
    var textBuffer: [UInt8] = []
    var propertyTexts: [Range<Int>?] = []

    public init() {}
}
