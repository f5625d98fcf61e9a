import Foundation
import Testing
@testable import PeerLog

/// Every file PeerLog writes is 0600 from its first byte, lands whole, never goes through a link
/// planted at its name, and never inherits the wider mode of the file it replaces. Each test plays
/// someone who prepared the name beforehand: a world-readable file, a link to their own file, a
/// link to nowhere, a directory.
@Suite("Files PeerLog writes are private, whole, and never written through a link")
struct PrivateFileTests {
    /// A directory for the test, and another one standing for "somewhere else on the host".
    struct Place {
        let here: String
        let elsewhere: String
        init() throws {
            here = try makeTemporaryDirectory()
            elsewhere = try makeTemporaryDirectory()
        }
        func remove() {
            try? FileManager.default.removeItem(atPath: here)
            try? FileManager.default.removeItem(atPath: elsewhere)
        }
    }

    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    static func isLink(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    static func names(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }

    @Test func aWorldReadableFileIsReplacedByAPrivateOne() throws {
        let place = try Place()
        defer { place.remove() }
        let path = place.here + "/report.csv"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("someone's old text, longer than the new\n".utf8),
                                               attributes: [.posixPermissions: 0o644]))
        try FileCreation.writePrivateFile(Data("new\n".utf8), to: path)
        #expect(try Self.mode(path) == 0o600)
        #expect(FileManager.default.contents(atPath: path) == Data("new\n".utf8))
        #expect(try Self.names(in: place.here) == ["report.csv"], "a temporary file was left behind")
    }

    @Test func aLinkToSomeoneElsesFileIsRefusedAndTheirFileUntouched() throws {
        let place = try Place()
        defer { place.remove() }
        let theirs = place.elsewhere + "/theirs.txt"
        #expect(FileManager.default.createFile(atPath: theirs, contents: Data("theirs\n".utf8), attributes: [.posixPermissions: 0o644]))
        let path = place.here + "/report.csv"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: theirs)
        #expect(throws: FileWriteError.symbolicLink(path: path)) { try FileCreation.writePrivateFile(Data("secret\n".utf8), to: path) }
        #expect(FileManager.default.contents(atPath: theirs) == Data("theirs\n".utf8))
        #expect(try Self.mode(theirs) == 0o644)
        #expect(Self.isLink(path), "the link itself was replaced or removed")
        #expect(try Self.names(in: place.here) == ["report.csv"])
    }

    @Test func aLinkToNowhereCreatesNothingAtItsTarget() throws {
        let place = try Place()
        defer { place.remove() }
        let target = place.elsewhere + "/planted.txt"
        let path = place.here + "/chief.cred"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        #expect(throws: FileWriteError.symbolicLink(path: path)) { try FileCreation.writePrivateFile(Data("secret\n".utf8), to: path) }
        #expect(!FileManager.default.fileExists(atPath: target), "the write followed the link")
        #expect(try Self.names(in: place.elsewhere).isEmpty)
    }

    @Test func aDirectoryAtTheNameIsRefused() throws {
        let place = try Place()
        defer { place.remove() }
        let path = place.here + "/out"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: FileWriteError.notARegularFile(path: path)) { try FileCreation.writePrivateFile(Data("x".utf8), to: path) }
    }

    @Test func aNameNearTheLengthLimitIsWrittenToo() throws {
        let place = try Place()
        defer { place.remove() }
        // 250 bytes: `.NAME.XXXXXX` would be over NAME_MAX if the temporary name kept it whole.
        let path = place.here + "/" + String(repeating: "r", count: 246) + ".csv"
        try FileCreation.writePrivateFile(Data("new\n".utf8), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data("new\n".utf8))
        #expect(try Self.names(in: place.here).count == 1, "a temporary file was left behind")
    }

    @Test func aMissingDirectoryIsNamedInTheError() throws {
        let place = try Place()
        defer { place.remove() }
        let path = place.here + "/no-such-folder/report.csv"
        do {
            try FileCreation.writePrivateFile(Data("x".utf8), to: path)
            Issue.record("a file was written into a folder that does not exist")
        } catch let error as FileWriteError {
            #expect(error.description.contains(path), "\(error.description)")
            #expect(error.exitStatus == .ioError)
        }
    }

    @Test func aBackupIsPrivateLeavesNoTemporaryFileAndNeverGoesThroughALink() throws {
        let program = try TestProgram()
        let place = try Place()
        defer { place.remove() }
        let backup = place.here + "/peerlog-1.db"
        try program.store.backup(to: backup)
        #expect(try Self.mode(backup) == 0o600)
        #expect(try Self.names(in: place.here) == ["peerlog-1.db"])

        let dangling = place.here + "/peerlog-2.db", target = place.elsewhere + "/copy.db"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: target)
        #expect(throws: FileWriteError.symbolicLink(path: dangling)) { try program.store.backup(to: dangling) }
        #expect(!FileManager.default.fileExists(atPath: target), "the backup followed the link")

        let existing = place.here + "/peerlog-3.db"
        #expect(FileManager.default.createFile(atPath: existing, contents: Data(), attributes: [.posixPermissions: 0o644]))
        #expect(throws: StoreError.backupExists(path: existing)) { try program.store.backup(to: existing) }
        #expect(FileManager.default.contents(atPath: existing) == Data(), "a backup overwrote a file")
        #expect(try Self.names(in: place.here) == ["peerlog-1.db", "peerlog-2.db", "peerlog-3.db"])
    }

    @Test func aProgramIsNotCreatedThroughALink() throws {
        let place = try Place()
        defer { place.remove() }
        let path = place.here + "/peerlog.db", target = place.elsewhere + "/peerlog.db"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        #expect(throws: FileWriteError.symbolicLink(path: path)) {
            _ = try PeerLogStore.createProgram(at: path, name: "Linked", coordinator: "Capt. Link", passphrase: secret(strong("linked program")),
                                               kdf: .minimum, today: TestProgram.today)
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }
}
