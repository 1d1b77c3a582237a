import Foundation
import Testing

/// The console in a real browser: headless Chromium (which `.ci/run` installs from Debian's
/// packages) against the live demo. It opens the activity page until a decision shows, follows
/// the decision's "why" link and a conversation's link, and takes a screenshot that must not be
/// blank. The screenshots go to a temporary directory, never into git.
@Suite(.serialized, .runsWorkers) struct ConsoleBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// CI must have the browser; elsewhere the test runs where one is installed.
    static let required = chromium != nil || ProcessInfo.processInfo.environment["CI"] != nil

    /// Runs the browser on `url` with `arguments`; its standard output (the DOM, for --dump-dom).
    static func browse(_ url: String, _ arguments: [String], profile: URL) async throws -> String {
        let browser = URL(fileURLWithPath: try #require(chromium, "no Chromium: .ci/run installs it (apt-get install chromium)"))
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=\(profile.path)"]
        return try await InboxBot.run(browser, flags + arguments + [url]).stdout
    }

    /// The first link in a page's DOM to an address that starts with `prefix`.
    static func link(to prefix: String, in dom: String) -> String? {
        guard let start = dom.range(of: "href=\"" + prefix) else { return nil }
        return String(dom[dom.index(start.lowerBound, offsetBy: 6)...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test(.enabled(if: required)) func aLeadFollowsADecisionToItsExplanationAndConversation() async throws {
        let directory = try InboxBot.directory([:])
        let profile = directory.appendingPathComponent("profile")
        let log = directory.appendingPathComponent("demo.log")
        let demo = try CrashRecoveryTests.start(["demo", "--duration", "120", "--customers-per-minute", "240"], environment: [:], output: log)
        defer { if demo.isRunning { demo.terminate() } }
        var console: String?
        for _ in 0..<100 where console == nil {
            try await Task.sleep(for: .milliseconds(100))
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            console = text.range(of: "The console shows it too: ").map { String(text[$0.upperBound...].prefix { !$0.isWhitespace }) }
        }
        let root = try #require(console?.replacingOccurrences(of: "/console", with: ""), "the demo prints the console's address")

        // The activity page, as the browser renders it, until a decision appears on it.
        var activity = ""
        for _ in 0..<120 where !activity.contains("decision: ") {
            activity = try await Self.browse(root + "/console/activity", ["--dump-dom"], profile: profile)
            if !activity.contains("decision: ") { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(activity.contains("<h1>Activity</h1>") && activity.contains("decision: "), "\(activity.prefix(2000))")

        // Its explanation: each rule's verdict, condition by condition, with once and cooldown
        // as they stand now (so the rule that acted may now be held back by once).
        let why = try #require(Self.link(to: "/console/explain?event=", in: activity), "a decision links to its explanation")
        let explanation = try await Self.browse(root + why, ["--dump-dom"], profile: profile)
        #expect(explanation.contains("<h1>Why</h1>") && explanation.contains("Event ") && (explanation.contains(": acted") || explanation.contains("held back by")),
                "\(explanation.prefix(2000))")
        #expect(explanation.contains("✓ ") || explanation.contains("✗ "), "conditions with the values they saw")

        // The conversation it belongs to: its history.
        let conversationLink = try #require(Self.link(to: "/console/conversation?id=", in: explanation))
        let conversation = try await Self.browse(root + conversationLink, ["--dump-dom"], profile: profile)
        #expect(conversation.contains("Conversation ") && conversation.contains("decision"), "\(conversation.prefix(2000))")

        // A screenshot of the activity page, and one of an empty page: the first must hold far more.
        let shot = directory.appendingPathComponent("console-activity.png"), blank = directory.appendingPathComponent("blank.png")
        _ = try await Self.browse(root + "/console/activity", ["--window-size=1280,900", "--screenshot=\(shot.path)"], profile: profile)
        _ = try await Self.browse("about:blank", ["--window-size=1280,900", "--screenshot=\(blank.path)"], profile: profile)
        let image = try Data(contentsOf: shot), empty = try Data(contentsOf: blank)
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(image.count > 4 * max(empty.count, 2_000), "not blank: \(image.count) bytes against \(empty.count) for an empty page")
        print("console screenshot: \(shot.path), \(image.count) bytes (an empty page: \(empty.count))")
        demo.terminate()
        await demo.exited()
    }
}
