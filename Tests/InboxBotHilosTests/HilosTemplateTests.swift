import Foundation
@testable import InboxBotHilos
import Testing

/// A template's variables are counted from its BODY component, as the Cloud API gives it.
@Suite struct HilosTemplateTests {
    static func decode(_ json: String) throws -> HilosTemplate {
        try JSONDecoder().decode(HilosTemplate.self, from: Data(json.utf8))
    }

    @Test func variablesAreTheDistinctPlaceholdersOfTheBody() throws {
        let template = try Self.decode("""
            {"id":"t-1","name":"pedido_listo","language":"es","status":"APPROVED","components":[
              {"type":"HEADER","format":"TEXT","text":"Pedido {{1}}"},
              {"type":"body","text":"Hola {{1}}, tu pedido {{2}} está listo. {{1}}, gracias. {{ 3 }} {{nombre}}"},
              {"type":"BUTTONS","buttons":[]}]}
            """)
        #expect(template.parameters == 3)
        #expect(template.status == "approved")
        #expect(try Self.decode(#"{"id":"t-2","name":"x","components":[]}"#).parameters == nil, "no body: not known")
        #expect(try Self.decode(#"{"id":"t-3","name":"x"}"#).parameters == nil)
        #expect(try Self.decode(#"{"id":"t-4","name":"x","components":"odd"}"#).parameters == nil, "an odd shape is not a failure")
        #expect(try Self.decode(#"{"id":"t-5","name":"x","components":[{"type":"BODY","text":"Sin variables {{"}]}"#).parameters == 0)
    }
}
