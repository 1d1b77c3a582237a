/// Every platform in the suite answers as slowly as a live one: Hatif's sends were measured at
/// about 0.6 s, and a fake that answers at once hides what only waiting shows.
enum ContractLatency {
    static let send: ClosedRange<Double> = 0.3...0.6
    static let request: ClosedRange<Double> = 0.01...0.05
}
