import Testing
@testable import InboxBotCore

@Suite struct StringReflowTests {
    @Test func paragraphsAreJoinedAndListsAndExamplesKeepTheirLines() {
        let text = """
            Reads events, one
            per line.

            - a list item
            - another
              indented example
            Last line.
            """
        #expect(text.reflowed == "Reads events, one per line.\n\n- a list item\n- another\n  indented example\nLast line.")
    }
}
