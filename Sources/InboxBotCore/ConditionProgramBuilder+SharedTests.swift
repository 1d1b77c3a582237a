extension ConditionProgramBuilder {
    /// The most tests that share a result.
    static let sharedTestLimit = 64

    /// Gives the same slot to the steps of tests that several rules ask alike (the same
    /// tags, channel, text, time since a reply, business hours), so that each is worked out
    /// once per event and its result read by the others. Tests as cheap as reading the
    /// slot (status, direction and the like) are not shared; the most asked come first.
    mutating func shareRepeatedTests() {
        var keyOfStep: [[Int]?] = []
        var counts: [[Int]: (count: Int, first: Int)] = [:]
        for (position, step) in steps.enumerated() {
            let key = sharingKey(step.node)
            keyOfStep.append(key)
            if let key { counts[key, default: (0, position)].count += 1 }
        }
        let shared = counts.filter { $0.value.count > 1 }
            .sorted { ($1.value.count, $0.value.first) < ($0.value.count, $1.value.first) }
            .prefix(Self.sharedTestLimit)
        let slots = Dictionary(uniqueKeysWithValues: shared.enumerated().map { ($1.key, Int32($0)) })
        for position in steps.indices {
            if let key = keyOfStep[position], let slot = slots[key] { steps[position].shared = slot }
        }
    }

    /// What a test asks, written out, so that equal tests have equal keys; nil for tests
    /// not worth sharing.
    private func sharingKey(_ index: Int32) -> [Int]? {
        let node = nodes[Int(index)]
        var key = [Int(node.op.rawValue), Int(node.flag), Int(node.mask), node.low, node.high]
        func words(_ category: ConditionProgram.BitCategory, _ offset: Int32) {
            guard offset >= 0 else { return key.append(-1) }
            let count = keys[category.rawValue].wordCount
            key += bitWords[Int(offset)..<Int(offset) + count].map { Int(truncatingIfNeeded: $0) }
        }
        switch node.op {
        case .tags:
            words(.tags, node.a)
            words(.tags, node.b)
            words(.tags, node.c)
        case .channel: words(.channel, node.a)
        case .platform: words(.platform, node.a)
        case .platformStatus: words(.platformStatus, node.a)
        case .assigneeIn: words(.assignee, node.a)
        case .calendar: key.append(Int(node.a))
        case .elapsed, .elapsedNever, .callDuration: break
        case .text:
            key.append(Int(node.c))
            for operation in textOperations[Int(node.a)..<Int(node.a + node.b)] {
                // A regex by its number, a script by its bits, values by their bytes.
                key += [Int(operation.kind.rawValue), operation.expected ? 1 : 0, Int(operation.count)]
                switch operation.kind {
                case .regex, .script: key.append(Int(operation.start))
                case .isSet: break
                default:
                    for span in textSpans[Int(operation.start)..<Int(operation.start + operation.count)] {
                        key.append(Int(span.length))
                        key += textBytes[Int(span.start)..<Int(span.start + span.length)].map(Int.init)
                    }
                }
            }
        default:
            return nil
        }
        return key
    }
}
