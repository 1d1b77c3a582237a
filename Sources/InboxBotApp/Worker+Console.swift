import InboxBotConsole
import InboxBotCore
import InboxBotWorker
import InboxBotYAML
import Logging

extension Worker {
    /// The web console for this worker: the whole store (on a shared database, every worker's
    /// conversations, not only this one's shards), its readiness and rules, and retries through
    /// the executor's own code, as `inboxbot actions retry` does.
    func console(token: OperatorToken?, logger: Logger) -> Console {
        let whole: any StateStore = sharing?.store ?? store
        let facts = ConsoleFacts(platform: connector.capabilities.title, dryRun: settings.dryRun, readiness: gate.reasons, rules: { [rules] in
            ConsoleFacts.Rules(ruleSet: await rules.current, loadedAt: await rules.loadedAt, rejection: await rules.rejection)
        }, ruleTests: { [paths = settings.rulePaths] in
            RuleTestSuite.run(paths).outcomes.flatMap(\.results)
        })
        let executor = Executor(store: whole, platform: connector.actions, clock: clock)
        return Console(store: whole, facts: facts, token: token, retry: { key in try await executor.retry(key: key) }, clock: clock, logger: logger)
    }
}
