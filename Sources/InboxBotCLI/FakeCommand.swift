import ArgumentParser
import InboxBotCore
import InboxBotPlatforms

/// `inboxbot fake PLATFORM [options]`: a platform's fake server on its own, with that
/// fake's own options (`inboxbot fake hatif --help`).
struct FakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake",
        abstract: "Run a platform's fake server on its own, for trying inboxbot without an account.",
        discussion: """
            Platforms: \(Platforms.names). What follows the platform's name goes to its fake, so
            'inboxbot fake hatif --port 8099 --traffic-per-minute 30' runs the fake Hatif;
            'inboxbot fake hatif --help' lists its options. 'inboxbot fake-hatif' is the same
            as 'inboxbot fake hatif'.
            """.reflowed
    )

    @Argument(help: ArgumentHelp("The platform: \(Platforms.names).", valueName: "platform"))
    var platform: String

    @Argument(parsing: .captureForPassthrough, help: "The fake's own options, such as --port 8099.")
    var options: [String] = []

    func validate() throws {
        _ = try Platforms.entry(forOption: platform)
    }

    func run() async throws {
        let entry = try Platforms.entry(forOption: platform)
        guard let command = entry.fakeCommand else {
            printError("error: there is no fake \(entry.capabilities.title) yet; its connector and fake come next")
            throw ExitCode(1)
        }
        var fake = try command.parseAsRoot(options)
        if var asyncFake = fake as? any AsyncParsableCommand {
            try await asyncFake.run()
        } else {
            try fake.run()
        }
    }
}
