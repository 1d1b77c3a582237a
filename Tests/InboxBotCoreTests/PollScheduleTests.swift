import Testing
@testable import InboxBotCore

@Suite struct PollScheduleTests {
    @Test func backsOffWhileQuietAndSnapsBackOnTraffic() {
        var schedule = PollSchedule(interval: 2, backoff: 2, maximumInterval: 10)
        #expect([0, 0, 0, 0].map { schedule.next(afterFinding: $0) } == [4, 8, 10, 10])
        #expect(schedule.next(afterFinding: 3) == 2)
        #expect(schedule.nextAfterFailure() == 4)
    }

    /// A quiet poll partway round a long list (Hilos) is not a quiet account.
    @Test func keepsPacePartwayRoundAList() {
        var schedule = PollSchedule(interval: 2, backoff: 2, maximumInterval: 10)
        #expect(schedule.next(afterFinding: 0) == 4)
        #expect(schedule.next(afterFinding: 0, moreToRead: true) == 2)
        #expect(schedule.next(afterFinding: 0, moreToRead: true) == 2)
        #expect(schedule.next(afterFinding: 0) == 4)
    }

    @Test func refusesNonsense() {
        let schedule = PollSchedule(interval: 0, backoff: 0.5, maximumInterval: -1)
        #expect(schedule.interval == 0.05 && schedule.backoff == 1 && schedule.maximumInterval == 0.05)
    }
}
