import Foundation
import InboxBotCore
import Logging
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL state store is: `postgres://USER@HOST:PORT/DATABASE?schema=NAME`. The
/// password never goes in the URL (which is shown in logs and in `inboxbot status`); it comes
/// from the environment or a file.
///
/// `sslmode` is as libpq's: `disable` (the default, for loopback and private networks),
/// `require` (encrypted, the certificate not checked), `verify-ca` (signed by a trusted
/// authority), `verify-full` (that, and issued for the host). `sslrootcert=PATH` names the
/// authority to trust instead of the system's.
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable
        case require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public let host: String
    public let port: Int
    public let user: String
    public let database: String?
    public let schema: String
    public let tls: TLSMode
    public let rootCertificate: String?

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
        var tls = TLSMode.disable
        var rootCertificate: String?
        for item in url.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("schema", let value): schema = value
            case ("sslmode", let value):
                guard let mode = TLSMode(rawValue: value) else {
                    throw Problem(description: "sslmode '\(value.prefix(40))' is not one inboxbot takes: " + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                tls = mode
            case ("sslrootcert", let value) where !value.isEmpty: rootCertificate = value
            default: throw Problem(description: "unknown parameter '\(item.name.prefix(40))' (parameters: schema, sslmode, sslrootcert)")
            }
        }
        if rootCertificate != nil, tls != .verifyCA, tls != .verifyFull {
            throw Problem(description: "sslrootcert is used only with sslmode=verify-ca or sslmode=verify-full")
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
        self.tls = tls
        self.rootCertificate = rootCertificate
    }

    /// The client's configuration, with the password from wherever the caller read it. A
    /// worker keeps at most `connections` open: several workers must fit in the server's
    /// `max_connections`.
    public func clientConfiguration(password: String?, connections: Int = 8) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: clientTLS)
        configuration.options.maximumConnections = max(2, connections)
        // A worker frozen inside a transaction (paused, swapped out, stuck) would hold its row
        // locks, and with them its shards, until it woke; the server ends such a session
        // instead, so that the other workers can take the shards over once the lease runs out.
        configuration.options.additionalStartupParameters = [("idle_in_transaction_session_timeout", Self.idleInTransactionTimeout)]
        return configuration
    }

    /// Far longer than any worker's transaction waits between its statements.
    static let idleInTransactionTimeout = "10s"

    private var clientTLS: PostgresClient.Configuration.TLS {
        tlsConfiguration.map { .require($0) } ?? .disable
    }

    private var tlsConfiguration: TLSConfiguration? {
        guard tls != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = switch tls {
        case .disable, .require: .none
        case .verifyCA: .noHostnameVerification
        case .verifyFull: .fullVerification
        }
        if let rootCertificate { configuration.trustRoots = .file(rootCertificate) }
        return configuration
    }

    /// Connects once, runs `SELECT 1` and disconnects, so that a server out of reach, a
    /// refused password or an untrusted certificate is told at once, in words, rather than
    /// after the connection pool has retried for a minute.
    public func check(password: String?, logger: Logger) async throws(Problem) {
        do {
            let tls: PostgresConnection.Configuration.TLS = try tlsConfiguration.map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
            var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
            configuration.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            defer { Task { try? await connection.close() } }
            _ = try await connection.query("SELECT 1", logger: logger).collect()
        } catch {
            throw Problem(description: reason(error))
        }
    }

    /// What went wrong, in words: the server's own message when it sent one.
    func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return "the server says: \(message)" }
            if let underlying = error.underlying { return reason(underlying) }
            return "\(error.code)"
        }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS: the server's certificate is not trusted; name its authority with sslrootcert=PATH"
                + (tls == .verifyFull ? ", and check that it is issued for \(host)" : "")
        }
        if let error = error as? NIOSSLError, case .noSuchFilesystemObject = error { return "TLS: cannot read sslrootcert (\(rootCertificate ?? ""))" }
        if error is NIOSSLError || error is BoringSSLError { return "TLS: \(text.excerpt(300))" }
        if text.contains("Connection refused") { return "nothing listens at \(host):\(port) (connection refused)" }
        return text.excerpt(300)
    }

    /// `text` with any password in it replaced, fit to show in a message.
    public static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "REDACTED"
        return url.string ?? "(a PostgreSQL URL)"
    }

    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database ?? "")?schema=\(schema)" + (tls == .disable ? "" : "&sslmode=\(tls.rawValue)")
    }
}
