import Foundation

/// What the fake holds at start: two members, templates (one pending, one rejected, one
/// deleted), a few conversations in different statuses, and the documentation's example
/// conversation, answered exactly as printed.
enum FakeHilosSeed {
    /// The result of "List Conversations" (seeds/004), verbatim.
    static let documentedConversation = """
        {
          "id": "<string>",
          "contact": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
          "status": "CREATED",
          "first_message": {
            "id": "<string>",
            "to_number": "<string>",
            "from_number": "<string>",
            "body": "<string>",
            "direction": "<string>",
            "timestamp": "2023-11-07T05:31:56Z",
            "contact": "<string>",
            "status": "new",
            "queued_on": "2023-11-07T05:31:56Z",
            "accepted_on": "2023-11-07T05:31:56Z",
            "sent_on": "2023-11-07T05:31:56Z",
            "delivered_on": "2023-11-07T05:31:56Z",
            "read_on": "2023-11-07T05:31:56Z",
            "failed_on": "2023-11-07T05:31:56Z",
            "provider_id": "<string>",
            "provider_error_code": "<string>",
            "provider_error_message": "<string>",
            "sent_by": {
              "first_name": "<string>",
              "last_name": "<string>",
              "email": "jsmith@example.com",
              "id": 123,
              "profile_image": "<string>",
              "role": "AGENT"
            },
            "is_deleted": true,
            "content": {},
            "whatsapp_template": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
            "content_type": "<string>",
            "content_url": "<string>",
            "msg_type": "audio",
            "failed_attempts": 123,
            "source": "INBOUND"
          },
          "assigned": [
            {
              "id": 123,
              "first_name": "<string>",
              "last_name": "<string>",
              "email": "jsmith@example.com",
              "account": 123,
              "profile_image": "<string>",
              "date_joined": "2023-11-07T05:31:56Z"
            }
          ],
          "tags": [
            {
              "id": 123,
              "name": "<string>"
            }
          ],
          "created_on": "2023-11-07T05:31:56Z",
          "source": "INBOX",
          "assigned_team": 123,
          "channel": 123
        }
        """

    static func load(into state: inout FakeHilosState) {
        state.members = [(123, "Ana", "Ruiz", "ana@acme.example"), (124, "Luis", "Pérez", "luis@acme.example")]
        state.templates = [
            ("3c90c3cc-0d44-4b50-8888-8dd25736052b", "bienvenida", "es", "approved", false, 1),
            ("3c90c3cc-0d44-4b50-8888-8dd25736052c", "pedido_listo", "es", "approved", false, 2),
            ("3c90c3cc-0d44-4b50-8888-8dd25736052d", "promocion", "es", "pending", false, 0),
            // An image header and a URL button with a variable, as the Cloud API lists them.
            ("3c90c3cc-0d44-4b50-8888-8dd25736052e", "factura", "es", "approved", false, 3),
            // Approved once, then deleted: still listed (`is_deleted: true`), refused on send.
            ("3c90c3cc-0d44-4b50-8888-8dd25736052f", "aviso_anterior", "es", "approved", true, 1),
            ("3c90c3cc-0d44-4b50-8888-8dd257360530", "oferta_flash", "es", "rejected", false, 1),
        ]
        state.teams = [(4, "Ventas", [123]), (5, "Soporte", [123, 124])]
        state.flows = [("5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "Encuesta de satisfacción"), ("7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", "Seguimiento de pedido")]
        var documented = FakeHilosConversation(id: "<string>", contact: "3c90c3cc-0d44-4b50-8888-8dd25736052a", status: "CREATED",
                                                createdOn: Date(timeIntervalSince1970: 1_699_335_116), source: "INBOX")
        documented.verbatim = documentedConversation
        state.conversations[documented.id] = documented
        let earlier = state.now.addingTimeInterval(-2 * 86_400)
        for (index, customer) in [("María", "+5215511110001", "NEW"), ("Jorge", "+5215511110002", "IN_PROGRESS"), ("Sofía", "+5215511110003", "CLOSED"),
                                  ("Diego", "+5215511110004", "RESOLVED")].enumerated() {
            let contact = state.addContact(phone: customer.1, first: customer.0, last: "Cliente")
            let id = state.addConversation(contact: contact, status: customer.2, firstMessage: "Hola, tengo una pregunta", inbound: true, source: "INBOX",
                                           at: earlier.addingTimeInterval(Double(index) * 900))
            if index == 1 { state.conversations[id]?.assigned = [123] }
            if index == 0 { state.conversations[id]?.tags = ["vip"] }
        }
    }
}
