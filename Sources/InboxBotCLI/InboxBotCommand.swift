import ArgumentParser
import InboxBotCore
import InboxBotFakeHatif

/// The `inboxbot` command line.
@available(macOS 13, *)
public struct InboxBotCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inboxbot",
        abstract: "Rule-based automation for WhatsApp and customer-conversation platforms.",
        discussion: """
            Support leads write rules in YAML (see docs/rules.md). Check them with 'validate',
            and see what they would have done on recorded events with 'replay'.
            """.reflowed,
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, RunCommand.self, InitCommand.self, ValidateCommand.self, CheckCommand.self, TestCommand.self, ExplainCommand.self, SchemaCommand.self, ReplayCommand.self,
            StatusCommand.self, ActionsCommand.self, ContactsCommand.self, AuditCommand.self, MigrateCommand.self, RegisterWebhooksCommand.self, FakeCommand.self, FakeHatifCommand.self,
        ]
    )

    public init() {}
}

extension InboxBotCommand {
    /// Runs the command line, awaiting async subcommands. Top-level code would pick
    /// ArgumentParser's synchronous `main`, which refuses async subcommands, so the
    /// executable calls this instead.
    public static func runAsync() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
