import InboxBotCore

extension PlatformCapabilities {
    /// TextUs (Next API), an SMS platform: messages and their delivery states, completed
    /// phone calls, assignments and open or closed conversations; no tags and no WhatsApp
    /// templates (see docs/platforms/textus.md).
    public static let textus = PlatformCapabilities(
        name: "textus", title: "TextUs",
        eventTypes: [.messageReceived, .messageSent, .messageStatus, .callAnswered, .callMissed,
                     .conversationCreated, .conversationAssigned, .conversationClosed, .conversationReopened],
        unsupportedActions: [
            "tag": "TextUs has no tags (its Next API has none)",
            "untag": "TextUs has no tags (its Next API has none)",
            "send_template": "TextUs sends SMS and has no WhatsApp templates; use send_text",
            "run_flow": "TextUs has no flows to run",
            "assign_team": "TextUs assigns users, not teams",
            "set_contact_property": "inboxbot knows no documented TextUs call that sets a contact's fields",
        ],
        platformStatuses: [("open", .open), ("closed", .closed)], hasTags: false, idPrefix: "textus:", opensConversationsByTexting: true)
}
