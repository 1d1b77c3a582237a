import InboxBotWorker
import Logging
import ServiceLifecycle

/// Evaluates inbox events into outbox actions, until shutdown.
public struct PipelineService: Service {
    let pipeline: Pipeline
    let logger: Logger

    public init(pipeline: Pipeline, logger: Logger = Logger(label: "inboxbot.pipeline")) {
        self.pipeline = pipeline
        self.logger = logger
    }

    public func run() async throws {
        await WorkLoop.run(idle: 0.05, onError: { [logger] in logger.error("pipeline step failed", metadata: ["error": "\($0)"]) }) {
            try await pipeline.processPending(limit: 100)
        }
    }
}
