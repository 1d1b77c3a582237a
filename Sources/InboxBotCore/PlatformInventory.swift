/// What a platform has of the things rules name (users, tags, channels, WhatsApp
/// templates), read for the preflight check, `inboxbot check`. A list the platform cannot
/// give is nil, and the check says it was not checked rather than guess.
public struct PlatformInventory: Sendable {
    public struct User: Sendable, Hashable {
        public var id: String
        public var email: String?
        public var name: String?

        public init(id: String, email: String? = nil, name: String? = nil) {
            self.id = id
            self.email = email
            self.name = name
        }
    }

    public struct Channel: Sendable, Hashable {
        public var id: String
        public var name: String?

        public init(id: String, name: String? = nil) {
            self.id = id
            self.name = name
        }
    }

    public struct Template: Sendable, Hashable {
        public var name: String
        /// nil where the platform does not say.
        public var language: String?
        /// How many values a send of it takes in all (header, body and buttons, as
        /// `WhatsAppTemplate.valueCount` counts them); nil where the platform does not say.
        public var parameters: Int?

        public init(name: String, language: String? = nil, parameters: Int? = nil) {
            self.name = name
            self.language = language
            self.parameters = parameters
        }
    }

    public var users: [User]?
    public var tags: [String]?
    public var channels: [Channel]?
    public var templates: [Template]?
    /// The connector creates a tag it does not find (Hatif's `create_missing_tags`).
    public var createsMissingTags = false

    public init(users: [User]? = nil, tags: [String]? = nil, channels: [Channel]? = nil, templates: [Template]? = nil, createsMissingTags: Bool = false) {
        self.users = users
        self.tags = tags
        self.channels = channels
        self.templates = templates
        self.createsMissingTags = createsMissingTags
    }
}
