import InboxBotCore
import InboxBotYAML

/// Rule test results as JUnit XML, which CI systems read: a suite per test file, a case
/// per test, a failure with the diff and the explanation.
enum JUnitReport {
    static func xml(_ outcomes: [RuleTestSuite.FileOutcome]) -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let total = outcomes.reduce(0) { $0 + max(1, $1.results.count) }
        let failures = outcomes.reduce(0) { $0 + ($1.diagnostics.hasErrors ? 1 : $1.results.filter { !$0.passed }.count) }
        lines.append("<testsuites name=\"inboxbot\" tests=\"\(total)\" failures=\"\(failures)\">")
        for outcome in outcomes {
            let path = escape(outcome.path)
            if outcome.diagnostics.hasErrors {
                lines.append("  <testsuite name=\"\(path)\" tests=\"1\" failures=\"1\">")
                lines.append("    <testcase name=\"the test file\" classname=\"\(path)\">")
                let text = outcome.diagnostics.map(\.description).joined(separator: "\n")
                lines.append("      <failure message=\"the test file has errors\">\(escape(text))</failure>")
                lines.append("    </testcase>")
                lines.append("  </testsuite>")
                continue
            }
            let failed = outcome.results.filter { !$0.passed }.count
            lines.append("  <testsuite name=\"\(path)\" tests=\"\(outcome.results.count)\" failures=\"\(failed)\">")
            for result in outcome.results {
                let name = escape(result.name)
                if result.passed {
                    lines.append("    <testcase name=\"\(name)\" classname=\"\(path)\"/>")
                    continue
                }
                lines.append("    <testcase name=\"\(name)\" classname=\"\(path)\">")
                let text = (["expected (-) and taken (+):"] + result.diff + ["why:"] + result.explanation).joined(separator: "\n")
                lines.append("      <failure message=\"\(escape(result.diff.first ?? "failed"))\">\(escape(text))</failure>")
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
