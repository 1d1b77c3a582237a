import InboxBotCore

extension TimelinesAIConnector {
    /// Nothing is listed yet: labels are free text on TimelinesAI (a label a rule adds is
    /// created), and its users and WhatsApp accounts are not read for the check.
    public func inventory() async throws -> PlatformInventory {
        PlatformInventory()
    }
}
