import Foundation

/// Paths on a platform's API, checked before a token goes with them: no trailing slash
/// (TimelinesAI answers one with a 404 page, Hilos's paths take none), nothing that steps out
/// of the API, only plain characters.
public enum APIPath {
    public static func isSafe(_ path: String) -> Bool {
        guard path.hasPrefix("/"), path.count > 1, !path.hasSuffix("/"), !path.contains("//"), path.utf8.count <= 512 else { return false }
        return path.split(separator: "/").allSatisfy { segment in
            segment != "." && segment != ".." && segment.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "-_.:@+".unicodeScalars.contains(scalar)
            }
        }
    }

    /// The path with ids replaced, for metrics and logs: `/chats/{id}/messages`.
    public static func template(_ path: String) -> String {
        "/" + path.split(separator: "/").map { segment in
            segment.allSatisfy(\.isNumber) || segment.contains("-") && segment.count >= 32 || segment.hasPrefix("+") ? "{id}" : String(segment)
        }.joined(separator: "/")
    }

    /// A query string, each name and value percent-encoded: `a=1&b=x%20y`.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
