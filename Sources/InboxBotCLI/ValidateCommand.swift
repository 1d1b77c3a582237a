import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotPlatforms
import InboxBotYAML

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check rule files and report every problem as path:line:col.",
        discussion: """
            Takes rule files or directories (every *.yaml and *.yml below them, except *.test.yaml).
            Prints one line per problem, 'path:line:col: error: message' or '… warning: …',
            then a summary. Exits 0 when there are no errors (1 with --strict and warnings), else 1.

            With --platform, rules are also checked against what that platform can do: an
            action it cannot carry out (a tag on TextUs, which has no tags), a trigger it never
            produces, or a condition that can never hold there is an error. The worker makes
            the same check at start and on every reload. Rules whose conditions keep them to
            other platforms ('platform: hatif') are not checked.

            With --config, every 'call' must name an endpoint under 'endpoints:' there (or in
            INBOXBOT_ENDPOINT_NAME_URL), as the worker checks at start.

            Rule test files (*.test.yaml) below the paths are checked too, as files: their
            keys, times and expected actions. 'inboxbot test' runs them.
            """.reflowed
    )

    @Argument(help: "Rule files or directories.", completion: .file())
    var paths: [String]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Print only the problems, not the summary.")
    var quiet = false

    @Option(help: ArgumentHelp("Also check the rules against what this platform can do: \(Platforms.names).", valueName: "name"))
    var platform: String?

    @Option(help: "Also check 'call' actions against this configuration's endpoints.", completion: .file())
    var config: String?

    func validate() throws {
        _ = try platform.map(Platforms.entry(forOption:))
    }

    func run() throws {
        let target = try platform.map(Platforms.entry(forOption:))?.capabilities
        var endpoints: Set<String>?
        if let config {
            do {
                endpoints = Set(try WorkerConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment).endpoints.keys)
            } catch {
                print("\(error)")
                throw ExitCode(1)
            }
        }
        let result = RuleLoader.load(paths, platform: target, endpoints: endpoints)
        let (testFiles, testProblems) = RuleTestSuite.checkFiles(in: paths)
        let diagnostics = result.diagnostics + testProblems
        for diagnostic in diagnostics {
            print(diagnostic)
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if !quiet {
            let files = "\(result.files.count) file\(result.files.count == 1 ? "" : "s")"
                + (testFiles.isEmpty ? "" : " and \(testFiles.count) test file\(testFiles.count == 1 ? "" : "s")")
            let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            let forPlatform = target.map { " for \($0.title)" } ?? ""
            if let ruleSet = result.ruleSet, errors == 0 {
                print("ok: \(ruleSet.ruleCount) rule\(ruleSet.ruleCount == 1 ? "" : "s") in \(files)\(forPlatform), \(counts)")
            } else {
                print("failed: \(files), \(counts)")
            }
        }
        if errors > 0 || (strict && warnings > 0) {
            throw ExitCode(1)
        }
    }
}
