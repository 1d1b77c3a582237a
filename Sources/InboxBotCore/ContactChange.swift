import Foundation

/// A change to what the bot keeps about a contact, committed with the event that made it.
public enum ContactChange: Sendable, Hashable {
    /// Every key the contact is known by, so that a new conversation, or the same number
    /// under a new contact id, finds it.
    case optOut(keys: [String], OptOut)
    /// Takes back the opt-outs under these keys, and under every other key the same opt-out
    /// was recorded with (a contact opted out by phone and id, opted in by phone alone).
    case optIn(keys: [String])
    /// An automated send went to the contact, counted by `send_limit`.
    case sent(key: String, at: Date)
}
