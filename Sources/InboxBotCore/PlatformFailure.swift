/// What the worker needs to know of a connector's errors, whatever the platform.
public protocol PlatformFailure: Error {
    /// The platform refuses who we are (wrong credentials, a missing scope): nothing will
    /// work until an operator fixes the configuration.
    var refusesCredentials: Bool { get }
}
