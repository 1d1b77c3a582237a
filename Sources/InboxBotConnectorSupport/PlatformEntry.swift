import ArgumentParser
import InboxBotCore

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
    /// What `inboxbot demo --platform NAME` runs; nil while the platform has no fake.
    public let demo: DemoSetup?

    public init(capabilities: PlatformCapabilities, settings: [PlatformSetting], credentials: String,
                connect: (@Sendable (ConnectorContext) throws -> any Connector)?, fakeCommand: (any AsyncParsableCommand.Type)?, demo: DemoSetup? = nil) {
        self.capabilities = capabilities
        self.settings = settings
        self.credentials = credentials
        self.connect = connect
        self.fakeCommand = fakeCommand
        self.demo = demo
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
