import Foundation
import InboxBotConnectorSupport
import Testing
@testable import InboxBotTimelinesAI

/// The client keeps to 50 requests a minute by default: a burst, then one every 1.2 s.
@Suite struct RequestThrottleTests {
    @Test func aBurstThenTheSteadyRate() {
        var throttle = RequestThrottle(perMinute: 50, burst: 5)
        let start = Date(timeIntervalSince1970: 1_000_000)
        let waits = (0..<8).map { _ in throttle.take(now: start) }
        #expect(waits.prefix(5).allSatisfy { $0 == 0 }, "the burst goes at once")
        #expect(abs(waits[5] - 1.2) < 1e-9 && abs(waits[6] - 2.4) < 1e-9 && abs(waits[7] - 3.6) < 1e-9, "\(waits)")
    }

    @Test func aMinuteAtTheLimitIsFiftyRequests() {
        var throttle = RequestThrottle(perMinute: 50, burst: 1)
        var now = Date(timeIntervalSince1970: 0)
        var sent = 0
        while now.timeIntervalSince1970 < 60 {
            now += throttle.take(now: now)
            if now.timeIntervalSince1970 < 60 { sent += 1 }
        }
        #expect((49...51).contains(sent), "\(sent)")
    }

    @Test(arguments: [Double.nan, .infinity, -5, 0, 1e300])
    func settingsOutOfRangeNeverTrap(_ value: Double) {
        var throttle = RequestThrottle(perMinute: value, burst: value)
        #expect(throttle.take(now: Date()).isFinite)
        #expect((1...6000).contains(throttle.perMinute))
    }
}
