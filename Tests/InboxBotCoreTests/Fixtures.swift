import Foundation
@testable import InboxBotCore

/// Builders for events and rules, so each test states only what it is about.
enum Fixtures {
    static func time(_ text: String) -> Date {
        guard let date = Timestamp.parse(text) else { fatalError("bad fixture time \(text)") }
        return date
    }

    static func message(
        _ body: String? = "hello",
        id: String = "e-1",
        type: EventType = .messageReceived,
        at time: String = "2026-03-17T12:00:00Z",
        direction: Direction = .inbound,
        messageType: MessageType = .text,
        conversation: ConversationSnapshot = ConversationSnapshot(id: "c-1")
    ) -> Event {
        Event(id: id, type: type, time: Self.time(time), conversation: conversation,
              message: Message(direction: direction, type: messageType, body: body))
    }

    static func rule(
        _ id: String = "r",
        on types: [String] = ["message.received"],
        if condition: Condition = .always,
        then actions: [Action.Kind] = [.tag(["t"])],
        policy: FiringPolicy = FiringPolicy()
    ) -> Rule {
        let triggers = types.map { text -> Trigger in
            guard case .success(let pattern) = EventPattern.parse(text) else { fatalError("bad pattern \(text)") }
            return .event(pattern, location: nil)
        }
        return Rule(id: id, triggers: triggers, condition: condition, actions: actions.map { Action($0) }, policy: policy)
    }

    static func compile(_ rules: [Rule], calendars: [CalendarDefinition] = []) -> CompiledRuleSet {
        let output = RuleCompiler.compile(RuleSet(rules: rules, calendars: calendars))
        guard let ruleSet = output.ruleSet else { fatalError("fixture rules do not compile: \(output.diagnostics)") }
        return ruleSet
    }

    static func template(_ text: String) -> TextTemplate {
        guard case .success(let template) = TextTemplate.parse(text) else { fatalError("bad template \(text)") }
        return template
    }

    /// Rule ids that decide to act on the event.
    static func firing(_ ruleSet: CompiledRuleSet, _ event: Event, at now: Date? = nil, history: FiringLedger = FiringLedger()) -> [String] {
        ruleSet.evaluate(event, at: now ?? event.time, history: history).decisions.map(\.ruleID)
    }

    static func holds(_ kind: Condition.Kind, _ event: Event, calendars: [CalendarDefinition] = []) -> Bool {
        let ruleSet = compile([rule(on: ["*"], if: Condition(kind))], calendars: calendars)
        return !firing(ruleSet, event).isEmpty
    }
}
