import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The process's resident pages that came from files: its code and read-only data, and its
/// libraries'. They are clean, so the kernel may drop them and read them again when touched;
/// `release` asks it to now, so that what stays resident is what the process goes on using.
enum ResidentPages {
    /// What `release` did: the mappings it advised, and those the kernel refused.
    struct Released: Equatable {
        var mappings = 0
        var refused = 0
    }

    /// Linux's MADV_PAGEOUT (5.4 and later), which Glibc's headers may not name.
    static let pageOut: Int32 = 21

    /// Advises the kernel to page out every read-only file-backed mapping of this process.
    /// Writable mappings (data the process changed) are left alone: paging them out would
    /// mean swap. Pages another process also maps stay resident for it. The allocator's
    /// free pages go back too.
    static func release() -> Released {
        var released = Released()
        #if os(Linux)
        trimAllocator()
        for mapping in readOnlyFileMappings() {
            guard let start = UnsafeMutableRawPointer(bitPattern: mapping.lowerBound) else { continue }
            if madvise(start, mapping.count, pageOut) == 0 { released.mappings += 1 } else { released.refused += 1 }
        }
        #endif
        return released
    }

    #if os(Linux)
    /// glibc's `malloc_trim(0)`: free pages of the heap and every arena back to the kernel.
    /// Looked up by name, since Swift's Glibc module does not import malloc.h.
    static func trimAllocator() {
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
    }
    #endif

    /// The address ranges of /proc/self/maps that a file backs and nothing may write.
    static func readOnlyFileMappings() -> [Range<UInt>] {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps"), let data = try? handle.readToEnd() else { return [] }
        try? handle.close()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap(readOnlyFileMapping)
    }

    /// One line of /proc/PID/maps: `start-end perms offset dev inode path`.
    static func readOnlyFileMapping(_ line: Substring) -> Range<UInt>? {
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count == 6, fields[1].count == 4, !fields[1].contains("w"),
              fields[5].trimmingCharacters(in: .whitespaces).hasPrefix("/") else { return nil }
        let bounds = fields[0].split(separator: "-")
        guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16), start < end else { return nil }
        return start..<end
    }

    /// A field of /proc/self/status in kilobytes, such as `RssFile`; nil where there is none.
    static func kilobytes(_ field: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/status"), let data = try? handle.readToEnd() else { return nil }
        try? handle.close()
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}
