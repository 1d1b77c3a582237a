import Foundation

/// A condition in the form the evaluator runs: sets become bit masks, text is folded,
/// regexes are compiled, and the children of `all` and `any` are tried cheapest first.
///
/// It has the same shape as the `Condition` it came from, node for node, so that an
/// explanation can walk both side by side and report in the order the rule was written.
indirect enum CompiledCondition: Sendable {
    case all([CompiledCondition], order: [Int])
    case any([CompiledCondition], order: [Int])
    case not(CompiledCondition)
    case eventTypes(UInt32)
    case platform(Set<String>)
    case status(UInt32)
    case tags(CompiledTagTest)
    case direction(UInt32)
    case unread(Comparison)
    case channel(Set<[UInt8]>)
    case assigneeNone
    case assigneeAny
    case assigneeIn(Set<[UInt8]>)
    case messageType(UInt32)
    case text(TextSource, [CompiledTextOperation])
    case deliveryStatus(UInt32)
    case callStatus(UInt32)
    case callDuration(Comparison)
    case elapsed(TimeReference, ElapsedTest)
    case calendar(BusinessCalendar, open: Bool)

    /// A rough relative cost, used to order siblings so cheap tests can short-circuit dear ones.
    var cost: Int {
        switch self {
        case .all(let children, _), .any(let children, _): children.reduce(1) { $0 + $1.cost }
        case .not(let child): child.cost
        case .text(_, let operations):
            operations.reduce(5) { total, operation in
                if case .regex = operation { return total + 100 }
                return total + 5
            }
        case .calendar: 20
        case .platform, .channel, .assigneeIn: 3
        default: 1
        }
    }
}

enum TextSource: Sendable, Hashable {
    case body
    case contactName
    case contactPhone
    case contactProperty(String)
}

enum CompiledTextOperation: Sendable {
    case equals([[UInt8]])
    case contains([[UInt8]])
    case containsAll([[UInt8]])
    case startsWith([[UInt8]])
    case endsWith([[UInt8]])
    case regex(id: Int, NSRegularExpression)
    case isSet(Bool)
}

struct CompiledTagTest: Sendable {
    var required: TagBits
    var anyOf: TagBits?
    var noneOf: TagBits
    var isEmpty: Bool?
}

/// A set of tags as bits, one per tag named anywhere in the rules.
struct TagBits: Sendable, Hashable {
    var words: [UInt64]

    init(wordCount: Int) {
        words = [UInt64](repeating: 0, count: wordCount)
    }

    mutating func insert(_ bit: Int) {
        words[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    func isSubset(of other: TagBits) -> Bool {
        for index in words.indices where words[index] & ~other.words[index] != 0 { return false }
        return true
    }

    func intersects(_ other: TagBits) -> Bool {
        for index in words.indices where words[index] & other.words[index] != 0 { return true }
        return false
    }
}

/// Bit masks over the cases of a small enum, by case order.
enum CaseMask {
    static func of<T: CaseIterable & Equatable>(_ values: some Sequence<T>) -> UInt32 {
        values.reduce(0) { $0 | bit($1) }
    }

    static func bit<T: CaseIterable & Equatable>(_ value: T) -> UInt32 {
        guard let index = T.allCases.firstIndex(of: value) else { return 0 }
        return 1 << UInt32(T.allCases.distance(from: T.allCases.startIndex, to: index))
    }
}
