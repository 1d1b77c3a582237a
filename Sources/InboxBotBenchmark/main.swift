import ArgumentParser
import Foundation
import InboxBotCore

// Evaluator benchmark: 200 rules of mixed conditions (a tenth with regexes) over
// generated events, on one core. Run in release mode:
//   swift run -c release inboxbot-benchmark [--events N] [--rules N] [--runs N] [--features] [--write-events FILE] [--replay RULES] [--decode]
// With --features the rules also use the lead features (words, script, sample, opt-outs,
// the WhatsApp window, per-contact and per-day once, send_limit, pools), for their cost.
// It prints the figures recorded in docs/performance.md.

/// The benchmark's options; `--help` lists them, and a wrong one stops it with the reason.
struct Options: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inboxbot-benchmark",
        abstract: "Times rule evaluation: generated rules over generated events, on one core (with --replay, a replay's own work).",
        discussion: "Build it in release mode: swift build -c release --product inboxbot-benchmark")

    @Option(help: "Events generated and evaluated per run.")
    var events = 200_000
    @Option(help: "Rules generated, a tenth with a regex.")
    var rules = 200
    @Option(help: "Timed runs after one warm-up run; the median is the figure.")
    var runs = 5
    @Flag(help: "The rules also use the lead features (words, script, sample, opt-outs, the WhatsApp window, per-contact and per-day once, send_limit, pools).")
    var features = false
    @Option(name: .customLong("write-events"), help: ArgumentHelp("Write the generated events to this file as JSON Lines and stop (to time 'inboxbot replay').", valueName: "file"))
    var eventsFile: String?
    @Option(name: .customLong("replay"), help: ArgumentHelp("Time the replay's own work instead (as 'inboxbot replay' does it, without reading a file), with the rules in this directory or file.", valueName: "rules"))
    var replayRules: String?
    @Flag(help: "Time decoding instead: the events as JSON Lines, split and decoded as 'inboxbot replay' reads a file.")
    var decode = false

    func validate() throws {
        let modes = [("--write-events", eventsFile != nil), ("--replay", replayRules != nil), ("--decode", decode)].filter(\.1).map(\.0)
        if modes.count > 1 {
            throw ValidationError("\(modes.joined(separator: " and ")) each choose what to do; give one of them")
        }
        for (name, value) in [("--events", events), ("--rules", rules), ("--runs", runs)] where !(1...100_000_000).contains(value) {
            throw ValidationError("\(name) takes a whole number from 1 to 100000000, not \(value)")
        }
    }
}

let options = Options.parseOrExit()
let eventCount = options.events
let ruleCount = options.rules
let runs = options.runs

let features = options.features
var generator = WorkloadGenerator(random: SeededRandom(seed: 2026))
generator.features = features
let ruleSet = generator.rules(count: ruleCount, regexShare: 0.1)
let compileStart = ContinuousClock.now
let output = RuleCompiler.compile(ruleSet)
let compileTime = ContinuousClock.now - compileStart
guard let compiled = output.ruleSet else {
    print("the generated rules do not compile: \(output.diagnostics.prefix(5))")
    exit(1)
}
let events = generator.events(count: eventCount)
// --write-events FILE: the same events as JSON Lines, for timing `inboxbot replay` on them.
if let path = options.eventsFile {
    let lines = Event.jsonLines(events)
    guard FileManager.default.createFile(atPath: path, contents: lines) else {
        print("cannot write \(path)")
        exit(1)
    }
    print("wrote \(events.count) events to \(path) (\(lines.count / 1_000_000) MB)")
    exit(0)
}
// --decode: splitting and decoding the events' JSON Lines.
if options.decode {
    exit(DecodeBenchmark.run(events: events, runs: runs))
}
// --replay RULES: the replay's own work over these events, with those rules.
if let rules = options.replayRules {
    exit(ReplayBenchmark.run(rulesPath: rules, events: events, runs: runs))
}
let optOuts = features ? generator.optOuts(of: events) : [:]

print("inboxbot evaluator benchmark")
print("  rules: \(ruleCount) (\(Int(Double(ruleCount) * 0.1)) with regexes\(features ? ", and the lead features; \(optOuts.count) contacts opted out" : "")), events: \(eventCount), runs: \(runs)")
print(String(format: "  compile: %.2f ms", compileTime.inSeconds * 1000))

EvaluationBenchmark.run(compiled, events: events, optOuts: optOuts, runs: runs)
