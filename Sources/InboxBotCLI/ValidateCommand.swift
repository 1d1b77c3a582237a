import ArgumentParser
import InboxBotCore
import InboxBotYAML

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check rule files and report every problem as path:line:col.",
        discussion: """
            Takes rule files or directories (every *.yaml and *.yml below them, except *.test.yaml).
            Prints one line per problem, 'path:line:col: error: message' or '… warning: …',
            then a summary. Exits 0 when there are no errors (1 with --strict and warnings), else 1.
            """
    )

    @Argument(help: "Rule files or directories.", completion: .file())
    var paths: [String]

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(name: .shortAndLong, help: "Print only the problems, not the summary.")
    var quiet = false

    func run() throws {
        let result = RuleLoader.load(paths)
        for diagnostic in result.diagnostics {
            print(diagnostic)
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        if !quiet {
            let files = "\(result.files.count) file\(result.files.count == 1 ? "" : "s")"
            let counts = "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            if let ruleSet = result.ruleSet {
                print("ok: \(ruleSet.ruleCount) rule\(ruleSet.ruleCount == 1 ? "" : "s") in \(files), \(counts)")
            } else {
                print("failed: \(files), \(counts)")
            }
        }
        if errors > 0 || (strict && warnings > 0) {
            throw ExitCode(1)
        }
    }
}
