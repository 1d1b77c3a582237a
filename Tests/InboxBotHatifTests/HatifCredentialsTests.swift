import Foundation
import InboxBotCore
import Testing
@testable import InboxBotHatif

@Suite struct HatifCredentialsTests {
    @Test func fromTheEnvironment() throws {
        let credentials = try HatifCredentials.fromEnvironment(["HATIF_CLIENT_ID": "id-1", "HATIF_CLIENT_SECRET": "s3cret"])
        #expect(credentials.clientID == "id-1" && credentials.clientSecret == "s3cret")
        #expect("\(credentials)" == "HatifCredentials(clientID: id-1, clientSecret: <redacted>)")
    }

    @Test func fromAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hatif-secret-\(UUID().uuidString)")
        try "  file-secret\n".write(to: file, atomically: true, encoding: .utf8)
        let credentials = try HatifCredentials.fromEnvironment(["HATIF_CLIENT_ID": "id-2", "HATIF_CLIENT_SECRET_FILE": file.path])
        #expect(credentials.clientSecret == "file-secret")
    }

    @Test func missingOrUnreadableIsAClearError() {
        #expect(throws: HatifCredentials.LoadError.self) { try HatifCredentials.fromEnvironment([:]) }
        do {
            _ = try HatifCredentials.fromEnvironment(["HATIF_CLIENT_ID": "id"])
        } catch {
            #expect("\(error)".contains("HATIF_CLIENT_SECRET"))
        }
        do {
            _ = try HatifCredentials.fromEnvironment(["HATIF_CLIENT_ID": "id", "HATIF_CLIENT_SECRET_FILE": "/no/such/file"])
        } catch {
            #expect("\(error)" == "cannot read the client secret file /no/such/file")
        }
    }
}

@Suite struct HatifErrorTests {
    @Test(arguments: [
        (401, "{}", HatifError.unauthorized("{}")),
        (403, #"{"error":{"code":"Volo.Authorization","message":"token lacks VoxaAPIScope"}}"#, .forbidden("token lacks VoxaAPIScope")),
        (404, #"{"error":{"message":"There is no such conversation"}}"#, .notFound("There is no such conversation")),
        (503, "busy", .server(status: 503, message: "busy")),
        (403, #"{"error":{"code":"Voxa:WhatsApp:ServiceWindowExpired","message":"expired"}}"#, .serviceWindowExpired),
        (400, #"{"error":{"code":"Volo.Abp.Validation","message":"bad"}}"#, .api(status: 400, code: "Volo.Abp.Validation", message: "bad")),
    ])
    func classifies(_ status: Int, _ body: String, _ expected: HatifError) {
        #expect(HatifError.hatif(status: status, body: Data(body.utf8), retryAfter: nil) == expected)
    }

    @Test func retryAfterInSecondsOrAsADate() {
        #expect(HatifError.hatif(status: 429, body: Data(), retryAfter: "7") == .rateLimited(retryAfter: 7))
        guard case .rateLimited(let wait?) = HatifError.hatif(status: 429, body: Data(), retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT") else {
            Issue.record("an HTTP-date Retry-After was not read")
            return
        }
        #expect(wait == 0, "a date in the past means now")
    }

    @Test func onlyTransientErrorsAreRetried() {
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: 1, maxDelay: 10, maxRetryAfter: 30)
        func delay(after attempt: Int, for error: HatifError, random: Double) -> Double? {
            policy.delay(after: attempt, transient: error.isTransient, retryAfter: error.retryAfter, random: random)
        }
        #expect(delay(after: 1, for: .server(status: 500, message: ""), random: 1) == 1)
        #expect(delay(after: 2, for: .timeout, random: 0.5) == 1)
        #expect(delay(after: 3, for: .timeout, random: 1) == nil, "bounded")
        #expect(delay(after: 1, for: .forbidden(""), random: 1) == nil)
        #expect(delay(after: 1, for: .rateLimited(retryAfter: 12), random: 0) == 12)
        #expect(delay(after: 1, for: .rateLimited(retryAfter: 120), random: 0) == nil, "too long to wait in a request")
        #expect(HatifError.rateLimited(retryAfter: nil).isRateLimited && !HatifError.timeout.isRateLimited)
        #expect(HatifError.timeout.leavesOutcomeUnknown && !HatifError.forbidden("").leavesOutcomeUnknown)
    }
}
