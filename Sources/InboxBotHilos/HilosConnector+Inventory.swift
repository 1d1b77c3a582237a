import InboxBotCore

extension HilosConnector {
    /// Nothing is listed yet: Hilos's users, tags and templates are not read for the check.
    public func inventory() async throws -> PlatformInventory {
        PlatformInventory()
    }
}
