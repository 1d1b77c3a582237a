import InboxBotCore

extension PlatformCapabilities {
    /// Hatif (Voxa API): every normalized event (calls, assignments and tags from the
    /// timeline and the conversation; status changes by comparing snapshots), every action
    /// but closing and reopening (its API has no such call), conversations open or closed.
    public static let hatif = PlatformCapabilities(
        name: "hatif", title: "Hatif", eventTypes: Set(EventType.allCases).subtracting([.conversationStatusChanged]),
        unsupportedActions: [
            "close": "the Voxa API has no call that closes a conversation; agents close them in Hatif",
            "reopen": "the Voxa API has no call that reopens a conversation",
            "run_flow": "the Voxa API has no flows to run",
            "assign_team": "the Voxa API assigns users, not teams",
        ],
        platformStatuses: [("Open", .open), ("Closed", .closed)], hasTags: true, idPrefix: "", hasServiceWindow: true)
}
