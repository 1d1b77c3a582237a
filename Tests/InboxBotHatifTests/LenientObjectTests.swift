import Foundation
import Testing
@testable import InboxBotHatif

/// The Voxa API's objects read with their keys in any case.
@Suite struct LenientObjectTests {
    /// What a test asks of one decoded object.
    struct Probe: Decodable {
        let read: [String: String]
        let present: Set<String>

        static let names = ["conversationId", "status", "body", "missing", "état", "nothingLikeIt"]

        init(from decoder: any Decoder) throws {
            let object = try LenientObject(from: decoder)
            read = Dictionary(uniqueKeysWithValues: Self.names.compactMap { name in object.string(name).map { (name, $0) } })
            present = Set(Self.names.filter { object.hasKey($0) })
        }
    }

    @Test func keysAreFoundAsWrittenOrInAnyCaseAndAbsentOnesAreNot() throws {
        let probe = try HatifFixtures.decode(Probe.self, #"{"ConversationId": "c-1", "status": "Open", "BODY": null, "ÉTAT": "fermé", "other": 1}"#)
        #expect(probe.read == ["conversationId": "c-1", "status": "Open", "état": "fermé"])
        #expect(probe.present == ["conversationId", "status", "body", "état"], "null counts as present for hasKey")
    }
}
