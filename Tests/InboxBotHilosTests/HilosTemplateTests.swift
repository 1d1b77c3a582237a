import Foundation
@testable import InboxBotHilos
import Testing

/// A template's variables are counted as a send carries them: the header's (one for media),
/// the body's and the URL buttons', each component numbering its own from 1.
@Suite struct HilosTemplateTests {
    static func decode(_ json: String) throws -> HilosTemplate {
        try JSONDecoder().decode(HilosTemplate.self, from: Data(json.utf8))
    }

    @Test func variablesAreCountedOverHeaderBodyAndButtons() throws {
        let template = try Self.decode("""
            {"id":"t-1","name":"pedido_listo","language":"es","status":"APPROVED","components":[
              {"type":"HEADER","format":"TEXT","text":"Pedido {{1}}"},
              {"type":"body","text":"Hola {{1}}, tu pedido {{2}} está listo. {{1}}, gracias. {{ 3 }} {{nombre}}"},
              {"type":"BUTTONS","buttons":[{"type":"URL","text":"Ver","url":"https://acme.example/p/{{1}}"},{"type":"PHONE_NUMBER","text":"Llamar"}]}]}
            """)
        #expect(template.parameters == 5, "1 in the header, 3 in the body, 1 in a URL button")
        #expect(template.status == "approved")
        #expect(try Self.decode(#"{"id":"t-2","name":"x","components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Hola {{1}}"}]}"#).parameters == 2,
                "a media header takes one: its link")
        #expect(try Self.decode(#"{"id":"t-3","name":"x","components":[{"type":"BODY","text":"¿Vienes?"},{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Sí"}]}]}"#)
            .parameters == nil, "quick replies: not known whether their payloads are variables")
        #expect(try Self.decode(#"{"id":"t-4","name":"x","components":[]}"#).parameters == nil, "nothing listed: not known")
        #expect(try Self.decode(#"{"id":"t-5","name":"x"}"#).parameters == nil)
        #expect(try Self.decode(#"{"id":"t-6","name":"x","components":"odd"}"#).parameters == nil, "an odd shape is not a failure")
        #expect(try Self.decode(#"{"id":"t-7","name":"x","components":[{"type":"BODY","text":"Sin variables {{"}]}"#).parameters == 0)
    }
}
