import ArgumentParser
import Foundation
import InboxBotApp
import InboxBotCore
import InboxBotYAML

/// Where a lead reads times: `--tz`, else the zone of the rules' first calendar (where the
/// business is); nil when neither says, and times are then shown in UTC.
enum DisplayZone {
    static func resolve(_ tz: String?, calendarZone: @autoclosure () -> String?) throws -> TimeZone? {
        guard let name = tz ?? calendarZone() else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            let hint = Suggestion.hint(for: name, among: TimeZone.knownTimeZoneIdentifiers)
            printError("error: unknown time zone '\(name.excerpt())'" + (hint.isEmpty ? "; give an IANA name such as Asia/Riyadh" : hint))
            throw ExitCode(1)
        }
        return zone
    }

    /// The zone of the first calendar of the rules the configuration names, when they load.
    static func configuredRules(config: String) -> String? {
        let configuration = try? WorkerConfiguration.load(path: FileManager.default.fileExists(atPath: config) ? config : nil,
                                                          environment: ProcessInfo.processInfo.environment)
        guard let rules = configuration?.rules, FileManager.default.fileExists(atPath: rules) else { return nil }
        return RuleLoader.load([rules]).ruleSet?.source.calendars.first?.timeZone
    }
}
