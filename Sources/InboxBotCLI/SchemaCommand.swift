import ArgumentParser
import InboxBotCore
import InboxBotYAML

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) for rule files, or for events.",
        discussion: """
            Editors use it to complete and check rule files. Put this first line in a rule file:
              # yaml-language-server: $schema=../schema/rules.schema.json
            The repository keeps a copy in schema/.
            """
    )

    @Flag(help: "Print the schema of an event in JSON Lines files instead.")
    var events = false

    func run() {
        print(events ? EventSchema.document.serialized() : RuleFileSchema.document.serialized())
    }
}
