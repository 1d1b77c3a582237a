public enum RenderedHeader: Sendable, Hashable, Codable {
    case text(String)
    case image(url: String)
    case video(url: String)
    case document(url: String, filename: String?)
}
