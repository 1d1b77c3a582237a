import Foundation
import InboxBotCore
import InboxBotPostgres
import InboxBotServer
import InboxBotWorker
import Logging
import ServiceLifecycle

/// The worker's services, assembled once for `inboxbot run` and the demo alike, for any
/// platform's connector: the poller and the webhook server feed the inbox; the pipeline
/// evaluates; the executor acts (or, in a dry run, nothing does); the rules reload on change.
public struct Worker: Sendable {
    public struct Settings: Sendable {
        public var rulePaths: [String]
        public var dryRun = false
        public var pollSchedule: PollSchedule? = PollSchedule()
        /// Host and port for the webhook server, or nil for none.
        public var webhookListen: (host: String, port: Int)?
        public var budget = ActionBudget()
        public var settleAfterSeconds: Double = 30
        public var actionConcurrency = 32
        /// How late a timer may still fire, after the worker was down.
        public var timerGraceSeconds: Double = 3600
        /// How long audit records, and processed events and fired timers, are kept.
        public var auditRetentionSeconds: Double = 30 * 86_400
        public var eventRetentionSeconds: Double = 7 * 86_400
        public var reloadInterval: Double = 2
        /// After this long without work, hand back the file-backed pages (`IdleTrimService`);
        /// nil never does.
        public var idleTrimSeconds: Double?
        /// Where `call` actions go; rules may name only these endpoints.
        public var endpoints: (any EndpointCaller)?

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

    /// How this worker shares a PostgreSQL database with others: the shards of conversations
    /// it holds, and the leases it takes them and the poller by.
    public struct Sharing: Sendable {
        public let store: PostgresStateStore
        public let claims: ShardClaims
        public let shards: PostgresShardLeases
        public let pollerLease: PostgresLease

        /// `owner` names this worker in the leases; `platform` names the account polled.
        public init(store: PostgresStateStore, owner: String, leaseSeconds: Double, platform: String) {
            self.store = store.whole
            claims = ShardClaims(owner: owner)
            shards = PostgresShardLeases(store: store, owner: owner, seconds: leaseSeconds)
            pollerLease = PostgresLease(store: store, name: "poller:" + platform, owner: owner, seconds: leaseSeconds)
        }
    }

    /// The store as this worker sees it: on a shared database, the work of its own shards.
    public let store: any StateStore
    public let sharing: Sharing?
    public let rules: RuleSetHolder
    public let connector: any Connector
    public let settings: Settings
    public let clock: any WallClock
    /// Whether the worker can take work, and why not; `/readyz` and webhook intake ask it.
    public let readiness = Readiness(logger: Logger(label: "inboxbot"))
    /// Wake the pipeline when events arrive, and the executor when actions are queued.
    let inbox = WorkSignal(), outbox = WorkSignal()

    public init(store: any StateStore, rules: RuleSetHolder, connector: any Connector, settings: Settings, clock: any WallClock = SystemWallClock()) {
        self.store = store
        sharing = nil
        self.rules = rules
        self.connector = connector
        self.settings = settings
        self.clock = clock
    }

    /// A worker of several on one PostgreSQL database.
    public init(sharing: Sharing, rules: RuleSetHolder, connector: any Connector, settings: Settings, clock: any WallClock = SystemWallClock()) {
        store = sharing.store.share(sharing.claims)
        self.sharing = sharing
        self.rules = rules
        self.connector = connector
        self.settings = settings
        self.clock = clock
    }

    /// Why the worker cannot take work now (the parts' reports, and a read of the state
    /// store), and whether webhook intake may go on.
    public var gate: WebhookServer.Gate {
        WebhookServer.Gate(
            reasons: { [readiness, store] in
                var reasons = await readiness.reasons
                do {
                    _ = try await Deadline.run(seconds: 2) { try await store.counts() }
                } catch {
                    reasons.append("store: the state store does not answer: \(error)")
                }
                return reasons
            },
            takesWork: { [readiness] in await readiness.takesWork })
    }

