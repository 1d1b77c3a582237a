import Foundation
import InboxBotCore

/// Finds rule test files, loads the rules each names, and runs their tests.
public enum RuleTestSuite {
    /// One test file's outcome: its problems (a bad file, or rules that do not load) or its results.
    public struct FileOutcome: Sendable {
        public var path: String
        public var diagnostics: [Diagnostic]
        public var results: [RuleTestResult]

        public var failed: Bool { diagnostics.hasErrors || results.contains { !$0.passed } }
    }

    /// Test files are `*.test.yaml` and `*.test.yml` below the paths (or the files named).
    public static func testFiles(in paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        RuleLoader.files(in: paths, matching: RuleLoader.isTestFile)
    }

    /// The test files below the paths, each read and parsed (not run), with their problems.
    public static func checkFiles(in paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        let files = testFiles(in: paths).files
        return (files, files.flatMap { file in parse(file).problems })
    }

    static func parse(_ file: String) -> (file: RuleTestFileParser.File?, problems: [Diagnostic]) {
        switch YAMLInputLimits.read(file) {
        case .success(let text):
            let (parsed, problems) = RuleTestFileParser.parse(text, file: file)
            return (problems.hasErrors ? nil : parsed, problems)
        case .failure(let problem):
            return (nil, [problem])
        }
    }

    public static func run(_ paths: [String]) -> (outcomes: [FileOutcome], diagnostics: [Diagnostic]) {
        var (files, diagnostics) = testFiles(in: paths)
        if files.isEmpty, !diagnostics.hasErrors {
            diagnostics.append(.error("no test files (*.test.yaml) found; see docs/authoring.md", at: paths.first.map { SourceLocation(file: $0, line: 1, column: 1) }))
        }
        var ruleSets: [[String]: RuleLoader.Result] = [:]
        // Broken rules are reported with the first file that tests them, not again with each.
        var reportedBroken: Set<[String]> = []
        let outcomes = files.map { file -> FileOutcome in
            let (read, problems) = parse(file)
            guard let parsed = read else { return FileOutcome(path: file, diagnostics: problems, results: []) }
            let loaded = ruleSets[parsed.rulePaths] ?? RuleLoader.load(parsed.rulePaths)
            ruleSets[parsed.rulePaths] = loaded
            guard let ruleSet = loaded.ruleSet else {
                guard reportedBroken.insert(parsed.rulePaths).inserted else {
                    let again = Diagnostic.error("the rules it tests (\(parsed.rulePaths.joined(separator: ", "))) do not load; their errors are above",
                                                 at: SourceLocation(file: file, line: 1, column: 1))
                    return FileOutcome(path: file, diagnostics: problems + [again], results: [])
                }
                return FileOutcome(path: file, diagnostics: problems + loaded.diagnostics.filter { $0.severity == .error }, results: [])
            }
            let runner = RuleTestRunner(ruleSet: ruleSet)
            return FileOutcome(path: file, diagnostics: problems, results: parsed.tests.map(runner.run))
        }
        return (outcomes, diagnostics)
    }
}
