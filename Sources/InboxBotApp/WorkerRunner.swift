import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotConsole
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

    /// The configuration's endpoints for `call` actions, each with its signing secret from the
    /// environment; one without a secret is called unsigned, with a warning.
    static func endpointCaller(_ configuration: WorkerConfiguration, environment: [String: String], logger: Logger,
                               httpClient: HTTPClient = .shared) throws(Failure) -> HTTPEndpointCaller {
        var endpoints: [String: HTTPEndpointCaller.Endpoint] = [:]
        for (name, endpoint) in configuration.endpoints {
            let variable = WorkerConfiguration.environmentPrefix(ofEndpoint: name) + "SECRET"
            let secret = try secret(variable, environment).map(APIToken.init)
            if secret == nil { logger.warning("endpoint '\(name)' has no signing secret (\(variable)); its calls go unsigned") }
            endpoints[name] = HTTPEndpointCaller.Endpoint(url: endpoint.url, secret: secret, timeoutSeconds: endpoint.timeoutSeconds)
        }
        return HTTPEndpointCaller(endpoints: endpoints, httpClient: httpClient, logger: logger)
    }

    /// The configured platform and its connector, from the configuration's section and
    /// the environment's credentials and webhook secrets.
    public static func connector(_ configuration: WorkerConfiguration, environment: [String: String], logger: Logger,
                                 httpClient: HTTPClient = .shared, clock: any WallClock = SystemWallClock()) throws(Failure) -> (PlatformEntry, any Connector) {
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
                webhookCacheSeconds: configuration.webhookCacheSeconds, httpClient: httpClient, logger: logger, clock: clock)
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
        // The worker's own client, for the platform and the endpoints of `call` actions: a
        // connection to a host for each action that may run at once, and more for the
        // webhooks' reads of conversations.
        try await HTTPClient.withHTTPClient(configuration: .platform(connectionsPerHost: configuration.actionConcurrency + 16)) { httpClient in
            try await run(configuration, environment: environment, httpClient: httpClient, logger: logger)
        }
    }

    static func run(_ configuration: WorkerConfiguration, environment: [String: String], httpClient: HTTPClient, logger: Logger) async throws {
        let (platform, connector) = try connector(configuration, environment: environment, logger: logger, httpClient: httpClient)
        let endpoints = try endpointCaller(configuration, environment: environment, logger: logger, httpClient: httpClient)
        let loaded = RuleLoader.load([configuration.rules], platform: platform.capabilities, endpoints: endpoints.endpointNames)
        guard let ruleSet = loaded.ruleSet else {
            for diagnostic in loaded.diagnostics { logger.error("\(diagnostic)") }
            throw Failure(description: """
                the rules in \(configuration.rules) are not valid for \(platform.capabilities.title) and this configuration; \
                run 'inboxbot validate --platform \(platform.name) --config <this configuration> \(configuration.rules)'
                """)
        }
        // A dry run reports the preflight before anything else; a live start does not wait
        // for it: it runs beside the worker (cancelled if the worker stops first).
        if configuration.dryRun { await preflight(ruleSet, connector: connector, platform: platform, live: false, logger: logger) }
        async let _ = configuration.dryRun ? () : preflight(ruleSet, connector: connector, platform: platform, live: true, logger: logger)
        let consoleToken = OperatorToken(try secret("INBOXBOT_CONSOLE_TOKEN", environment))
        guard PostgresLocation.isPostgres(configuration.state) else {
            let store = try openStore(configuration.state)
            try await run(configuration, platform: platform, ruleSet: ruleSet, endpoints: endpoints, consoleToken: consoleToken, logger: logger) { settings, rules in
                Worker(store: store, rules: rules, connector: connector, settings: settings)
            }
            return
        }
        // Several workers may share the database: each takes a fair share of the conversations'
        // shards, and one at a time polls the platform.
        try await SharedDatabase.withStore(configuration.state, environment: environment, logger: logger) { store in
            let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
            let sharing = Worker.Sharing(store: store, owner: owner, leaseSeconds: configuration.leaseSeconds, platform: platform.name)
            logger.notice("sharing the database with any other workers", metadata: ["worker": "\(owner)", "lease": "\(configuration.leaseSeconds)s"])
            try await run(configuration, platform: platform, ruleSet: ruleSet, endpoints: endpoints, consoleToken: consoleToken, logger: logger) { settings, rules in
                Worker(sharing: sharing, rules: rules, connector: connector, settings: settings)
            }
        }
    }

    /// `inboxbot check`'s findings in the log as the worker starts: what the rules name that
    /// the account lacks fails live. Bounded, and never a reason not to start.
    static func preflight(_ ruleSet: CompiledRuleSet, connector: any Connector, platform: PlatformEntry, live: Bool, logger: Logger) async {
        let title = platform.capabilities.title
        do {
            let inventory = try await Deadline.run(seconds: 15) { try await connector.inventory() }
            let problems = ruleSet.source.inventoryProblems(inventory, platform: title)
            for problem in problems { live ? logger.error("\(problem)") : logger.warning("\(problem)") }
            let advice = problems.isEmpty ? "" : live ? "; those actions will fail (see 'inboxbot check')" : "; live, those actions would fail (see 'inboxbot check')"
            logger.notice("preflight: \(problems.count) problem(s) with what the rules name on \(title)\(advice)")
        } catch {
            logger.warning("preflight: could not read \(title)'s users, tags and channels: \(error)")
        }
    }

    static func run(_ configuration: WorkerConfiguration, platform: PlatformEntry, ruleSet: CompiledRuleSet, endpoints: HTTPEndpointCaller,
                    consoleToken: OperatorToken?, logger: Logger,
                    worker makeWorker: (Worker.Settings, RuleSetHolder) -> Worker) async throws {
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
        settings.idleTrimSeconds = configuration.idleTrimSeconds
        settings.endpoints = endpoints
        let worker = makeWorker(settings, RuleSetHolder(ruleSet, loadedAt: Date()))
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
            let console = configuration.console ? worker.console(token: consoleToken, logger: logger) : nil
            let server = OperationsServer(registry: registry, reasons: worker.gate.reasons, console: console)
                .application(host: listen.host, port: listen.port, logger: logger) { port in
                    logger.info("operations server listening", metadata: ["address": "\(listen.host):\(port)"])
                    if console != nil {
                        logger.notice("console at http://\(listen.host):\(port)/console", metadata: ["retry": "\(consoleToken == nil ? "off: no INBOXBOT_CONSOLE_TOKEN" : "with the operator token")"])
                    }
                }
            services.append(ListeningService(setting: "metrics_listen", host: listen.host, port: listen.port, server: server))
            services.append(QueueMetricsService(store: worker.store))
        }
        services += worker.services(logger: logger)
        // A failed service stops the worker, within the watchdog's grace even if stopping hangs.
        let watchdog = StopWatchdog()
        let group = ServiceGroup(services: watchdog.watching(services), gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        defer { watchdog.stopped() }
        try await group.run()
        logger.info("inboxbot stopped cleanly")
    }
}
