import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotPlatforms
import InboxBotWorker
import Yams

/// The worker's settings, from `inboxbot.yaml`, each overridable from the environment
/// (`INBOXBOT_` and the key in capitals, such as `INBOXBOT_STATE`). Secrets are never
/// read from this file: they come from the environment or files it names.
public struct WorkerConfiguration: Sendable, Equatable {
    public var platform = "hatif"
    public var rules = "rules"
    public var state = "inboxbot.sqlite"
    public var dryRun = false
    public var logFormat = "text"
    public var logLevel = "info"
    /// Nil turns polling off.
    public var pollInterval: Double? = 5
    /// Nil turns the webhook server off.
    public var webhookListen: String? = "127.0.0.1:8080"
    /// How long a conversation read to fill in webhooks is reused.
    public var webhookCacheSeconds: Double = 5
    /// Nil turns the operations server (/metrics, /healthz, /readyz) off.
    public var metricsListen: String? = "127.0.0.1:9090"
    /// Whether the web console is served on the operations address (`/console`).
    public var console = false
    /// Each platform's section, such as `hatif.base_url`, by platform and key; defaults are
    /// filled in by `settings(for:)`.
    public var platformSettings: [String: [String: String]] = [:]
    public var budgetActions = 10
    public var budgetWindowSeconds: Double = 3600
    /// How long to let the platform show a send whose outcome is unknown before settling it.
    public var settleAfterSeconds: Double = 30
    /// How many conversations' actions are carried out at once.
    public var actionConcurrency = 32
    /// How late a timer may still fire, after the worker was down.
    public var timerGraceSeconds: Double = 3600
    /// On a shared PostgreSQL database: how long a worker's shard leases (and the poller's
    /// lease) last unrenewed, which is how soon other workers take over from one that died.
    public var leaseSeconds: Double = 15
    /// How long audit records are kept, and processed events (and fired timers).
    public var auditRetentionSeconds: Double = 30 * 86_400
    public var eventRetentionSeconds: Double = 7 * 86_400
    /// After how long without work the worker hands back the file-backed pages it no longer
    /// touches; nil never does.
    public var idleTrimSeconds: Double? = 60
    /// The endpoints `call` actions may post to, by name: `endpoints.NAME.url` and
    /// `endpoints.NAME.timeout` (or `INBOXBOT_ENDPOINT_NAME_URL`, `…_TIMEOUT`); each one's
    /// signing secret only from `INBOXBOT_ENDPOINT_NAME_SECRET` or `…_SECRET_FILE`.
    public var endpoints: [String: Endpoint] = [:]

    public struct Endpoint: Sendable, Equatable {
        public var url: String
        public var timeoutSeconds: Double = 10
    }

    public init() {}

    /// The environment variable prefix of an endpoint: `crm-eu` is `INBOXBOT_ENDPOINT_CRM_EU_`.
    public static func environmentPrefix(ofEndpoint name: String) -> String {
        "INBOXBOT_ENDPOINT_" + name.uppercased().replacingOccurrences(of: "-", with: "_") + "_"
    }

    /// The settings of the platform's section, with its defaults for what is not set.
    public func settings(for platform: PlatformEntry) -> [String: String] {
        var values = Dictionary(uniqueKeysWithValues: platform.settings.map { ($0.key, $0.defaultValue) })
        values.merge(platformSettings[platform.name] ?? [:]) { $1 }
        return values
    }

