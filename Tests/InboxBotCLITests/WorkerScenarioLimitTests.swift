import Testing

/// The slots tests that run workers share: one that takes them all waits for those held,
/// and those asked for after it wait for it.
@Suite struct WorkerScenarioLimitTests {
    actor Order {
        private(set) var events: [String] = []
        func note(_ event: String) { events.append(event) }
    }

    @Test func aTestTakingEverySlotRunsAlone() async {
        let slots = WorkerScenarioLimit.Slots(count: 2)
        let order = Order()
        await slots.acquire(1)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await slots.acquire(2)
                await order.note("alone")
                await slots.release(2)
            }
            await Self.until { await slots.waitingCount == 1 }
            group.addTask {
                await slots.acquire(1)
                await order.note("after")
                await slots.release(1)
            }
            await Self.until { await slots.waitingCount == 2 }
            // One slot is free, but the test that wants both came first: nothing runs yet.
            #expect(await order.events == [])
            await order.note("first done")
            await slots.release(1)
        }
        #expect(await order.events == ["first done", "alone", "after"])
    }

    /// Waits until `condition` holds, or a minute (a broken queue never gets there; the
    /// expectations after say how).
    static func until(_ condition: () async -> Bool) async {
        let start = ContinuousClock.now
        while await !condition(), ContinuousClock.now - start < .seconds(60) { await Task.yield() }
    }
}
