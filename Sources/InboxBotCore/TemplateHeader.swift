public enum TemplateHeader: Sendable, Hashable {
    case text(TextTemplate)
    case image(TextTemplate)
    case video(TextTemplate)
    case document(TextTemplate, filename: TextTemplate?)
}
