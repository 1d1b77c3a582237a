import Foundation

/// Comparing times that platforms print with a precision that varies from one answer to the
/// next (`…:36Z` in one, `…:36.194355Z` in the next, for the same moment).
extension Date {
    /// The whole second the time falls in: how such times are compared.
    public var wholeSecond: Double { timeIntervalSince1970.rounded(.down) }

    /// Whether this time, as printed, is before `limit` whatever the precision: a time printed
    /// in whole seconds may have been cut off, so in `limit`'s own second it counts as not
    /// before (taking something twice is caught by its id; missing it is not).
    public func isCertainly(before limit: Date) -> Bool {
        wholeSecond < limit.wholeSecond || (self < limit && timeIntervalSince1970 != wholeSecond)
    }
}
