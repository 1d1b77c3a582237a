import Testing
@testable import InboxBotCore

/// `sample: N%`: a stable share of contacts, near N%, drawn anew for each rule.
@Suite struct RolloutSampleTests {
    static func conversation(_ phone: String) -> ConversationSnapshot {
        ConversationSnapshot(id: "c-" + phone, contact: Contact(phone: phone))
    }

    @Test func theShareIsNearThePercentageAndTheSameEveryTime() {
        let phones = (0..<10_000).map { "+9665" + String(10_000_000 + $0) }
        let included = phones.filter { RolloutSample.includes(Self.conversation($0), rule: "new-greeting", percent: 20) }
        #expect((1_800...2_200).contains(included.count), "\(included.count) of 10,000")
        #expect(included == phones.filter { RolloutSample.includes(Self.conversation($0), rule: "new-greeting", percent: 20) }, "the same contacts every time")
        let other = phones.filter { RolloutSample.includes(Self.conversation($0), rule: "another-rule", percent: 20) }
        #expect(Set(included).intersection(other).count < 800, "each rule draws its own share")
        // A larger share keeps everyone a smaller one had.
        let half = Set(phones.filter { RolloutSample.includes(Self.conversation($0), rule: "new-greeting", percent: 50) })
        #expect(Set(included).isSubset(of: half))
    }

    @Test func aContactIsOneWhateverItsPhonesFormAndItsIdComesFirst() {
        #expect(RolloutSample.includes(Self.conversation("+966500000002"), rule: "new-greeting", percent: 20)
                == RolloutSample.includes(Self.conversation("00966500000002"), rule: "new-greeting", percent: 20))
        let byID = ConversationSnapshot(id: "x", contact: Contact(id: "contact-7", phone: "+966500000002"))
        let sameID = ConversationSnapshot(id: "y", contact: Contact(id: "contact-7", phone: "+15550001111"))
        #expect(RolloutSample.includes(byID, rule: "r", percent: 37) == RolloutSample.includes(sameID, rule: "r", percent: 37))
    }
}