    /// The services, in the order a ServiceGroup must hold them. It stops them in reverse:
    /// intake first (webhooks, then polling), then the pipeline drains the inbox, then the
    /// executor the outbox, then the rest. So no delivery is answered 202 once nothing will
    /// act on it.
    public func services(observers: Observers = Observers(), logger: Logger) -> [any Service] {
        var intake: [any Service] = []
        var processing: [any Service] = []
        var sharingServices: [any Service] = []
        let tally = WorkerTally()
        let processed = observers.processed
        let pipeline = Pipeline(store: store, rules: rules, clock: clock, budget: settings.budget, dryRun: settings.dryRun, platform: connector.actions,
                                timerGraceSeconds: settings.timerGraceSeconds, logger: logger, observer: { event, audit in
                                    tally.processed()
                                    await processed?(event, audit)
                                })
        let admitted = observers.admitted
        // Alone on its database, a worker evaluates events as it admits them when nothing else is
        // pending; sharing one, the pipeline of the shard's owner evaluates them.
        let evaluatesAtAdmission = sharing == nil ? pipeline : nil
        let queue: @Sendable (String, any StateStore) -> StoreEventQueue = { [clock, inbox, outbox, readiness] source, store in
            var onAdmitted: (@Sendable (Event, Bool) async -> Void)?
            if let admitted {
                onAdmitted = { event, isNew in await admitted(event, source, isNew) }
            }
            return StoreEventQueue(store: store, source: source, clock: clock, signal: inbox, pipeline: evaluatesAtAdmission, outbox: outbox,
                                   readiness: readiness, onAdmitted: onAdmitted)
        }
        let platform = connector.capabilities
        // The idle trim looks right after each poll, to hand back at once what a quiet poll paged in.
        let polled = settings.idleTrimSeconds == nil ? nil : WorkSignal()
        if let schedule = settings.pollSchedule {
            if let sharing {
                intake.append(LeasedPollerService(lease: sharing.pollerLease, store: sharing.store, poller: { [self] leased in
                    PollerService(platform: platform, poller: connector.poller, store: leased, queue: queue("poll", leased), schedule: schedule,
                                  clock: clock, readiness: readiness, polled: polled, logger: logger)
                }, logger: logger))
            } else {
                intake.append(PollerService(platform: platform, poller: connector.poller, store: store, queue: queue("poll", store), schedule: schedule,
                                            clock: clock, readiness: readiness, polled: polled, logger: logger))
            }
        }
        if let listen = settings.webhookListen, let handler = connector.webhooks {
            let receiver = WebhookReceiver(platform: platform.name, handler: handler, queue: queue("webhook", store), clock: clock, logger: logger)
            let webhookPort = observers.webhookPort
            let server = WebhookServer(receiver: receiver, gate: gate)
                .application(host: listen.host, port: listen.port, logger: logger) { port in
                await webhookPort?(port)
            }
            intake.append(ListeningService(setting: "webhook_listen", host: listen.host, port: listen.port, server: server))
        }
        processing.append(PipelineService(pipeline: pipeline, inbox: inbox, outbox: outbox, readiness: readiness))
        let executed = observers.executed
        // Sharing, a write goes out within a third of the lease from its in-flight mark: the
        // lease was renewed at most a third before the mark, so it still holds then. What the
        // bot changed must not be hidden by a cached read of the conversation (its sends come
        // back as webhooks, which the cache counts).
        let executor = Executor(store: store, platform: connector.actions, endpoints: settings.endpoints, clock: clock, settleAfterSeconds: settings.settleAfterSeconds,
                                concurrency: settings.actionConcurrency, handOverWithinSeconds: sharing.map { $0.shards.seconds / 3 }, logger: logger,
                                observer: { [connector] entry, action, outcome in
                                    tally.acted()
                                    if action.changesConversation { await connector.conversationChanged(id: entry.conversationID) }
                                    await executed?(entry, action, outcome)
                                })
        if !settings.dryRun {
            // Sharing, in-flight actions are recovered shard by shard, as they are taken over.
            processing.append(ExecutorService(executor: executor, outbox: outbox, inbox: inbox, echoWaits: pipeline.echoWaits, readiness: readiness,
                                              recoversAtStart: sharing == nil))
        }
        if let sharing {
            sharingServices = [
                ShardKeeper(leases: sharing.shards, claims: sharing.claims, store: sharing.store.share(sharing.claims),
                            recover: { [executor] entries in try await executor.recover(entries) }, wake: [inbox, outbox], tally: tally,
                            readiness: readiness, logger: logger),
                DatabaseWakeups(store: sharing.store, claims: sharing.claims, inbox: inbox, outbox: outbox, logger: logger),
            ]
        }
        var upkeep: [any Service] = [
            RetentionService(store: store, clock: clock, auditSeconds: settings.auditRetentionSeconds, eventSeconds: settings.eventRetentionSeconds, logger: logger),
            RulesReloadService(paths: settings.rulePaths, platform: platform, endpoints: settings.endpoints?.endpointNames, holder: rules, store: store, clock: clock, interval: settings.reloadInterval, logger: logger),
        ]
        if let idleTrimSeconds = settings.idleTrimSeconds {
            upkeep.append(IdleTrimService(tally: tally, idleSeconds: idleTrimSeconds, polls: polled, logger: logger))
        }
        // The shard keeper stops after the pipeline and executor, and then gives the shards up.
        return upkeep + sharingServices + processing.reversed() + intake
    }
}
