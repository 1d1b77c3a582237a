/// A Voxa enum, sent as a number in lists and as a name in single reads.
protocol HatifCode: Sendable, Hashable {
    init?(number: Int)
    init?(name: String)
}

/// Enums whose raw values are Voxa's numbers and whose case names are its names.
extension HatifCode where Self: CaseIterable & RawRepresentable, RawValue == Int {
    init?(number: Int) { self.init(rawValue: number) }

    init?(name: String) {
        guard let match = Self.allCases.first(where: { "\($0)".caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        self = match
    }
}

/// Conversation status: 1 Open, 2 Closed.
enum HatifConversationStatus: Int, HatifCode, CaseIterable {
    case open = 1
    case closed = 2

}

/// What a timeline event is: 1 Call, 2 WhatsApp, 3 Assignation.
enum HatifSourceType: Int, HatifCode, CaseIterable {
    case call = 1
    case whatsApp = 2
    case assignation = 3

}

/// 1 Inbound, 2 Outbound, 3 Internal.
enum HatifDirection: Int, HatifCode, CaseIterable {
    case inbound = 1
    case outbound = 2
    case `internal` = 3

}

/// A code whose meaning is not needed, kept as sent (number or name).
struct HatifRawCode: HatifCode, CustomStringConvertible {
    let number: Int?
    let name: String?

    init?(number: Int) {
        self.number = number
        name = nil
    }

    init?(name: String) {
        number = nil
        self.name = name
    }

    var description: String { name ?? number.map(String.init) ?? "" }
}
