/// Numbers conversations 0, 1, 2… in the order their ids are first seen. A replay numbers
/// each event's conversation to find its state by place; a reader that numbers them on its
/// own core as it decodes (`Replayer.replay(_:numbered:)`) spares the replaying core the
/// lookup, a cache miss or three per event in a table of thousands of ids.
public struct ConversationNumbers: Sendable {
    /// A conversation's number, made only here: numbers handed to a replay come from one
    /// numbering.
    public struct Number: Sendable, Equatable {
        let value: Int
    }

    private var ids = IDNumbers()

    public init() {}

    /// The conversation's number, the next one if its id was not seen before.
    public mutating func number(of conversationID: String) -> Number {
        Number(value: ids.insert(conversationID).number)
    }
}
