import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotPlatforms
import InboxBotPostgres
import InboxBotState
import InboxBotWorker
import InboxBotYAML
import Logging
import Metrics
import PostgresNIO
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `inboxbot run`: the worker, from its configuration, until SIGTERM or SIGINT (which stop
/// intake, let the work in hand finish, and exit cleanly).
public enum WorkerRunner {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A secret from `NAME`, or from the file `NAME_FILE` names.
    static func secret(_ name: String, _ environment: [String: String]) throws(Failure) -> String? {
        if let value = environment[name], !value.isEmpty { return value }
        guard let path = environment[name + "_FILE"], !path.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read \(name)_FILE (\(path))") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The configured platform and its connector, from the configuration's section and
    /// the environment's credentials and webhook secrets.
    public static func connector(_ configuration: WorkerConfiguration, environment: [String: String], logger: Logger,
                                 clock: any WallClock = SystemWallClock()) throws(Failure) -> (PlatformEntry, any Connector) {
        guard let platform = Platforms.named(configuration.platform) else {
            throw Failure(description: "setting 'platform': \(Platforms.unknown(configuration.platform))")
        }
        guard let connect = platform.connect else {
            throw Failure(description: """
                setting 'platform': the \(platform.capabilities.title) connector is not written yet; \
                check rules for it with 'inboxbot validate --platform \(platform.name)'
                """)
        }
        do {
            let context = ConnectorContext(
                settings: configuration.settings(for: platform), environment: environment,
                webhookKey: try secret("INBOXBOT_WEBHOOK_KEY", environment), webhookSecret: try secret("INBOXBOT_WEBHOOK_SECRET", environment),
                webhookCacheSeconds: configuration.webhookCacheSeconds, logger: logger, clock: clock)
            return (platform, try connect(context))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// The state file, opened and checked: a path that cannot hold it, or a damaged file,
    /// stops the start with a message that names the setting, the path and what to do.
    static func openStore(_ path: String) throws(Failure) -> SQLiteStateStore {
        do {
            return try SQLiteStateStore.openChecked(path: path)
        } catch {
            throw Failure(description: "setting 'state' (\(path)): \(error)")
        }
    }

    public static func run(_ configuration: WorkerConfiguration, environment: [String: String], logger: Logger) async throws {
        let (platform, connector) = try connector(configuration, environment: environment, logger: logger)
        let loaded = RuleLoader.load([configuration.rules], platform: platform.capabilities)
        guard let ruleSet = loaded.ruleSet else {
            for diagnostic in loaded.diagnostics { logger.error("\(diagnostic)") }
            throw Failure(description: """
                the rules in \(configuration.rules) are not valid for \(platform.capabilities.title); \
                run 'inboxbot validate --platform \(platform.name) \(configuration.rules)'
                """)
        }
        guard PostgresLocation.isPostgres(configuration.state) else {
            try await run(configuration, platform: platform, connector: connector, ruleSet: ruleSet, store: try openStore(configuration.state), logger: logger)
            return
        }
        try await withSharedDatabase(configuration, environment: environment, logger: logger) { store, keeper in
            try await run(configuration, platform: platform, connector: connector, ruleSet: ruleSet, store: store, extraServices: [keeper], logger: logger)
        }
    }

    /// The PostgreSQL store the configuration names, once this worker holds the database's
    /// worker lease: a second worker waits as a standby, and takes over when the first stops
    /// or dies (its lease expires). Work is not yet split between several active workers.
    static func withSharedDatabase(_ configuration: WorkerConfiguration, environment: [String: String], logger: Logger,
                                   _ body: (PostgresStateStore, LeaseKeeper) async throws -> Void) async throws {
        try await SharedDatabase.withStore(configuration.state, environment: environment, logger: logger) { store in
            let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
            let lease = SharedDatabase.workerLease(store, owner: owner, seconds: configuration.leaseSeconds)
            guard let epoch = try await waitForLease(lease, logger: logger) else {
                logger.notice("stopped while standby")
                return
            }
            logger.notice("holding the database's worker lease", metadata: ["epoch": "\(epoch)", "owner": "\(owner)"])
            do {
                // Every write checks the lease: a worker that lost it can neither commit nor start a send.
                try await body(store.fenced(by: lease, epoch: epoch), LeaseKeeper(lease: lease, epoch: epoch, logger: logger))
            } catch {
                try? await lease.release(epoch: epoch)
                throw error
            }
            try await lease.release(epoch: epoch)
        }
    }

    /// Takes the lease, waiting as a standby while another worker holds it; nil when SIGTERM
    /// or SIGINT comes first, which ends a standby cleanly.
    static func waitForLease(_ lease: PostgresLease, logger: Logger) async throws -> Int? {
        try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                var lastHolder: String?
                while true {
                    if let epoch = try await lease.acquire() { return epoch }
                    // Said once per holder, not on every try.
                    if let owner = try await lease.holder()?.owner, owner != lastHolder {
                        logger.notice("standby: another worker holds the database; waiting to take over", metadata: [
                            "holder": "\(owner)", "lease": "\(lease.seconds)s",
                        ])
                        lastHolder = owner
                    }
                    try await Task.sleep(for: .clampedSeconds(lease.seconds / 3))
                }
            }
            group.addTask {
                for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) { return nil }
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    static func run(_ configuration: WorkerConfiguration, platform: PlatformEntry, connector: any Connector, ruleSet: CompiledRuleSet, store: any StateStore,
                    extraServices: [any Service] = [], logger: Logger) async throws {
        var settings = Worker.Settings(rulePaths: [configuration.rules])
        settings.dryRun = configuration.dryRun
        settings.pollSchedule = configuration.pollInterval.map { PollSchedule(interval: $0) }
        settings.webhookListen = configuration.webhookListen.flatMap(WorkerConfiguration.hostAndPort)
        settings.budget = ActionBudget(maximumActions: configuration.budgetActions, windowSeconds: configuration.budgetWindowSeconds)
        settings.settleAfterSeconds = configuration.settleAfterSeconds
        settings.actionConcurrency = configuration.actionConcurrency
        settings.timerGraceSeconds = configuration.timerGraceSeconds
        settings.auditRetentionSeconds = configuration.auditRetentionSeconds
        settings.eventRetentionSeconds = configuration.eventRetentionSeconds
        let worker = Worker(store: store, rules: RuleSetHolder(ruleSet), connector: connector, settings: settings)
        logger.info("inboxbot starting", metadata: [
            "platform": "\(platform.name)", "rules": "\(ruleSet.ruleCount)", "version": "\(ruleSet.version)", "state": "\(configuration.state)",
            "dry_run": "\(configuration.dryRun)", "webhooks": "\(configuration.webhookListen ?? "off")",
            "polling": "\(configuration.pollInterval.map { "\($0)s" } ?? "off")",
        ])
        // Operations (metrics, /readyz) come first, so that they stop last.
        var services: [any Service] = []
        if let listen = configuration.metricsListen.flatMap(WorkerConfiguration.hostAndPort) {
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            let server = OperationsServer(registry: registry, reasons: worker.gate.reasons).application(host: listen.host, port: listen.port, logger: logger) { port in
                logger.info("operations server listening", metadata: ["address": "\(listen.host):\(port)"])
            }
            services.append(ListeningService(setting: "metrics_listen", address: "\(listen.host):\(listen.port)", server: server))
            services.append(QueueMetricsService(store: store))
        }
        services += extraServices
        services += worker.services(logger: logger)
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        logger.info("inboxbot stopped cleanly")
    }
}
