import Foundation
import InboxBotCore
import InboxBotFakeSupport

/// Simulated customers and agents of a Hilos inbox in Mexico City: customers write, from new
/// numbers too; agents answer, tag, resolve and close conversations, so that conversations move
/// through the statuses (NEW, IN_PROGRESS, RESOLVED while the satisfaction survey runs, CLOSED),
/// at a steady rate. Customers' messages are also queued as a flow's pushes when those are on.
public actor FakeHilosTraffic: FakeTraffic {
    static let messages = [
        "Hola, ¿dónde está mi pedido?", "¿Puedo cambiar la dirección de entrega?", "Me cobraron dos veces", "¿A qué hora abren el sábado?",
        "¡Gracias!", "La factura tiene el RFC equivocado", "¿Me pueden llamar?", "Quiero cancelar mi pedido 5521",
        "Hi, is my order shipped yet?", "No me llegó el código de descuento", "gracias", "¿Tienen envío a Monterrey?",
    ]
    static let names = ["Valeria", "Mateo", "Ximena", "Santiago", "Regina", "Emiliano"]

    let hilos: FakeHilos
    public let actionsPerMinute: Double
    private var random: SeededRandom
    public private(set) var actions = 0

    public init(hilos: FakeHilos, actionsPerMinute: Double = 30, seed: UInt64 = 2026) {
        self.hilos = hilos
        self.actionsPerMinute = actionsPerMinute
        random = SeededRandom(seed: seed)
    }

    public func step() async {
        actions += 1
        let roll = Double.random(in: 0..<1, using: &random)
        let text = Self.messages[Int.random(in: 0..<Self.messages.count, using: &random)]
        if roll < 0.2 {
            let phone = "+52155" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &random))
            await hilos.newConversation(phone: phone, name: Self.names[Int.random(in: 0..<Self.names.count, using: &random)], text: text)
            return
        }
        let conversations = await hilos.conversationIDs().filter { $0 != "<string>" }
        guard !conversations.isEmpty else { return }
        let conversation = conversations[Int.random(in: 0..<conversations.count, using: &random)]
        let status = await hilos.status(of: conversation)
        switch roll {
        case ..<0.35 where status == "NEW": await hilos.agentAnswers(conversation)
        case ..<0.42 where status == "IN_PROGRESS": await hilos.agentResolves(conversation)
        case ..<0.42 where status == "RESOLVED": await hilos.agentCloses(conversation)  // the survey is over
        case ..<0.47: await hilos.agentTags(conversation, Array(Set(await hilos.tags(of: conversation) + ["seguimiento"])).sorted())
        default: _ = await hilos.customerWrites(text, in: conversation)
        }
    }
}
