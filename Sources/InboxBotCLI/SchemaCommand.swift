import ArgumentParser
import InboxBotCore
import InboxBotYAML

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) for rule files, rule test files, or events.",
        discussion: """
            Editors use it to complete and check rule files. Put this first line in a rule file:
              # yaml-language-server: $schema=../schema/rules.schema.json
            and this one in a rule test file (*.test.yaml):
              # yaml-language-server: $schema=../schema/rule-tests.schema.json
            The repository keeps a copy of each in schema/.
            """.reflowed
    )

    @Flag(help: "Print the schema of an event in JSON Lines files instead.")
    var events = false

    @Flag(help: "Print the schema of rule test files (*.test.yaml) instead.")
    var tests = false

    func validate() throws {
        if events, tests { throw ValidationError("give --events or --tests, not both") }
    }

    func run() {
        print(events ? EventSchema.document.serialized() : tests ? RuleTestFileSchema.document.serialized() : RuleFileSchema.document.serialized())
    }
}
