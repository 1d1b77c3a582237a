import AsyncHTTPClient
import InboxBotConnectorSupport
import Testing
@testable import InboxBotFakeHatif
@testable import InboxBotHatif

/// The worker's client for the platform keeps as many requests out at once as it is told;
/// the shared client keeps 8, which with live Hatif's sends of 0.5–0.7 s capped a worker at
/// about 13 sends a second and queued its webhooks' reads behind them.
@Suite struct PlatformClientTests {
    @Test func thePlatformClientKeepsAsManyRequestsOutAsItIsToldAndTheSharedOneEight() async throws {
        for (configuration, expected) in [(HTTPClient.Configuration.platform(connectionsPerHost: 20), 20), (.singletonConfiguration, 8)] {
            let hatif = FakeHatif(options: .init(requestLatency: 0.3...0.3))
            try await FakeHatifServer(hatif: hatif).serving { port in
                try await HTTPClient.withHTTPClient(configuration: configuration) { http in
                    let client = HatifClient(configuration: .init(baseURL: "http://127.0.0.1:\(port)", credentials: HatifCredentials(clientID: "inboxbot-test", clientSecret: "fake-secret")),
                                             httpClient: http)
                    // Logged in first, so that the reads below are all there is.
                    _ = try await client.conversations(channelID: FakeHatifSeed.mainChannel)
                    await hatif.withState { $0.mostRequestsInFlight = 0 }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<24 { group.addTask { _ = try await client.conversations(channelID: FakeHatifSeed.mainChannel) } }
                        try await group.waitForAll()
                    }
                }
            }
            #expect(await hatif.mostRequestsInFlight == expected)
        }
    }
}
