import InboxBotCore

/// TextUs ids as inboxbot keeps them: the IRI with the platform's prefix
/// (`textus:/conversations/Pq7Lm2`), and back to the IRI for a request.
enum TextUsID {
    static let prefix = PlatformCapabilities.textus.idPrefix

    static func qualified(_ iri: String) -> String {
        prefix + iri
    }

    /// The IRI of an id, given with its prefix or without.
    static func iri(_ id: String) -> String {
        id.hasPrefix(prefix) ? String(id.dropFirst(prefix.count)) : id
    }
}
