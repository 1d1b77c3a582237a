import Logging
import Synchronization

/// Log lines kept for a test to read: the level, the message and the metadata, sorted.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    var messages: [String] { lines.withLock { $0 } }
    var logger: Logger { Logger(label: "captured") { _ in Handler(log: self) } }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            log.lines.withLock { $0.append(([event.level.rawValue, "\(event.message)"] + fields).joined(separator: " ")) }
        }
    }
}
