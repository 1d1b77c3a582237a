import Foundation

/// A rule set compiled for fast evaluation: rules indexed by the event types that trigger
/// them, text folded, regexes and calendars built once. A class: it is immutable, and
/// shared by every evaluation, timer and replay without copying its tables.
public final class CompiledRuleSet: Sendable {
    public let source: RuleSet
    /// Identifies this rule set; part of every action's idempotency key.
    public let version: String
    let rules: [CompiledRule]
    /// Per event-type ordinal, the enabled rules it triggers, in file order, with what the
    /// evaluation loop reads of each side by side.
    let candidatesByEventType: [[Candidate]]
    /// Per event-type ordinal, its candidates' gates, indexed by the facts they allow.
    let gatesByEventType: [GateIndex]
    let program: ConditionProgram
    /// The calendars by name, for business-time timers.
    let calendars: [String: BusinessCalendar]
    /// The timer triggers of the enabled rules, with their rule's id, in file order.
    let timerWaits: [TimerWait]
    /// Each rule's position by its id (the first, should two share one).
    let positionsByID: [String: Int]
    /// Whether any rule counts `once` or `cooldown` per contact: then the worker reads those firings too.
    public let hasContactScopes: Bool
    /// Whether the rule set has `send_limit`, read once per decision.
    public let limitsSends: Bool
    /// `agents:` by folded user, with their calendars built.
    let agents: [String: (capacity: Int?, calendar: BusinessCalendar?)]

    init(source: RuleSet, version: String, rules: [CompiledRule], program: ConditionProgram, calendars: [String: BusinessCalendar] = [:]) {
        self.source = source
        self.version = version
        self.rules = rules
        self.program = program
        self.calendars = calendars
        timerWaits = rules.indices.filter { rules[$0].rule.policy.enabled }.flatMap { position in
            rules[position].timerTriggers.map { TimerWait(ruleID: rules[position].rule.id, rulePosition: position, trigger: $0, calendars: calendars) }
        }
        positionsByID = Dictionary(rules.enumerated().map { ($1.rule.id, $0) }, uniquingKeysWith: { first, _ in first })
        hasContactScopes = rules.contains { $0.rule.policy.scope == .contact }
        limitsSends = source.sendLimit != nil
        agents = Dictionary(source.agents.map { (TextFolding.key($0.user), ($0.capacity, $0.calendar.flatMap { calendars[$0] })) },
                            uniquingKeysWith: { first, _ in first })
        let triggered = EventType.allCases.map { type in rules.indices.filter { rules[$0].rule.policy.enabled && rules[$0].eventTypes.contains(type) } }
        candidatesByEventType = triggered.map { positions in
            positions.map { position in
                let rest = rules[position].rest
                // A rule whose gate is all its condition has no first step: `rest` is its verdict.
                return Candidate(first: rest < 0 ? ConditionProgram.Step(node: 0, ifHolds: rest, ifNot: rest) : program.steps[Int(rest)],
                                 rest: rest, position: position, rule: rules[position])
            }
        }
        gatesByEventType = triggered.map { positions in
            GateIndex(gates: positions.map { rules[$0].gate }, ownMessages: positions.map { rules[$0].rule.policy.ownMessages }, program: program)
        }
    }

    /// A rule as the evaluation loop reads it, once its gate admits an event: the rest of its
    /// condition, where it is, and what a match of it decides when that needs no look at the
    /// rule itself (most matches: the rule, a separate object, was a cache miss at each).
    struct Candidate: Sendable {
        /// The first step of the rest of its condition, and that step itself
        /// (`ConditionProgram.passes(from:first:)`).
        let first: ConditionProgram.Step
        let rest: Int32
        private let place: Int32
        var position: Int { Int(place) }
        /// The rule's `decisionTraits`.
        let traits: Decision.Traits
        /// The rule's `decidesAlike`.
        let decidesAlike: Bool
        /// Whether a match ends the evaluation: `stop`, and not a shadow.
        let stops: Bool

        init(first: ConditionProgram.Step, rest: Int32, position: Int, rule: CompiledRule) {
            self.first = first
            self.rest = rest
            // Rule sets have far fewer than 2^31 rules; a place past that is clamped, never a trap.
            place = Int32(clamping: position)
            traits = rule.decisionTraits
            decidesAlike = rule.decidesAlike
            stops = rule.rule.policy.stop && !rule.rule.policy.shadow
        }
    }

    public var ruleCount: Int { rules.count }

