import Foundation
import Testing

/// `--output` as a tired coordinator uses it: onto last month's report, left world-readable by
/// some other tool, and onto a name someone else on the host turned into a link to their file.
@Suite("--output leaves a private file, or refuses, and nothing outside the named path")
struct PrivateOutputCLITests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test func aReportOntoAnExistingWorldReadableFileIsPrivate() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let output = cli.home + "/report.csv"
        #expect(FileManager.default.createFile(atPath: output, contents: Data("last month's report\n".utf8), attributes: [.posixPermissions: 0o644]))
        let done = try cli.run(["report", "--format", "csv", "--output", output, "--passphrase-file", coordinator])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(Self.mode(output) == 0o600)
        let text = String(decoding: FileManager.default.contents(atPath: output) ?? Data(), as: UTF8.self)
        #expect(text.hasPrefix("section,period,incident,intervention,advisor,count"))
        let strays = try FileManager.default.contentsOfDirectory(atPath: cli.home).filter { $0.hasPrefix(".report.csv") }
        #expect(strays.isEmpty, "temporary files left: \(strays)")
    }

    @Test func aReportOntoALinkIsRefusedAndTheLinkedFileKeepsItsContent() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let elsewhere = try PeerLogRunner()
        let theirs = elsewhere.home + "/shared-notes.txt"
        #expect(FileManager.default.createFile(atPath: theirs, contents: Data("theirs\n".utf8), attributes: [.posixPermissions: 0o644]))
        let output = cli.home + "/report.html"
        try FileManager.default.createSymbolicLink(atPath: output, withDestinationPath: theirs)
        let refused = try cli.run(["report", "--format", "html", "--output", output, "--passphrase-file", coordinator])
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("is a symbolic link"), "\(refused.stderr)")
        #expect(FileManager.default.contents(atPath: theirs) == Data("theirs\n".utf8))
        #expect(Self.mode(theirs) == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.home) == ["shared-notes.txt"])
    }

    @Test func aCredentialOntoALinkToNowhereIsRefusedAndNothingIsGranted() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        let elsewhere = try PeerLogRunner()
        let planted = elsewhere.home + "/collected.cred"
        let output = cli.home + "/chief.cred"
        try FileManager.default.createSymbolicLink(atPath: output, withDestinationPath: planted)
        let refused = try cli.run(["access", "grant", "Chief Lee", "--output", output, "--passphrase-file", coordinator])
        #expect(refused.status == 74)
        #expect(!FileManager.default.fileExists(atPath: planted), "the credential went through the link")
        let list = try cli.run(["access", "list", "--passphrase-file", coordinator])
        #expect(!list.stdout.contains("Chief Lee"), "a credential was granted that nobody received")
    }
}
