import AsyncHTTPClient
import InboxBotCore
import Logging

/// What a connector is made from: its section's settings (defaults filled in), the
/// environment (where secrets come from), and the worker's webhook settings.
public struct ConnectorContext: Sendable {
    public var settings: [String: String]
    public var environment: [String: String]
    public var webhookKey: String?
    public var webhookSecret: String?
    public var webhookCacheSeconds: Double
    public var httpClient: HTTPClient
    public var logger: Logger
    public var clock: any WallClock

    public init(settings: [String: String], environment: [String: String], webhookKey: String? = nil, webhookSecret: String? = nil,
                webhookCacheSeconds: Double = 5, httpClient: HTTPClient = .shared, logger: Logger, clock: any WallClock = SystemWallClock()) {
        self.settings = settings
        self.environment = environment
        self.webhookKey = webhookKey
        self.webhookSecret = webhookSecret
        self.webhookCacheSeconds = webhookCacheSeconds
        self.httpClient = httpClient
        self.logger = logger
        self.clock = clock
    }

    public func flag(_ key: String) -> Bool { settings[key].flatMap { Bool($0.lowercased()) } ?? false }
}
