import Foundation
import Testing

/// Keeps the documentation honest: the SOG 2-13 traceability table names only tests that exist,
/// and every runnable example in the user guides runs.
@Suite("Documentation: the traceability table names real tests, and the guides' examples run")
struct DocumentationTests {
    /// The package root, found from this file's place in `Tests/PeerLogCLITests/`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
    }

    // MARK: - The traceability table

    /// The cells of a Markdown table row, or nil when the line is not one.
    static func cells(_ line: Substring) -> [String]? {
        var row = line.trimmingCharacters(in: .whitespaces)[...]
        guard row.hasPrefix("|") else { return nil }
        row = row.dropFirst()
        if row.hasSuffix("|") { row = row.dropLast() }
        return row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Whether every cell is a header separator such as `---` or `:--:`.
    static func isSeparator(_ cells: [String]) -> Bool {
        !cells.isEmpty && cells.allSatisfy { cell in !cell.isEmpty && cell.allSatisfy { "-: ".contains($0) } }
    }

    static func isIdentifier(_ text: Substring) -> Bool {
        guard let first = text.first, first == "_" || first.isLetter else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// The backticked `Suite/test` tokens in the "Tests" column of every table in `markdown`.
    static func listedTestNames(in markdown: String) -> [String] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        var names: [String] = []
        var testsColumn: Int?
        for (index, line) in lines.enumerated() {
            guard let row = cells(line) else { testsColumn = nil; continue }
            if index + 1 < lines.count, let next = cells(lines[index + 1]), isSeparator(next) {
                testsColumn = row.firstIndex(of: "Tests")
                continue
            }
            guard let column = testsColumn, !isSeparator(row), column < row.count else { continue }
            // Code spans are the odd-numbered pieces between backticks.
            let pieces = row[column].split(separator: "`", omittingEmptySubsequences: false)
            for piece in pieces.enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                let parts = piece.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count == 2, isIdentifier(parts[0]), isIdentifier(parts[1]) { names.append(String(piece)) }
            }
        }
        return names
    }

    /// Every `Suite/function` in Swift source where `function` is marked `@Test` inside the
    /// top-level `struct Suite` (or an extension of it).
    static func declaredTests(inSource source: String) throws -> Set<String> {
        let declaration = try Regex(#"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|internal|package|private|fileprivate|final)\s+)*(struct|class|enum|actor|extension)\s+(\w+)"#)
        let function = try Regex(#"(?:^|\s)func\s+(\w+)\s*[(<]"#)
        var found: Set<String> = []
        var container: String?
        var testAttributePending = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            // Only declarations that start in the first column are top-level.
            if let first = line.first, !first.isWhitespace, let match = line.firstMatch(of: declaration) {
                let kind = match.output[1].substring.map(String.init) ?? ""
                container = kind == "struct" || kind == "extension" ? match.output[2].substring.map(String.init) : nil
                testAttributePending = false
            }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("@Test") { testAttributePending = true }
            if line.contains("func"), let match = line.firstMatch(of: function), let name = match.output[1].substring {
                if testAttributePending, let container { found.insert("\(container)/\(name)") }
                testAttributePending = false
            }
        }
        return found
    }

    /// Every `Suite/function` test declared in the Swift files under `Tests/`.
    static func declaredTests() throws -> Set<String> {
        let testsDirectory = root.appendingPathComponent("Tests")
        guard let walker = FileManager.default.enumerator(at: testsDirectory, includingPropertiesForKeys: nil) else { return [] }
        var found: Set<String> = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            found.formUnion(try declaredTests(inSource: String(contentsOf: url, encoding: .utf8)))
        }
        return found
    }

    @Test func theScannerFindsTestsAsTheyAreWritten() throws {
        let source = """
            @Suite("sample") struct Sample {
                @Test func one() {}
                @Test("two", arguments: [1, 2])
                func two(n: Int) {}
                func helper() {}
                enum Nested { static func three() {} }
            }
            extension Sample {
                @Test func four() async throws {}
            }
            final class Runner {
                @Test func notInASuite() {}
            }
            func freeFunction() {}
            """
        #expect(try Self.declaredTests(inSource: source) == ["Sample/one", "Sample/two", "Sample/four"])
        let declared = try Self.declaredTests()
        #expect(declared.contains("DocumentationTests/traceabilityTableNamesOnlyTestsThatExist"))
        #expect(declared.contains("CLITests/badFilingInput"), "a parameterised test with a multi-line @Test")
        #expect(!declared.contains("PeerLogRunner/setUpProgram"), "a helper is not a test")
        #expect(!declared.contains("CommandStaffReportTests/fixedReport"), "a helper is not a test")
        let table = """
            | Clause | Mechanism | Tests |
            |---|---|---|
            | I | sealed | `A/b`, `C/d` and `docs/FORMAT.md` |
            | III | none | |

            | Tests |
            |---|
            | `E/f` |
            """
        #expect(Self.listedTestNames(in: table) == ["A/b", "C/d", "E/f"])
    }

    @Test func traceabilityTableNamesOnlyTestsThatExist() throws {
        let listed = Self.listedTestNames(in: try Self.read("docs/sog-2-13.md"))
        #expect(Set(listed).count >= 15, "docs/sog-2-13.md should list at least 15 distinct tests; found \(Set(listed).count)")
        let declared = try Self.declaredTests()
        let missing = listed.filter { !declared.contains($0) }
        #expect(missing.isEmpty, "docs/sog-2-13.md lists tests that are not a @Test func of that name in that struct under Tests/")
    }

    // MARK: - The guides' examples

    struct CodeBlock {
        let info: String
        let body: String
        let line: Int
    }

    /// The fenced code blocks of a Markdown file, with their info strings and starting lines.
    static func codeBlocks(in markdown: String) -> (blocks: [CodeBlock], unclosedAt: Int?) {
        var blocks: [CodeBlock] = []
        var open: (info: String, lines: [String], line: Int)?
        for (index, raw) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let current = open {
                if line == "```" {
                    blocks.append(CodeBlock(info: current.info, body: current.lines.joined(separator: "\n") + "\n", line: current.line))
                    open = nil
                } else {
                    open?.lines.append(String(raw))
                }
            } else if line.hasPrefix("```") {
                open = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), [], index + 1)
            }
        }
        return (blocks, open?.line)
    }

    /// Passphrase files every guide's examples may name, created before its first block.
    static let passphraseFiles = [
        "coordinator.pass": strong("coordinator passphrase for the guides"),
        "coordinator-new.pass": strong("the next coordinator passphrase"),
        "ana.pass": strong("ana's own passphrase"),
        "ana-new.pass": strong("ana's brand new passphrase"),
        "ben.pass": strong("ben's own passphrase"),
        "omar.pass": strong("omar's deputy passphrase"),
    ]

    /// Runs `peerlog` for a guide's preconditions and requires success.
    static func must(_ cli: PeerLogRunner, _ arguments: [String]) throws {
        let result = try cli.run(arguments)
        try #require(result.status == 0, "setting up for a guide: peerlog \(arguments.joined(separator: " ")): \(result.stderr)")
    }

    /// What a guide assumes already happened: the advisor guide, a program with Sgt. Ana Ortiz
    /// enrolled; the command-staff guide, a published report for 2025 and Chief Lee's credential.
    static func prepare(_ cli: PeerLogRunner, for guide: String) throws {
        for (name, passphrase) in passphraseFiles { _ = try cli.secretFile(name, passphrase) }
        guard guide != "docs/coordinator.md" else { return }
        try must(cli, ["init", "--program", "Joplin PD Peer Support", "--coordinator", "Capt. Dana Reyes",
                       "--new-passphrase-file", "\(cli.home)/coordinator.pass", "--kdf", "interactive"])
        try must(cli, ["advisor", "add", "Sgt. Ana Ortiz", "--passphrase-file", "\(cli.home)/coordinator.pass",
                       "--advisor-passphrase-file", "\(cli.home)/ana.pass"])
        guard guide == "docs/command-staff.md" else { return }
        let forms: [(String, String, String)] = [
            ("2025-01-06 09:00", "personal-problems", "one-on-one"), ("2025-01-20 14:30", "personal-problems", "referral"),
            ("2025-02-03 22:15", "personal-problems", "one-on-one"), ("2025-02-17 08:45", "personal-problems", "follow-up"),
            ("2025-03-09 19:00", "personal-problems", "one-on-one"), ("2025-03-14 03:20", "deadly-force", "one-on-one"),
            ("2025-04-11 10:00", "critical-incident", "group-support"), ("2025-05-02 16:00", "critical-incident", "group-support"),
            ("2025-05-20 11:30", "critical-incident", "follow-up"), ("2025-06-01 07:10", "critical-incident", "one-on-one"),
            ("2025-06-28 21:40", "critical-incident", "secondary-trauma"), ("2025-08-15 13:00", "traumatic-event", "one-on-one"),
            ("2025-10-02 12:00", "personal-problems", "one-on-one"), ("2025-11-24 21:30", "other", "mutual-aid"),
        ]
        for (at, incident, intervention) in forms {
            try must(cli, ["file", "--advisor", "Sgt. Ana Ortiz", "--incident", incident, "--intervention", intervention,
                           "--at", at, "--passphrase-file", "\(cli.home)/ana.pass"])
        }
        try must(cli, ["report", "publish", "--from", "2025-01-01", "--to", "2025-12-31",
                       "--passphrase-file", "\(cli.home)/coordinator.pass"])
        try must(cli, ["access", "grant", "Chief Lee", "--output", "\(cli.home)/chief-lee.cred",
                       "--passphrase-file", "\(cli.home)/coordinator.pass"])
    }

    /// Runs one example with `/bin/sh -e` in the guide's directory, `peerlog` first on PATH.
    static func shell(_ script: String, in cli: PeerLogRunner) throws -> PeerLogRunner.Result {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("peerlog-doc-\(UUID().uuidString)")
        let outPath = output.path + ".out", errPath = output.path + ".err"
        guard FileManager.default.createFile(atPath: outPath, contents: nil),
              FileManager.default.createFile(atPath: errPath, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-e", "-c", script]
        process.currentDirectoryURL = URL(fileURLWithPath: cli.home)
        process.environment = [
            "HOME": cli.home, "TZ": "America/Chicago", "PEERLOG_DB": cli.db, "LANG": "C.UTF-8",
            "PATH": PeerLogRunner.binary.deletingLastPathComponent().path + ":/usr/bin:/bin",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        return PeerLogRunner.Result(status: process.terminationStatus,
                                    stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                                    stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    static let guides = ["docs/advisor.md", "docs/coordinator.md", "docs/command-staff.md"]

    @Test("every sh block of a guide runs, in order, on a fresh database", arguments: guides)
    func guideExamplesRun(guide: String) throws {
        let (blocks, unclosed) = Self.codeBlocks(in: try Self.read(guide))
        #expect(unclosed == nil, "\(guide): the code block opened on line \(unclosed ?? 0) is never closed")
        for block in blocks {
            #expect(["sh", "text", "console"].contains(block.info),
                    "\(guide) line \(block.line): mark the block sh (runnable) or text/console (not run), not '\(block.info)'")
        }
        let runnable = blocks.filter { $0.info == "sh" }
        #expect(runnable.count >= 3, "\(guide) has only \(runnable.count) runnable examples")

        let cli = try PeerLogRunner()
        try Self.prepare(cli, for: guide)
        for block in runnable {
            let result = try Self.shell(block.body, in: cli)
            #expect(result.status == 0, """
                \(guide) line \(block.line): the example ended with status \(result.status)
                \(block.body)--- stdout
                \(result.stdout)--- stderr
                \(result.stderr)
                """)
            if result.status != 0 { break }
        }
    }
}
