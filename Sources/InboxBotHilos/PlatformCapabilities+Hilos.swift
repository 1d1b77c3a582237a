import InboxBotCore

extension PlatformCapabilities {
    /// Hilos: a WhatsApp Cloud API inbox with a small public API. It lists conversations with
    /// their status, assignees, team, tags and first message only: no message list and no
    /// webhooks. Everything but a conversation's first message is found by comparing
    /// snapshots, and later messages reach inboxbot only if a Hilos flow pushes them (see
    /// docs/platforms/hilos.md). It sends WhatsApp templates and runs flows; free text has no
    /// documented endpoint.
    public static let hilos = PlatformCapabilities(
        name: "hilos", title: "Hilos",
        eventTypes: [.messageReceived, .messageSent, .conversationCreated, .conversationAssigned, .conversationTagged,
                     .conversationClosed, .conversationReopened, .conversationStatusChanged],
        unsupportedActions: [
            "send_text": "Hilos documents no way to send free text (only WhatsApp templates, and flows); use send_template",
            "create_conversation": "Hilos opens a conversation by a template sent to the number, which inboxbot does not do yet",
        ],
        platformStatuses: [("CREATED", .open), ("FLOW", .open), ("FLOW_PAUSED", .open), ("NEW", .open), ("IN_PROGRESS", .open),
                           ("RESOLVED", .pending), ("CLOSED", .closed)],
        hasTags: true, idPrefix: "hilos:", signsWebhooks: false,
        messagesUnseen: "Hilos's API shows only a conversation's first message (later ones only when a Hilos flow pushes them to inboxbot)",
        hasServiceWindow: true)
}
