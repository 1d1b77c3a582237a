import InboxBotCore
import Testing

/// Lines as `replay` reads them a megabyte at a time: numbered on from the last chunk, a
/// line cut off at the chunk's end left for the next unless the text is complete.
@Suite struct JSONLinesTests {
    func lines(_ text: String, complete: Bool, from start: Int = 0) -> (lines: [String], numbers: [Int], used: Int, next: Int) {
        var number = start
        var lines: [String] = [], numbers: [Int] = []
        let used = Array(text.utf8).withUnsafeBytes { bytes in
            JSONLines.forEachLine(in: bytes, complete: complete, from: &number) { at, line in
                numbers.append(at)
                lines.append(String(decoding: line, as: UTF8.self))
            }
        }
        return (lines, numbers, used, number)
    }

    @Test func linesAreNumberedAndAnUnfinishedOneWaits() {
        let partial = lines("a\n\nbc\nde", complete: false, from: 10)
        #expect(partial.lines == ["a", "", "bc"])
        #expect(partial.numbers == [11, 12, 13])
        #expect(partial.used == 6, "the unfinished 'de' is left for the next chunk")
        #expect(partial.next == 13)
        let whole = lines("a\n\nbc\nde", complete: true)
        #expect(whole.lines == ["a", "", "bc", "de"])
        #expect(whole.used == 8)
        #expect(lines("", complete: true).lines.isEmpty)
        #expect(lines("x\n", complete: true).lines == ["x"], "a final newline ends the last line, and adds none")
        #expect(lines("\n\n", complete: false).numbers == [1, 2])
    }
}
