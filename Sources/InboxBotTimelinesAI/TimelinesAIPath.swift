/// Paths on the Public API, checked before a token goes with them: TimelinesAI answers a
/// trailing slash with a 404 page, and a path must not step out of the API.
enum TimelinesAIPath {
    static func isSafe(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.count > 1, !path.hasSuffix("/"), !path.contains("//"), path.utf8.count <= 512 else { return false }
        return path.split(separator: "/").allSatisfy { segment in
            segment != "." && segment != ".." && segment.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "-_.:@+".unicodeScalars.contains(scalar)
            }
        }
    }

    /// The path with ids replaced, for metrics and logs: `/chats/{id}/messages`.
    static func template(_ path: String) -> String {
        "/" + path.split(separator: "/").map { segment in
            segment.allSatisfy(\.isNumber) || segment.contains("-") && segment.count >= 32 || segment.hasPrefix("+") ? "{id}" : String(segment)
        }.joined(separator: "/")
    }
}
