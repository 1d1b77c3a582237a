import Foundation
import HTTPTypes
import Hummingbird
import InboxBotCore
import Logging
import Mustache
import NIOCore

/// The web console, served beside `/metrics` on the operations address: what the worker is
/// doing now, a conversation's history as the audit has it, and the actions that need an
/// operator, with a retry guarded by the operator token. It reads the store the commands read;
/// without a token it changes nothing.
public struct Console: Sendable {
    let store: any StateStore
    let facts: ConsoleFacts
    let token: OperatorToken?
    /// An operator's retry of a dead letter (the worker's executor: the same as `inboxbot actions retry`).
    let retry: @Sendable (String) async throws -> Void
    let clock: any WallClock
    let logger: Logger
    let library: MustacheLibrary

    public init(store: any StateStore, facts: ConsoleFacts, token: OperatorToken?, retry: @escaping @Sendable (String) async throws -> Void,
                clock: any WallClock, logger: Logger = Logger(label: "inboxbot.console")) {
        self.store = store
        self.facts = facts
        self.token = token
        self.retry = retry
        self.clock = clock
        self.logger = logger
        library = ConsoleTemplates.library()
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/console") { _, _ in
            page("now", try await ConsolePages.now(store: store, facts: facts, at: clock.now()))
        }
        router.get("/console/conversation") { request, _ in
            guard let id = request.uri.queryParameters.get("id"), !id.isEmpty, id.utf8.count <= 1024 else {
                return page("conversation", ConsolePages.Conversation(title: "Conversation", id: "(none given)", timers: [], records: []), status: .badRequest)
            }
            return page("conversation", try await ConsolePages.conversation(id, store: store))
        }
        router.get("/console/activity") { request, _ in
            let query = request.uri.queryParameters
            func field(_ name: String) -> String { String((query.get(name) ?? "").prefix(200)) }
            var response = page("activity", try await ConsolePages.activity(store: store, rule: field("rule"), conversation: field("conversation"), kind: field("kind")))
            if let refresh = HTTPField.Name("Refresh") { response.headers[refresh] = "5" }
            return response
        }
        router.get("/console/explain") { request, _ in
            guard let id = request.uri.queryParameters.get("event"), !id.isEmpty, id.utf8.count <= 1024 else {
                return page("explanation", ConsolePages.Explanation(found: false, event: "(none given)", conversation: "", link: "", version: "", lines: []),
                            status: .badRequest)
            }
            return page("explanation", try await ConsolePages.explanation(of: id, store: store, rules: await facts.rules()))
        }
        router.get("/console/rule") { request, _ in
            let id = String((request.uri.queryParameters.get("id") ?? "").prefix(200))
            let content = try await ConsolePages.rule(id, store: store, rules: await facts.rules(), tests: await facts.ruleTests(), at: clock.now())
            return page("rule", content, status: content.found ? .ok : .notFound)
        }
        router.get("/console/try") { _, _ in
            page("try", ConsolePages.trial(say: "", event: "", rules: await facts.rules(), at: clock.now()))
        }
        router.post("/console/try") { request, _ in
            var request = request
            let form = Self.form(Data(buffer: try await request.collectBody(upTo: 64 * 1024)))
            let trial = ConsolePages.trial(say: String((form["say"] ?? "").prefix(4096)), event: form["event"] ?? "", rules: await facts.rules(), at: clock.now())
            return page("try", trial, status: trial.problem == nil ? .ok : .badRequest)
        }
        router.get("/console/actions") { _, _ in
            page("actions", try await ConsolePages.actions(store: store, canRetry: token != nil, notice: nil))
        }
        router.post("/console/actions/retry") { request, _ in
            var request = request
            let form = Self.form(Data(buffer: try await request.collectBody(upTo: 16 * 1024)))
            let (status, notice) = await retry(key: form["key"] ?? "", token: form["token"])
            return page("actions", try await ConsolePages.actions(store: store, canRetry: token != nil, notice: notice), status: status)
        }
    }

    /// Retries a dead letter when the token admits it; what to tell the operator.
    func retry(key: String, token candidate: String?) async -> (HTTPResponse.Status, String) {
        guard let token else { return (.forbidden, "Retrying from the console is off: no operator token is set (INBOXBOT_CONSOLE_TOKEN).") }
        guard token.admits(candidate) else {
            logger.warning("a console retry was refused: wrong operator token")
            return (.forbidden, "Refused: that is not the operator token.")
        }
        do {
            try await retry(key)
            logger.notice("an action was retried from the console", metadata: ["key": "\(key)"])
            return (.ok, "Queued again: \(key). The worker carries it out next.")
        } catch {
            return (.notFound, "Not retried: \(error)")
        }
    }

    private func page(_ template: String, _ content: Any, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        if let policy = HTTPField.Name("Content-Security-Policy") {
            headers[policy] = "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        }
        let html = library.render(content, withTemplate: template) ?? ""
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// An `application/x-www-form-urlencoded` body's fields.
    static func form(_ body: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String { String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let name = parts.first else { continue }
            fields[decoded(name)] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return fields
    }
}
