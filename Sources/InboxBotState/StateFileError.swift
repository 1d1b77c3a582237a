import InboxBotCore

/// Why a state file cannot be used.
public enum StateFileError: Error, Sendable, CustomStringConvertible {
    /// The path cannot hold a state file (a folder, under a file, a missing or read-only folder).
    case unusablePath(String)
    /// SQLite finds the file damaged.
    case damaged([String])
    case cannotOpen(String)

    public var description: String {
        switch self {
        case .unusablePath(let problem): problem
        case .cannotOpen(let reason): "cannot open the state file: \(reason)"
        case .damaged(let problems): """
            the state file is damaged (\(problems.joined(separator: "; ").excerpt(300))). \
            Stop every worker that uses it, then restore it from a backup (sqlite3 FILE ".backup COPY" makes one), \
            or move it aside to start afresh: the worker then takes new positions and forgets what it has done
            """
        }
    }
}
