import Foundation

/// The lines of a JSON Lines file or of standard input, read a megabyte at a time, so a
/// replay's memory does not grow with the file. Each line comes with its 1-based number,
/// without its newline.
enum EventLines {
    /// Reads `path` ("-" for standard input) line by line; false when it cannot be opened.
    static func read(_ path: String, _ body: (_ number: Int, _ line: UnsafeRawBufferPointer) -> Void) -> Bool {
        guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else { return false }
        defer { if path != "-" { try? handle.close() } }
        var pending = Data()
        var number = 0
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            pending.append(chunk)
            let consumed = pending.withUnsafeBytes { forEachLine(in: $0, complete: false, from: &number, body) }
            pending.removeSubrange(0..<consumed)
        }
        pending.withUnsafeBytes { _ = forEachLine(in: $0, complete: true, from: &number, body) }
        return true
    }

    /// The lines of data already in memory.
    static func forEach(in data: Data, _ body: (_ number: Int, _ line: UnsafeRawBufferPointer) -> Void) {
        var number = 0
        data.withUnsafeBytes { _ = forEachLine(in: $0, complete: true, from: &number, body) }
    }

    /// Calls `body` for each line ended by a newline (and the last one too when `complete`);
    /// returns how many bytes it used.
    private static func forEachLine(in bytes: UnsafeRawBufferPointer, complete: Bool, from number: inout Int,
                                    _ body: (Int, UnsafeRawBufferPointer) -> Void) -> Int {
        var start = 0
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else { break }
            number += 1
            body(number, UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
            start = newline + 1
        }
        if complete, start < bytes.count {
            number += 1
            body(number, UnsafeRawBufferPointer(rebasing: bytes[start...]))
            start = bytes.count
        }
        return start
    }
}
