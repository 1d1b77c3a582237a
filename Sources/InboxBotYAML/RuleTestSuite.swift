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

    public static func run(_ paths: [String]) -> (outcomes: [FileOutcome], diagnostics: [Diagnostic]) {
        var (files, diagnostics) = testFiles(in: paths)
        if files.isEmpty, !diagnostics.hasErrors {
            diagnostics.append(.error("no test files (*.test.yaml) found; see docs/authoring.md", at: paths.first.map { SourceLocation(file: $0, line: 1, column: 1) }))
        }
        var ruleSets: [[String]: RuleLoader.Result] = [:]
        let outcomes = files.map { file -> FileOutcome in
            let text: String
            switch YAMLInputLimits.read(file) {
            case .success(let read): text = read
            case .failure(let problem): return FileOutcome(path: file, diagnostics: [problem], results: [])
            }
            let (parsed, problems) = RuleTestFileParser.parse(text, file: file)
            guard !problems.hasErrors else { return FileOutcome(path: file, diagnostics: problems, results: []) }
            let loaded = ruleSets[parsed.rulePaths] ?? RuleLoader.load(parsed.rulePaths)
            ruleSets[parsed.rulePaths] = loaded
            guard let ruleSet = loaded.ruleSet else {
                return FileOutcome(path: file, diagnostics: problems + loaded.diagnostics.filter { $0.severity == .error }, results: [])
            }
            let runner = RuleTestRunner(ruleSet: ruleSet)
            return FileOutcome(path: file, diagnostics: problems, results: parsed.tests.map(runner.run))
        }
        return (outcomes, diagnostics)
    }
}
