import AsyncHTTPClient
import Foundation
import InboxBotHatif
import Testing

/// `inboxbot fake hatif` as a real process: it prints its port, serves the API to the
/// real client, and stops cleanly on SIGTERM.
@Suite struct FakeHatifCommandTests {
    @Test func servesTheAPIAndStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = InboxBot.binary
        process.arguments = ["fake", "hatif", "--port", "0"]  // the CLI tests that start a fake use the older name, fake-hatif
        var environment = ProcessInfo.processInfo.environment
        environment["FAKE_HATIF_CLIENT_SECRET"] = "cli-test-secret"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The first line names the port.
        var text = ""
        let reader = output.fileHandleForReading
        while !text.contains("\n") {
            let chunk = reader.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let address = try #require(text.range(of: "http://127.0.0.1:"))
        let port = try #require(Int(text[address.upperBound...].prefix { $0.isNumber }))

        let client = HatifClient(
            configuration: .init(baseURL: "http://127.0.0.1:\(port)", credentials: HatifCredentials(clientID: "inboxbot-demo", clientSecret: "cli-test-secret")),
            httpClient: HTTPClient.shared)
        let channels = try await client.channels()
        #expect(channels.compactMap(\.name) == ["Main Line", "Support"])
        let conversations = try await client.conversations(channelID: try #require(channels.first).id)
        #expect(conversations.totalCount == 2)

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rest = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(rest.contains("fake Hatif stopped"))
        #expect(!(text + rest).contains("cli-test-secret"), "the secret is never printed")
    }
}
