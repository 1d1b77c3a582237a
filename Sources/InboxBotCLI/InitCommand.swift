import ArgumentParser
import Foundation
import InboxBotApp

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter configuration and rules directory.",
        discussion: "Writes inboxbot.yaml and rules/10-first-rule.yaml into the directory, and never overwrites a file."
    )

    @Option(help: "Where to write them.", completion: .directory)
    var directory = "."

    static let firstRule = """
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
        let files = [("inboxbot.yaml", WorkerConfiguration.starter), ("rules/10-first-rule.yaml", Self.firstRule)]
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
        print("Next: set HATIF_CLIENT_ID and HATIF_CLIENT_SECRET, check the rules with 'inboxbot validate rules', then 'inboxbot run --dry-run'.")
    }
}
