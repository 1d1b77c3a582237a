import Foundation
import HTTPTypes
import Hummingbird
import InboxBotCore
import NIOCore

/// What every fake platform lets tests, the demo and its command's user do besides its API.
public protocol FakeAdministration: Actor {
    var writes: [FakeWrite] { get }
    func inject(_ fault: FakeFault)
    func clearFaults()
    /// A customer writes in a conversation (by the fake's own id); the message's id, or nil
    /// when there is no such conversation.
    func customerWrites(_ text: String, in conversation: String) -> String?
    func conversationIDs() -> [String]
    /// What went out to the customer in the conversation, oldest first.
    func sentTexts(in conversation: String) -> [String]
}

/// The admin paths every fake serves alike, under `/_fake/`: `GET writes`, `POST faults` (a
/// `FakeFault` as JSON), `DELETE faults`, `POST customer-message` with `{"conversationId",
/// "body"}`, `GET conversations` and `GET sent?conversationId=…`.
public enum FakeAdministrationRoutes {
    /// Adds them; `refuse` answers a bad request in the platform's error form.
    public static func add(to router: Router<BasicRequestContext>, fake: some FakeAdministration, refuse: @escaping @Sendable (String) -> Response) {
        router.get("/_fake/writes") { _, _ in
            json(Data((try? JSONEncoder().encode(await fake.writes)) ?? Data("[]".utf8)))
        }
        router.post("/_fake/faults") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            guard let fault = try? JSONDecoder().decode(FakeFault.self, from: Data(buffer: body)) else {
                return refuse("the body must be a fault, such as {\"kind\":\"status\",\"status\":503,\"remaining\":2}")
            }
            await fake.inject(fault)
            return json(Data("{}".utf8))
        }
        router.delete("/_fake/faults") { _, _ in
            await fake.clearFaults()
            return json(Data("{}".utf8))
        }
        router.post("/_fake/customer-message") { request, _ in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let fields = try? FakeRequest(method: "POST", path: "/_fake/customer-message", body: Data(buffer: body)).json()
            guard let id = fields?["conversationid"]?.string, let text = fields?["body"]?.string, let messageID = await fake.customerWrites(text, in: id) else {
                return refuse("give conversationId of an existing conversation, and body")
            }
            return json(Data(JSONValue.object([("eventId", .string(messageID))]).serialized(indent: nil).utf8))
        }
        router.get("/_fake/conversations") { _, _ in
            json(Data(JSONValue.array(await fake.conversationIDs().map { .string($0) }).serialized(indent: nil).utf8))
        }
        router.get("/_fake/sent") { request, _ in
            let id = request.uri.queryParameters.get("conversationId") ?? ""
            return json(Data(JSONValue.array(await fake.sentTexts(in: id).map { .string($0) }).serialized(indent: nil).utf8))
        }
    }

    static func json(_ data: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
