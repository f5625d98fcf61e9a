#!/bin/sh
# How Tests/Frozen/v1 was made, kept as a record. It is NOT to be run again: a frozen database is
# made once by the release that wrote it and never regenerated (docs/FORMAT.md, "Frozen
# databases"). Later PeerLog versions may not even accept these commands.
#
#   Tests/Frozen/make-v1.sh PEERLOG-BINARY OUT-DIR
#
# Made with the peerlog of commit e070920 (sealed form format 1, migrations 001-004) on
# 2026-12-03, TZ=America/Chicago. The database is written by `peerlog backup`, which copies it
# with VACUUM INTO, so it is one file with no -wal.
set -eu
bin=$1
out=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=America/Chicago PEERLOG_DB="$work/peerlog.db"
pl() { "$bin" "$@"; }

mkdir -p "$out"
printf 'frozen coordinator first passphrase\n' > "$work/coordinator-1.pass"
printf 'frozen coordinator second passphrase\n' > "$out/coordinator.passphrase"
printf 'amber harbor granite willow\n' > "$out/advisor-ana.passphrase"
printf 'copper summit cedar beacon\n' > "$work/advisor-ben-1.pass"
printf 'river falcon orchard quartz\n' > "$out/advisor-ben.passphrase"
printf 'lantern meadow juniper prairie\n' > "$out/advisor-chris.passphrase"
printf 'harbor willow summit amber\n' > "$out/advisor-dee.passphrase"
chmod 600 "$work"/*.pass "$out"/*.passphrase

pl init --program "Frozen Test Program" --coordinator "Capt. Frozen Coordinator" \
    --new-passphrase-file "$work/coordinator-1.pass" --kdf interactive > "$work/init.txt"
c1="--passphrase-file $work/coordinator-1.pass"
pl advisor add "Sgt. Ana Ortiz" $c1 --advisor-passphrase-file "$out/advisor-ana.passphrase"
pl advisor add "Ofc. Ben Carter" $c1 --advisor-passphrase-file "$work/advisor-ben-1.pass"
pl advisor add "Det. Chris Lee" $c1 --advisor-passphrase-file "$out/advisor-chris.passphrase"
pl advisor add "Ofc. Dee Walsh" $c1 --advisor-passphrase-file "$out/advisor-dee.passphrase"
for topic in stress-awareness secondary-trauma referrals; do
    pl advisor train "Sgt. Ana Ortiz" --topic $topic --on 2025-01-15 $c1
done
pl advisor train "Det. Chris Lee" --topic crisis-intervention --on 2025-02-10 $c1

file() { # advisor passphrase-file time incident intervention
    pl file --advisor "$1" --passphrase-file "$2" --at "$3" --incident "$4" --intervention "$5" > /dev/null
}
ana=$out/advisor-ana.passphrase chris=$out/advisor-chris.passphrase dee=$out/advisor-dee.passphrase
ben=$work/advisor-ben-1.pass
# Under program key 1: 2024 (purged later) and the first half of 2025.
file "Sgt. Ana Ortiz" "$ana" "2024-02-03 09:15" personal-problems one-on-one
file "Ofc. Ben Carter" "$ben" "2024-03-11 14:00" traumatic-event follow-up
file "Det. Chris Lee" "$chris" "2024-05-20 22:30" critical-incident group-support
file "Sgt. Ana Ortiz" "$ana" "2024-08-02 08:00" injury-illness-death referral
file "Sgt. Ana Ortiz" "$ana" "2025-01-06 10:00" personal-problems one-on-one
file "Ofc. Ben Carter" "$ben" "2025-01-19 16:45" personal-problems one-on-one
file "Det. Chris Lee" "$chris" "2025-02-01 07:30" traumatic-event one-on-one
file "Ofc. Dee Walsh" "$dee" "2025-02-14 11:00" assault-on-member follow-up
file "Sgt. Ana Ortiz" "$ana" "2025-03-03 13:20" critical-incident group-support
file "Ofc. Ben Carter" "$ben" "2025-03-03 13:25" critical-incident group-support
file "Det. Chris Lee" "$chris" "2025-03-09 03:15" critical-incident secondary-trauma
file "Ofc. Dee Walsh" "$dee" "2025-04-22 19:00" substance-abuse referral
file "Sgt. Ana Ortiz" "$ana" "2025-05-05 09:00" personal-problems follow-up
file "Ofc. Ben Carter" "$ben" "2025-05-30 23:59" crimes-against-children one-on-one
file "Det. Chris Lee" "$chris" "2025-06-15 12:00" deadly-force one-on-one
file "Sgt. Ana Ortiz" "$ana" "2025-06-30 18:30" other mutual-aid

pl access grant "Chief Hal Moreno" $c1 --output "$out/credential-hal.txt" > /dev/null
pl access grant "Maj. Ida Park" $c1 --output "$work/credential-ida.txt" > /dev/null
pl report request --credential-file "$out/credential-hal.txt" --from 2025-01-01 --to 2025-06-30 --by quarter
pl report publish $c1 --from 2025-01-01 --to 2025-06-30 --by quarter
pl access revoke "Maj. Ida Park" $c1

pl key rotate $c1 > "$work/rotate.txt"
# Under program key 2.
file "Ofc. Ben Carter" "$ben" "2025-07-04 21:00" injury-illness-death one-on-one
pl advisor passphrase "Ofc. Ben Carter" --passphrase-file "$ben" --new-passphrase-file "$out/advisor-ben.passphrase"
ben=$out/advisor-ben.passphrase
file "Ofc. Ben Carter" "$ben" "2025-08-18 06:40" family-death-assistance supervisor-activation
file "Det. Chris Lee" "$chris" "2025-09-09 15:10" personal-problems one-on-one
file "Ofc. Dee Walsh" "$dee" "2025-10-31 20:20" traumatic-event follow-up
file "Ofc. Dee Walsh" "$dee" "2025-11-02 01:30" traumatic-event secondary-trauma
file "Sgt. Ana Ortiz" "$ana" "2025-11-11 11:11" personal-problems referral
file "Sgt. Ana Ortiz" "$ana" "2025-12-24 23:00" personal-problems one-on-one
file "Det. Chris Lee" "$chris" "2026-01-02 08:30" critical-incident follow-up
pl advisor retire "Ofc. Dee Walsh" $c1
file "Ofc. Ben Carter" "$ben" "2026-03-17 17:00" assault-on-member one-on-one

pl settings retention 2y $c1
pl purge --before 2025-01-01 $c1
pl report publish $c1 --from 2025-07-01 --to 2025-12-31 --by month --dimension intervention
pl passphrase change $c1 --new-passphrase-file "$out/coordinator.passphrase"

sed -n 's/^ *\([0-9A-Z]\{4\}\(-[0-9A-Z]\{4\}\)\{7\}\) *$/\1/p' "$work/rotate.txt" > "$out/recovery-code.txt"
chmod 600 "$out/recovery-code.txt" "$out/credential-hal.txt"
pl backup "$out/peerlog.db"
