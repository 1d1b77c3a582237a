/// The secret that unlocks what changes state from the console (the retry button). Compared
/// in constant time, so the time an answer takes says nothing about how much of a guess was right.
public struct OperatorToken: Sendable {
    private let bytes: [UInt8]

    /// nil for no token: then nothing on the console changes state.
    public init?(_ value: String?) {
        guard let value, !value.isEmpty else { return nil }
        bytes = Array(value.utf8)
    }

    public func admits(_ candidate: String?) -> Bool {
        let given = Array((candidate ?? "").utf8)
        var difference: UInt8 = given.count == bytes.count ? 0 : 1
        for index in bytes.indices {
            difference |= bytes[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
