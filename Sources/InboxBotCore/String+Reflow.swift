extension String {
    /// Help text written wrapped in the source, unwrapped for the command-line parser, which
    /// wraps it again to the terminal's width: each paragraph's lines joined into one, except
    /// lines that start with a space, `-` or `*` (examples and lists), which keep their own.
    public var reflowed: String {
        var output: [String] = []
        for line in split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let keepsItsLine = line.isEmpty || line.first == " " || line.first == "-" || line.first == "*"
            if !keepsItsLine, let last = output.last, !last.isEmpty, last.first != " " {
                output[output.count - 1] = last + " " + line
            } else {
                output.append(line)
            }
        }
        return output.joined(separator: "\n")
    }
}
