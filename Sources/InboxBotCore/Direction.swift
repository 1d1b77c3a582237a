/// Who a message or call went from and to, seen from the business.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case inbound
    case outbound
    case `internal`
}
