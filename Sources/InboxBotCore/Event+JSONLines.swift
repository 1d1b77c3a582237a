import Foundation

extension Event {
    /// Events as JSON Lines, one per line in the form of docs/events.md, as `replay` reads them.
    public static func jsonLines(_ events: [Event]) -> Data {
        var writer = EventJSONWriter()
        for event in events {
            writer.write(event)
            writer.newline()
        }
        return Data(writer.bytes)
    }
}
