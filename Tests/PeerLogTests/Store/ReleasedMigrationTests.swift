import Foundation
import Testing
@testable import PeerLog
@testable import PeerLogFormat

/// A released migration is never edited: databases record migrations by name only, so an edited
/// one would silently leave existing databases different from new ones. Each migration's SQL, as
/// `Schema` splits it from schema.sql, is pinned here by its BLAKE2b-256; a change to the schema
/// is a new migration (and its hash is added here when it ships).
@Suite("Released migrations are frozen")
struct ReleasedMigrationTests {
    static let released: [(name: String, blake2b: String)] = [
        ("001-core", "4507e4085a39adf403bbee91be5c2c85d9ac589741eebf2176ab7cf276cc6b91"),
        ("002-access-and-audit", "a410391b9d47821fde7877489bd4b931bb0704b378c6e976f0fcc132074aab57"),
        ("003-published-reports", "9e700290d3f52de31ab702ce03d312970c8e91ce4375eebde6ad767b6ccaed1e"),
        ("004-settings", "a6020917ccd31f7086d0841eaeaab1bdf7941ded264c0509f5c2f1a8e3c49ab9"),
        ("005-program-root", "f562632f7d637075368b76a581445f12d45fe239fbd6911f08edf3201fb785d3"),
        ("006-publication-ledger", "2e0c9b8999d98e36e5bf66bd266d058af62a1d9ce886177ae262c51ee3c3183e"),
        ("007-deputies-and-time-zone", "7c8e0cd3e63c25a4972381d1ca02628ff2b511e6e115e6de84255196e2cdf2c1"),
        ("008-records-over-years", "114a3e7ae5c6349baccf064c339c38347cdfce4c82da3efb71a4833d7031b531"),
        ("009-form-voids", "4db075eba44ad56c13814f4a7582a63c395e9a27961bffad3a056f6083ed5a18"),
        ("010-paper-forms", "9d7a6db5b84fe4ebac6631333d1d65dd68bc4b5fffeeeb7ce5427dd5316d60f8"),
    ]

    @Test func everyReleasedMigrationIsUnchangedAndInOrder() throws {
        let migrations = Schema.migrations
        #expect(migrations.count >= Self.released.count)
        for (index, pinned) in Self.released.enumerated() {
            guard index < migrations.count else { break }
            #expect(migrations[index].name == pinned.name, "migration \(index + 1) is \(migrations[index].name), expected \(pinned.name)")
            let hash = hexString(try Digest.blake2b(Array(migrations[index].sql.utf8)))
            #expect(hash == pinned.blake2b, "\(pinned.name) was edited after its release: add a new migration instead")
        }
    }

    @Test func everyMigrationIsPinned() {
        let pinned = Set(Self.released.map(\.name))
        let unpinned = Schema.migrations.map(\.name).filter { !pinned.contains($0) }
        #expect(unpinned.isEmpty, "migrations with no pinned hash (add them to ReleasedMigrationTests.released when they ship): \(unpinned)")
    }
}
