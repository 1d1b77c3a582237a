/// Where `call` actions go: the endpoints the worker's configuration names, each with its URL
/// and signing secret. Rules name an endpoint, never a URL, so an event cannot steer a call.
public protocol EndpointCaller: Sendable {
    /// The configured endpoints, which the rules' `call`s are checked against.
    var endpointNames: Set<String> { get }

    /// Posts the call's body, signed, with an idempotency key made from the action's outbox
    /// key (the same on every attempt); what became of it, after retries of what may succeed
    /// later. Never `unknown`: the key makes a repeat harmless to the endpoint.
    func call(_ call: RenderedCall, actionKey: String) async -> ActionOutcome
}
