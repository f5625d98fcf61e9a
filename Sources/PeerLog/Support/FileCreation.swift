import Foundation

/// Every file PeerLog writes is private and lands whole. It is created 0600 (the process umask is
/// 077 before anything is created, never chmod-ed afterwards) under a temporary name in the same
/// directory, and only then renamed to the name asked for. So a file already there never lends the
/// new content its wider mode (a rename makes a new inode), a reader never sees half a file, and a
/// symbolic link at the name is refused rather than followed: whoever planted it could have
/// pointed it at a file anyone can read, or at someone else's file.
public enum FileCreation {
    private static let restricted: Void = { _ = umask(0o077) }()

    public static func restrictUmask() { _ = restricted }

    /// Writes `data` to `path`, replacing a regular file there, readable only by its owner.
    /// - Throws: `FileWriteError.symbolicLink` or `.notARegularFile` for what is at `path`,
    ///   `.cannotWrite` when the directory refuses; the temporary file is removed on failure.
    public static func writePrivateFile(_ data: Data, to path: String) throws {
        try refuseAnythingButAFile(at: path)
        let temporary = try reserveTemporary(beside: path) { fd in try writeAll(data, to: fd, path: path) }
        do {
            // Checked again just before the rename: a rename replaces a link planted meanwhile
            // (it never writes through one), but a clear refusal is better than a silent swap.
            try refuseAnythingButAFile(at: path)
            guard rename(temporary, path) == 0 else { throw FileWriteError.cannotWrite(path: path, reason: lastError()) }
        } catch {
            unlink(temporary)
            throw error
        }
        syncDirectory(of: path)
    }

    /// Writes `data` to a new private file at `path`, never replacing anything there.
    /// - Throws: `StoreError.backupExists` when something is at `path`; `FileWriteError.cannotWrite`.
    static func writeNewPrivateFile(_ data: Data, to path: String) throws {
        let temporary = try reserveTemporary(beside: path) { fd in try writeAll(data, to: fd, path: path) }
        do {
            try placeWithoutReplacing(temporary, at: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Creates an empty 0600 file with a fresh name beside `path` (`.NAME.XXXXXX`), lets `fill`
    /// write to its descriptor, flushes it to disk and returns its path.
    /// - Throws: `FileWriteError.cannotWrite`; whatever `fill` throws (the file is then removed).
    static func reserveTemporary(beside path: String, fill: (Int32) throws -> Void = { _ in }) throws -> String {
        restrictUmask()
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        // The name is shortened so that `.NAME.XXXXXX` stays within NAME_MAX (255 bytes).
        let name = String(decoding: Array(url.lastPathComponent.utf8.prefix(200)), as: UTF8.self)
        var template = Array((directory + "/." + name + ".XXXXXX").utf8CString)
        // mkstemp opens with O_CREAT | O_EXCL, mode 0600: it never opens an existing file or a link.
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw FileWriteError.cannotWrite(path: path, reason: lastError()) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        do {
            defer { close(fd) }
            guard fchmod(fd, 0o600) == 0 else { throw FileWriteError.cannotWrite(path: path, reason: lastError()) }
            try fill(fd)
            guard fsync(fd) == 0 else { throw FileWriteError.cannotWrite(path: path, reason: lastError()) }
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Gives `temporary` the name `path` only if nothing at all (not even a dangling link) is
    /// there: a hard link fails rather than replace, so a backup never overwrites a file.
    /// - Throws: `StoreError.backupExists` when something is at `path`.
    static func placeWithoutReplacing(_ temporary: String, at path: String) throws {
        guard link(temporary, path) == 0 else {
            let failure = errno
            if failure == EEXIST { throw StoreError.backupExists(path: path) }
            throw FileWriteError.cannotWrite(path: path, reason: String(cString: strerror(failure)))
        }
        unlink(temporary)
        syncDirectory(of: path)
    }

    /// Refuses a symbolic link, a directory or a device at `path`; nothing there is fine.
    public static func refuseAnythingButAFile(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: throw FileWriteError.symbolicLink(path: path)
        default: throw FileWriteError.notARegularFile(path: path)
        }
    }

    /// Whether anything, even a dangling symbolic link, is at `path`.
    static func somethingIsThere(at path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private static func writeAll(_ data: Data, to fd: Int32, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, base + offset, buffer.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw FileWriteError.cannotWrite(path: path, reason: lastError()) }
                offset += n
            }
        }
    }

    /// Makes a rename durable: the directory entry is flushed too. Best effort: a directory that
    /// cannot be opened or synced leaves the file written, only its name less durable.
    private static func syncDirectory(of path: String) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
