/// Lets the global options stand before the command, as in `peerlog --db PATH report`.
///
/// swift-argument-parser only matches options against the command that declares them, and every
/// leaf command declares `GlobalOptions`; so options written before the command are moved to just
/// after the command path before parsing. Nothing else is reordered.
enum GlobalOptionPlacement {
    static let valued: Set<String> = ["--db", "--passphrase-file", "--credential-file", "--advisor", "--deputy"]

    static func normalise(_ arguments: [String], subcommands: (String) -> Set<String>?) -> [String] {
        var globals: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if valued.contains(argument), index + 1 < arguments.count {
                globals += [argument, arguments[index + 1]]
                index += 2
            } else if let name = argument.split(separator: "=", maxSplits: 1).first, valued.contains(String(name)),
                      argument.contains("=") {
                globals.append(argument)
                index += 1
            } else {
                break
            }
        }
        guard !globals.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        // The command path: a top-level command, then a subcommand where it has some.
        var pathLength = 0
        if let first = rest.first, let subcommands = subcommands(first) {
            pathLength = 1
            if rest.count > 1, subcommands.contains(rest[1]) { pathLength = 2 }
        }
        rest.insert(contentsOf: globals, at: pathLength)
        return rest
    }
}
