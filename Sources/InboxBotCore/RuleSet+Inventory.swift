import Foundation

extension RuleSet {
    /// An error, at its place, for every user, tag, channel and WhatsApp template the rules
    /// name that the platform does not have, and for a template given the wrong number of
    /// parameters. Names with placeholders are only known when an event fills them, and
    /// are passed over; so is every list the platform cannot give (`PlatformInventory`).
    public func inventoryProblems(_ inventory: PlatformInventory, platform title: String) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        // A tag a rule adds is reported once, at the rule that adds it (or not at all where the
        // worker creates missing tags); conditions on it and untags follow from that.
        let added = Set(rules.flatMap(\.actions).flatMap { action -> [String] in if case .tag(let tags) = action.kind { tags } else { [] } }.map(TextFolding.key))
        func user(_ name: String, _ rule: String, at location: SourceLocation?) {
            guard let users = inventory.users, !name.contains("{{") else { return }
            let known = users.contains { $0.id == name || $0.email?.caseInsensitiveCompare(name) == .orderedSame }
            guard !known else { return }
            // Emails are compared by their part before the '@', among those of the same domain:
            // 'lina@acme.sa' is no typo of 'sara@acme.sa' for sharing '@acme.sa'.
            let (local, domain) = Self.split(email: name)
            let sameDomain = users.compactMap(\.email).filter { Self.split(email: $0).domain.caseInsensitiveCompare(domain) == .orderedSame }
            let hint = Suggestion.closest(to: local, among: sameDomain.map { Self.split(email: $0).local })
                .map { closest in "; did you mean '\(closest)\(domain.isEmpty ? "" : "@" + domain)'?" } ?? ""
            problems.append(.error("\(rule)no user '\(name)' on \(title)\(hint)", at: location))
        }
        func tag(_ name: String, _ rule: String, at location: SourceLocation?, adds: Bool) {
            let key = TextFolding.key(name)
            guard let tags = inventory.tags, adds ? !inventory.createsMissingTags : !added.contains(key) else { return }
            guard !tags.contains(where: { TextFolding.key($0) == key }) else { return }
            let fix = adds ? "; create it on \(title) first, or let the worker create missing tags" : ""
            problems.append(.error("\(rule)no tag '\(name)' on \(title)\(Suggestion.hint(for: name, among: tags))\(fix)", at: location))
        }
        func channel(_ name: String, _ rule: String, at location: SourceLocation?) {
            guard let channels = inventory.channels, !name.contains("{{") else { return }
            guard !channels.contains(where: { $0.id == name || $0.name?.caseInsensitiveCompare(name) == .orderedSame }) else { return }
            let names = channels.map { $0.name ?? $0.id }
            problems.append(.error("\(rule)no channel '\(name)' on \(title)\(Suggestion.hint(for: name, among: names)) (channels: \(names.joined(separator: ", ")))", at: location))
        }
        func template(_ wanted: WhatsAppTemplate, _ rule: String, at location: SourceLocation?) {
            guard let templates = inventory.templates else { return }
            let named = templates.filter { $0.name == wanted.name }
            guard !named.isEmpty else {
                problems.append(.error("\(rule)no WhatsApp template '\(wanted.name)' on \(title)\(Suggestion.hint(for: wanted.name, among: templates.map(\.name)))", at: location))
                return
            }
            let inLanguage = named.filter { $0.language == nil || $0.language?.caseInsensitiveCompare(wanted.language) == .orderedSame }
            guard let found = inLanguage.first else {
                let languages = named.compactMap(\.language).sorted().joined(separator: ", ")
                problems.append(.error("\(rule)the WhatsApp template '\(wanted.name)' has no '\(wanted.language)' version on \(title) (languages: \(languages))", at: location))
                return
            }
            if let parameters = found.parameters, parameters != wanted.valueCount {
                problems.append(.error("\(rule)the WhatsApp template '\(wanted.name)' takes \(parameters) value(s) on \(title) (header, body and buttons); "
                    + "the rule gives \(wanted.valueCount)", at: location))
            }
        }

        for agent in agents { user(agent.user, "", at: agent.location) }
        for rule in rules {
            let named = "rule '\(rule.id)': "
            for action in rule.actions {
                let location = action.location ?? rule.location
                switch action.kind {
                case .assign(.user(let target)): user(target.source, named, at: location)
                case .assign(.pool(let pool)):
                    for member in pool.members + [pool.fallback].compactMap({ $0 }) { user(member, named, at: location) }
                case .tag(let tags): for name in tags { tag(name, named, at: location, adds: true) }
                case .untag(let tags): for name in tags { tag(name, named, at: location, adds: false) }
                case .sendTemplate(let wanted), .sendTextOrTemplate(_, fallback: let wanted): template(wanted, named, at: location)
                case .createConversation(let new):
                    channel(new.channel, named, at: location)
                    if let assignee = new.assignee { user(assignee, named, at: location) }
                default: break
                }
            }
            check(rule.condition, named, user: user, tag: tag, channel: channel)
        }
        return problems
    }

    static func split(email: String) -> (local: String, domain: String) {
        guard let at = email.lastIndex(of: "@") else { return (email, "") }
        return (String(email[..<at]), String(email[email.index(after: at)...]))
    }

    private func check(_ condition: Condition, _ rule: String, user: (String, String, SourceLocation?) -> Void,
                       tag: (String, String, SourceLocation?, Bool) -> Void, channel: (String, String, SourceLocation?) -> Void) {
        let location = condition.location
        switch condition.kind {
        case .all(let children), .any(let children):
            for child in children { check(child, rule, user: user, tag: tag, channel: channel) }
        case .not(let child): check(child, rule, user: user, tag: tag, channel: channel)
        // A tag that must be absent is absent: no error.
        case .tags(let test): for name in test.required + test.anyOf { tag(name, rule, location, false) }
        case .assignee(.oneOf(let users)): for name in users { user(name, rule, location) }
        case .channel(let names): for name in names { channel(name, rule, location) }
        default: break
        }
    }
}
