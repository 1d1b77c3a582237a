import Foundation

extension Event {
    /// Events as JSON Lines, one per line in the form of docs/events.md, as `replay` reads them.
    public static func jsonLines(_ events: [Event]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = Data()
        for event in events {
            lines += try encoder.encode(event)
            lines.append(0x0A)
        }
        return lines
    }
}
