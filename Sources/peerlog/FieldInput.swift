import Foundation
import PeerLog

/// Form fields and names asked for instead of taken from the command line, where every user of a
/// shared host reads them (`/proc/PID/cmdline`, `ps`) and the shell keeps them in its history.
/// At a terminal: numbered menus and prompts (on standard error, so standard output stays the
/// command's result). Otherwise: `key=value` lines on standard input.
enum FieldInput {
    static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Reads `key=value` lines from standard input to its end: only `allowed` keys, each once;
    /// blank lines and lines starting with `#` are skipped. Values are never echoed in errors.
    static func lines(allowed: [String]) throws -> [String: String] {
        var fields: [String: String] = [:]
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else { throw FieldInputError.notKeyValue(line: number) }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard allowed.contains(key) else { throw FieldInputError.unknownKey(line: number, allowed: allowed) }
            guard fields[key] == nil else { throw FieldInputError.repeated(key) }
            fields[key] = value
        }
        return fields
    }

    /// A numbered menu: the person types a number (or the code itself).
    /// - Returns: the chosen code.
    static func choose(_ title: String, _ options: [(code: String, label: String)]) throws -> String {
        var menu = title + "\n"
        for (index, option) in options.enumerated() {
            menu += "  " + String(index + 1).leftPadded(to: 2) + "  " + option.label + "\n"
        }
        prompt(menu)
        for attempt in 0..<3 {
            let answer = try ask("Choose 1-\(options.count): ")
            if let number = Int(answer), (1...options.count).contains(number) { return options[number - 1].code }
            if let match = options.first(where: { $0.code == answer.lowercased() }) { return match.code }
            if attempt < 2 { prompt("That is not one of the numbers above.\n") }
        }
        throw FieldInputError.noChoice(title)
    }

    /// Asks one question and returns the answer without its line end.
    /// - Throws: `FieldInputError.endOfInput` when standard input closes.
    static func ask(_ question: String) throws -> String {
        prompt(question)
        guard let line = readLine(strippingNewline: true) else { throw FieldInputError.endOfInput }
        return line.trimmingCharacters(in: .whitespaces)
    }

    static func prompt(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Standard input did not hold what was asked for. Never quotes a value: it may be a form field.
enum FieldInputError: PeerLogError, Equatable {
    case notKeyValue(line: Int)
    case unknownKey(line: Int, allowed: [String])
    case repeated(String)
    case missing([String])
    case noChoice(String)
    case endOfInput

    var description: String {
        switch self {
        case let .notKeyValue(line): return "standard input line \(line) is not of the form key=value"
        case let .unknownKey(line, allowed): return "standard input line \(line) names a field this command does not take (it takes \(allowed.joined(separator: ", ")))"
        case let .repeated(key): return "'\(key)' is given more than once"
        case let .missing(keys): return "missing: \(keys.joined(separator: ", "))"
        case let .noChoice(title): return "no valid choice for \(title.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":")))"
        case .endOfInput: return "standard input ended before every field was given"
        }
    }

    var hint: String? {
        switch self {
        case .missing, .notKeyValue, .unknownKey, .repeated, .endOfInput:
            return "give one field per line on standard input, as key=value (advisor=, incident=, intervention=, at=); 'peerlog types' lists the codes"
        case .noChoice: return nil
        }
    }

    var exitStatus: ExitStatus { .usage }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
