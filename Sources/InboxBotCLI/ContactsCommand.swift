import ArgumentParser
import Foundation
import InboxBotCore

/// Contacts' opt-outs, for operators: list them, and opt a contact out or back in by hand
/// (a request by email or phone, or a "stop" a rule took wrongly).
struct ContactsCommand: AsyncParsableCommand {
    /// How an operator's opt-out is known in its event id, so that the list says "by hand".
    static let byHandPrefix = "operator:"

    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "List contacts' opt-outs, or opt a contact out or back in by hand.",
        discussion: """
            An opted-out contact gets no automated message (text, template, flow, new
            conversation) from any rule, in any conversation. Rules record opt-outs with the
            opt_out action (see docs/rules.md); these commands change them by hand, on the
            state the running worker uses, and take effect at once. A contact is given by its
            phone number (any form: +966…, 00966…) or, with --id, by the platform's contact id.
            """.reflowed,
        subcommands: [List.self, OptOut.self, OptIn.self],
        defaultSubcommand: List.self
    )

    /// The contact a command names: a phone number, or a platform id.
    struct Who: ParsableArguments {
        @Argument(help: "The contact's phone number, or with --id its platform id.")
        var contact: String

        @Flag(help: "The argument is the platform's contact id, not a phone number.")
        var id = false

        func key() throws -> String {
            if id { return "id:" + contact }
            guard let key = ContactKey.phone(contact) else {
                printError("error: '\(contact.excerpt())' has no digits; give a phone number, or a contact id with --id")
                throw ExitCode(1)
            }
            return key
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the opt-outs, newest first (the default).")

        @OptionGroup var options: StateOptions

        @Option(help: "At most this many.")
        var limit = 200

        func run() async throws {
            let list = try await options.withStore { store, _ in try await store.optOutList(limit: max(1, limit)) }
            if list.isEmpty { print("no contact has opted out") }
            for (key, optOut) in list {
                // A rule's, an operator's, or the platform's (TextUs tells of opt-outs).
                let how = if let rule = optOut.ruleID { "rule \(rule), event \(optOut.eventID)" }
                    else if optOut.eventID.hasPrefix(ContactsCommand.byHandPrefix) { "by hand" }
                    else { "on the platform, \(optOut.eventID)" }
                print("\(Timestamp.format(optOut.at))  \(key)  (\(how))")
            }
        }
    }

    struct OptOut: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "opt-out", abstract: "Opt a contact out of automated messages.")

        @OptionGroup var options: StateOptions
        @OptionGroup var who: Who

        func run() async throws {
            let key = try who.key()
            try await ContactsCommand.change(options) { now in
                (.optOut(keys: [key], InboxBotCore.OptOut(at: now, eventID: ContactsCommand.byHandPrefix + UUID().uuidString.lowercased(), ruleID: nil)), "\(key) opted out by hand")
            }
            print("opted out: \(key)")
        }
    }

    struct OptIn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "opt-in", abstract: "Take a contact's opt-out back.")

        @OptionGroup var options: StateOptions
        @OptionGroup var who: Who

        func run() async throws {
            let key = try who.key()
            try await ContactsCommand.change(options) { _ in (.optIn(keys: [key]), "\(key) opted back in by hand") }
            print("opted in: \(key)")
        }
    }

    /// Makes one change by hand, now, with its audit record.
    static func change(_ options: StateOptions, _ made: (Date) -> (ContactChange, String)) async throws {
        let now = Date()
        let (change, message) = made(now)
        let note = AuditRecord(time: now, kind: .note, conversationID: nil, eventID: nil, ruleID: nil, ruleSetVersion: "", message: message)
        try await options.withStore { store, _ in try await store.changeContacts([change], audit: [note]) }
    }
}
