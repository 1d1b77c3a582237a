import Foundation
import Testing
@testable import InboxBotCore

/// Calendars read local time from a table of offsets worked out once; on random moments
/// from 1960 to 2120 it must give the zone's own offset, in zones with summer time, half
/// hours, abolished summer time, and standard offsets that changed.
@Suite struct ZoneOffsetsTests {
    @Test(arguments: ["Asia/Riyadh", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Tehran", "America/Sao_Paulo",
                      "Pacific/Apia", "Africa/Casablanca", "Europe/Moscow", "Asia/Kolkata", "America/St_Johns", "UTC"])
    func offsetsAreTheZonesOwn(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let offsets = ZoneOffsets(zone)
        var random = SeededRandom(seed: 2100)
        for _ in 0..<4_000 {
            let seconds = Int.random(in: -315_619_200...4_733_510_400, using: &random)
            #expect(offsets.offset(at: seconds) == zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))),
                    "\(identifier) at \(Timestamp.format(Date(timeIntervalSince1970: Double(seconds))))")
        }
        // Either side of every change.
        var moment = Date(timeIntervalSince1970: 0)
        while let next = zone.nextDaylightSavingTimeTransition(after: moment), next.timeIntervalSince1970 < 4_102_444_800 {
            let seconds = Int(next.timeIntervalSince1970)
            for probe in [seconds - 1, seconds, seconds + 1] {
                #expect(offsets.offset(at: probe) == zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(probe))), "\(identifier) at \(probe)")
            }
            moment = next
        }
    }
}
