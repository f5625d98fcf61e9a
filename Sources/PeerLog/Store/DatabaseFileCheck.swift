import Foundation

/// Looks at a file's first bytes before SQLite touches it, so that a wrong `--db` (a random file,
/// an empty file, another program's SQLite database) is refused without being modified: opening
/// in WAL mode would otherwise write to it.
enum DatabaseFileCheck {
    static let sqliteMagic = Array("SQLite format 3".utf8) + [0]

    /// - Throws: `StoreError.notInitialised` when missing, `.notAPeerLogDatabase` when foreign,
    ///   `.cannotOpen` when it cannot be read or written.
    /// - Parameter writable: false when the file will only be read (a backup being restored).
    static func checkExisting(path: String, writable: Bool = true) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if FileManager.default.fileExists(atPath: path) {
                throw StoreError.cannotOpen(path: path, reason: "permission denied")
            }
            throw StoreError.notInitialised(path: path)
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard !header.isEmpty else { throw StoreError.notAPeerLogDatabase(path: path, what: "the file is empty") }
        guard header.count == 100, Array(header[0..<16]) == sqliteMagic else {
            throw StoreError.notAPeerLogDatabase(path: path, what: "it is not an SQLite database")
        }
        let appID = header[68..<72].reduce(Int32(0)) { $0 << 8 | Int32($1) }
        guard appID == Schema.applicationID else {
            throw StoreError.notAPeerLogDatabase(path: path, what: "it is an SQLite database of another program")
        }
        // SQLite would open it read-only and create `-wal` and `-shm` with its read-only mode; a
        // read-only `-shm` left behind breaks every later open, even once the file is writable.
        guard !writable || access(path, W_OK) == 0 else { throw StoreError.cannotOpen(path: path, reason: "it is read-only") }
    }
}
