import Foundation
import InboxBotConnectorSupport
import InboxBotCore

/// Carries out rendered actions on Hilos.
///
/// Assignment is by member id (rules name members by email); tags are written by name, all of
/// them at once (read, merge, write), and checked in what Hilos returns; tags cannot change once
/// a conversation is CLOSED, which fails with that reason rather than being retried. WhatsApp
/// templates are found by name and language, and sent to the contact's phone with their
/// variables in Hilos's order: the header's, the body's, then the buttons'. Free text has no
/// documented endpoint, so rules using it are refused before they run.
public actor HilosPlatform: ConversationPlatform {
    public nonisolated let name = "hilos"
    let client: HilosClient
    let memory: HilosConversationMemory
    let members: RefreshingList<HilosUser, HilosError>
    /// How many pages of 100 are searched for a conversation not met yet.
    let searchPages = 20

    init(client: HilosClient, memory: HilosConversationMemory) {
        self.client = client
        self.memory = memory
        members = RefreshingList { () async throws(HilosError) in try await client.members() }
    }

    public func perform(_ action: RenderedAction, on conversation: ConversationSnapshot) async -> ActionOutcome {
        await .carryingOut(action) { try await carryOut(action, on: conversation) }
    }

    private func carryOut(_ action: RenderedAction, on conversation: ConversationSnapshot) async throws -> ActionOutcome {
        let id = HilosID.bare(conversation.id)
        switch action {
        case .assign(let email):
            guard let member = try await members.first(where: { $0.email?.caseInsensitiveCompare(email) == .orderedSame }) else {
                throw ActionRefusal("no member of the Hilos account has the email \(email)")
            }
            let edit = try await client.update(conversation: id, [("assigned", [["id": .number(Double(member.id))]])])
            try verify(edit.assigned.map { $0 == [member.id] } ?? true, action)
            return .done(detail: nil)
        case .unassign:
            let edit = try await client.update(conversation: id, [("assigned", [])])
            try verify(edit.assigned.map(\.isEmpty) ?? true, action)
            return .done(detail: nil)
        case .assignTeam(let name):
            var team: HilosTeam?
            if let name { team = try await self.team(name) }
            let value: JSONValue = team.map { .number(Double($0.id)) } ?? .null
            let edit = try await client.update(conversation: id, [("assigned_team", value)])
            try verify(edit.assignedTeam.map { $0 == team?.id } ?? true, action)
            return .done(detail: nil)
        case .addTags(let tags), .removeTags(let tags):
            let current = try await fresh(conversation)
            guard current.status != "CLOSED" else { throw ActionRefusal("Hilos locks a conversation's tags once it is CLOSED") }
            let adding: Bool = if case .addTags = action { true } else { false }
            let wanted = adding
                ? current.tags + tags.filter { tag in !current.tags.contains { $0.caseInsensitiveCompare(tag) == .orderedSame } }
                : current.tags.filter { tag in !tags.contains { $0.caseInsensitiveCompare(tag) == .orderedSame } }
            guard wanted != current.tags else { return .done(detail: "the tags were already so") }
            let edit = try await client.update(conversation: id, [("tags", .array(wanted.map { ["name": .string($0)] }))])
            try verify(edit.tags.map { Set($0.map { $0.lowercased() }) == Set(wanted.map { $0.lowercased() }) } ?? true, action)
            return .done(detail: nil)
        case .setContactProperties(let values):
            let remembered = await memory.conversation(id)
            guard let contactID = conversation.contact.id ?? remembered?.contact else {
                throw ActionRefusal("the conversation names no contact to set its meta on")
            }
            let contact = try await client.updateContact(id: contactID, meta: values)
            try verify(values.allSatisfy { contact.meta[$0.key] == $0.value }, action)
            return .done(detail: nil)
        case .optOut, .optIn, .callEndpoint:
            throw ActionRefusal.carriedOutByWorker(action)
        case .close, .reopen:
            let status = action == .close ? "CLOSED" : "IN_PROGRESS"
            let edit = try await client.update(conversation: id, [("status", .string(status))])
            try verify(edit.status.map { $0 == status } ?? true, action)
            return .done(detail: nil)
        case .sendTemplate(let template):
            let found = try await client.templates(named: template.name).filter { $0.name == template.name && ($0.status ?? "approved") == "approved" }
            guard let chosen = found.first(where: { $0.language?.lowercased() == template.language.lowercased() }) ?? found.first else {
                throw ActionRefusal("Hilos has no approved template named \(template.name) (\(template.language))")
            }
            let phone = try await phone(of: conversation)
            return .done(detail: try await send(chosen, template, to: phone))
        case .runFlow(let run):
            return .done(detail: try await start(run, for: try await phone(of: conversation)))
        case .sendText, .createConversation:
            throw ActionRefusal("Hilos documents no way to \(action.keyword == "send_text" ? "send free text" : "open a conversation this way"); use send_template")
        case .assignRoundRobin, .assignFromPool:
            throw ActionRefusal("a round-robin assignment must be resolved to one member before it reaches the connector")
        }
    }

    /// Sends the template; its message's id. A 404 means Hilos no longer takes the template.
    private func send(_ chosen: HilosTemplate, _ template: RenderedTemplate, to phone: String) async throws -> String {
        try await refusing(notFound: "Hilos refused the template \(template.name): it is not approved, or no longer exists") { () async throws(HilosError) in
            try await client.sendTemplate(id: chosen.id, phone: phone, variables: Self.variables(of: template)).messageID
        }
    }

    /// Starts the flow for the phone; the execution's id. A 404 means the account has no such flow.
    private func start(_ run: RenderedFlowRun, for phone: String) async throws -> String {
        try await refusing(notFound: "Hilos has no flow \(run.flow) (the id ends the flow's address in Hilos)") { () async throws(HilosError) in
            try await client.runFlow(id: run.flow, phone: phone, variables: run.variables, priority: run.priority).id
        }
    }

    /// What `call` answers, with Hilos's 404 as the refusal `missing`: a clear failure, not retried.
    /// (Through a `Result`: catching `.notFound` directly crashes this compiler.)
    private func refusing<Value>(notFound missing: String, _ call: () async throws(HilosError) -> Value) async throws -> Value {
        let result: Result<Value, HilosError>
        do {
            result = .success(try await call())
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let value): return value
        case .failure(.notFound): throw ActionRefusal(missing)
        case .failure(let error): throw error
        }
    }

    /// A team by name (any case) or id, among the account members' teams.
    private func team(_ name: String) async throws -> HilosTeam {
        let matches: @Sendable (HilosTeam) -> Bool = { $0.name?.caseInsensitiveCompare(name) == .orderedSame || String($0.id) == name }
        if let member = try await members.first(where: { $0.teams.contains(where: matches) }), let found = member.teams.first(where: matches) { return found }
        let known = Set(try await members.items().flatMap(\.teams).compactMap(\.name)).sorted().joined(separator: ", ")
        throw ActionRefusal("no team of the Hilos account is named \(name)" + (known.isEmpty ? " (its members list no teams)" : " (teams: \(known))"))
    }

    /// A template's variables in Hilos's order: the header's, the body's, then the buttons'.
    static func variables(of template: RenderedTemplate) -> [String] {
        var variables: [String] = []
        switch template.header {
        case .text(let text): variables.append(text)
        case .image(let url), .video(let url): variables.append(url)
        case .document(let url, _): variables.append(url)
        case nil: break
        }
        return variables + template.body + template.buttons.sorted { $0.index < $1.index }.map(\.value)
    }

    private func verify(_ applied: Bool, _ action: RenderedAction) throws {
        guard applied else { throw ActionRefusal("Hilos answered but did not \(action.summary)") }
    }

    /// The conversation as Hilos has it now, read among its contact's conversations.
    private func fresh(_ snapshot: ConversationSnapshot) async throws -> HilosConversation {
        let id = HilosID.bare(snapshot.id)
        let remembered = await memory.conversation(id)
        guard let contact = snapshot.contact.id ?? remembered?.contact else { throw ActionRefusal("the conversation names no contact to read it by") }
        guard let found = try await client.conversations(page: 1, pageSize: 100, contact: contact).results.first(where: { $0.id == id }) else {
            throw ActionRefusal("Hilos has no conversation \(id) for its contact")
        }
        await memory.remember(found)
        return found
    }

    private func phone(of conversation: ConversationSnapshot) async throws -> String {
        if let phone = conversation.contact.phone, !phone.isEmpty { return phone }
        guard let contact = conversation.contact.id else { throw ActionRefusal("the conversation names no contact to send to") }
        if let phone = await memory.contact(contact)?.phone { return phone }
        let read = try await client.contact(id: contact)
        await memory.remember(read)
        guard let phone = read.phone else { throw ActionRefusal("the contact has no phone number") }
        return phone
    }

    /// The conversation now, read among its contact's; one not met yet (after a restart) is
    /// looked for in the list, at most `searchPages` pages; nil when Hilos has none by that id.
    public func conversation(id: String) async throws -> ConversationSnapshot? {
        guard let known = try await remembered(id) else { return nil }
        return HilosEventMapper.snapshot(of: try await fresh(HilosEventMapper.snapshot(of: known)), contact: await memory.contact(known.contact))
    }

    private func remembered(_ id: String) async throws -> HilosConversation? {
        if let known = await memory.conversation(id) { return known }
        let bare = HilosID.bare(id)
        for number in 1...searchPages {
            let page = try await client.conversations(page: number, pageSize: 100)
            for conversation in page.results { await memory.remember(conversation) }
            if let found = page.results.first(where: { $0.id == bare }) { return found }
            guard page.next != nil else { break }
        }
        return nil
    }

    /// Hilos lists no messages, so whether a template went out cannot be read; whether a flow
    /// started is not read yet (its executions' contacts are listed, in a shape not confirmed).
    /// Neither is done again on a guess: each waits for an operator.
    public func settle(_ action: RenderedAction, on conversation: ConversationSnapshot, attemptedAt: Date) async throws -> Settlement {
        switch action {
        case .sendTemplate(let template):
            .cannotTell(reason: "Hilos's API lists no messages, so whether the template \(template.name) went out cannot be read")
        case .runFlow(let run):
            .cannotTell(reason: "whether the flow \(run.flow) started is not read from Hilos yet")
        default:
            throw ActionRefusal("only sends and flow runs need settling; apply \(action.summary) again")
        }
    }
}
