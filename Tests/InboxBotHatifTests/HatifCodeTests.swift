import Testing
@testable import InboxBotHatif

/// Voxa's enums, sent as numbers in lists and as names in single reads, the names in any case.
@Suite struct HatifCodeTests {
    @Test func namesAreReadInAnyCaseAndNumbersByValue() {
        #expect(HatifSourceType(name: "WhatsApp") == .whatsApp)
        #expect(HatifSourceType(name: "whatsapp") == .whatsApp)
        #expect(HatifSourceType(name: "WHATSAPP") == .whatsApp)
        #expect(HatifDirection(name: "Internal") == .internal)
        #expect(HatifConversationStatus(name: "closed") == .closed)
        #expect(HatifSourceType(number: 3) == .assignation)
        #expect(HatifSourceType(name: "Email") == nil)
        #expect(HatifSourceType(name: "") == nil)
        #expect(HatifDirection(number: 9) == nil)
    }
}
