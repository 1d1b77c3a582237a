import Foundation
import InboxBotCore
import Logging

/// One JSON object per log line, for log collectors: time, level, label, message, metadata.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var pairs: [(String, JSONValue)] = [
            ("time", .string(Timestamp.format(Date()))), ("level", .string(event.level.rawValue)),
            ("label", .string(label)), ("message", .string("\(event.message)")),
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            pairs.append((key, .string("\(value)")))
        }
        FileHandle.standardError.write(Data((JSONValue.object(pairs).serialized(indent: nil) + "\n").utf8))
    }
}
