// The byte formats live in their own module (PeerLogFormat: libsodium only); the library's clients
// (the command line, the web service, the benchmark) see them through this one.
@_exported import PeerLogFormat
