public enum MessageType: String, Sendable, Hashable, Codable, CaseIterable {
    case text, image, video, audio, document, location, contact, sticker, template, interactive
}
