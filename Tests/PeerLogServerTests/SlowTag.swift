import Testing

extension Tag {
    /// Tests that take tens of seconds or more (hundreds of processes, thousands of requests).
    /// SwiftPM cannot filter by tag yet, so the fast lane skips them by name; see README.md.
    @Tag static var slow: Self
}
