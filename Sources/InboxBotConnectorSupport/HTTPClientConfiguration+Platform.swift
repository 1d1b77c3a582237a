import AsyncHTTPClient

extension HTTPClient.Configuration {
    /// The configuration of the worker's client for the hosts it calls (the platform's API,
    /// `call` endpoints): `HTTPClient.shared`'s, but keeping up to `connectionsPerHost`
    /// connections to a host, where the shared client keeps 8 and queues the rest. With live
    /// Hatif's sends taking 0.5–0.7 s each, a worker on the shared client sent about 13 a
    /// second at most, and its webhooks' conversation reads waited behind the sends
    /// (docs/performance.md).
    public static func platform(connectionsPerHost: Int) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, connectionsPerHost)
        return configuration
    }
}
