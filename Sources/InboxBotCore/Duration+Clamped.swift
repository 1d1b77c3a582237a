extension Duration {
    /// A wait of `seconds`, held between zero and a day; for sleeps whose length comes
    /// from a header, a file or arithmetic on either.
    public static func clampedSeconds(_ seconds: Double) -> Duration {
        .microseconds((seconds * 1_000_000).clampedInt(to: 0...86_400_000_000))
    }

    /// The duration in seconds, fractions included.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
