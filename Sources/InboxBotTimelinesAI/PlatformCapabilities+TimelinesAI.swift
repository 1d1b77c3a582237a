import InboxBotCore

extension PlatformCapabilities {
    /// TimelinesAI: WhatsApp accounts (WhatsApp Web sessions) in a shared inbox. Messages both
    /// ways, new chats, assignment by webhook; labels, close and reopen found by comparing
    /// chats; no calls, no delivery states pushed, and no WhatsApp templates (it is not the
    /// Cloud API). A conversation is opened by sending to a phone. Its webhooks are unsigned
/// (see docs/platforms/timelinesai.md).
    public static let timelinesai = PlatformCapabilities(
        name: "timelinesai", title: "TimelinesAI",
        eventTypes: [.messageReceived, .messageSent, .conversationCreated, .conversationAssigned, .conversationTagged,
                     .conversationClosed, .conversationReopened],
        unsupportedActions: [
            "send_template": "TimelinesAI sends through WhatsApp accounts, not the Cloud API, and has no templates; use send_text",
            "run_flow": "TimelinesAI's Public API has no flows to run",
            "assign_team": "TimelinesAI's Public API sets a chat's responsible teammate, not a team",
            "set_contact_property": "TimelinesAI's Public API has no contact properties",
        ],
        platformStatuses: [("open", .open), ("closed", .closed)], hasTags: true, idPrefix: "timelinesai:",
        opensConversationsByTexting: true, signsWebhooks: false)
}
