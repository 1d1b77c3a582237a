import ArgumentParser
import Foundation
import InboxBotFakeHatif

struct FakeHatifCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-hatif",
        abstract: "Run an in-memory Hatif (Voxa API) server for trying inboxbot without an account.",
        discussion: """
            It serves the Voxa API paths the bot uses, with a seeded workspace (two channels,
            five users, tags, conversations in Arabic and English), tokens that expire and the
            paging limits of the real API. Log in at POST /connect/token with the client id
            and secret it prints. GET /_fake/writes lists every write it received; POST
            /_fake/faults injects faults; see docs/platforms/hatif.md. Stop it with Ctrl-C.
            """
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8099

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Flag(help: "Answer with PascalCase keys, as the documentation shows, instead of the live API's camelCase.")
    var pascalCase = false

    @Option(help: "Seconds a token stays valid.")
    var tokenLifetime = 3600

    func run() async throws {
        let clientID = ProcessInfo.processInfo.environment["FAKE_HATIF_CLIENT_ID"] ?? "inboxbot-demo"
        let secret = ProcessInfo.processInfo.environment["FAKE_HATIF_CLIENT_SECRET"] ?? "fake-secret"
        let hatif = FakeHatif(options: .init(
            keyStyle: pascalCase ? .pascalCase : .camelCase, clientID: clientID, clientSecret: secret, tokenLifetimeSeconds: tokenLifetime))
        let server = FakeHatifServer(hatif: hatif)
        try await server.run(host: host, port: port, stopOnSignals: true) { bound in
            // Written straight away, unbuffered, so scripts can read the port at once.
            printNow("fake Hatif listening on http://\(host):\(bound)")
            printNow("client id: \(clientID); client secret: from FAKE_HATIF_CLIENT_SECRET (default 'fake-secret', a test value)")
        }
        printNow("fake Hatif stopped")
    }
}
