import ArgumentParser

/// Where a report goes and in what form: `--format` and `--output`, the same on every command that
/// prints a report, so the private-file promise of `--output` is worded and kept in one place.
struct ReportOutput: ParsableArguments {
    @Option(name: .long, help: "Output format: text, csv, json or html.")
    var format: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output: created readable by you only, replacing a file there, refusing a symbolic link.", valueName: "path"))
    var output: String?

    /// Prints `text`, or writes it to `--output` as a private file.
    func emit(_ text: String) throws { try Terminal.emit(text, output: output) }
}
