import InboxBotCore

/// inboxbot's ids for Hilos's: `hilos:<conversation uuid>`.
enum HilosID {
    static let prefix = PlatformCapabilities.hilos.idPrefix

    static func qualified(_ id: String) -> String { prefix + id }

    static func bare(_ id: String) -> String {
        id.hasPrefix(prefix) ? String(id.dropFirst(prefix.count)) : id
    }
}
