import InboxBotCore

/// `201 FlowExecutionEdit`: the run's id and status.
struct HilosFlowExecution: Decodable, Sendable {
    let id: String
    let status: String?

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: JSONKey.self)
        id = try object.decode(String.self, forKey: JSONKey("id"))
        status = object.lenientString("status")
    }
}
