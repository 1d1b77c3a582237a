import ArgumentParser
import InboxBotApp
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotPlatforms
import Logging

/// The configured platform's connector, for commands that only read from it (replay,
/// explain). A problem is printed as one error line and ends the command with status 1.
enum ReadOnlyConnection {
    static func open(_ configuration: WorkerConfiguration, environment: [String: String], label: String) throws -> (PlatformEntry, any Connector) {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        do {
            return try WorkerRunner.connector(configuration, environment: environment, logger: logger)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
