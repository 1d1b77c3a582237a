import Testing
@testable import InboxBotCore

@Suite struct TextFoldingTests {
    @Test(arguments: [
        ("Refund PLEASE", "refund please"),
        ("  money \t\n back  ", "money back"),
        ("Café Crème", "cafe creme"),
        ("مَرْحَبًا", "مرحبا"),
        ("أريد إسْتِرجاع", "اريد استرجاع"),
        ("آمنة", "امنه"),
        ("مستشفى", "مستشفي"),
        ("سؤال", "سوال"),
        ("شـــكـــرا", "شكرا"),
        ("٣ طلبات", "3 طلبات"),
    ])
    func folds(_ input: String, _ expected: String) {
        #expect(TextFolding.foldedString(input) == expected)
    }

    /// The byte-wise fold of ASCII and Arabic text agrees with the scalar-wise fold, and
    /// leaves any other text to it.
    @Test func byteFoldAgreesWithScalarFold() {
        let alphabet: [Unicode.Scalar] = ["a", "Z", "q", "0", "9", " ", "\t", "\n", "\r", "-", "#", "~",
                                          "\u{0627}", "\u{0623}", "\u{0649}", "\u{0629}", "\u{064E}", "\u{0651}", "\u{0640}",
                                          "\u{0663}", "\u{06F5}", "\u{06CC}", "\u{06A9}", "\u{0600}", "\u{06FF}", "\u{061F}"]
        // Mostly printable ASCII with spaces, as English messages are: eight bytes are folded at once.
        let english: [Unicode.Scalar] = ["a", "Z", "A", "z", "q", "0", "@", "[", "`", "{", "~", "\u{7F}", " ", " ", " ", "\t", "\u{0627}"]
        let others: [Unicode.Scalar] = ["É", "\u{00A0}", "\u{2003}", "\u{0130}", "\u{0750}", "😀", "\u{FEFB}", "ß"]
        var random = SeededRandom(seed: 7)
        for round in 0..<4_000 {
            var scalars = String.UnicodeScalarView()
            let letters = round % 3 == 1 ? english : alphabet
            for _ in 0..<Int.random(in: 0...40, using: &random) { scalars.append(letters.randomElement(using: &random) ?? "a") }
            if round % 4 == 0 { scalars.insert(others.randomElement(using: &random) ?? "É", at: scalars.index(scalars.startIndex, offsetBy: Int.random(in: 0...scalars.count, using: &random))) }
            let text = String(scalars)
            var bytes = text
            let byteFold = bytes.withUTF8 { input -> [UInt8]? in
                var output = [UInt8](repeating: 0, count: input.count)
                let written = output.withUnsafeMutableBufferPointer { TextFolding.foldASCIIAndArabic(input, into: $0) }
                return written.map { Array(output.prefix($0)) }
            }
            var scalarFold: [UInt8] = []
            TextFolding.foldScalars(text, into: &scalarFold)
            #expect(TextFolding.fold(text) == scalarFold, "\(text.debugDescription)")
            #expect((byteFold == nil) == (round % 4 == 0), "\(text.debugDescription)")
            if let byteFold { #expect(byteFold == scalarFold, "\(text.debugDescription)") }
            // Appended after other text, a fold starts its own spacing: as folded alone.
            var appended: [UInt8] = Array("x ".utf8)
            TextFolding.appendFold(of: text, to: &appended)
            #expect(Array(appended.dropFirst(2)) == scalarFold, "\(text.debugDescription)")
        }
    }

    /// The hard-coded white space list is Unicode's White_Space property, scalar for scalar.
    @Test func whiteSpaceListIsTheUnicodeProperty() {
        var differing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar.isSpace != scalar.properties.isWhitespace { differing.append(value) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(10).map { String($0, radix: 16) })")
    }

    @Test(arguments: [("John Doe", "John"), ("  Sara\u{00A0}Ali", "Sara"), ("محمد العتيبي", "محمد"), ("Layla", "Layla"),
                      ("\u{3000}Ken\u{2003}Sato", "Ken"), ("   ", ""), ("", "")])
    func firstWordSkipsLeadingSpaceAndStopsAtTheNext(_ name: String, _ expected: String) {
        #expect(EventField.firstWord(name) == expected)
    }

    /// Names are read as UTF-8 bytes: on random names of letters from several scripts and
    /// every kind of white space, the first word a reading by Unicode scalar finds.
    @Test func firstWordReadAsBytesIsTheOneReadByScalar() {
        let pieces = ["a", "Sara", "محمد", "é", "Ken", "😀", "\u{0301}", " ", "\t", "\n", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}",
                      "\u{200B}", "\u{2028}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{3001}", "\u{E2}", "\u{2100}", "\u{1681}"]
        var random = SeededRandom(seed: 5)
        for _ in 0..<3_000 {
            let name = (0..<Int.random(in: 0...6, using: &random)).compactMap { _ in pieces.randomElement(using: &random) }.joined()
            let scalars = name.unicodeScalars
            let word = String(String.UnicodeScalarView(scalars.drop(while: \.isSpace).prefix { !$0.isSpace }))
            #expect(EventField.firstWord(name) == word, "\(name.debugDescription)")
            #expect(name.hasVisibleText == scalars.contains { !$0.isSpace }, "\(name.debugDescription)")
        }
    }

