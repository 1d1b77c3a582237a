public enum ConversationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case pending
    case closed
}
