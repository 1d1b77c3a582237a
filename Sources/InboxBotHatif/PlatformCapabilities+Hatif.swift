import InboxBotCore

extension PlatformCapabilities {
    /// Hatif (Voxa API): every normalized event (calls, assignments and tags from the
    /// timeline and the conversation; status changes by comparing snapshots), every action,
    /// conversations open or closed.
    public static let hatif = PlatformCapabilities(
        name: "hatif", title: "Hatif", eventTypes: Set(EventType.allCases),
        platformStatuses: [("Open", .open), ("Closed", .closed)], hasTags: true, idPrefix: "")
}