    /// Every key, and its name in the environment after `INBOXBOT_`: the worker's own, and
    /// each platform's section (`hatif.base_url` is `INBOXBOT_HATIF_BASE_URL`).
    static let keys: [String: String] = {
        var keys = [
            "platform": "PLATFORM", "rules": "RULES", "state": "STATE", "dry_run": "DRY_RUN", "log_format": "LOG_FORMAT", "log_level": "LOG_LEVEL",
            "poll_interval": "POLL_INTERVAL", "webhook_listen": "WEBHOOK_LISTEN", "webhook_cache": "WEBHOOK_CACHE", "metrics_listen": "METRICS_LISTEN", "console": "CONSOLE",
            "budget.actions": "BUDGET_ACTIONS", "budget.per": "BUDGET_PER",
            "settle_after": "SETTLE_AFTER", "action_concurrency": "ACTION_CONCURRENCY", "timer_grace": "TIMER_GRACE", "lease": "LEASE",
            "retention.audit": "RETENTION_AUDIT", "retention.events": "RETENTION_EVENTS", "idle_trim": "IDLE_TRIM",
        ]
        for platform in Platforms.all {
            for setting in platform.settings { keys["\(platform.name).\(setting.key)"] = "\(platform.name)_\(setting.key)".uppercased() }
        }
        return keys
    }()

