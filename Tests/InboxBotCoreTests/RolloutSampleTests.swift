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

    @Test func aContactIsOneWhateverItsPhonesFormAndItsPhoneComesBeforeItsID() {
        #expect(RolloutSample.includes(Self.conversation("+966500000002"), rule: "new-greeting", percent: 20)
                == RolloutSample.includes(Self.conversation("00966500000002"), rule: "new-greeting", percent: 20))
        // The same number under two contact ids (the platform recreated the contact) is one person.
        let first = ConversationSnapshot(id: "x", contact: Contact(id: "contact-7", phone: "+966500000002"))
        let recreated = ConversationSnapshot(id: "y", contact: Contact(id: "contact-8", phone: "+966500000002"))
        #expect(ContactKey.primary(of: first) == ContactKey.primary(of: recreated))
        #expect(RolloutSample.includes(first, rule: "r", percent: 37) == RolloutSample.includes(recreated, rule: "r", percent: 37))
        // Without a phone the id is the contact, across conversations.
        let byID = ConversationSnapshot(id: "x", contact: Contact(id: "contact-7"))
        let sameID = ConversationSnapshot(id: "y", contact: Contact(id: "contact-7"))
        #expect(ContactKey.primary(of: byID) == ContactKey.primary(of: sameID))
        #expect(ContactKey.keys(of: first) == ["phone:966500000002", "id:contact-7"])
        // 00 is +, Arabic-Indic digits are digits, and a number without digits is no key.
        #expect(ContactKey.phone("00966 500-000-002") == "phone:966500000002")
        #expect(ContactKey.phone("+٩٦٦٥٠٠٠٠٠٠٠٢") == "phone:966500000002")
        #expect(ContactKey.phone("unknown") == nil)
    }
}
