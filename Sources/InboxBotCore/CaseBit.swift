/// An enum whose cases map to bits, looked up without allocating on the hot path.
protocol CaseBit: CaseIterable, Hashable {
    static var bits: [Self: UInt32] { get }
}

extension CaseBit {
    static func makeBits() -> [Self: UInt32] {
        Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($0.element, UInt32(1) << UInt32($0.offset)) })
    }

    var bit: UInt32 { Self.bits[self] ?? 0 }

    static func mask(_ values: some Sequence<Self>) -> UInt32 {
        values.reduce(0) { $0 | $1.bit }
    }
}

extension EventType: CaseBit { static let bits = makeBits() }
extension ConversationStatus: CaseBit { static let bits = makeBits() }
extension Direction: CaseBit { static let bits = makeBits() }
extension MessageType: CaseBit { static let bits = makeBits() }
extension DeliveryStatus: CaseBit { static let bits = makeBits() }
extension CallStatus: CaseBit { static let bits = makeBits() }
