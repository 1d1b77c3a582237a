import ArgumentParser
import InboxBotCore
import Foundation
import InboxBotApp
import Logging

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the worker: read events, evaluate the rules, carry out the actions.",
        discussion: """
            Reads its settings from the configuration file (see 'inboxbot init'), each of which
            the environment can override (INBOXBOT_STATE and the like). The platform's
            credentials come only from the environment or files it names (Hatif: HATIF_CLIENT_ID
            and HATIF_CLIENT_SECRET or HATIF_CLIENT_SECRET_FILE; TextUs: TEXTUS_TOKEN or
            TEXTUS_TOKEN_FILE; TimelinesAI: TIMELINESAI_TOKEN or TIMELINESAI_TOKEN_FILE; Hilos:
            HILOS_API_KEY or HILOS_API_KEY_FILE). SIGTERM or Ctrl-C stops intake, finishes the
            work in hand and exits. SIGHUP reloads the rules. See docs/operations.md.
            """.reflowed
    )

    @Option(help: "The configuration file.", completion: .file())
    var config = "inboxbot.yaml"

    @Flag(help: "Read the platform and decide, but carry out nothing: log and audit 'would …' lines instead.")
    var dryRun = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let path: String? = FileManager.default.fileExists(atPath: config) ? config : nil
        if path == nil, config != "inboxbot.yaml" {
            printError("error: no configuration file at \(config); create one with 'inboxbot init'")
            throw ExitCode(1)
        }
        var configuration: WorkerConfiguration
        do {
            configuration = try WorkerConfiguration.load(path: path, environment: environment)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        if dryRun { configuration.dryRun = true }
        let format = configuration.logFormat
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            try await WorkerRunner.run(configuration, environment: environment, logger: Logger(label: "inboxbot"))
        } catch let failure as WorkerRunner.Failure {
            printError("error: \(failure)")
            throw ExitCode(1)
        }
    }
}
