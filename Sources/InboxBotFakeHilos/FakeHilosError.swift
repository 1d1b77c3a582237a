import InboxBotCore
import InboxBotFakeSupport

/// An error answer of the fake Hilos: plain JSON, Django REST Framework style.
struct FakeHilosError: FakeFailure {
    var status: Int
    var body: JSONValue
    var retryAfter: Int?

    static func detail(_ status: Int, _ text: String, retryAfter: Int? = nil) -> FakeHilosError {
        FakeHilosError(status: status, body: ["detail": .string(text)], retryAfter: retryAfter)
    }

    static func field(_ name: String, _ text: String) -> FakeHilosError {
        FakeHilosError(status: 400, body: .object([(name, .array([.string(text)]))]))
    }
}
