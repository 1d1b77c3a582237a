import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotPlatforms

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter configuration and rules directory.",
        discussion: "Writes inboxbot.yaml and rules/10-first-rule.yaml into the directory, and never overwrites a file."
    )

    @Option(help: "Where to write them.", completion: .directory)
    var directory = "."

    @Option(help: ArgumentHelp("The platform to configure: \(Platforms.names).", valueName: "name"))
    var platform = "hatif"

    func validate() throws {
        _ = try Platforms.entry(forOption: platform)
    }

    /// A first rule the platform can run: with tags where it has them.
    static func firstRule(for platform: PlatformCapabilities) -> String {
        platform.hasTags ? taggingRule : textingRule
    }

    static let textingRule = """
        # yaml-language-server: $schema=https://inboxbot.dev/schema/rules.schema.json
        #
        # A first rule. docs/rules.md describes every condition and action.
        rules:
          - id: first-reply
            description: Answer the first message of an unassigned conversation, at most once a day.
            on: message.received
            if:
              assignee: none
            then:
              - send_text: "Thanks {{contact.first_name | for your message}} - someone will be with you shortly."
            cooldown: 1d
            shadow: true   # reports what it would do; remove this line to let it act

        """

    static let taggingRule = """
        # yaml-language-server: $schema=https://inboxbot.dev/schema/rules.schema.json
        #
        # A first rule. docs/rules.md describes every condition and action.
        rules:
          - id: vip-routing
            description: Send unassigned VIP conversations to one person.
            on: message.received
            if:
              tags: vip
              assignee: none
            then:
              - assign: someone@example.com
              - tag: routed
            shadow: true   # reports what it would do; remove this line to let it act

        """

    func run() throws {
        let base = URL(fileURLWithPath: directory)
        let entry = try Platforms.entry(forOption: platform)
        let files = [("inboxbot.yaml", WorkerConfiguration.starter(for: entry)), ("rules/10-first-rule.yaml", Self.firstRule(for: entry.capabilities))]
        for (name, _) in files where FileManager.default.fileExists(atPath: base.appendingPathComponent(name).path) {
            printError("error: \(base.appendingPathComponent(name).path) already exists; inboxbot init never overwrites")
            throw ExitCode(1)
        }
        for (name, text) in files {
            let url = base.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            print("wrote \(url.path)")
        }
        print("Next: set \(entry.credentials), check the rules with 'inboxbot validate --platform \(entry.name) rules', then 'inboxbot run --dry-run'.")
    }
}
