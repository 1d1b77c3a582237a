import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotHatif
import InboxBotServer
import InboxBotWorker
import Logging
import ServiceLifecycle

/// The worker's services, assembled once for `inboxbot run` and the demo alike: the
/// poller and the webhook server feed the inbox; the pipeline evaluates; the executor acts
/// (or, in a dry run, nothing does); the rules reload on change.
public struct Worker: Sendable {
    public struct Settings: Sendable {
        public var rulePaths: [String]
        public var dryRun = false
        public var pollSchedule: PollSchedule? = PollSchedule()
        /// Host and port for the webhook server, or nil for none.
        public var webhookListen: (host: String, port: Int)?
        public var webhookKey: String?
        public var webhookSecret: String?
        public var budget = ActionBudget()
        public var settleAfterSeconds: Double = 30
        public var reloadInterval: Double = 2

        public init(rulePaths: [String]) {
            self.rulePaths = rulePaths
        }
    }

    /// What the demo and metrics watch.
    public struct Observers: Sendable {
        public var admitted: (@Sendable (Event, String, Bool) async -> Void)?
        public var processed: (@Sendable (Event, [AuditRecord]) async -> Void)?
        public var executed: (@Sendable (OutboxEntry, RenderedAction, ActionOutcome) async -> Void)?
        public var webhookPort: (@Sendable (Int) async -> Void)?

        public init() {}
    }

    public let store: any StateStore
    public let rules: RuleSetHolder
    public let client: HatifClient
    public let platform: any ConversationPlatform
    public let settings: Settings
    public let clock: any WallClock

    public init(store: any StateStore, rules: RuleSetHolder, client: HatifClient, platform: any ConversationPlatform, settings: Settings,
                clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.rules = rules
        self.client = client
        self.platform = platform
        self.settings = settings
        self.clock = clock
    }

    public func services(observers: Observers = Observers(), logger: Logger) -> [any Service] {
        var services: [any Service] = []
        let inbox = WorkSignal(), outbox = WorkSignal()
        let admitted = observers.admitted
        func queue(_ source: String) -> StoreEventQueue {
            var onAdmitted: (@Sendable (Event, Bool) async -> Void)?
            if let admitted {
                onAdmitted = { event, isNew in await admitted(event, source, isNew) }
            }
            return StoreEventQueue(store: store, source: source, clock: clock, signal: inbox, onAdmitted: onAdmitted)
        }
        if let schedule = settings.pollSchedule {
            services.append(PollerService(client: client, store: store, queue: queue("poll"), schedule: schedule, clock: clock, logger: logger))
        }
        if let listen = settings.webhookListen {
            let receiver = HatifWebhookReceiver(
                authenticator: HatifWebhookAuthenticator(signingSecret: settings.webhookSecret, urlKey: settings.webhookKey),
                enricher: HatifWebhookEnricher(client: client), queue: queue("webhook"), logger: logger)
            let webhookPort = observers.webhookPort
            let store = store
            let server = WebhookServer(hatif: receiver, isReady: { (try? await store.counts()) != nil })
                .application(host: listen.host, port: listen.port, logger: logger) { port in
                await webhookPort?(port)
            }
            services.append(server)
        }
        services.append(PipelineService(
            pipeline: Pipeline(store: store, rules: rules, clock: clock, budget: settings.budget, dryRun: settings.dryRun, logger: logger,
                               observer: observers.processed),
            inbox: inbox, outbox: outbox, logger: logger))
        if !settings.dryRun {
            services.append(ExecutorService(
                executor: Executor(store: store, platform: platform, clock: clock, settleAfterSeconds: settings.settleAfterSeconds, logger: logger,
                                   observer: observers.executed),
                outbox: outbox, logger: logger))
        }
        services.append(RulesReloadService(paths: settings.rulePaths, holder: rules, store: store, clock: clock, interval: settings.reloadInterval, logger: logger))
        return services
    }
}