    @Test func arabicReadersSeeTheseAsTheSameWord() {
        let variants = ["استرجاع", "إسترجاع", "اِسْتِرْجَاع", "أسترجاع"]
        let folded = Set(variants.map(TextFolding.foldedString))
        #expect(folded.count == 1)
    }

    /// Phone digits are read byte by byte; on random text they must be the digits a reading
    /// by Unicode scalar finds, Arabic-Indic and Persian ones made ASCII.
    @Test func phoneDigitsAreTheDigitScalarsOfAnyText() {
        let pieces = ["0", "5", "9", "+", " ", "-", "٠", "٩", "٥", "۰", "۹", "۵", "ا", "ي", "ـ", "ً", "é", "😀", "ß", "\u{0669}\u{0301}", "00"]
        var random = SeededRandom(seed: 160)
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "0" }.joined()
            var expected: [UInt8] = text.unicodeScalars.compactMap { scalar in
                switch scalar.value {
                case 0x30...0x39: UInt8(scalar.value)
                case 0x0660...0x0669: UInt8(scalar.value - 0x0660 + 0x30)
                case 0x06F0...0x06F9: UInt8(scalar.value - 0x06F0 + 0x30)
                default: nil
                }
            }
            if expected.count > 2, expected[0] == 0x30, expected[1] == 0x30 { expected.removeFirst(2) }
            #expect(TextFolding.phoneDigits(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func phoneDigitsIgnoreFormattingAndPrefixStyle() {
        #expect(TextFolding.phoneDigits("+966 50-011-1222") == Array("966500111222".utf8))
        #expect(TextFolding.phoneDigits("00966500111222") == Array("966500111222".utf8))
        #expect(TextFolding.phoneDigits("+٩٦٦٥٠٠") == Array("966500".utf8))
        // Appended after other text, the 00 prefix is the number's own.
        var appended = Array("00".utf8)
        TextFolding.appendPhoneDigits(of: "00966 50", to: &appended)
        #expect(appended == Array("0096650".utf8))
    }
}

@Suite struct TextTemplateTests {
    let event: Event = {
        var event = Fixtures.message("hi")
        event.conversation.contact = Contact(name: "John Doe", phone: "+966500111222", properties: ["tier": "gold"])
        return event
    }()

    @Test func rendersFieldsAndFallbacks() throws {
        let template = Fixtures.template("Hi {{contact.first_name}} ({{contact.properties.tier}}), {{contact.properties.missing | \"dear\"}} {{ conversation.id }}")
        #expect(try template.render(event, ruleID: "r").get() == "Hi John (gold), dear c-1")
    }

    /// Rendering writes the text at its size in one go: multi-byte literals and values,
    /// a field first and last, and two parses of one text are one template.
    @Test func rendersMultiByteTextAtItsSize() throws {
        var arabic = event
        arabic.conversation.contact.name = "محمد العتيبي"
        let template = Fixtures.template("{{contact.first_name}}، مرحبا 👋 {{contact.properties.tier}}")
        #expect(try template.render(arabic, ruleID: "r").get() == "محمد، مرحبا 👋 gold")
        #expect(try Fixtures.template("{{rule.id}}").render(arabic, ruleID: "قاعدة").get() == "قاعدة")
        #expect(template == Fixtures.template("{{contact.first_name}}، مرحبا 👋 {{contact.properties.tier}}"))
        #expect(Set([template, Fixtures.template("{{contact.first_name}}، مرحبا 👋 {{contact.properties.tier}}")]).count == 1)
        #expect(template != Fixtures.template("{{contact.first_name}}، مرحبا {{contact.properties.tier}}"))
    }

