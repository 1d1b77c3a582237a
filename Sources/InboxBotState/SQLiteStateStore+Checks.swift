import Foundation
import GRDB
import InboxBotCore

/// What can be wrong with a state file before and after it is opened, said plainly.
extension SQLiteStateStore {
    /// Why a state file cannot be at `path`, from the file system alone; nil when nothing
    /// there stops it (permissions are then left to SQLite).
    public static func pathProblem(_ path: String) -> String? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "it is a folder; give a file path inside it, such as \(path)/inboxbot.sqlite" }
            if !manager.isWritableFile(atPath: path) { return "the file is not writable by this user" }
            return nil
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var ancestor = folder
        while !manager.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
            let parent = (ancestor as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != ancestor else { return "its folder \(folder) does not exist" }
            ancestor = parent
        }
        if !isDirectory.boolValue { return "\(ancestor) is a file, not a folder, so nothing can be created under it" }
        if ancestor != folder { return "its folder \(folder) does not exist; create it first" }
        if !manager.isWritableFile(atPath: folder) { return "its folder \(folder) is not writable by this user (the file and its -wal and -shm companions are created there)" }
        return nil
    }

    /// SQLite's own check of the file's structure (`PRAGMA quick_check`): empty when sound,
    /// else the first problems it names.
    public func integrityProblems(limit: Int = 5) throws -> [String] {
        let lines = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(\(max(1, limit)))") }
        return lines == ["ok"] ? [] : lines
    }

    /// Opens the store at `path` for a worker: the path is checked first, and the file's
    /// structure after, so a bad path or a damaged file stops the start with the reason.
    public static func openChecked(path: String) throws(StateFileError) -> SQLiteStateStore {
        if let problem = pathProblem(path) { throw .unusablePath(problem) }
        let store: SQLiteStateStore
        do {
            store = try SQLiteStateStore(path: path)
        } catch let error as DatabaseError where [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) {
            throw .damaged([error.message ?? "\(error)"])
        } catch {
            throw .cannotOpen("\(error)")
        }
        let problems: [String]
        do {
            problems = try store.integrityProblems()
        } catch {
            throw .damaged(["\(error)"])
        }
        guard problems.isEmpty else { throw .damaged(problems) }
        return store
    }
}
