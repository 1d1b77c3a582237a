import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import Logging

/// `inboxbot register-webhooks --url URL`: registers, through the platform's API, the webhooks
/// the worker needs (TimelinesAI), leaving those already there. Platforms whose webhooks are
/// set up in their own web app say so.
struct RegisterWebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register-webhooks",
        abstract: "Register the webhooks the worker needs on the platform, where its API does that (TimelinesAI).",
        discussion: """
            Give the public address of the worker's webhook endpoint, with the worker's key
            (INBOXBOT_WEBHOOK_KEY): https://bot.example.com/webhooks/timelinesai?key=… .
            TimelinesAI signs nothing, so the key in the URL is what keeps others out. Running it
            again registers nothing twice, and enables a hook that was disabled. Hatif's and
            TextUs's webhooks are set up in their web apps (see docs/platforms/).
            """.reflowed
    )

    @Option(help: "The configuration file.", completion: .file())
    var config = "inboxbot.yaml"

    @Option(help: "The worker's webhook address as the platform reaches it, with ?key=…")
    var url: String

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var quiet = Logger(label: "inboxbot")
        quiet.logLevel = .error
        do {
            let configuration = try WorkerConfiguration.load(path: FileManager.default.fileExists(atPath: config) ? config : nil, environment: environment)
            let (platform, connector) = try WorkerRunner.connector(configuration, environment: environment, logger: quiet)
            guard let registering = connector as? any WebhookRegistration else {
                printError("error: \(platform.capabilities.title)'s webhooks are set up in its own web app, not through its API; see docs/platforms/\(platform.name).md")
                throw ExitCode(1)
            }
            guard let address = URLComponents(string: url), address.scheme == "https" || address.scheme == "http", address.host?.isEmpty == false else {
                throw ValidationError("--url must be an http(s) address, such as https://bot.example.com/webhooks/\(platform.name)?key=…")
            }
            guard address.path.hasSuffix("/webhooks/\(platform.name)") else {
                throw ValidationError("--url must end in /webhooks/\(platform.name) (the worker's path for \(platform.capabilities.title)), not \(address.path.excerpt())")
            }
            guard let key = address.queryItems?.first(where: { $0.name == "key" })?.value, !key.isEmpty else {
                throw ValidationError("--url needs the worker's key, ?key=… (INBOXBOT_WEBHOOK_KEY): \(platform.capabilities.title) signs nothing, so the key is what keeps others out")
            }
            print("registering webhooks at \(Self.redacted(url)) on \(platform.capabilities.title):")
            for line in try await registering.registerWebhooks(at: url) { print("  \(line)") }
        } catch let error as ValidationError {
            throw error
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// The URL with its key replaced, fit to print.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), let items = components.queryItems else { return url }
        components.queryItems = items.map { $0.name == "key" ? URLQueryItem(name: "key", value: "REDACTED") : $0 }
        return components.string ?? url
    }
}
