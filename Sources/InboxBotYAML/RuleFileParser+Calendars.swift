import InboxBotCore
import Yams

extension RuleFileParser {
    static let calendarKeys = ["timezone", "hours", "holidays"]
    static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// The calendars, and the names of those whose errors were reported.
    mutating func parseCalendars(_ node: Node) -> (calendars: [CalendarDefinition], broken: Set<String>) {
        guard let pairs = reader.mapping(node, "calendars") else { return ([], []) }
        var calendars: [CalendarDefinition] = [], broken: Set<String> = []
        for (name, keyNode, value) in pairs {
            if let calendar = parseCalendar(name, keyNode: keyNode, value) { calendars.append(calendar) } else { broken.insert(name) }
        }
        return (calendars, broken)
    }

    private mutating func parseCalendar(_ name: String, keyNode: Node, _ node: Node) -> CalendarDefinition? {
        guard let pairs = reader.mapping(node, "calendar '\(name)'"),
              reader.checkKeys(pairs, allowed: Self.calendarKeys, in: "calendar '\(name)'")
        else { return nil }
        let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let zoneNode = value["timezone"], let zone = reader.nonEmptyText(zoneNode, "timezone") else {
            reader.error("calendar '\(name)' needs 'timezone', such as 'timezone: Asia/Riyadh'", keyNode)
            return nil
        }
        guard let hoursNode = value["hours"], let hours = reader.mapping(hoursNode, "hours") else {
            reader.error("calendar '\(name)' needs 'hours', such as 'sun-thu: 09:00-17:00'", keyNode)
            return nil
        }
        var weekly: [Int: [Shift]] = [:]
        for (dayKey, dayKeyNode, shiftsNode) in hours {
            guard let days = Self.days(dayKey) else {
                let names = Self.dayNames + Self.dayNames.map { String($0.prefix(3)) }
                reader.error("'\(dayKey)' is not a day or a range of days\(Suggestion.hint(for: dayKey, among: names)); write sunday, sun or sun-thu", dayKeyNode)
                return nil
            }
            guard let shifts = parseShifts(shiftsNode) else { return nil }
            for day in days {
                if weekly[day] != nil {
                    reader.error("\(Self.dayNames[day]) is given hours twice", dayKeyNode)
                    return nil
                }
                weekly[day] = shifts
            }
        }
        var holidays: [ClosedRange<CivilDate>] = []
        if let holidaysNode = value["holidays"] {
            guard case .sequence(let items) = holidaysNode else {
                reader.error("holidays must be a list of dates such as 2026-03-20, or of '{ from: …, to: … }'", holidaysNode)
                return nil
            }
            for item in items {
                guard let range = parseHoliday(item) else { return nil }
                holidays.append(range)
            }
        }
        return CalendarDefinition(
            name: name, timeZone: zone, weekly: weekly, holidays: holidays,
            location: reader.location(keyNode), timeZoneLocation: reader.location(zoneNode))
    }

    /// `sunday`, `sun`, or a range such as `sun-thu` (which may wrap past Saturday).
    static func days(_ text: String) -> [Int]? {
        func day(_ name: Substring) -> Int? {
            let lowered = name.lowercased().trimmingCharacters(in: .whitespaces)
            return dayNames.firstIndex { $0 == lowered || $0.prefix(3) == lowered }
        }
        let parts = text.split(separator: "-")
        if parts.count == 1 { return day(parts[0]).map { [$0] } }
        guard parts.count == 2, let first = day(parts[0]), let last = day(parts[1]) else { return nil }
        var result = [first]
        var current = first
        while current != last {
            current = (current + 1) % 7
            result.append(current)
        }
        return result
    }

    private mutating func parseShifts(_ node: Node) -> [Shift]? {
        let texts: [String]
        if case .sequence = node {
            guard let list = reader.textList(node, "hours") else { return nil }
            texts = list
        } else {
            guard let text = reader.nonEmptyText(node, "hours") else { return nil }
            if text.lowercased() == "closed" { return [] }
            texts = text.split(separator: ",").map { String($0) }
        }
        var shifts: [Shift] = []
        for text in texts {
            guard let shift = reader.parsed(Shift.parse(text), node) else { return nil }
            if let overlap = shifts.first(where: { $0.start < shift.end && shift.start < $0.end }) {
                reader.error("shifts \(overlap) and \(shift) overlap", node)
                return nil
            }
            shifts.append(shift)
        }
        return shifts
    }

    private mutating func parseHoliday(_ node: Node) -> ClosedRange<CivilDate>? {
        func date(_ node: Node, _ what: String) -> CivilDate? {
            guard let text = reader.nonEmptyText(node, what) else { return nil }
            guard let date = CivilDate(text) else {
                reader.error("'\(text)' is not a date; write it as YYYY-MM-DD", node)
                return nil
            }
            return date
        }
        if case .mapping = node {
            guard let pairs = reader.mapping(node, "a holiday"), reader.checkKeys(pairs, allowed: ["from", "to", "name"], in: "a holiday") else { return nil }
            let value = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            guard let fromNode = value["from"], let toNode = value["to"] else {
                reader.error("a holiday range needs 'from' and 'to' dates", node)
                return nil
            }
            guard let from = date(fromNode, "from"), let to = date(toNode, "to") else { return nil }
            guard from <= to else {
                reader.error("the holiday ends (\(to)) before it starts (\(from))", toNode)
                return nil
            }
            return from...to
        }
        return date(node, "a holiday").map { $0...$0 }
    }
}
