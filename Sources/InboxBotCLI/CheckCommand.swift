import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotYAML

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Before going live: check the rules against the platform account itself (read-only).",
        discussion: """
            Loads the configuration and its rules as the worker would (every check of
            'validate --platform --config'), then reads the platform account, read-only, and
            reports every user, tag, channel and WhatsApp template the rules name that the
            account does not have, and every template given the wrong number of values (header,
            body and buttons together),
            as 'path:line:col: error: …' at the rule that names it.

            A tag a rule adds is not required where the worker creates missing tags (Hatif's
            create_missing_tags). Names with placeholders ({{…}}) are filled by events and are
            not checked. What a platform cannot list is said once, as not checked: Hatif
            lists no WhatsApp templates; TextUs is checked for users, Hilos for users and
            templates (with their number of variables), TimelinesAI for its teammates.

            'inboxbot run' logs the same findings as it starts (a dry run before anything else).

            Exits 0 when nothing is wrong, 1 otherwise. Credentials come from the environment,
            as for 'inboxbot run'.
            """.reflowed
    )

    @Option(help: "The configuration file (platform, base URL; rules unless --rules).", completion: .file())
    var config = "inboxbot.yaml"

    @Option(help: "The rules directory, instead of the configuration's.", completion: .directory)
    var rules: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let configuration = try ReadOnlyConnection.configuration(config, environment: environment)
        let (platform, connector) = try ReadOnlyConnection.open(configuration, environment: environment, label: "inboxbot.check")
        let title = platform.capabilities.title
        let loaded = RuleLoader.load([rules ?? configuration.rules], platform: platform.capabilities, endpoints: Set(configuration.endpoints.keys))
        guard let ruleSet = loaded.ruleSet, !loaded.diagnostics.hasErrors else {
            for diagnostic in loaded.diagnostics { print(diagnostic) }
            print("failed: the rules have errors; fix them before checking them against \(title)")
            throw ExitCode(1)
        }
        printError("reading \(title)'s users, tags, channels and templates (read-only)…")
        let inventory: PlatformInventory
        do {
            inventory = try await connector.inventory()
        } catch {
            print("error: cannot read from \(title): \(error)")
            throw ExitCode(1)
        }
        let problems = (loaded.diagnostics + ruleSet.source.inventoryProblems(inventory, platform: title)).sortedByLocation()
        for problem in problems { print(problem) }
        let unchecked = [("users", inventory.users == nil), ("tags", inventory.tags == nil), ("channels", inventory.channels == nil),
                         ("WhatsApp templates", inventory.templates == nil)].filter(\.1).map(\.0)
        if !unchecked.isEmpty { print("not checked on \(title): \(unchecked.joined(separator: ", ")) (not listed by the platform or not read yet)") }
        let found = [inventory.users.map { "\($0.count) users" }, inventory.tags.map { "\($0.count) tags" },
                     inventory.channels.map { "\($0.count) channels" }, inventory.templates.map { "\($0.count) templates" }].compactMap { $0 }
        let errors = problems.filter { $0.severity == .error }.count
        let summary = "\(ruleSet.ruleCount) rule\(ruleSet.ruleCount == 1 ? "" : "s") against \(title)" + (found.isEmpty ? "" : " (\(found.joined(separator: ", ")))")
            + ", \(errors) error\(errors == 1 ? "" : "s")"
        print(errors == 0 ? "ok: \(summary)" : "failed: \(summary)")
        if errors > 0 { throw ExitCode(1) }
    }
}
