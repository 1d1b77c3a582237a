public struct Call: Sendable, Hashable {
    public var direction: Direction
    public var status: CallStatus
    public var durationSeconds: Int

    public init(direction: Direction, status: CallStatus, durationSeconds: Int = 0) {
        self.direction = direction
        self.status = status
        self.durationSeconds = durationSeconds
    }
}
