import Foundation

/// A new private directory (mkdtemp, 0700) for one benchmark's databases; the caller removes it.
func makeScratchDirectory() throws -> String {
    let temporary = NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
    var template = Array((temporary + "peerlog-bench-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw BenchError.usage("cannot create a temporary directory") }
    return String(cString: made)
}
