import Foundation
import Testing

/// The coordinator sets a 12-month refresher cycle and a script asks who is overdue, as the
/// monthly reminder would.
@Suite("Training due from the command line: the interval, the table, the JSON scripts read")
struct TrainingDueCLITests {
    struct DueList: Decodable {
        struct Item: Decodable {
            let advisor: String
            let topic: String
            let last_trained: String?
            let due: String?
            let state: String
        }
        let interval_months: Int?
        let training: [Item]
    }

    @Test func whoIsOverdueIsListedAndExitIsZeroEitherWay() throws {
        let cli = try PeerLogRunner()
        let (coordinator, _) = try cli.setUpProgram()
        // Trained on every topic over two years ago, and on referrals again last month.
        let longAgo = Calendar(identifier: .gregorian).date(byAdding: .month, value: -25, to: Date())!
        let lastMonth = Calendar(identifier: .gregorian).date(byAdding: .month, value: -1, to: Date())!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        for topic in ["stress-awareness", "secondary-trauma", "referrals", "crisis-intervention", "de-escalation"] {
            let trained = try cli.run(["advisor", "train", "Sgt. Ana Ortiz", "--topic", topic, "--on", formatter.string(from: longAgo),
                                       "--passphrase-file", coordinator])
            #expect(trained.status == 0, "\(trained.stderr)")
        }
        #expect(try cli.run(["advisor", "train", "Sgt. Ana Ortiz", "--topic", "referrals", "--on", formatter.string(from: lastMonth),
                             "--passphrase-file", coordinator]).status == 0)

        let unset = try cli.run(["advisor", "due"])
        #expect(unset.status == 0 && unset.stdout.contains("Nobody is overdue"), "\(unset.stdout)\(unset.stderr)")
        #expect(unset.stderr.contains("no training interval is set"))

        #expect(try cli.run(["settings", "training-interval", "2 years", "--passphrase-file", coordinator]).status == 64)
        let refused = try cli.run(["settings", "training-interval", "12m"])
        #expect(refused.status == 77, "anyone set the interval: \(refused.stdout)\(refused.stderr)")
        let set = try cli.run(["settings", "training-interval", "12m", "--passphrase-file", coordinator])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try cli.run(["settings", "training-interval"]).stdout.contains("Training interval: 1y"))

        let due = try cli.run(["advisor", "due", "--format", "json"])
        #expect(due.status == 0, "\(due.stderr)")
        let list = try JSONDecoder().decode(DueList.self, from: Data(due.stdout.utf8))
        #expect(list.interval_months == 12)
        #expect(Set(list.training.map(\.topic)) == ["stress-awareness", "secondary-trauma", "crisis-intervention", "de-escalation"])
        #expect(list.training.allSatisfy { $0.advisor == "Sgt. Ana Ortiz" && $0.state == "overdue" && $0.due != nil })

        let table = try cli.run(["advisor", "list", "--training"])
        #expect(table.status == 0, "\(table.stderr)")
        let referrals = table.stdout.split(separator: "\n").first { $0.contains("referrals") } ?? ""
        #expect(referrals.contains(formatter.string(from: lastMonth)) && referrals.hasSuffix("current"), "\(table.stdout)")
    }
}
