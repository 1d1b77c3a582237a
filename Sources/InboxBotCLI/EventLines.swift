import Foundation
import InboxBotCore
import Synchronization

/// The events of a JSON Lines file or of standard input, read a megabyte at a time, so a
/// replay's memory does not grow with the file. Each line comes with its 1-based number.
enum EventLines {
    /// A line's event, or why it is not one; with the event's conversation numbered in the
    /// order first seen in the file (`ConversationNumbers`), on the reading core.
    typealias Line = (number: Int, event: Result<Event, BadLine>, conversation: ConversationNumbers.Number?)

    /// Why a file could not be read: "No such file or directory", "Is a directory".
    struct Unreadable: Error {
        var reason: String

        init(_ error: any Error) {
            let error = error as NSError
            let cause = error.userInfo[NSUnderlyingErrorKey] as? NSError ?? error
            reason = cause.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(truncatingIfNeeded: cause.code))) : cause.localizedDescription
        }
    }

    /// Reads and decodes `path` ("-" for standard input), throwing `Unreadable` when it
    /// cannot be opened or read. A thread of its own reads and decodes the file a quarter of
    /// a megabyte at a time, up to a few batches ahead of `body`, which takes the lines on
    /// another; the decoding thread also frees the lines `body` is done with, and what
    /// `retiring` hands over after each batch (what `body` let go of, such as the snapshots
    /// it replaced). Each role keeps its thread, so each frees mostly what its own malloc
    /// arena holds. `body` may change a line in place (a replay lays its overlay on the
    /// event it takes).
    static func read(_ path: String, retiring: () -> any Sendable, _ body: (inout Line) -> Void) async throws(Unreadable) {
        do {
            let handle = path == "-" ? FileHandle.standardInput : try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { if path != "-" { try? handle.close() } }
            let spent = Spent()
            let batches = BatchHandOff<[Line]>(capacity: 4)
            try await DedicatedThread.with { decodingThread in
                // The lines are taken on a second thread of their own.
                try await DedicatedThread.run { _ in
                    try await withThrowingTaskGroup { group in
                        group.addTask(executorPreference: decodingThread) {
                            try DecodingReader(handle: handle).decodeAll(into: batches, freeing: spent)
                        }
                        // What the reading core has yet to take: handed over when its lock is free.
                        var unhanded: [any Sendable] = []
                        while var batch = await batches.take() {
                            for index in batch.indices { body(&batch[index]) }
                            spent.hand(&batch, with: retiring(), keepingWhileBusy: &unhanded)
                        }
                        try await group.waitForAll()
                    }
                }
            }
        } catch {
            throw Unreadable(error)
        }
    }

    /// All of `path` ("-" for standard input), for commands that take a few events.
    static func contents(of path: String) throws(Unreadable) -> Data {
        do {
            if path == "-" { return try FileHandle.standardInput.readToEnd() ?? Data() }
            // Through a handle, whose errors carry the system's reason.
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            return try handle.readToEnd() ?? Data()
        } catch {
            throw Unreadable(error)
        }
    }

    /// What the core that takes the lines is done with, freed on the core that decoded them,
    /// whose malloc arena holds them: freed on the other core, each free takes that arena's
    /// lock, and freeing decoded events is about a fifth of the work of decoding them.
    final class Spent: Sendable {
        /// What was handed over and not yet freed (read by tests, which hold it busy).
        let pending = Mutex<[any Sendable]>([])

        /// Takes the lines (leaving none) and `others`, with what `unhanded` kept before; the
        /// last references are now here. When the reading core holds the lock, they stay in
        /// `unhanded` for the next call: waiting for it, the replaying core slept in the
        /// kernel's futex (2% of its time).
        func hand(_ lines: inout [Line], with others: any Sendable, keepingWhileBusy unhanded: inout [any Sendable]) {
            var taken: [Line] = []
            swap(&taken, &lines)
            unhanded.append(taken)
            unhanded.append(others)
            if pending.withLockIfAvailable({ $0.append(contentsOf: unhanded) }) != nil {
                // Held there now: let go of here without freeing anything.
                unhanded.removeAll(keepingCapacity: true)
            }
        }

        /// Frees what was handed over, on the calling core.
        func free() {
            var freed: [any Sendable] = []
            pending.withLock { swap(&freed, &$0) }
        }
    }

    /// Reads a file a chunk at a time and decodes its complete lines.
    private struct DecodingReader: Sendable {
        let handle: FileHandle
        var pending = Data()
        var number = 0
        var conversations = ConversationNumbers()
        var finished = false
        /// A quarter of a megabyte: a batch's events are still in the cache when taken.
        static let chunkSize = 1 << 18

        /// Hands over each chunk's lines until the end, and then says so; frees what was spent
        /// first, before each chunk: that memory is what the chunk's events are made of.
        consuming func decodeAll(into batches: BatchHandOff<[Line]>, freeing spent: Spent) throws {
            defer { batches.finish() }
            while true {
                spent.free()
                guard let lines = try next() else { return }
                batches.put(lines)
            }
        }

        /// The next chunk's complete lines; nil at the end.
        private mutating func next() throws -> [Line]? {
            guard !finished else { return nil }
            // `read(upToCount:)` throws on a read error (a directory, say); `readData(ofLength:)` traps.
            let chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            finished = chunk.isEmpty
            pending.append(chunk)
            var lines: [Line] = []
            let complete = finished
            let consumed = pending.withUnsafeBytes { bytes in
                JSONLines.forEachLine(in: bytes, complete: complete, from: &number) { number, line in
                    switch EventLines.event(line: line) {
                    case .success(let event)?: lines.append((number, .success(event), conversations.number(of: event.conversation.id)))
                    case .failure(let problem)?: lines.append((number, .failure(problem), nil))
                    case nil: break
                    }
                }
            }
            pending.removeSubrange(0..<consumed)
            return lines
        }
    }

    /// The lines of data already in memory.
    static func forEach(in data: Data, _ body: (_ number: Int, _ line: UnsafeRawBufferPointer) -> Void) {
        var number = 0
        data.withUnsafeBytes { _ = JSONLines.forEachLine(in: $0, complete: true, from: &number, body) }
    }

    /// The events of a JSON Lines file. A blank line is skipped; a malformed one is
    /// reported with its 1-based number, and reading goes on.
    static func events(in data: Data, badLine: (_ number: Int, _ reason: String) -> Void) -> [Event] {
        var events: [Event] = []
        forEach(in: data) { number, line in
            switch event(line: line) {
            case .success(let event)?: events.append(event)
            case .failure(let problem)?: badLine(number, problem.reason)
            case nil: break
            }
        }
        return events
    }

    struct BadLine: Error {
        var reason: String
    }

    /// One line's event, or why it is not one; nil for a blank line. The form's fast
    /// decoder first; JSONDecoder for what it leaves, which also words the error.
    static func event(line: UnsafeRawBufferPointer) -> Result<Event, BadLine>? {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
        if let event = EventLineDecoder.decode(line) { return .success(event) }
        do {
            return .success(try JSONDecoder().decode(Event.self, from: Data(line)))
        } catch {
            return .failure(BadLine(reason: describe(error)))
        }
    }

    /// A one-line reason for a line that does not decode.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : " at '\(keys.joined(separator: "."))'"
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            // An unknown key's message already names it.
            return context.debugDescription.hasPrefix("unknown key") ? context.debugDescription : context.debugDescription + path(context)
        case .keyNotFound(let key, let context):
            return context.debugDescription.isEmpty || context.debugDescription.hasPrefix("No value")
                ? "missing '\(key.stringValue)'\(path(context))" : context.debugDescription + path(context)
        case .typeMismatch(let type, let context):
            return "expected \(type)\(path(context))"
        case .valueNotFound(let type, let context):
            return "expected \(type), found null\(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
