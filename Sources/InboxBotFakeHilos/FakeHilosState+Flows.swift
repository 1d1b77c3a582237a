import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// `POST /api/flow/{id}/run` as platforms-more.md gives it: `{execute_for: "LIST", has_priority,
/// contact_list: [{phone}], flow_execution_variables}`, answering `201` with the execution
/// (`FlowExecutionEdit`); 404 for a flow the account does not have, 400 for a body it refuses.
/// The contact's open conversation goes into the flow (status `FLOW`), or one is started.
extension FakeHilosState {
    mutating func runFlow(_ flowID: String, _ request: FakeRequest) throws -> JSONValue {
        let body = try request.json()
        guard flows.contains(where: { $0.id == flowID }) else { throw FakeHilosError.detail(404, "Not found.") }
        guard body["execute_for"]?.string == "LIST" else { throw FakeHilosError.field("execute_for", "\"\(body["execute_for"]?.string ?? "")\" is not a valid choice.") }
        let phones = body["contact_list"]?.array?.compactMap { $0["phone"]?.string } ?? []
        guard !phones.isEmpty else { throw FakeHilosError.field("contact_list", "This list may not be empty.") }
        guard phones.allSatisfy({ $0.hasPrefix("+") && $0.count <= 20 }) else { throw FakeHilosError.field("contact_list", "Enter a valid phone number.") }
        // Read as sent: the fake's JSON reader folds keys' case, and a variable's name is the flow's.
        let raw = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
        let variables = ((raw?["flow_execution_variables"] as? [String: Any]) ?? [:]).mapValues { "\($0)" }
        let priority: Bool = if case .bool(true)? = body["has_priority"] { true } else { false }
        for phone in phones {
            let contact = addContact(phone: phone, first: "")
            if let open = conversations.values.filter({ $0.contact == contact && $0.status != "CLOSED" }).max(by: { $0.createdOn < $1.createdOn }) {
                conversations[open.id]?.status = "FLOW"
            } else {
                let id = addConversation(contact: contact, status: "FLOW", firstMessage: "", inbound: false, source: "FLOW")
                conversations[id]?.messages = []
            }
        }
        let id = makeID()
        flowRuns.append((execution: id, flow: flowID, phones: phones, variables: variables, priority: priority))
        return [
            "id": .string(id), "flow": .string(flowID), "execute_for": "LIST", "has_priority": .bool(priority),
            "flow_execution_variables": .object(variables.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
            "status": "READY", "num_contacts": .number(Double(phones.count)), "running": 0, "completed": 0, "canceled": 0, "failed": 0, "expired": 0,
            "created_on": .string(stamp(now)), "start_on": .null, "status_reason": .null,
        ]
    }
}
