import Foundation

/// Root ignores permission bits, so tests of what a read-only file or directory does to a person
/// run `peerlog` as an ordinary user: when the tests themselves run as root, through `setpriv`
/// as `nobody`, after the test's home directory has been handed to that user.
enum OrdinaryUser {
    static let id: UInt32 = 65534
    static let setpriv = "/usr/bin/setpriv"

    /// Whether `peerlog` can be run as an ordinary user here.
    static var available: Bool {
        getuid() != 0 || (FileManager.default.isExecutableFile(atPath: setpriv) && othersCanRun(PeerLogRunner.binary))
    }

    /// Every directory on the way must be searchable, and the file executable, by others.
    private static func othersCanRun(_ url: URL) -> Bool {
        var path = url.resolvingSymlinksInPath().path
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o001 != 0 else { return false }
        while path != "/" {
            path = (path as NSString).deletingLastPathComponent
            guard stat(path, &info) == 0, info.st_mode & 0o001 != 0 else { return false }
        }
        return true
    }
}

extension PeerLogRunner {
    /// Runs `peerlog` as an ordinary user (see `OrdinaryUser`). As root, everything in the home
    /// directory, the directory included, first becomes that user's.
    @discardableResult
    func runAsOrdinaryUser(_ arguments: [String]) throws -> Result {
        guard getuid() == 0 else { return try run(arguments) }
        let id = OrdinaryUser.id
        chown(home, id, id)
        for name in try FileManager.default.subpathsOfDirectory(atPath: home) {
            lchown(home + "/" + name, id, id)
        }
        return try run(executable: URL(fileURLWithPath: OrdinaryUser.setpriv),
                       ["--reuid=\(id)", "--regid=\(id)", "--clear-groups", "--", Self.binary.path] + arguments)
    }
}
