/// IRI ids used as URL paths: checked before a request is made of them.
enum TextUsPath {
    /// A path of plain segments: no `..` or empty ones, no fragment, no spaces or controls.
    /// A query is allowed only in links the API itself gave (`view.next`).
    static func isSafe(_ path: String, allowingQuery: Bool = true) -> Bool {
        guard path.hasPrefix("/"), path.utf8.count <= 2048 else { return false }
        let pathPart = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if !allowingQuery, pathPart.count != path.count { return false }
        guard !pathPart.contains("//"), !pathPart.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else { return false }
        return path.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "#" && $0 != "\\" }
    }

    /// An IRI of the given kind (`/conversations/…`), checked; nil for anything else.
    static func iri(_ text: String, kind: String) -> String? {
        guard text.hasPrefix("/\(kind)/"), isSafe(text, allowingQuery: false), text.count > kind.count + 2 else { return nil }
        return text
    }

    /// The path with its ids replaced, for logs and metrics.
    static func template(_ path: String) -> String {
        let pathPart = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        let parts = pathPart.split(separator: "/", omittingEmptySubsequences: false)
        return parts.enumerated().map { index, part in index >= 2 && index % 2 == 0 ? ":id" : String(part) }.joined(separator: "/")
    }
}
