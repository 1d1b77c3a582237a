import Foundation
import InboxBotCore
import InboxBotHatif
import InboxBotState
import InboxBotWorker
import InboxBotYAML
import Testing
@testable import InboxBotApp

@Suite struct RulesReloadTests {
    static let good = "rules:\n  - id: a\n    on: message.received\n    then: [ { tag: a } ]\n"
    static let better = "rules:\n  - id: b\n    on: message.received\n    then: [ { tag: b } ]\n"
    static let broken = "rules:\n  - id: c\n    on: message.recieved\n    then: [ { tag: c } ]\n"

    func setUp() throws -> (directory: URL, service: RulesReloadService, holder: RuleSetHolder, store: SQLiteStateStore) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.good.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        let ruleSet = try #require(RuleLoader.load([directory.path]).ruleSet)
        let holder = RuleSetHolder(ruleSet)
        let store = try SQLiteStateStore(path: directory.appendingPathComponent("state.sqlite").path)
        let service = RulesReloadService(paths: [directory.path], holder: holder, store: store, clock: SystemWallClock())
        return (directory, service, holder, store)
    }

    @Test func validRulesAreSwappedInWholeAndAudited() async throws {
        let (directory, service, holder, store) = try setUp()
        let before = await holder.current.version
        try Self.better.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        #expect(await service.reload(because: "test"))
        let after = await holder.current
        #expect(after.version != before)
        #expect(after.source.rules.map(\.id) == ["b"])
        let notes = try await store.recentAudit(limit: 5)
        #expect(notes.last?.message == "rules reloaded (test); was \(before)")
        #expect(notes.last?.ruleSetVersion == after.version)
    }

    @Test func invalidRulesLeaveTheLastGoodOnesInForce() async throws {
        let (directory, service, holder, _) = try setUp()
        let before = await holder.current.version
        try Self.broken.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        #expect(await service.reload(because: "test") == false)
        #expect(await holder.current.version == before)
        #expect(await holder.current.source.rules.map(\.id) == ["a"])
        // The console shows why, with the places, until rules load again.
        let rejection = await holder.rejection
        #expect(!rejection.isEmpty && rejection.allSatisfy { $0.contains("rules.yaml:") && $0.contains(": error: ") }, "\(rejection)")
        try Self.better.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        #expect(await service.reload(because: "test"))
        #expect(await holder.rejection.isEmpty)
    }

    /// The worker checks new rules against its platform, as `validate --platform` does.
    @Test func rulesThePlatformCannotHonourAreRefusedLikeInvalidOnes() async throws {
        let (directory, _, holder, store) = try setUp()
        let service = RulesReloadService(paths: [directory.path], platform: .hatif, holder: holder, store: store, clock: SystemWallClock())
        let pending = "rules:\n  - id: p\n    on: message.received\n    if: { status: pending }\n    then: [ { tag: p } ]\n"
        try pending.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        #expect(await service.reload(because: "test") == false, "Hatif conversations are never pending")
        #expect(await holder.current.source.rules.map(\.id) == ["a"])
        #expect(RuleLoader.load([directory.path]).ruleSet != nil, "valid for a platform that has pending conversations")
    }

    @Test func aChangedFileChangesTheSignature() throws {
        let (directory, service, _, _) = try setUp()
        let first = service.signature()
        try Self.better.write(to: directory.appendingPathComponent("rules.yaml"), atomically: true, encoding: .utf8)
        try "rules: []\n".write(to: directory.appendingPathComponent("more.yaml"), atomically: true, encoding: .utf8)
        #expect(service.signature() != first)
    }

    /// Deploy tools point `current` at a release directory and swap the link.
    @Test func aRulesDirectoryBehindASymlinkIsReadAndItsSwapIsSeen() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-deploy-\(UUID().uuidString)")
        let manager = FileManager.default
        for (release, text) in [("41", Self.good), ("42", Self.better)] {
            try manager.createDirectory(at: root.appendingPathComponent("releases/\(release)"), withIntermediateDirectories: true)
            try text.write(to: root.appendingPathComponent("releases/\(release)/rules.yaml"), atomically: true, encoding: .utf8)
        }
        let current = root.appendingPathComponent("current")
        try manager.createSymbolicLink(atPath: current.path, withDestinationPath: "releases/41")
        let loaded = RuleLoader.load([current.path])
        let ruleSet = try #require(loaded.ruleSet, "\(loaded.diagnostics)")
        #expect(loaded.files == [current.path + "/rules.yaml"])
        let holder = RuleSetHolder(ruleSet)
        let store = try SQLiteStateStore(path: root.appendingPathComponent("state.sqlite").path)
        let service = RulesReloadService(paths: [current.path], holder: holder, store: store, clock: SystemWallClock())
        let before = service.signature()

        // Swapped atomically, as `ln -sfn` and deploy tools do: a new link renamed over the old.
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("next").path, withDestinationPath: "releases/42")
        #expect(rename(root.appendingPathComponent("next").path, current.path) == 0)
        #expect(service.signature() != before, "the swap is seen without SIGHUP")
        #expect(await service.reload(because: "the rule files changed"))
        #expect(await holder.current.source.rules.map(\.id) == ["b"])
    }

    /// A Kubernetes ConfigMap mount: each file is a link through `..data`, a link to a
    /// timestamped directory that is swapped atomically on update.
    @Test func aConfigMapMountIsReadAndItsAtomicSwapIsSeen() async throws {
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-configmap-\(UUID().uuidString)")
        let manager = FileManager.default
        for (version, text) in [("..2026_12_01_09_00_00.1", Self.good), ("..2026_12_01_10_00_00.2", Self.better)] {
            try manager.createDirectory(at: mount.appendingPathComponent(version), withIntermediateDirectories: true)
            try text.write(to: mount.appendingPathComponent("\(version)/rules.yaml"), atomically: true, encoding: .utf8)
        }
        try manager.createSymbolicLink(atPath: mount.appendingPathComponent("..data").path, withDestinationPath: "..2026_12_01_09_00_00.1")
        try manager.createSymbolicLink(atPath: mount.appendingPathComponent("rules.yaml").path, withDestinationPath: "..data/rules.yaml")
        let loaded = RuleLoader.load([mount.path])
        let ruleSet = try #require(loaded.ruleSet, "\(loaded.diagnostics)")
        #expect(loaded.files == [mount.path + "/rules.yaml"], "the hidden ..data and version directories are not read twice")
        let holder = RuleSetHolder(ruleSet)
        let store = try SQLiteStateStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("inboxbot-\(UUID().uuidString).sqlite").path)
        let service = RulesReloadService(paths: [mount.path], holder: holder, store: store, clock: SystemWallClock())
        let before = service.signature()

        try manager.createSymbolicLink(atPath: mount.appendingPathComponent("..data_tmp").path, withDestinationPath: "..2026_12_01_10_00_00.2")
        #expect(rename(mount.appendingPathComponent("..data_tmp").path, mount.appendingPathComponent("..data").path) == 0)
        #expect(service.signature() != before, "the swap is seen without SIGHUP")
        #expect(await service.reload(because: "the rule files changed"))
        #expect(await holder.current.source.rules.map(\.id) == ["b"])
    }
}
