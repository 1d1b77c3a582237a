/// Reading a platform's objects field by field, leniently: a field that is absent, null or of
/// another type is nil, so that one odd field never fails a whole answer. Connectors decide
/// which fields are required and fail those with their place.
extension KeyedDecodingContainer where Key == JSONKey {
    public func lenientString(_ key: String) -> String? {
        (try? decodeIfPresent(String.self, forKey: JSONKey(key))).flatMap { $0 }
    }

    public func lenientBool(_ key: String) -> Bool? {
        (try? decodeIfPresent(Bool.self, forKey: JSONKey(key))).flatMap { $0 }
    }
}
