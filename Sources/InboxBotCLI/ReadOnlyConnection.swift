import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotConnectorSupport
import InboxBotCore
import InboxBotPlatforms
import Logging

/// The configured platform's connector, for commands that only read from it (replay,
/// explain). A problem is printed as one error line and ends the command with status 1.
enum ReadOnlyConnection {
    /// The configuration from `path` when the file exists, else from the environment alone;
    /// a bad one is printed as an error and ends the command with status 1.
    static func configuration(_ path: String, environment: [String: String]) throws -> WorkerConfiguration {
        do {
            return try WorkerConfiguration.load(path: FileManager.default.fileExists(atPath: path) ? path : nil, environment: environment)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

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
