import Foundation
import InboxBotCore

/// Reads rule files and directories from disk and compiles them into one rule set.
public enum RuleLoader {
    public struct Result: Sendable {
        /// Nil when there were errors.
        public var ruleSet: CompiledRuleSet?
        public var diagnostics: [Diagnostic]
        /// The rule files read, in order.
        public var files: [String]
    }

    /// Rule files are `*.yaml` and `*.yml`; test files (`*.test.yaml`) and hidden files are skipped.
    public static func ruleFiles(in paths: [String]) -> (files: [String], diagnostics: [Diagnostic]) {
        files(in: paths, matching: isRuleFile)
    }

    /// The files named, and those below the directories named that `matching` accepts, sorted.
    static func files(in paths: [String], matching: (String) -> Bool) -> (files: [String], diagnostics: [Diagnostic]) {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(.error("no such file or directory", at: SourceLocation(file: path, line: 1, column: 1)))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            // A directory given as a symlink (`current -> releases/42`, as deploy tools make)
            // is read through it; files are named by the path given.
            let found = (manager.enumerator(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)?.allObjects as? [String] ?? [])
                .filter(matching)
                .sorted()
                .map { "\(base)/\($0)" }
            files += found
        }
        return (files, diagnostics)
    }

    static func isRuleFile(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/")
        guard !components.contains(where: { $0.hasPrefix(".") }), let name = components.last else { return false }
        let isYAML = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
        return isYAML && !isTestFile(relativePath)
    }

    static func isTestFile(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/")
        guard !components.contains(where: { $0.hasPrefix(".") }), let name = components.last else { return false }
        return name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml")
    }

    /// Loads and compiles everything under `paths`. Never throws: every problem is a
    /// diagnostic. With a `platform`, rules it cannot honour are errors too.
    /// With `endpoints`, every `call` must name one of them.
    public static func load(_ paths: [String], platform: PlatformCapabilities? = nil, endpoints: Set<String>? = nil) -> Result {
        var (files, diagnostics) = ruleFiles(in: paths)
        var texts: [(file: String, text: String)] = []
        for file in files {
            switch YAMLInputLimits.read(file) {
            case .success(let read): texts.append((file, read))
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        // Lists first, from every file, so that any file may use any list.
        var lists = NamedLists()
        for (file, text) in texts { diagnostics += lists.gather(from: text, file: file) }
        var ruleSet = RuleSet()
        var contents = ""
        for (file, text) in texts {
            contents += file + "\u{0}" + text + "\u{0}"
            let (parsed, problems) = RuleFileParser.parse(text, file: file, lists: lists)
            if let first = ruleSet.sendLimit, let second = parsed.sendLimit {
                let place = first.location.map { " (first set at \($0))" } ?? ""
                diagnostics.append(.error("send_limit is set twice\(place); set it in one file", at: second.location))
            }
            ruleSet.append(parsed)
            diagnostics += problems
        }
        if files.isEmpty, !diagnostics.hasErrors {
            let place = paths.first.map { SourceLocation(file: $0, line: 1, column: 1) }
            diagnostics.append(.error("no rule files (*.yaml or *.yml) found", at: place))
        }
        if let platform { diagnostics += platform.problems(in: ruleSet) }
        if let endpoints { diagnostics += ruleSet.endpointProblems(known: endpoints) }
        return compile(ruleSet, parseDiagnostics: diagnostics, version: RuleSetVersion.of(contents), files: files)
    }

    /// Parses and compiles rule text held in memory, as from one file.
    public static func load(text: String, file: String, endpoints: Set<String>? = nil) -> Result {
        var lists = NamedLists()
        let listProblems = lists.gather(from: text, file: file)
        var (ruleSet, diagnostics) = RuleFileParser.parse(text, file: file, lists: lists)
        diagnostics = listProblems + diagnostics
        if let endpoints { diagnostics += ruleSet.endpointProblems(known: endpoints) }
        return compile(ruleSet, parseDiagnostics: diagnostics, version: RuleSetVersion.of(text), files: [file])
    }

    private static func compile(_ ruleSet: RuleSet, parseDiagnostics: [Diagnostic], version: String, files: [String]) -> Result {
        // Whole-set checks are only meaningful once every file parsed; an empty set
        // after parse errors would only repeat them.
        let output = RuleCompiler.compile(ruleSet, version: version)
        var diagnostics = parseDiagnostics
        if parseDiagnostics.hasErrors {
            diagnostics += output.diagnostics.filter { !($0.location == nil && ruleSet.rules.isEmpty) }
        } else {
            diagnostics += output.diagnostics.map { diagnostic in
                var placed = diagnostic
                if placed.location == nil, let file = files.first {
                    placed.location = SourceLocation(file: file, line: 1, column: 1)
                }
                return placed
            }
        }
        let ruleSet = diagnostics.hasErrors ? nil : output.ruleSet
        return Result(ruleSet: ruleSet, diagnostics: diagnostics.sortedByLocation(), files: files)
    }
}
