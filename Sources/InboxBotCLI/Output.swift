import Foundation

/// Writes a line to standard error, where problems go so that standard output stays parseable.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes a line to standard output at once, bypassing buffering, for long-running commands.
func printNow(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
