import Foundation
import InboxBotCore

/// Builds a realistic mixed rule set and event stream for the evaluator benchmark.
struct WorkloadGenerator {
    var random: SeededRandom
    /// Also use the lead features (issue 17): `words`, `script`, `sample`, `contact.opted_out`,
    /// `whatsapp_window`, per-contact and per-day `once`, `send_limit`, pools with agents; each
    /// contact gets its own number, and a twentieth of them have opted out. Off, the rules and
    /// events are exactly those of the earlier runs.
    var features = false

    static let tags = (0..<40).map { "tag-\($0)" } + ["vip", "gold", "refund", "billing", "spam", "escalated", "after-hours"]
    static let channels = ["Main Line", "Sales", "Support", "VIP Line", "Riyadh Branch"]
    static let users = ["sara@acme.sa", "omar@acme.sa", "lina@acme.sa", "fahad@acme.sa", "noura@acme.sa"]
    static let keywords = ["refund", "money back", "cancel", "order", "price", "invoice", "broken", "late",
                           "استرجاع", "الغاء", "طلب", "سعر", "فاتورة", "شكوى", "متأخر", "مرحبا"]
    static let regexes = [
        "\\border\\s*#?\\d{4,}", "(cancel|stop)\\s+(my\\s+)?subscription", "\\b\\d{10}\\b", "\\b(charged|billed) twice\\b",
        "^(hi|hello|hey)\\b", "[0-9]{3}-[0-9]{4}", "ال(فاتورة|فاتوره)", "\\brefund(ed|s)?\\b", "@[a-z0-9.-]+\\.(com|sa)",
        "\\b(urgent|asap|immediately)\\b", "كم\\s+(السعر|سعر)", "\\b(iban|sa\\d{22})\\b", "(not|never)\\s+(arrived|received)",
        "\\$\\s?\\d+", "\\b(manager|supervisor)\\b", "(واتساب|whatsapp)", "\\b\\d{1,2}:\\d{2}\\b", "^\\s*(ok|okay|تمام)\\s*$",
        "(http|https)://\\S+", "\\b(thank(s| you)|شكرا)\\b",
    ]
    static let bodies = [
        "Hello, I want a refund for order #10234 please", "مرحبا، أريد استرجاع المبلغ", "Where is my order? It is late",
        "كم السعر لهذا المنتج؟", "I was charged twice this month!!", "Please cancel my subscription", "ok", "تمام",
        "The item arrived broken, I need a manager", "شكرا جزيلا على المساعدة", "Can you send the invoice to me@acme.com",
        "My number is 0501234567, call me", "Is the Riyadh branch open at 10:30?", "الفاتورة غير صحيحة، أريد التحدث مع مشرف",
        "hey there, quick question about pricing", "Thanks!", "The package never arrived", "urgent: wrong item delivered",
        "أريد إلغاء الطلب رقم ١٢٣٤", "Do you ship to Jeddah? Price for 3 items?", "", "Please see https://acme.sa/orders/1",
    ]

    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &random) < probability }

    mutating func rules(count: Int, regexShare: Double) -> RuleSet {
        let calendar = CalendarDefinition(
            name: "office", timeZone: "Asia/Riyadh",
            weekly: Dictionary(uniqueKeysWithValues: (0..<5).map { ($0, [Shift(start: 540, end: 780), Shift(start: 960, end: 1260)]) }))
        let regexRules = Int((Double(count) * regexShare).rounded())
        var rules: [Rule] = []
        for index in 0..<count {
            var leaves: [Condition] = []
            // Real rules target something: each tests two to four things.
            for _ in 0..<Int.random(in: 2...4, using: &random) { leaves.append(leaf()) }
            if index < regexRules {
                leaves.append(Condition(.body(TextTest([.matches(Self.regexes[index % Self.regexes.count], location: nil)]))))
            }
            if features { leaves.append(featureLeaf()) }
            if chance(0.15) { leaves.append(Condition(.any([leaf(), leaf()]))) }
            if chance(0.1) { leaves.append(Condition(.not(leaf()))) }
            let trigger: String = switch Int.random(in: 0..<10, using: &random) {
            case 0..<6: "message.received"
            case 6: "message.*"
            case 7: "call.*"
            case 8: "conversation.*"
            default: "*"
            }
            let pattern = Self.pattern(trigger)
            var actions = [Action(.tag([pick(Self.tags)]))]
            if chance(0.3) { actions.append(Action(.assign(.user(Self.template(pick(Self.users)))))) }
            if chance(0.2) { actions.append(Action(.sendText(Self.template("Hi {{contact.first_name | there}}, about {{conversation.id}}")))) }
            var policy = FiringPolicy()
            if chance(0.1) { policy.cooldown = .hours(1) }
            if chance(0.05) { policy.once = true }
            if features {
                if chance(0.1) { policy.samplePercent = 20 }
                if chance(0.1) { policy.once = true; policy.scope = .contact }
                if chance(0.05) { policy.once = true; policy.oncePerDay = true; policy.dayCalendar = "office" }
                if chance(0.1) { actions.append(Action(.assign(.pool(AssignmentPool(members: Array(Self.users.prefix(3)), strategy: .leastBusy, fallback: "oncall@acme.sa"))))) }
                if chance(0.05) { actions.append(Action(.optOut)) }
            }
            rules.append(Rule(
                id: "rule-\(index)", triggers: [.event(pattern, location: nil)],
                condition: Condition(.all(leaves)), actions: actions, policy: policy))
        }
        guard features else { return RuleSet(rules: rules.shuffled(using: &random), calendars: [calendar]) }
        return RuleSet(rules: rules.shuffled(using: &random), calendars: [calendar], sendLimit: SendLimit(perContactPerDay: 3, calendar: "office"),
                       agents: Self.users.prefix(3).map { AgentSettings(user: $0, capacity: 8, calendar: "office") })
    }

    /// One test of the lead features.
    mutating func featureLeaf() -> Condition {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: Condition(.body(TextTest([.words([pick(Self.keywords), pick(Self.keywords)])])))
        case 1: Condition(.body(TextTest([.script([pick([TextScript.arabic, .latin])])])))
        case 2: Condition(.optedOut(false))
        default: Condition(.serviceWindow(open: chance(0.8)))
        }
    }

    /// A twentieth of the contacts opted out, as the worker would read them for a batch.
    func optOuts(of events: [Event]) -> [String: OptOut] {
        var optOuts: [String: OptOut] = [:]
        for event in events {
            guard let number = event.conversation.contact.id.flatMap({ Int($0.dropFirst(2)) }), number % 20 == 0 else { continue }
            optOuts[ContactKey.primary(of: event.conversation)] = OptOut(at: event.time.addingTimeInterval(-86_400), eventID: "earlier", ruleID: "stop")
        }
        return optOuts
    }

    /// The generator's own constants always parse; a failure is a bug in this file.
    static func template(_ text: String) -> TextTemplate {
        switch TextTemplate.parse(text) {
        case .success(let template): return template
        case .failure(let error): preconditionFailure("benchmark template '\(text)': \(error)")
        }
    }

    static func pattern(_ text: String) -> EventPattern {
        switch EventPattern.parse(text) {
        case .success(let pattern): return pattern
        case .failure(let error): preconditionFailure("benchmark trigger '\(text)': \(error)")
        }
    }

    mutating func leaf() -> Condition {
        switch Int.random(in: 0..<14, using: &random) {
        case 0: return Condition(.status([pick(ConversationStatus.allCases)]))
        case 1: return Condition(.tags(TagTest(includes: [pick(Self.tags)])))
        case 2: return Condition(.tags(TagTest(anyOf: [pick(Self.tags), pick(Self.tags), pick(Self.tags)])))
        case 3: return Condition(.tags(TagTest(noneOf: [pick(Self.tags)])))
        case 4: return Condition(.direction([pick([Direction.inbound, .outbound])]))
        case 5: return Condition(.unread(Comparison([(pick([.atLeast, .moreThan, .lessThan]), Int.random(in: 0...5, using: &random))])))
        case 6: return Condition(.channel([pick(Self.channels)]))
        case 7: return Condition(.assignee(pick([AssigneeTest.none, .any, .oneOf([pick(Self.users), pick(Self.users)])])))
        case 8: return Condition(.messageType([pick([MessageType.text, .image, .document])]))
        case 9: return Condition(.body(TextTest([.contains([pick(Self.keywords), pick(Self.keywords)])])))
        case 10: return Condition(.contactPhone(TextTest([.startsWith([pick(["+966", "+971", "+20", "+1"])])])))
        case 11: return Condition(.contactProperty(name: "tier", TextTest([.equals([pick(["gold", "silver", "bronze"])])])))
        case 12: return Condition(.elapsed(.lastOutbound, .compare(Comparison([(.moreThan, pick([300, 1800, 7200]))]))))
        default: return Condition(chance(0.5) ? .within(calendar: "office") : .outside(calendar: "office"))
        }
    }

    mutating func events(count: Int) -> [Event] {
        let start = Date(timeIntervalSince1970: 1_773_705_600)  // 2026-03-17T00:00:00Z
        let conversations = 5_000
        return (0..<count).map { index in
            let time = start.addingTimeInterval(Double(index) * 2.5)
            var snapshot = ConversationSnapshot(
                id: "c-\(Int.random(in: 0..<conversations, using: &random))", platform: "hatif",
                status: chance(0.8) ? .open : pick(ConversationStatus.allCases),
                tags: (0..<Int.random(in: 0...4, using: &random)).map { _ in pick(Self.tags) },
                unread: Int.random(in: 0...6, using: &random),
                channel: Channel(id: "ch-\(Int.random(in: 0..<5, using: &random))", name: pick(Self.channels)),
                assignee: chance(0.4) ? nil : pick(Self.users),
                contact: Contact(id: "k-\(index % 9_000)", name: chance(0.8) ? pick(["Sara Ali", "محمد العتيبي", "John Doe", "Layla"]) : nil,
                                 phone: pick(["+966500111222", "+971501234567", "+201001234567", "+14155550100"]) + (features ? String(index % 9_000) : ""),
                                 properties: chance(0.5) ? ["tier": pick(["gold", "silver", "bronze"])] : [:]),
                createdAt: time.addingTimeInterval(-Double(Int.random(in: 60...604_800, using: &random))),
                lastInboundAt: time,
                lastOutboundAt: chance(0.7) ? time.addingTimeInterval(-Double(Int.random(in: 60...86_400, using: &random))) : nil)
            snapshot.assignedAt = snapshot.assignee == nil ? nil : snapshot.createdAt
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6:
                return Event(id: "e-\(index)", type: .messageReceived, time: time, conversation: snapshot,
                             message: Message(direction: .inbound, type: chance(0.9) ? .text : .image, body: pick(Self.bodies)))
            case 6, 7:
                return Event(id: "e-\(index)", type: .messageSent, time: time, conversation: snapshot,
                             message: Message(direction: .outbound, body: pick(Self.bodies), sender: pick(Self.users)))
            case 8:
                return Event(id: "e-\(index)", type: .callMissed, time: time, conversation: snapshot,
                             call: Call(direction: .inbound, status: .missed))
            default:
                return Event(id: "e-\(index)", type: pick([.conversationCreated, .conversationAssigned, .conversationClosed]),
                             time: time, conversation: snapshot)
            }
        }
    }
}