    /// A pool assignment with each member's capacity, and those outside their working hours
    /// at `now` left out; with none left, the fallback, or a failure saying why.
    func staffed(_ pool: RenderedPool, at now: Date) -> Result<RenderedAction, RenderError> {
        var staffed = pool
        staffed.members = []
        for member in pool.members {
            let agent = agents[TextFolding.key(member.user)]
            if let calendar = agent?.calendar, !calendar.isOpen(at: now) {
                staffed.offDuty.append(member.user)
            } else {
                staffed.members.append(RenderedPool.Member(user: member.user, capacity: agent?.capacity))
            }
        }
        guard staffed.members.isEmpty else { return .success(.assignFromPool(staffed)) }
        if let fallback = pool.fallback { return .success(.assign(user: fallback)) }
        return .failure(RenderError("no agent of the pool (\(pool.rotation.joined(separator: ", "))) is within working hours, and the pool has no fallback"))
    }

    /// The calendar day of a moment in a calendar's zone, or in UTC when nil (or unknown,
    /// which the compiler refuses).
    func civilDay(of date: Date, calendar: String?) -> CivilDate {
        if let calendar, let business = calendars[calendar] { return business.localTime(at: date).date }
        return CivilDate(daysSinceEpoch: (date.timeIntervalSince1970 / 86_400).clampedInt(to: -1_000_000_000...1_000_000_000))
    }

    /// Rules that an event of this type triggers, in evaluation order.
    public func ruleIDs(triggeredBy type: EventType) -> [String] {
        candidatesByEventType[type.ordinal].map { rules[$0.position].rule.id }
    }
}

/// One rule with the program node of its condition.
final class CompiledRule: Sendable {
    let rule: Rule
    let index: Int
    let root: Int
    let gate: RuleGate
    /// The first step of the condition less what `gate` checks (`ConditionProgramBuilder.gate(of:)`).
    let rest: Int32
    let eventTypes: Set<EventType>
    /// Its timer triggers, in the order written.
    let timerTriggers: [TimerTrigger]
    /// Whether its policy can keep a match from acting (a sample, `once` or a cooldown): most
    /// rules have none, and skip the look at their policy and history.
    let mayBeSuppressed: Bool
    /// What its decisions carry of it (less the rule set's `countsSends`).
    let decisionTraits: Decision.Traits
    /// Whether it opts contacts out or in, which the send guard must follow.
    var changesOptOuts: Bool { decisionTraits.contains(.changesOptOuts) }
    /// Whether every match acts with the rule's own actions (`plannedOnce`) unless the send
    /// guard may withhold a send: no sample, `once` or cooldown, nothing rendered per event,
    /// no opt-out or opt-in among its actions.
    var decidesAlike: Bool { !mayBeSuppressed && renderedPerEvent.isEmpty && !changesOptOuts }
    /// The planned actions with those that render alike for every event (`Action.renderedAlike`)
    /// rendered, and the others, at `renderedPerEvent` (in order), left for each event to fill in. When
    /// all render alike, every decision of the rule shares this one array.
    let plannedOnce: [PlannedAction]
    /// The others, with how each renders (`Action.renderer`): what it renders is held by the
    /// closure, where it is read in place (read from the rule's list, it was copied, a retain
    /// for each part).
    let renderedPerEvent: [(index: Int, render: @Sendable (Event) -> Result<RenderedAction, RenderError>)]

    init(rule: Rule, index: Int, root: Int, gate: RuleGate, rest: Int32) {
        self.rule = rule
        self.index = index
        self.root = root
        self.gate = gate
        self.rest = rest
        var types = Set<EventType>()
        for trigger in rule.triggers {
            if case .event(let pattern, _) = trigger { types.formUnion(pattern.types) }
        }
        eventTypes = types
        timerTriggers = rule.triggers.compactMap { if case .timer(let trigger, _) = $0 { trigger } else { nil } }
        mayBeSuppressed = rule.policy.samplePercent != nil || rule.policy.limitsFiring
        var traits: Decision.Traits = []
        if rule.policy.shadow { traits.insert(.shadow) }
        if rule.policy.limitsFiring { traits.insert(.limitsFiring) }
        if rule.actions.contains(where: { $0.kind == .optOut || $0.kind == .optIn }) { traits.insert(.changesOptOuts) }
        decisionTraits = traits
        let alike = rule.actions.map { $0.renderedAlike(ruleID: rule.id) }
        // Filled in for each event before anyone reads it.
        let unrendered = Result<RenderedAction, RenderError>.failure(RenderError("not rendered"))
        plannedOnce = alike.enumerated().map { PlannedAction(index: $0.offset, result: $0.element ?? unrendered) }
        renderedPerEvent = alike.indices.filter { alike[$0] == nil }.map { index in
            (index, rule.actions[index].renderer(ruleID: rule.id))
        }
    }
}
