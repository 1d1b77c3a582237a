import Foundation

/// The cursor of a poller whose state is its cursor: the state encoded. Polling on from the
/// cursor last handed out needs no decoding; any other cursor (after a hand-over that
/// failed, or a restart) is read back first, so that the same cursor gives the same events.
public struct PollerCursor<State: Codable & Sendable>: Sendable {
    private var lastHandedOut: Data?

    public init() {}

    /// The state to poll from: `current` when `cursor` is the last one handed out.
    public mutating func state(for cursor: Data, current: State) throws -> State {
        defer { lastHandedOut = nil }
        return cursor == lastHandedOut ? current : try JSONDecoder().decode(State.self, from: cursor)
    }

    /// The cursor after a poll, remembered as the last one handed out.
    public mutating func handOut(_ state: State) throws -> Data {
        let cursor = try JSONEncoder().encode(state)
        lastHandedOut = cursor
        return cursor
    }
}