    /// A problem with the configuration, naming the key (and where it is, in the file).
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Reads the file (if any) and then the environment.
    public static func load(path: String?, environment: [String: String]) throws(Problem) -> WorkerConfiguration {
        var values: [String: (value: String, place: String)] = [:]
        if let path {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw Problem(description: "\(path): error: cannot read the configuration file")
            }
            try read(text, file: path, into: &values)
        }
        for (key, name) in keys {
            if let value = environment["INBOXBOT_" + name] { values[key] = (value, "INBOXBOT_\(name)") }
        }
        // An endpoint's URL and timeout from the environment; one named only there is lowercase.
        for (variable, value) in environment where variable.hasPrefix("INBOXBOT_ENDPOINT_") {
            for setting in ["URL", "TIMEOUT"] where variable.hasSuffix("_" + setting) {
                let upper = String(variable.dropFirst("INBOXBOT_ENDPOINT_".count).dropLast(setting.count + 1))
                guard !upper.isEmpty else { continue }
                let name = values.keys.compactMap(Self.endpointName).first { Self.environmentPrefix(ofEndpoint: $0) == "INBOXBOT_ENDPOINT_\(upper)_" } ?? upper.lowercased()
                values["endpoints.\(name).\(setting.lowercased())"] = (value, variable)
            }
        }
        var configuration = WorkerConfiguration()
        try configuration.apply(values)
        if let name = configuration.endpoints.first(where: { $0.value.url.isEmpty })?.key {
            throw Problem(description: "endpoint '\(name)' has no URL: set endpoints.\(name).url (or \(environmentPrefix(ofEndpoint: name))URL)")
        }
        return configuration
    }

    /// Flattens the YAML into dotted keys, refusing unknown ones with a hint.
    static func read(_ text: String, file: String, into values: inout [String: (value: String, place: String)]) throws(Problem) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Problem(description: "\(file): error: not valid YAML: \(error)")
        }
        guard let root, case .mapping(let mapping) = root else {
            if let root, case .scalar(let scalar) = root, scalar.string.isEmpty { return }
            if root == nil { return }
            throw Problem(description: "\(file):1:1: error: the configuration must be a mapping of settings (see inboxbot init)")
        }
        func place(_ node: Node) -> String { node.mark.map { "\(file):\($0.line):\($0.column)" } ?? file }
        func walk(_ mapping: Node.Mapping, prefix: String) throws(Problem) {
            for (keyNode, valueNode) in mapping {
                let key = prefix + (keyNode.string ?? "")
                if case .mapping(let nested) = valueNode {
                    try walk(nested, prefix: key + ".")
                    continue
                }
                guard keys[key] != nil || Self.endpointName(key) != nil else {
                    throw Problem(description: "\(place(keyNode)): error: unknown setting '\(key)'\(Suggestion.hint(for: key, among: keys.keys))")
                }
                guard case .scalar(let scalar) = valueNode else {
                    throw Problem(description: "\(place(valueNode)): error: '\(key)' takes a single value")
                }
                values[key] = (scalar.string, place(valueNode))
            }
        }
        try walk(mapping, prefix: "")
    }

    /// The endpoint a key is about (`endpoints.crm.url` is `crm`), or nil.
    static func endpointName(_ key: String) -> String? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "endpoints", !parts[1].isEmpty, ["url", "timeout"].contains(parts[2]) else { return nil }
        return String(parts[1])
    }

    mutating func apply(_ values: [String: (value: String, place: String)]) throws(Problem) {
        func fail(_ key: String, _ message: String) -> Problem {
            Problem(description: "\(values[key]?.place ?? key): error: '\(key)' \(message)")
        }
        /// A duration's seconds, at least `minimum`; else an error with `form` and what is wrong.
        func seconds(_ key: String, _ value: String, _ form: String, minimum: Int = 0) throws(Problem) -> Double {
            switch TimeSpan.parse(value) {
            case .success(let span) where span.seconds >= minimum: return Double(span.seconds)
            case .success: throw fail(key, "\(form), not '\(value.excerpt())'")
            case .failure(let reason): throw fail(key, "\(form): \(reason)")
            }
        }
        for (key, entry) in values {
            let value = entry.value.trimmingCharacters(in: .whitespaces)
            let shown = value.excerpt()
            switch key {
            case "platform":
                guard Platforms.named(value) != nil else {
                    throw fail(key, "must be one of \(Platforms.names), not '\(shown)'\(Suggestion.hint(for: value, among: Platforms.all.map(\.name)))")
                }
                platform = value.lowercased()
            case "rules": rules = value
            case "state": state = value
            case "dry_run":
                guard let flag = Bool(value.lowercased()) else { throw fail(key, "must be true or false, not '\(shown)'") }
                dryRun = flag
            case "log_format":
                guard ["text", "json"].contains(value) else { throw fail(key, "must be text or json, not '\(shown)'") }
                logFormat = value
            case "log_level":
                let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
                guard levels.contains(value) else { throw fail(key, "must be one of \(levels.joined(separator: ", ")), not '\(shown)'") }
                logLevel = value
            case "poll_interval":
                if value == "off" { pollInterval = nil; continue }
                pollInterval = try seconds(key, value, "must be a duration such as 5s, or off", minimum: 1)
            case "webhook_listen":
                if value == "off" { webhookListen = nil; continue }
                guard Self.hostAndPort(value) != nil else { throw fail(key, "must be host:port such as 127.0.0.1:8080, or off, not '\(shown)'") }
                webhookListen = value
            case "webhook_cache":
                webhookCacheSeconds = try seconds(key, value, "must be a duration such as 5s, or 0s to read every time")
            case "metrics_listen":
                if value == "off" { metricsListen = nil; continue }
                guard Self.hostAndPort(value) != nil else { throw fail(key, "must be host:port such as 127.0.0.1:9090, or off, not '\(shown)'") }
                metricsListen = value
            case "console":
                guard let flag = Bool(value.lowercased()) else { throw fail(key, "must be true or false, not '\(shown)'") }
                console = flag
            case "budget.actions":
                guard let count = Int(value), count > 0 else { throw fail(key, "must be a whole number above 0, not '\(shown)'") }
                budgetActions = count
            case "budget.per":
                budgetWindowSeconds = try seconds(key, value, "must be a duration such as 1h", minimum: 1)
            case "action_concurrency":
                guard let count = Int(value), (1...1000).contains(count) else { throw fail(key, "must be a whole number from 1 to 1000, not '\(shown)'") }
                actionConcurrency = count
            case "retention.audit", "retention.events":
                let kept = try seconds(key, value, "must be a duration of an hour or more, such as 30d", minimum: 3600)
                if key == "retention.audit" { auditRetentionSeconds = kept } else { eventRetentionSeconds = kept }
            case "timer_grace":
                timerGraceSeconds = try seconds(key, value, "must be a duration such as 1h")
            case "settle_after":
                settleAfterSeconds = try seconds(key, value, "must be a duration such as 30s")
            case "idle_trim":
                if value == "off" { idleTrimSeconds = nil; continue }
                idleTrimSeconds = try seconds(key, value, "must be a duration such as 1m, or off", minimum: 1)
            case "lease":
                leaseSeconds = try seconds(key, value, "must be a duration of 3s or more, such as 15s", minimum: 3)
            case _ where Self.endpointName(key) != nil:
                guard let name = Self.endpointName(key) else { break }
                guard EndpointCall.isName(name) else {
                    throw fail(key, "names an endpoint with letters, digits, '-' and '_' only")
                }
                if key.hasSuffix(".url") {
                    guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
                        throw fail(key, "must be an http:// or https:// URL")
                    }
                    endpoints[name, default: Endpoint(url: value)].url = value
                } else {
                    let timeout = try seconds(key, value, "must be a duration from 1s to 2m, such as 10s", minimum: 1)
                    guard timeout <= 120 else { throw fail(key, "must be a duration from 1s to 2m, such as 10s") }
                    endpoints[name, default: Endpoint(url: "")].timeoutSeconds = timeout
                }
            default:
                // A platform's section: `hatif.base_url`.
                let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, let platform = Platforms.named(parts[0]), let setting = platform.settings.first(where: { $0.key == parts[1] }) else { break }
                if let problem = setting.problem(with: value) { throw fail(key, problem) }
                platformSettings[platform.name, default: [:]][setting.key] = value
            }
        }
    }

    public static func hostAndPort(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(text[..<colon])
        return host.isEmpty ? nil : (host, port)
    }

    /// The starter file `inboxbot init` writes, for a platform.
    public static func starter(for platform: PlatformEntry) -> String {
        """
        # inboxbot configuration. Every setting can be overridden from the environment:
        # INBOXBOT_ and the key in capitals (INBOXBOT_STATE, INBOXBOT_\(platform.name.uppercased())_BASE_URL, …).
        # Secrets never go here. Set them in the environment, or in files the environment names:
        #   \(platform.credentials)
        #   \(platform.capabilities.signsWebhooks
            ? "INBOXBOT_WEBHOOK_KEY (the ?key= in the webhook URL you give \(platform.capabilities.title)), INBOXBOT_WEBHOOK_SECRET (HMAC)"
            : "INBOXBOT_WEBHOOK_KEY (the ?key= in the webhook URLs: \(platform.capabilities.title) signs nothing, so the key admits deliveries)")
        #   (each also as *_FILE)

        platform: \(platform.name)            # one of \(Platforms.names)
        rules: rules               # the rules directory; reloaded when its files change, and on SIGHUP
        state: inboxbot.sqlite     # the state file (SQLite), or a shared database: postgres://USER@HOST:PORT/DB (password in INBOXBOT_STATE_PASSWORD)
        dry_run: false             # true: read the platform, decide, record "would …" lines, write nothing
        log_format: text           # text or json
        log_level: info            # trace, debug (a line per event), info, notice, warning, error or critical
        poll_interval: 5s          # how often to poll while busy (it backs off to 60s while idle); off to rely on webhooks
        webhook_listen: 127.0.0.1:8080   # where POST /webhooks/<platform> is served; off for none
        webhook_cache: 5s          # how long a conversation read to fill in webhooks is reused; 0s reads it every time
        metrics_listen: 127.0.0.1:9090   # where /metrics (Prometheus), /healthz and /readyz are served; off for none
        console: false             # true: a web console at /console on the metrics address (retry needs INBOXBOT_CONSOLE_TOKEN)

        \(platform.configurationSection)
        budget:                    # at most this many actions per conversation in a window
          actions: 10
          per: 1h

        settle_after: 30s          # a send whose outcome is unknown is looked up on the platform after this
        action_concurrency: 32     # how many conversations' actions run at once (each conversation's in order)
        timer_grace: 1h            # a timer that came due while the worker was down still fires this late; later ones are skipped and audited
        lease: 15s                 # on PostgreSQL: other workers take a worker's conversations over this long after it stops renewing
        idle_trim: 1m              # idle this long, the worker hands back the code pages only starting or a busy spell used; off keeps them

        retention:                 # pruned hourly
          audit: 30d               # audit records
          events: 7d               # processed events (ids that recognise repeats, and their JSON) and fired timers

        """
    }
}
