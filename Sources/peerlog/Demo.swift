import ArgumentParser
import Foundation
import PeerLog

extension PeerLogCommand {
    /// A year of realistic usage on a throw-away database.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Set up a throw-away program, enrol advisors, file a year of forms and print the report.",
            discussion: """
            Everything happens in a new directory (default: a fresh one under the temporary directory). \
            Its passphrases are written to files beside the database so you can keep trying commands; \
            never put real forms in a demo database.
            """)

        @Option(name: .long, help: ArgumentHelp("Directory for the demo database (must not already hold one).", valueName: "path"))
        var dir: String?

        func run() throws {
            try PeerLogStore.authorizeWithoutProgram(.anyone, .createProgram)
            let directory = try dir ?? makeTemporaryDirectory()
            let result = try DemoScenario().run(in: directory)
            print(result.report.rendered(as: .text))
            let first = DemoScenario.advisorNames[0]
            print("""
            Demo: \(result.formsFiled) usage forms filed by \(DemoScenario.advisorNames.count) advisors in \(DemoScenario.year).
            Database: \(result.databasePath)
            Demo passphrases (demo only!) are in \(directory)/*.passphrase

            Try:
              peerlog --db \(result.databasePath) advisor list
              peerlog --db \(result.databasePath) file --advisor "\(first)" --passphrase-file \(result.advisorPassphraseFiles[first] ?? "")    (asks for the fields)
              peerlog --db \(result.databasePath) report --by quarter --format csv --passphrase-file \(result.coordinatorPassphraseFile)
            """)
        }

        private func makeTemporaryDirectory() throws -> String {
            FileCreation.restrictUmask()
            let base = (ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
            var template = Array((base + "/peerlog-demo-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else {
                throw StoreError.cannotOpen(path: base, reason: "cannot create a temporary directory")
            }
            return String(cString: made)
        }
    }
}
