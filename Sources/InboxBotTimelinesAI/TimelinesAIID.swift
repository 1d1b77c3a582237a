import InboxBotCore

/// A chat id: an integer live (`27616435`), a string in the documentation's examples
/// (`"1000001"`). Both are read, and kept as the digits.
struct TimelinesAIID: Decodable, Sendable, Hashable, CustomStringConvertible {
    let value: String

    init(_ value: String) {
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = String(number)
        } else {
            let text = try container.decode(String.self).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, text.utf8.count <= 40 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a chat id must be a number, not '\(text.prefix(40))'")
            }
            value = text
        }
    }

    var description: String { value }

    static let prefix = PlatformCapabilities.timelinesai.idPrefix

    /// inboxbot's id for a TimelinesAI id: `timelinesai:27616435`, `timelinesai:message:<uid>`.
    static func qualified(_ id: String) -> String {
        prefix + id
    }

    /// The TimelinesAI id of an id given with inboxbot's prefix or without.
    static func bare(_ id: String) -> String {
        id.hasPrefix(prefix) ? String(id.dropFirst(prefix.count)) : id
    }
}
