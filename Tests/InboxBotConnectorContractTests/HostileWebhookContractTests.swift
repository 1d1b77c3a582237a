import AsyncHTTPClient
import Foundation
import InboxBotCore
import InboxBotFakeSupport
import InboxBotServer
import Logging
import Testing

/// What no platform's input may do: stop the worker. Each connector's real webhook handler
/// sits behind the real webhook server; its own valid delivery, with hostile values put in
/// its fields and now and then its bytes broken, is signed (or keyed) and posted hundreds of times.
/// Every one must get an answer and none a 500, and the valid delivery must still be taken.
@Suite(.serialized) struct HostileWebhookContractTests {
    static let hostileValues = [
        "1e300", "-1e300", "1e308", "-1", "0", "-9223372036854775809", "9223372036854775808", "18446744073709551616", "0.5", "-0.0",
        "\"NaN\"", "\"Infinity\"", "\"1e300\"", "\"\"", "null", "true", "[]", "{}", "[1e300]", "{\"id\":1e300}", "\"9999-12-31T23:59:59Z\"",
        "\"0000-00-00T00:00:00\"", "\"2026-03-17T08:30:00.99999999999999999999Z\"", "\"2026-03-17T08:30:00+99:99\"", "\"\\u0000\"",
        "\"" + String(repeating: "x", count: 20_000) + "\"", "\"/conversations/../users\"", "\"https://evil.example/x\"", "\"مرحبا\"",
        "\"in\"", "\"out\"", "\"Inbound\"", "\"message.received\"", "\"phone_call.completed\"",
    ]

    @Test(arguments: ConnectorContractTests.platforms.map(\.name))
    func hostileSignedDeliveriesAreAnsweredThroughTheRealServerAndNoneStopsIt(_ platform: String) async throws {
        try await ConnectorContractTests.harness(platform).run(webhookSecret: ConnectorContractTests.secret) { connector, fake in
            let handler = try #require(connector.webhooks)
            let queue = InMemoryEventQueue()
            let receiver = WebhookReceiver(platform: connector.capabilities.name, handler: handler, queue: queue)
            let conversation = try await ConnectorContractTests.conversation(connector, fake)
            let id = await fake.customerWrites("fuzz base", in: conversation.id)
            let valid = await fake.delivery(forMessage: id, body: "fuzz base", in: conversation.id, secret: ConnectorContractTests.secret)
            // What vouches for a delivery: a signature header (re-signed for each body), or a URL key.
            let signatureHeader = valid.headers.keys.first
            let query = valid.query.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            #expect(signatureHeader != nil || !query.isEmpty)

            try await FakeServing.serving({ WebhookServer(receiver: receiver).application(host: "127.0.0.1", port: 0, logger: Logger(label: "contract"), onRunning: $0) }) { port in
                let base = try #require(try JSONSerialization.jsonObject(with: valid.body) as? [String: Any])
                let leaves = Self.leafPaths(base)
                #expect(leaves.count >= 5, "a delivery with fields to spoil (a Hilos flow's has five)")
                func post(_ body: Data) async throws -> Int {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/\(connector.capabilities.name)" + (query.isEmpty ? "" : "?" + query))
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    if let signatureHeader { request.headers.add(name: signatureHeader, value: FakeControlSigning.hexHMAC(body, secret: ConnectorContractTests.secret)) }
                    request.body = .bytes(.init(bytes: body))
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                    _ = try await response.body.collect(upTo: 1 << 16)
                    return Int(response.status.code)
                }
                var random = SeededRandom(seed: 10)
                var statuses: [Int: Int] = [:]
                for round in 0..<600 {
                    let body = Self.mutated(base, leaves: leaves, using: &random)
                    let status = try await post(body)
                    statuses[status, default: 0] += 1
                    #expect([200, 202, 400, 404, 422, 503].contains(status), "round \(round): \(status) for \(String(decoding: body.prefix(300), as: UTF8.self))")
                }
                #expect(statuses[400, default: 0] > 20, "hostile bodies are refused: \(statuses)")
                _ = await queue.drain()
                let again = await fake.customerWrites("still here?", in: conversation.id)
                let good = await fake.delivery(forMessage: again, body: "still here?", in: conversation.id, secret: ConnectorContractTests.secret)
                #expect(try await post(good.body) == 202)
                #expect(await queue.drain().map(\.platformID) == [again])
            }
        }
    }

    /// Every path to a value that is not an object or array, as keys and indexes.
    static func leafPaths(_ value: Any, prefix: [String] = []) -> [[String]] {
        if let object = value as? [String: Any] {
            return object.keys.sorted().flatMap { leafPaths(object[$0] as Any, prefix: prefix + [$0]) }
        }
        if let array = value as? [Any] {
            return array.indices.flatMap { leafPaths(array[$0], prefix: prefix + ["\($0)"]) }
        }
        return [prefix]
    }

    static func replacing(_ value: Any, at path: ArraySlice<String>, with new: Any) -> Any {
        guard let key = path.first else { return new }
        if var object = value as? [String: Any], let inner = object[key] {
            object[key] = replacing(inner, at: path.dropFirst(), with: new)
            return object
        }
        if var array = value as? [Any], let index = Int(key), array.indices.contains(index) {
            array[index] = replacing(array[index], at: path.dropFirst(), with: new)
            return array
        }
        return value
    }

    /// The delivery with one to three leaves set to hostile values, and now and then broken bytes.
    static func mutated(_ base: [String: Any], leaves: [[String]], using random: inout SeededRandom) -> Data {
        var value: Any = base
        var fragments: [String: String] = [:]
        for index in 0..<Int.random(in: 1...3, using: &random) {
            let path = leaves[Int.random(in: 0..<leaves.count, using: &random)]
            let marker = "@@hostile\(index)@@"
            fragments[marker] = hostileValues[Int.random(in: 0..<hostileValues.count, using: &random)]
            value = replacing(value, at: path[...], with: marker)
        }
        var text = String(decoding: (try? JSONSerialization.data(withJSONObject: value)) ?? Data(), as: UTF8.self)
        for (marker, fragment) in fragments { text = text.replacingOccurrences(of: "\"\(marker)\"", with: fragment) }
        var bytes = Array(text.utf8)
        if Int.random(in: 0..<8, using: &random) == 0, !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes = Array(bytes[..<position])
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
            default: bytes.insert(contentsOf: Array("1e999".utf8), at: position)
            }
        }
        return Data(bytes)
    }
}
