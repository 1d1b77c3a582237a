/// The fields of a value that is copied far more often than it is changed (an event, a
/// conversation snapshot: into every evaluation, timer, decision and view), kept in one
/// shared box: a copy costs one reference count instead of one per string, and a change
/// copies the box first while another value still shares it (copy on write).
struct SharedFields<Fields: Sendable & Hashable>: Sendable, Hashable {
    /// Unchecked: its fields change only through `fields`' `_modify`, that is, only while one
    /// value alone holds it; a box two values share is never written. For the same reason
    /// reads need no dynamic exclusivity check, which would cost more than the read.
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(_ fields: Fields) {
        box = Box(fields)
    }

    var fields: Fields {
        _read { yield box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    static func == (left: Self, right: Self) -> Bool {
        left.box === right.box || left.box.fields == right.box.fields
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(box.fields)
    }
}

/// Shown as its fields (in a test's failure, a debugger), not as the box that holds them.
extension SharedFields: CustomReflectable {
    var customMirror: Mirror { Mirror(reflecting: fields) }
}
