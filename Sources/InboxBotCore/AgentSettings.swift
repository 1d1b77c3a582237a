/// `agents:`: what the bot knows of an agent when assigning from a pool: at most how many
/// open conversations they take, and their own working hours.
public struct AgentSettings: Sendable, Hashable {
    public var user: String
    /// Open conversations assigned to them at which they take no more from a pool.
    public var capacity: Int?
    /// A calendar's name: outside its opening hours they take none from a pool.
    public var calendar: String?
    public var location: SourceLocation?

    public init(user: String, capacity: Int? = nil, calendar: String? = nil, location: SourceLocation? = nil) {
        self.user = user
        self.capacity = capacity
        self.calendar = calendar
        self.location = location
    }
}
