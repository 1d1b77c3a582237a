import Foundation

/// Evaluation a store may run inside an admission's own transaction
/// (`StateStore.admit(_:source:at:evaluating:)`): at a steady rate each event otherwise
/// waits for a pipeline pass of its own, a read and a write more than its admission.
public struct AdmissionEvaluation: Sendable {
    /// The rules the batch's history is read for (`EvaluationHistoryKeys`).
    public let ruleSet: CompiledRuleSet
    /// Where the action budget's window begins; nil counts no budget (a dry run).
    public let budgetSince: Date?
    /// The batch's evaluation, or nil to leave its events pending for the pipeline.
    public let evaluate: @Sendable (PendingBatch) -> BatchEvaluation?

    public init(ruleSet: CompiledRuleSet, budgetSince: Date?, evaluate: @escaping @Sendable (PendingBatch) -> BatchEvaluation?) {
        self.ruleSet = ruleSet
        self.budgetSince = budgetSince
        self.evaluate = evaluate
    }
}
