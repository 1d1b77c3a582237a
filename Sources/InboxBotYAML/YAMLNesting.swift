/// A conservative pre-check of how deeply a YAML text nests, before any parser recurses into it.
///
/// For each line it counts the columns of indentation and block openers (`- `, `? `) at its
/// start, plus the open flow brackets. Real nesting is never deeper than that sum, so a file that
/// passes cannot exhaust the stack of the recursive parsers.
enum YAMLNesting {
    static func firstPlaceDeeperThan(_ limit: Int, in text: String) -> (line: Int, column: Int)? {
        var brackets = 0
        var line = 1
        var column = 0
        var atLineStart = true
        var indentation = 0
        var quote: Character?
        var previous: Character = "\n"
        for character in text {
            column += 1
            if character == "\n" {
                line += 1
                column = 0
                atLineStart = true
                indentation = 0
                previous = character
                if quote == "\n" { quote = nil }
                continue
            }
            if let open = quote {
                if character == open { quote = nil }
                previous = character
                continue
            }
            if atLineStart {
                if character == " " || character == "-" || character == "?" {
                    indentation += 1
                    previous = character
                    continue
                }
                atLineStart = false
            }
            switch character {
            case "\"", "'":
                if previous == " " || previous == "[" || previous == "{" || previous == "," || previous == ":" || indentation == column - 1 {
                    quote = character
                }
            case "#" where previous == " " || previous == "\n":
                quote = "\n"
            case "[", "{": brackets += 1
            case "]", "}": brackets = max(0, brackets - 1)
            default: break
            }
            if indentation + brackets > limit { return (line, column) }
            previous = character
        }
        return nil
    }
}
