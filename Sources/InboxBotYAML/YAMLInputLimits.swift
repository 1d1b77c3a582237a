import Foundation
import InboxBotCore

/// What one YAML file may cost to read. A rule, test or configuration file is a few
/// kilobytes; these bounds keep any input, however hostile, to a second or two and under
/// 200 MB, and the parsers' recursion off the end of the stack.
enum YAMLInputLimits {
    static let maximumBytes = 1 << 20
    static let maximumLineLength = 16_384
    /// Columns of indentation and open brackets (see `YAMLNesting`).
    static let maximumNesting = 200

    /// The first limit `text` breaks, as a diagnostic at its place; nil within them all.
    static func problem(in text: String, file: String) -> Diagnostic? {
        let bytes = text.utf8.count
        if bytes > maximumBytes { return tooLarge(bytes, file: file) }
        if let (line, column) = YAMLNesting.firstPlaceDeeperThan(maximumNesting, in: text) {
            return .error("the file nests too deeply (over \(maximumNesting) columns of indentation and brackets); flatten the conditions",
                          at: SourceLocation(file: file, line: line, column: column))
        }
        var line = 1
        var length = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") {
                line += 1
                length = 0
            } else if byte & 0xC0 != 0x80 {  // count characters' first bytes only
                length += 1
                if length > maximumLineLength {
                    return .error("line \(line) is longer than \(maximumLineLength) characters; break the value over several lines with a YAML block (| or >)",
                                  at: SourceLocation(file: file, line: line, column: 1))
                }
            }
        }
        return nil
    }

    static func tooLarge(_ bytes: Int, file: String) -> Diagnostic {
        .error("the file is \(bytes) bytes, over the limit of \(maximumBytes) (1 MiB); split it into several files", at: SourceLocation(file: file, line: 1, column: 1))
    }

    /// The text of the file at `path`, or the reason it cannot be read: its size is checked
    /// before it is read, so a huge file is never loaded whole.
    static func read(_ path: String) -> Result<String, Diagnostic> {
        let place = SourceLocation(file: path, line: 1, column: 1)
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumBytes {
            return .failure(tooLarge(size, file: path))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(.error("cannot read the file", at: place)) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(.error("the file is not UTF-8 text", at: place)) }
        return .success(text)
    }
}
