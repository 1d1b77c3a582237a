import AsyncHTTPClient
import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import Testing
@testable import InboxBotTextUs

/// The token goes only to the configured API, ids become paths only when they are plain
/// paths, and the rate-limit headers pace requests without trusting absurd values.
@Suite struct TextUsClientSafetyTests {
    let client = TextUsClient(configuration: .init(baseURL: "https://next.textus.com/", token: TextUsToken("secret-token"), account: "acme"),
                              httpClient: HTTPClient.shared)

    @Test func onlyPlainPathsAndLinksOnTheSameAPIAreFollowed() async throws {
        #expect(try await client.resolve("/conversations/Pq7Lm2/timeline") == "https://next.textus.com/conversations/Pq7Lm2/timeline")
        #expect(try await client.resolve("https://next.textus.com/acme/users?cursor=abc") == "https://next.textus.com/acme/users?cursor=abc")
        for hostile in ["https://evil.example/conversations/x", "https://next.textus.com.evil.example/x", "/conversations/../users", "/a b", "//evil.example/x",
                        "/conversations/x#frag", "conversations/x", "/conversations/\u{0}"] {
            await #expect(throws: TextUsError.self, "\(hostile)") { try await client.resolve(hostile) }
        }
        #expect(TextUsPath.iri("/conversations/Pq7Lm2", kind: "conversations") != nil)
        #expect(TextUsPath.iri("/conversations/Pq7Lm2?x=1", kind: "conversations") == nil)
        #expect(TextUsPath.iri("/users/u77", kind: "conversations") == nil)
        #expect(TextUsPath.iri("/conversations/", kind: "conversations") == nil)
    }

    @Test func theTokenIsNeverShown() throws {
        #expect("\(TextUsToken("secret-token"))" == "APIToken(<redacted>)")
        #expect(!"\(client)".contains("secret-token"))
        #expect(throws: APIToken.LoadError.self) { try APIToken.textUs(["TEXTUS_TOKEN_FILE": "/no/such/file"]) }
        #expect(throws: APIToken.LoadError.self) { try APIToken.textUs([:]) }
        #expect(try APIToken.textUs(["TEXTUS_TOKEN": " t \n"]).value == "t")
    }

    @Test func theBudgetSpreadsTheLastRequestsOverTheWindow() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        var budget = TextUsRateBudget()
        #expect(budget.pause(now: now, maximum: 30) == 0, "nothing known: no pause")
        budget.update(limit: "1000", remaining: "500", reset: "1000100", now: now)
        #expect(budget.pause(now: now, maximum: 30) == 0, "plenty left")
        budget.update(limit: "1000", remaining: "9", reset: "1000100", now: now)
        #expect(budget.pause(now: now, maximum: 30) == 10, "9 left for 100 s: one every 10 s")
        budget.update(limit: "1000", remaining: "0", reset: "1000100", now: now)
        #expect(budget.pause(now: now, maximum: 30) == 30, "none left: wait for the window, at most the maximum")
        for (remaining, reset) in [("-5", "1e300"), ("abc", "nan"), ("99999999999999999999999", "-1e300"), ("", "inf")] {
            var odd = TextUsRateBudget()
            odd.update(limit: "0", remaining: remaining, reset: reset, now: now)
            #expect(odd.pause(now: now, maximum: 30) == 0, "\(remaining) \(reset): ignored")
        }
    }

    @Test func errorAnswersKeepTheirTitleAndCodeAndReadRetryAfter() {
        let body = Data(#"{"@type":"hydra:Error","hydra:title":"Unprocessable Entity","hydra:description":"bad number","code":"invalid_number"}"#.utf8)
        #expect(TextUsError.textUs(status: 422, body: body, retryAfter: nil) == .api(status: 422, code: "invalid_number", message: "Unprocessable Entity: bad number"))
        #expect(TextUsError.textUs(status: 429, body: Data(), retryAfter: "7") == .rateLimited(retryAfter: 7))
        #expect(TextUsError.textUs(status: 429, body: Data(), retryAfter: "1e400") == .rateLimited(retryAfter: nil))
        #expect(TextUsError.textUs(status: 401, body: Data(), retryAfter: nil).refusesCredentials)
    }
}
