import Foundation
import PostgresNIO

/// Where a PostgreSQL state store is: `postgres://USER@HOST:PORT/DATABASE?schema=NAME`. The
/// password never goes in the URL (which is shown in logs and in `inboxbot status`); it comes
/// from the environment or a file.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int
    public let user: String
    public let database: String?
    public let schema: String

    /// Whether `text` names a PostgreSQL store rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws(Problem) {
        guard Self.isPostgres(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw Problem(description: "not a PostgreSQL URL such as postgres://inboxbot@db.internal:5432/inboxbot")
        }
        guard url.password == nil else {
            throw Problem(description: "the URL holds a password; put it in INBOXBOT_STATE_PASSWORD (or a file named by INBOXBOT_STATE_PASSWORD_FILE) instead")
        }
        guard let user = url.user, !user.isEmpty else { throw Problem(description: "the URL names no user, as in postgres://inboxbot@host/database") }
        if let port = url.port, !(1...65535).contains(port) { throw Problem(description: "the port must be from 1 to 65535") }
        var schema = "inboxbot"
        for item in url.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("schema", let value): schema = value
            case ("sslmode", "disable"): break
            case ("sslmode", _): throw Problem(description: "only sslmode=disable is supported yet; reach the database over a private network or a local TLS proxy")
            default: throw Problem(description: "unknown parameter '\(item.name.prefix(40))' (parameters: schema, sslmode)")
            }
        }
        do {
            _ = try PostgresStateStore.Tables(schema: schema)
        } catch {
            throw Problem(description: "\(error)")
        }
        self.host = host
        port = url.port ?? 5432
        self.user = user
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? nil : path
        self.schema = schema
    }

    /// The client's configuration, with the password from wherever the caller read it.
    public func clientConfiguration(password: String?) -> PostgresClient.Configuration {
        PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }

    /// `text` with any password in it replaced, fit to show in a message.
    public static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "REDACTED"
        return url.string ?? "(a PostgreSQL URL)"
    }

    public var description: String { "postgres://\(user)@\(host):\(port)/\(database ?? "")?schema=\(schema)" }
}
