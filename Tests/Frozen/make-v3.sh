#!/bin/sh
# How Tests/Frozen/v3 was made, kept as a record. It is NOT to be run again: a frozen database is
# made once by the release that wrote it and never regenerated (docs/FORMAT.md, "Frozen
# databases"). Later PeerLog versions may not even accept these commands.
#
#   Tests/Frozen/make-v3.sh PEERLOG-BINARY OUT-DIR
#
# Made with the peerlog of the release after commit 0474359 (sealed form format 3, report body
# v3, migrations 001-010) on 2026-12-03, TZ=America/Chicago. The v2 scenario (Tests/Frozen/make-v2.sh)
# again, with what this release adds: paper forms entered by the coordinator (one at a time) and
# by a deputy (a CSV backlog), and voids (one in a period published later, one in a period never
# published), so forms of versions 3 of both kinds, the void records and their place in the signed
# state are frozen too.
set -eu
bin=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=America/Chicago PEERLOG_DB="$work/peerlog.db"
pl() { "$bin" "$@"; }

mkdir -p "$out"
printf 'quince trellis obelisk mandolin fjord\n' > "$work/coordinator-1.pass"
printf 'kettle borealis puzzle marzipan sorbet\n' > "$out/coordinator.passphrase"
printf 'amber harbor granite willow\n' > "$out/advisor-ana.passphrase"
printf 'copper summit cedar beacon\n' > "$work/advisor-ben-1.pass"
printf 'river falcon orchard quartz\n' > "$out/advisor-ben.passphrase"
printf 'lantern meadow juniper prairie\n' > "$out/advisor-chris.passphrase"
printf 'harbor willow summit amber\n' > "$out/advisor-dee.passphrase"
printf 'thistle canyon mosaic ember\n' > "$out/deputy-gale.passphrase"
printf 'pebble orbit saffron tundra\n' > "$out/deputy-hank.passphrase"
chmod 600 "$work"/*.pass "$out"/*.passphrase

pl init --program "Frozen Test Program Three" --coordinator "Capt. Frozen Coordinator" \
    --new-passphrase-file "$work/coordinator-1.pass" --kdf interactive --time-zone America/Chicago > "$work/init.txt"
c1="--passphrase-file $work/coordinator-1.pass"
pl advisor add "Sgt. Ana Ortiz" $c1 --advisor-passphrase-file "$out/advisor-ana.passphrase"
pl advisor add "Ofc. Ben Carter" $c1 --advisor-passphrase-file "$work/advisor-ben-1.pass"
pl advisor add "Det. Chris Lee" $c1 --advisor-passphrase-file "$out/advisor-chris.passphrase"
pl advisor add "Ofc. Dee Walsh" $c1 --advisor-passphrase-file "$out/advisor-dee.passphrase"
for topic in stress-awareness secondary-trauma referrals; do
    pl advisor train "Sgt. Ana Ortiz" --topic $topic --on 2025-01-15 $c1
done
pl advisor train "Det. Chris Lee" --topic crisis-intervention --on 2025-02-10 $c1
pl settings training-interval 12m $c1
pl deputy add "Lt. Gale Moss" $c1 --deputy-passphrase-file "$out/deputy-gale.passphrase" --kdf interactive > /dev/null
pl deputy add "Sgt. Hank Ruiz" $c1 --deputy-passphrase-file "$out/deputy-hank.passphrase" --kdf interactive > /dev/null

file() { # advisor passphrase-file time incident intervention
    printf 'at=%s\nincident=%s\nintervention=%s\n' "$3" "$4" "$5" |
        pl file --advisor "$1" --passphrase-file "$2" > /dev/null
}
ana=$out/advisor-ana.passphrase chris=$out/advisor-chris.passphrase dee=$out/advisor-dee.passphrase
ben=$work/advisor-ben-1.pass
# Under program key 1: 2024 (purged later) and the first half of 2025.
file "Sgt. Ana Ortiz" "$ana" "2024-02-03 09:15" personal-problems one-on-one
file "Ofc. Ben Carter" "$ben" "2024-03-11 14:00" traumatic-event follow-up
file "Det. Chris Lee" "$chris" "2024-05-20 22:30" critical-incident group-support
file "Sgt. Ana Ortiz" "$ana" "2025-01-06 10:00" personal-problems one-on-one
file "Ofc. Ben Carter" "$ben" "2025-01-19 16:45" personal-problems one-on-one
file "Det. Chris Lee" "$chris" "2025-02-01 07:30" traumatic-event one-on-one
file "Ofc. Dee Walsh" "$dee" "2025-02-14 11:00" personal-problems follow-up
file "Sgt. Ana Ortiz" "$ana" "2025-03-03 13:20" critical-incident group-support
file "Ofc. Ben Carter" "$ben" "2025-03-03 13:25" critical-incident group-support
file "Det. Chris Lee" "$chris" "2025-03-09 03:15" critical-incident secondary-trauma
file "Ofc. Dee Walsh" "$dee" "2025-04-22 19:00" personal-problems referral
file "Sgt. Ana Ortiz" "$ana" "2025-05-05 09:00" personal-problems follow-up
file "Ofc. Ben Carter" "$ben" "2025-05-30 23:59" critical-incident one-on-one
file "Det. Chris Lee" "$chris" "2025-06-15 12:00" personal-problems one-on-one
file "Sgt. Ana Ortiz" "$ana" "2025-06-30 18:30" other mutual-aid
# Enough of the commonest kind that command staff see some numbers.
for day in 07 08 09 10 13 14; do
    file "Sgt. Ana Ortiz" "$ana" "2025-01-$day 09:30" personal-problems one-on-one
    file "Det. Chris Lee" "$chris" "2025-04-$day 14:00" personal-problems one-on-one
done

# Paper forms: one the coordinator enters, a backlog a deputy enters from a CSV file.
printf 'advisor=Ofc. Dee Walsh\nat=2025-05-12 08:00\nincident=personal-problems\nintervention=one-on-one\n' |
    pl file --on-behalf-of - $c1 > /dev/null
cat > "$work/backlog.csv" <<'CSV'
advisor,time,incident,intervention
Sgt. Ana Ortiz,2025-06-02 09:00,personal-problems,one-on-one
Ofc. Ben Carter,2025-06-03 10:30,critical-incident,follow-up
Det. Chris Lee,2025-06-04 14:15,traumatic-event,referral
CSV
chmod 600 "$work/backlog.csv"
pl file --batch "$work/backlog.csv" --deputy "Lt. Gale Moss" --passphrase-file "$out/deputy-gale.passphrase" > /dev/null
pl access grant "Chief Hal Moreno" $c1 --output "$out/credential-hal.txt" > /dev/null
pl access grant "Maj. Ida Park" $c1 --output "$work/credential-ida.txt" > /dev/null
pl report request --credential-file "$out/credential-hal.txt" --from 2025-01-01 --to 2025-06-30 --by quarter > /dev/null
pl report request --credential-file "$work/credential-ida.txt" --from 2025-03-01 --to 2025-03-31 --by month > /dev/null
pl report publish $c1 --from 2025-01-01 --to 2025-06-30 --by quarter --answers 1 > /dev/null
pl report decline 2 --reason too-few-forms $c1 > /dev/null
pl access revoke "Maj. Ida Park" $c1

pl key rotate $c1 > "$work/rotate-1.txt"
# Under program key 2.
file "Ofc. Ben Carter" "$ben" "2025-07-04 21:00" traumatic-event one-on-one
pl advisor passphrase "Ofc. Ben Carter" --passphrase-file "$ben" --new-passphrase-file "$out/advisor-ben.passphrase"
ben=$out/advisor-ben.passphrase
file "Ofc. Ben Carter" "$ben" "2025-08-18 06:40" personal-problems supervisor-activation
file "Det. Chris Lee" "$chris" "2025-09-09 15:10" personal-problems one-on-one
for day in 02 03 04 05 08 09; do
    file "Ofc. Ben Carter" "$ben" "2025-07-$day 10:15" personal-problems one-on-one
done
# Voids: a form of Q3 2025 (published afterwards, by the deputy) filed with the wrong type.
ref() { # advisor time: the REF of that form
    pl forms --about-advisor "$1" --format json $c1 | python3 -c '
import json, sys
for line in sys.stdin:
    if not line.strip() or line.strip() in "[]": continue
    form = json.loads(line.strip().rstrip(","))
    if form["time"].startswith(sys.argv[1]): print(form["ref"])' "$2"
}
pl void "$(ref "Det. Chris Lee" "2025-09-09 15:10")" --reason wrong-type $c1 > /dev/null
# A deputy publishes (the audit trail records the role); the coordinator withdraws it.
pl report publish --deputy "Lt. Gale Moss" --passphrase-file "$out/deputy-gale.passphrase" \
    --from 2025-07-01 --to 2025-09-30 --by quarter --dimension intervention > /dev/null
pl report withdraw 2 $c1 > /dev/null
pl deputy remove "Sgt. Hank Ruiz" $c1 --kdf interactive > "$work/rotate-2.txt"
# Under program key 3.
file "Ofc. Dee Walsh" "$dee" "2025-10-31 20:20" traumatic-event follow-up
file "Ofc. Dee Walsh" "$dee" "2025-11-02 01:30" traumatic-event secondary-trauma
file "Sgt. Ana Ortiz" "$ana" "2025-11-11 11:11" personal-problems referral
file "Sgt. Ana Ortiz" "$ana" "2025-12-24 23:00" personal-problems one-on-one
for day in 03 04 05 06 07 10; do
    file "Det. Chris Lee" "$chris" "2025-11-$day 16:45" personal-problems one-on-one
done
file "Det. Chris Lee" "$chris" "2026-01-02 08:30" critical-incident follow-up
pl advisor retire "Ofc. Dee Walsh" $c1
file "Ofc. Ben Carter" "$ben" "2026-03-17 17:00" critical-incident one-on-one

pl void "$(ref "Ofc. Ben Carter" "2026-03-17 17:00")" --reason duplicate $c1 > /dev/null
pl settings retention 2y $c1
pl purge --before 2025-01-01 $c1 > /dev/null
pl settings noise-budget 2.0 $c1
pl report publish $c1 --from 2025-10-01 --to 2025-12-31 --by quarter --noise 0.5 > /dev/null
pl settings coordinator "Capt. Frozen Successor" $c1
pl passphrase change $c1 --new-passphrase-file "$out/coordinator.passphrase" > /dev/null
c2="--passphrase-file $out/coordinator.passphrase"
pl backup "$work/earlier-backup.db" $c2 > /dev/null

sed -n 's/^ *\([0-9A-Z]\{4\}\(-[0-9A-Z]\{4\}\)\{7\}\) *$/\1/p' "$work/rotate-2.txt" > "$out/recovery-code.txt"
test -s "$out/recovery-code.txt"
chmod 600 "$out/recovery-code.txt" "$out/credential-hal.txt"
pl backup "$out/peerlog.db" $c2 > /dev/null
