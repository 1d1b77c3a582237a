/// Runs work for different conversations in parallel, at most `limit` at once, while each
/// conversation's items are handled one after another, in their order.
enum ConversationLanes {
    static func run<Item: Sendable>(
        _ items: [Item], conversation: (Item) -> String, limit: Int,
        _ body: @escaping @Sendable (Item) async throws -> Void
    ) async throws {
        var order: [String] = []
        var lanes: [String: [Item]] = [:]
        for item in items {
            let key = conversation(item)
            if lanes[key] == nil { order.append(key) }
            lanes[key, default: []].append(item)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for key in order {
                if running >= max(1, limit) {
                    try await group.next()
                    running -= 1
                }
                let lane = lanes[key] ?? []
                group.addTask { for item in lane { try await body(item) } }
                running += 1
            }
            try await group.waitForAll()
        }
    }
}
