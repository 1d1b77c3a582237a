import InboxBotConnectorSupport

/// The API token of a TextUs user (Profile, API Tokens in TextUs).
public typealias TextUsToken = APIToken

extension APIToken {
    /// `TEXTUS_TOKEN`, or the file `TEXTUS_TOKEN_FILE` names.
    public static func textUs(_ environment: [String: String]) throws(LoadError) -> APIToken {
        try fromEnvironment(environment, variable: "TEXTUS_TOKEN",
                            missing: "create an API token in TextUs under Profile, API Tokens (see docs/platforms/textus.md)")
    }
}
