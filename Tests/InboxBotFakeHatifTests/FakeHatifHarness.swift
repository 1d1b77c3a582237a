import AsyncHTTPClient
import Foundation
import InboxBotCore
@testable import InboxBotFakeHatif
@testable import InboxBotHatif

/// Starts a fake Hatif on a free loopback port and a real client pointed at it.
enum FakeHatifHarness {
    static let credentials = HatifCredentials(clientID: "inboxbot-test", clientSecret: "fake-secret")

    static func run<T: Sendable>(
        options: FakeHatif.Options = FakeHatif.Options(),
        credentials: HatifCredentials = credentials,
        requestTimeout: Double = 2,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05, maxRetryAfter: 5),
        tokenRefreshMargin: Double = 0,
        _ body: @Sendable (FakeHatif, HatifClient, Int) async throws -> T
    ) async throws -> T {
        let hatif = FakeHatif(options: options)
        return try await FakeHatifServer(hatif: hatif).serving { port in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let client = HatifClient(
                configuration: .init(baseURL: "http://127.0.0.1:\(port)", credentials: credentials, requestTimeout: requestTimeout,
                                     retry: retry, tokenRefreshMargin: tokenRefreshMargin),
                httpClient: http)
            do {
                let result = try await body(hatif, client, port)
                try await http.shutdown()
                return result
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
    }

    /// A raw HTTP call, for checking the fake itself.
    static func raw(_ method: String, _ url: String, body: String? = nil, token: String? = nil) async throws -> (status: Int, body: String) {
        let http = HTTPClient.shared
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: body.hasPrefix("{") ? "application/json" : "application/x-www-form-urlencoded")
            request.body = .bytes(.init(string: body))
        }
        let response = try await http.execute(request, timeout: .seconds(5))
        let data = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: data))
    }
}
