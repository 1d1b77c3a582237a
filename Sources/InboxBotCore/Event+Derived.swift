import Foundation

/// Events a platform does not report, which its connector finds by comparing two snapshots
/// of a conversation (a status or tag change seen by polling). They say so, and carry when
/// they were observed, since the change itself happened at some time before.
extension Event {
    public static let derivedKey = "derived"
    public static let observedAtKey = "observed_at"
    /// On `conversation.status_changed`: the platform's status before.
    public static let previousPlatformStatusKey = "previous_platform_status"

    /// The metadata of a derived event: its source, and when the change was observed.
    public static func derivedMetadata(source: String, observedAt time: Date) -> [String: String] {
        ["source": source, derivedKey: "snapshot", observedAtKey: Timestamp.format(time)]
    }

    /// Whether the connector found this event by comparing snapshots.
    public var isDerived: Bool { metadata[Self.derivedKey] != nil }

    /// When a derived event was observed.
    public var observedAt: Date? { metadata[Self.observedAtKey].flatMap(Timestamp.parse) }
}
