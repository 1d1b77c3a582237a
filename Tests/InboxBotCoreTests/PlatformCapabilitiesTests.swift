import InboxBotCore
import Testing

@Suite struct PlatformCapabilitiesTests {
    static let smsOnly = PlatformCapabilities(
        name: "sms", title: "SMS", eventTypes: [.messageReceived, .messageSent, .conversationAssigned],
        unsupportedActions: ["tag": "it has no tags"], platformStatuses: [("OPEN", .open), ("CLOSED", .closed)], hasTags: false, idPrefix: "sms:")

    static func place(_ line: Int) -> InboxBotCore.SourceLocation { InboxBotCore.SourceLocation(file: "r.yaml", line: line, column: 1) }

    static func rule(_ id: String, on pattern: String = "message.received", if condition: Condition = .always, then actions: [Action]) -> Rule {
        guard case .success(let parsed) = EventPattern.parse(pattern) else { fatalError("bad pattern in test") }
        return Rule(id: id, triggers: [.event(parsed, location: place(2))], condition: condition, actions: actions, location: place(1))
    }

    @Test func actionsTriggersAndConditionsThePlatformCannotHonourAreErrorsAtTheirPlace() {
        let ruleSet = RuleSet(rules: [
            Self.rule("tagger", then: [Action(.tag(["vip"]), at: Self.place(5))]),
            Self.rule("caller", on: "call.*", then: [Action(.assign(.unassign), at: Self.place(6))]),
            Self.rule("pending", if: Condition(.status([.pending]), at: Self.place(7)), then: [Action(.assign(.unassign))]),
            Self.rule("vip-only", if: Condition(.tags(TagTest(anyOf: ["vip"])), at: Self.place(8)), then: [Action(.assign(.unassign))]),
            Self.rule("not-vip", if: Condition(.not(Condition(.tags(TagTest(anyOf: ["vip"])), at: Self.place(9)))), then: [Action(.assign(.unassign))]),
            Self.rule("none-of", if: Condition(.tags(TagTest(noneOf: ["vip"])), at: Self.place(10)), then: [Action(.assign(.unassign))]),
            Self.rule("elsewhere", if: Condition(.all([Condition(.platform(["hatif"]))])), then: [Action(.tag(["vip"]))]),
        ])
        #expect(Self.smsOnly.problems(in: ruleSet).map(\.description) == [
            "r.yaml:5:1: error: rule 'tagger': tag cannot be done on SMS: it has no tags",
            "r.yaml:2:1: error: rule 'caller': SMS produces no call.* events, so it can never run there; remove the trigger, or keep the rule to other platforms with 'platform:' in its conditions",
            "r.yaml:7:1: error: rule 'pending': this condition can never hold on SMS: its conversations are only open, closed",
            "r.yaml:8:1: error: rule 'vip-only': this condition can never hold on SMS: it has no tags",
        ], "a negated or none_of tag test always holds, and a rule kept to another platform is not checked")
    }

    @Test func aPlatformStatusThePlatformDoesNotHaveIsRefusedWithAHint() {
        let statuses = PlatformCapabilities(name: "p", title: "P", eventTypes: [.messageReceived],
                                            platformStatuses: [("IN_PROGRESS", .open), ("RESOLVED", .closed)], hasTags: true, idPrefix: "p:")
        let ruleSet = RuleSet(rules: [
            Self.rule("typo", if: Condition(.platformStatus(["IN_PROGRES"]), at: Self.place(3)), then: [Action(.assign(.unassign))]),
            Self.rule("one-of", if: Condition(.platformStatus(["in_progress", "WAITING"])), then: [Action(.assign(.unassign))]),
        ])
        #expect(statuses.problems(in: ruleSet).map(\.description) == [
            "r.yaml:3:1: error: rule 'typo': this condition can never hold on P: it has no status 'IN_PROGRES'; did you mean 'IN_PROGRESS'? (its statuses: IN_PROGRESS, RESOLVED)",
        ], "a list holds when any of its names exists (compared ignoring case)")
    }

    @Test func aPlatformThatCanDoEverythingFindsNothing() {
        let everything = PlatformCapabilities(name: "all", title: "All", eventTypes: Set(EventType.allCases),
                                              platformStatuses: ConversationStatus.allCases.map { ($0.rawValue, $0) }, hasTags: true, idPrefix: "all:")
        let ruleSet = RuleSet(rules: [Self.rule("tagger", on: "*", if: Condition(.tags(TagTest(anyOf: ["vip"]))), then: [Action(.tag(["vip"]))])])
        #expect(everything.problems(in: ruleSet).isEmpty)
    }

    @Test func theWhatsAppWindowAndFallbackTemplatesAreRefusedWhereTheyMeanNothing() {
        let noTemplates = PlatformCapabilities(
            name: "sms", title: "SMS", eventTypes: [.messageReceived], unsupportedActions: ["send_template": "SMS has no templates"],
            platformStatuses: [("OPEN", .open)], hasTags: true, idPrefix: "sms:")
        let fallback = Action(.sendTextOrTemplate((try? TextTemplate.parse("Hi").get())!, fallback: WhatsAppTemplate(name: "hi", language: "en")), at: Self.place(5))
        let ruleSet = RuleSet(rules: [
            Self.rule("window", if: Condition(.not(Condition(.serviceWindow(open: true), at: Self.place(4)))), then: [fallback]),
        ])
        #expect(noTemplates.problems(in: ruleSet).map(\.description) == [
            "r.yaml:5:1: error: rule 'window': a fallback_template cannot be sent on SMS: SMS has no templates",
            "r.yaml:4:1: error: rule 'window': whatsapp_window cannot be told on SMS: it is not WhatsApp Business and has no 24-hour window",
        ])
        let partial = PlatformCapabilities(name: "wa", title: "WA", eventTypes: [.messageReceived], platformStatuses: [("OPEN", .open)], hasTags: true,
                                           idPrefix: "wa:", messagesUnseen: "only first messages show", hasServiceWindow: true)
        #expect(partial.problems(in: ruleSet).map(\.description) == [
            "r.yaml:4:1: error: rule 'window': whatsapp_window cannot be told on WA: only first messages show, so when the customer last wrote is unknown",
        ])
        let whatsApp = PlatformCapabilities(name: "wa", title: "WA", eventTypes: [.messageReceived], platformStatuses: [("OPEN", .open)], hasTags: true,
                                            idPrefix: "wa:", hasServiceWindow: true)
        #expect(whatsApp.problems(in: ruleSet).isEmpty)
    }
}