    @Test func refusesToRenderAMissingFieldWithoutFallback() {
        let template = Fixtures.template("{{contact.properties.account_manager}}")
        guard case .failure(let error) = template.render(event, ruleID: "r") else {
            Issue.record("rendered an empty field")
            return
        }
        #expect(error.message.contains("no fallback"))
    }

    @Test func refusesToRenderBlankText() {
        var blank = event
        blank.conversation.contact.name = "   "
        #expect(throws: RenderError.self) { try Fixtures.template("{{contact.name}}").render(blank, ruleID: "r").get() }
    }

    @Test func reportsPlaceholderErrorsWithTheirOffset() {
        guard case .failure(let error) = TextTemplate.parse("Hello {{contact.nmae}}") else {
            Issue.record("accepted an unknown field")
            return
        }
        #expect(error.offset == 6)
        #expect(error.message.contains("did you mean 'contact.name'?"))
        if case .success = TextTemplate.parse("Hi {{contact.name") { Issue.record("accepted an unclosed placeholder") }
        if case .success = TextTemplate.parse("Hi {{contact.name | }}") { Issue.record("accepted an empty fallback") }
    }

    @Test func knowsWhichFieldsMayBeMissing() {
        let template = Fixtures.template("{{conversation.id}} {{contact.name}} {{message.body | x}}")
        #expect(template.fieldsThatMayBeMissing.map(\.field) == [.contactName])
    }
}

@Suite struct ValueParsingTests {
    @Test(arguments: [("30m", 1800), ("1h30m", 5400), ("2d", 172_800), ("45s", 45), ("1w", 604_800)])
    func parsesDurations(_ text: String, _ seconds: Int) throws {
        #expect(try TimeSpan.parse(text).get().seconds == seconds)
    }

    @Test(arguments: ["", "30", "m", "30x", "1.5h", "-5m"])
    func rejectsBadDurations(_ text: String) {
        #expect(throws: RuleValueError.self) { try TimeSpan.parse(text).get() }
    }

    @Test func parsesComparisonShortForms() throws {
        let number: (String) -> Result<Int, RuleValueError> = { Int($0).map { .success($0) } ?? .failure(RuleValueError("nan")) }
        let atLeast = try Comparison.parseShortForm(">= 3", value: number).get()
        #expect(atLeast.holds(for: 3) && !atLeast.holds(for: 2))
        let lessThan = try Comparison.parseShortForm("<3", value: number).get()
        #expect(lessThan.holds(for: 2) && !lessThan.holds(for: 3))
        let equals = try Comparison.parseShortForm("3", value: number).get()
        #expect(equals.holds(for: 3) && !equals.holds(for: 4))
        #expect(Comparison([(.moreThan, 5), (.lessThan, 6)]).acceptedRange == nil)
    }

    @Test func parsesEventPatterns() throws {
        #expect(try EventPattern.parse("message.*").get().types == [.messageReceived, .messageSent, .messageStatus])
        #expect(try EventPattern.parse("*").get().types.count == EventType.allCases.count)
        guard case .failure(let error) = EventPattern.parse("message.recieved") else {
            Issue.record("accepted a misspelt event type")
            return
        }
        #expect(error.message.contains("did you mean 'message.received'?"))
    }

    @Test func suggestsCloseWordsOnly() {
        #expect(Suggestion.closest(to: "tgas", among: ["tags", "status"]) == "tags")
        #expect(Suggestion.closest(to: "colour", among: ["tags", "status"]) == nil)
    }
}

@Suite struct FoldingKeyTests {
    @Test(arguments: ["vip", "VIP", " vip", "vip ", "money  back", "Gold Tier", "sara@acme.sa", "عميل", "Café", ""])
    func keyIsTheFoldedString(_ text: String) {
        #expect(TextFolding.key(text) == TextFolding.foldedString(text))
    }
}
