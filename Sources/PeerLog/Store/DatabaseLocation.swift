import Foundation

/// Where the database lives: `--db`, else `$PEERLOG_DB`, else `$XDG_DATA_HOME/peerlog/peerlog.db`
/// (`~/.local/share/peerlog/peerlog.db`).
public enum DatabaseLocation {
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnv = environment["PEERLOG_DB"], !fromEnv.isEmpty { return fromEnv }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            dataHome = home + "/.local/share"
        }
        return dataHome + "/peerlog/peerlog.db"
    }
}
