import Testing
@testable import InboxBotWorker

/// `PassGate`: one holder at a time, the others let in one by one, in the order they came.
@Suite struct PassGateTests {
    @Test(.timeLimit(.minutes(1))) func holdersTakeTurnsInTheOrderTheyCame() async throws {
        let gate = PassGate()
        let log = Log()
        await gate.enter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in ["first", "second"] {
                group.addTask {
                    await gate.enter()
                    await log.note("\(name) in")
                    try await Task.sleep(for: .milliseconds(20))
                    await log.note("\(name) out")
                    gate.leave()
                }
                // Each in the queue before the next comes.
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await log.lines.isEmpty, "nobody in while the gate is held")
            gate.leave()
            try await group.waitForAll()
        }
        #expect(await log.lines == ["first in", "first out", "second in", "second out"])
        await gate.enter()  // free again
        gate.leave()
    }

    actor Log {
        var lines: [String] = []
        func note(_ line: String) { lines.append(line) }
    }
}
