#ifndef PEERLOG_WORDLISTS_H
#define PEERLOG_WORDLISTS_H

#include <stddef.h>

/// The frequency-ranked word lists of `Sources/CWordlists/Wordlists/`, compiled into the
/// program: lowercase ASCII, one word per line, most common first.
#define PEERLOG_WORDLIST_PASSWORDS 0
#define PEERLOG_WORDLIST_ENGLISH 1
#define PEERLOG_WORDLIST_FEMALE_NAMES 2
#define PEERLOG_WORDLIST_MALE_NAMES 3
#define PEERLOG_WORDLIST_SURNAMES 4
#define PEERLOG_WORDLIST_TV_AND_FILM 5
#define PEERLOG_WORDLIST_COUNT 6

/// The bytes of list `which` (one of the constants above), and their number in `*length`.
/// Returns NULL, with `*length` 0, for any other `which`.
const unsigned char *peerlog_wordlist(int which, size_t *length);

#endif
