import Foundation
import InboxBotConnectorSupport
import InboxBotCore
import NIOHTTP1

/// The Hilos API's endpoints that inboxbot uses.
extension HilosClient {
    /// One page (from 1) of the conversations, optionally one contact's; the order is not
    /// documented, so nothing is made to depend on it.
    func conversations(page: Int, pageSize: Int = 100, contact: String? = nil) async throws(HilosError) -> HilosPage<HilosConversation> {
        var query = [("page", String(max(1, page))), ("page_size", String(min(max(1, pageSize), 1000)))]
        if let contact { query.append(("contact", contact)) }
        return try decode(HilosPage<HilosConversation>.self, from: try await call(.GET, "/api/inbox/conversation", query: query, repeatability: .safe),
                          "a page of conversations")
    }

    /// Changes a conversation (`status`, `assigned`, `assigned_team`, `tags` by name) and returns
    /// it as Hilos has it now, for the caller to check.
    func update(conversation id: String, _ fields: [(String, JSONValue)]) async throws(HilosError) -> HilosConversationEdit {
        let data = try await call(.PATCH, "/api/inbox/conversation/\(try Self.uuid(id))/update", json: .object(fields), repeatability: .safe)
        return try decode(HilosConversationEdit.self, from: data, "the changed conversation")
    }

    /// The account's members, a plain array (not paged).
    func members() async throws(HilosError) -> [HilosUser] {
        try decode([HilosUser].self, from: try await call(.GET, "/api/account-member", repeatability: .safe), "the account's members")
    }

    /// Contacts whose phone, name or email matches.
    func contacts(search: String) async throws(HilosError) -> [HilosContact] {
        let data = try await call(.GET, "/api/contact", query: [("search", search), ("page_size", "20")], repeatability: .safe)
        return try decode(HilosPage<HilosContact>.self, from: data, "contacts").results
    }

    func contact(id: String) async throws(HilosError) -> HilosContact {
        try decode(HilosContact.self, from: try await call(.GET, "/api/contact/\(try Self.uuid(id))", repeatability: .safe), "a contact")
    }

    /// Merges fields into a contact's `meta` (a PATCH adds to `meta` unless told to overwrite)
    /// and returns the contact as Hilos has it now.
    func updateContact(id: String, meta: [String: String]) async throws(HilosError) -> HilosContact {
        let body: JSONValue = ["meta": .object(meta.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })]
        let data = try await call(.PATCH, "/api/contact/\(try Self.uuid(id))", json: body, repeatability: .safe)
        return try decode(HilosContact.self, from: data, "the changed contact")
    }

    /// The approved templates whose name matches (deleted ones left out).
    func templates(named name: String) async throws(HilosError) -> [HilosTemplate] {
        let data = try await call(.GET, "/api/channels/whatsapp/template", query: [("search", name), ("status", "approved"), ("page_size", "100")], repeatability: .safe)
        return try decode(HilosPage<HilosTemplate>.self, from: data, "templates").results.filter { !$0.isDeleted }
    }

    /// Every approved template, page by page (at most 50 pages of 100); deleted ones left out.
    func approvedTemplates() async throws(HilosError) -> [HilosTemplate] {
        var templates: [HilosTemplate] = []
        for page in 1...50 {
            let data = try await call(.GET, "/api/channels/whatsapp/template", query: [("status", "approved"), ("page", String(page)), ("page_size", "100")],
                                      repeatability: .safe)
            let listed = try decode(HilosPage<HilosTemplate>.self, from: data, "templates")
            templates += listed.results.filter { !$0.isDeleted }
            if listed.next == nil || listed.results.isEmpty { break }
        }
        return templates
    }

    /// Sends a template to a phone; the message's and the conversation's ids. Never retried:
    /// it may have gone out.
    func sendTemplate(id: String, phone: String, variables: [String]) async throws(HilosError) -> HilosSendReceipt {
        let data = try await call(.POST, "/api/channels/whatsapp/template/\(try Self.uuid(id))/send",
                                  json: ["phone": .string(phone), "variables": .array(variables.map { .string($0) })], repeatability: .once)
        return try decode(HilosSendReceipt.self, from: data, "a template send's receipt")
    }

    /// Runs a flow for one phone, with variables the flow reads; has_priority ends the contact's
    /// other running flows. Never retried: the flow may have started.
    func runFlow(id: String, phone: String, variables: [String: String], priority: Bool) async throws(HilosError) -> HilosFlowExecution {
        let data = try await call(.POST, "/api/flow/\(try Self.uuid(id))/run", json: [
            "execute_for": "LIST", "has_priority": .bool(priority), "contact_list": [["phone": .string(phone)]],
            "flow_execution_variables": .object(variables.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
        ], repeatability: .once)
        return try decode(HilosFlowExecution.self, from: data, "a flow run's execution")
    }

    /// An id Hilos gives (a UUID, or digits), refused if it could change the path.
    static func uuid(_ id: String) throws(HilosError) -> String {
        let bare = HilosID.bare(id)
        guard !bare.isEmpty, bare.count <= 64, bare.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw .notFound("no such id: \(id.excerpt())") }
        return bare
    }
}
