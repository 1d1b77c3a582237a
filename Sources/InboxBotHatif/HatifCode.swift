/// A Voxa enum, sent as a number in lists and as a name in single reads.
protocol HatifCode: Sendable, Hashable {
    init?(number: Int)
    init?(name: String)
}

/// Enums whose raw values are Voxa's numbers and whose case names are its names, in any case.
protocol HatifNamedCode: HatifCode, CaseIterable, RawRepresentable where RawValue == Int {
    /// The cases by their lowercased names: `static let namesLowercased = lowercasedNames()`,
    /// worked out once (found by printing each case, for each code read, it was 0.6% of the
    /// worker's time).
    static var namesLowercased: [String: Self] { get }
}

extension HatifNamedCode {
    init?(number: Int) { self.init(rawValue: number) }

    init?(name: String) {
        guard let match = Self.namesLowercased[name.lowercased()] else { return nil }
        self = match
    }

    static func lowercasedNames() -> [String: Self] {
        Dictionary(allCases.map { ("\($0)".lowercased(), $0) }) { first, _ in first }
    }
}

/// Conversation status: 1 Open, 2 Closed.
enum HatifConversationStatus: Int, HatifNamedCode {
    case open = 1
    case closed = 2

    static let namesLowercased = lowercasedNames()
}

/// What a timeline event is: 1 Call, 2 WhatsApp, 3 Assignation.
enum HatifSourceType: Int, HatifNamedCode {
    case call = 1
    case whatsApp = 2
    case assignation = 3

    static let namesLowercased = lowercasedNames()
}

/// 1 Inbound, 2 Outbound, 3 Internal.
enum HatifDirection: Int, HatifNamedCode {
    case inbound = 1
    case outbound = 2
    case `internal` = 3

    static let namesLowercased = lowercasedNames()
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
