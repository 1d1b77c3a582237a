import ArgumentParser

/// The `inboxbot` command line.
public struct InboxBotCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inboxbot",
        abstract: "Rule-based automation for WhatsApp and customer-conversation platforms.",
        discussion: """
            Support leads write rules in YAML (see docs/rules.md). Check them with 'validate',
            and see what they would have done on recorded events with 'replay'.
            """,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, SchemaCommand.self, ReplayCommand.self, DemoCommand.self]
    )

    public init() {}
}
