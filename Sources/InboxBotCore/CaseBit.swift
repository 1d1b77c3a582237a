/// An enum whose cases map to bits, by their position in `allCases`, with no lookup: the
/// evaluator takes an event's bits for every event (a test holds each `ordinal` to the
/// case's position).
protocol CaseBit: CaseIterable, Hashable {
    /// The case's position in `allCases`.
    var ordinal: Int { get }
}

extension CaseBit {
    var bit: UInt32 { UInt32(1) << UInt32(ordinal) }

    static func mask(_ values: some Sequence<Self>) -> UInt32 {
        values.reduce(0) { $0 | $1.bit }
    }
}

extension EventType: CaseBit {
    /// A stable small integer for array-indexed lookups: the case's position.
    public var ordinal: Int {
        switch self {
        case .messageReceived: 0
        case .messageSent: 1
        case .messageStatus: 2
        case .callAnswered: 3
        case .callMissed: 4
        case .callRejected: 5
        case .callNoAnswer: 6
        case .callCancelled: 7
        case .callFailed: 8
        case .conversationCreated: 9
        case .conversationAssigned: 10
        case .conversationTagged: 11
        case .conversationClosed: 12
        case .conversationReopened: 13
        case .conversationStatusChanged: 14
        }
    }
}

extension ConversationStatus: CaseBit {
    var ordinal: Int {
        switch self {
        case .open: 0
        case .pending: 1
        case .closed: 2
        }
    }
}

extension Direction: CaseBit {
    var ordinal: Int {
        switch self {
        case .inbound: 0
        case .outbound: 1
        case .internal: 2
        }
    }
}

extension MessageType: CaseBit {
    var ordinal: Int {
        switch self {
        case .text: 0
        case .image: 1
        case .video: 2
        case .audio: 3
        case .document: 4
        case .location: 5
        case .contact: 6
        case .sticker: 7
        case .template: 8
        case .interactive: 9
        }
    }
}

extension DeliveryStatus: CaseBit {
    var ordinal: Int {
        switch self {
        case .pending: 0
        case .sent: 1
        case .delivered: 2
        case .read: 3
        case .failed: 4
        }
    }
}

extension CallStatus: CaseBit {
    var ordinal: Int {
        switch self {
        case .answered: 0
        case .missed: 1
        case .rejected: 2
        case .noAnswer: 3
        case .cancelled: 4
        case .failed: 5
        }
    }
}
