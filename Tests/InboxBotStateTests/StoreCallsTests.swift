import Testing
@testable import InboxBotState

/// A store call runs on the calling thread only when nothing of its kind is under way and
/// nothing ended just before it (as in a burst, where the async hand-off lets commits gather).
@Suite struct StoreCallsTests {
    let start = ContinuousClock.now + .seconds(1)
    let quiet = Duration.microseconds(200)

    @Test func aWriteRunsHereOnlyWhenTheWriterIsFreeAndHasBeenQuiet() {
        let calls = StoreCalls(readers: 5, quiet: quiet)
        #expect(calls.enterWrite(at: start), "alone, long after the last")
        #expect(!calls.enterWrite(at: start), "another under way: this one goes through the queue")
        calls.leaveWrite(at: start)
        calls.leaveWrite(at: start + .microseconds(50))
        #expect(!calls.enterWrite(at: start + .microseconds(100)), "right behind the last: as in a burst")
        calls.leaveWrite(at: start + .microseconds(100))
        #expect(calls.enterWrite(at: start + .microseconds(400)), "quiet again")
    }

    @Test func readsRunHereWhileAReaderIsFreeAndReadsHaveBeenQuiet() {
        let calls = StoreCalls(readers: 2, quiet: quiet)
        #expect(calls.enterRead(at: start))
        #expect(calls.enterRead(at: start), "the second reader is free")
        #expect(!calls.enterRead(at: start), "no reader free: it would wait")
        for _ in 0..<3 { calls.leaveRead(at: start) }
        #expect(!calls.enterRead(at: start + .microseconds(100)))
        calls.leaveRead(at: start + .microseconds(100))
        #expect(calls.enterRead(at: start + .microseconds(300)))
        #expect(calls.enterWrite(at: start + .microseconds(300)), "writes are counted apart from reads")
    }
}
