import ArgumentParser
import AsyncHTTPClient
import Foundation
import InboxBotCore
import Logging

/// One platform, as the rest of inboxbot knows it: what it can do, the settings of its
/// section in the configuration, and how its connector is made.
public struct PlatformEntry: Sendable {
    public let capabilities: PlatformCapabilities
    /// The keys of the platform's section (`hatif.base_url` is `base_url` here).
    public let settings: [PlatformSetting]
    /// Makes the connector; nil while the platform's connector is not written yet.
    public let connect: (@Sendable (ConnectorContext) throws -> any Connector)?
    /// The command that runs the platform's fake server on its own (`inboxbot fake NAME`).
    public let fakeCommand: (any AsyncParsableCommand.Type)?
    /// Where its credentials come from, for the starter configuration and error messages.
    public let credentials: String

    public init(capabilities: PlatformCapabilities, settings: [PlatformSetting], credentials: String,
                connect: (@Sendable (ConnectorContext) throws -> any Connector)?, fakeCommand: (any AsyncParsableCommand.Type)?) {
        self.capabilities = capabilities
        self.settings = settings
        self.credentials = credentials
        self.connect = connect
        self.fakeCommand = fakeCommand
    }

    /// The platform's section of a configuration file, with each setting's default and help.
    public var configurationSection: String {
        "\(name):\n" + settings.map { setting in
            let line = "  \(setting.key): \(setting.defaultValue)"
            return line.padding(toLength: max(line.count + 1, 35), withPad: " ", startingAt: 0) + "# \(setting.help)"
        }.joined(separator: "\n") + "\n"
    }

    public var name: String { capabilities.name }
}

/// A setting of a platform's section of the configuration.
public struct PlatformSetting: Sendable {
    public enum Kind: Sendable {
        case url
        case flag
    }

    public let key: String
    public let defaultValue: String
    public let kind: Kind
    /// What it does, for the commented configuration `inboxbot init` writes.
    public let help: String

    public init(_ key: String, default defaultValue: String, kind: Kind, help: String) {
        self.key = key
        self.defaultValue = defaultValue
        self.kind = kind
        self.help = help
    }

    /// Why `value` will not do, or nil.
    public func problem(with value: String) -> String? {
        switch kind {
        case .url: URL(string: value)?.scheme?.hasPrefix("http") == true ? nil : "must be an http(s) URL, not '\(value.excerpt())'"
        case .flag: Bool(value.lowercased()) != nil ? nil : "must be true or false, not '\(value.excerpt())'"
        }
    }
}

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

/// A connector that cannot be made, with the reason (credentials missing, not written yet).
public struct ConnectorFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
