// The word lists are embedded with C23 `#embed`, which the compiler reads straight into read-only
// data. SwiftPM's `.embedInCode` writes them out as a Swift array literal instead, and the Swift
// compiler needs minutes and gigabytes for a few hundred kilobytes of that (docs/DESIGN-DECISIONS.md).
#include "wordlists.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char passwords[] = {
#embed "Wordlists/passwords.txt"
};
static const unsigned char english[] = {
#embed "Wordlists/english.txt"
};
static const unsigned char female_names[] = {
#embed "Wordlists/female-names.txt"
};
static const unsigned char male_names[] = {
#embed "Wordlists/male-names.txt"
};
static const unsigned char surnames[] = {
#embed "Wordlists/surnames.txt"
};
static const unsigned char tv_and_film[] = {
#embed "Wordlists/tv-and-film.txt"
};

const unsigned char *peerlog_wordlist(int which, size_t *length) {
    switch (which) {
    case PEERLOG_WORDLIST_PASSWORDS: *length = sizeof passwords; return passwords;
    case PEERLOG_WORDLIST_ENGLISH: *length = sizeof english; return english;
    case PEERLOG_WORDLIST_FEMALE_NAMES: *length = sizeof female_names; return female_names;
    case PEERLOG_WORDLIST_MALE_NAMES: *length = sizeof male_names; return male_names;
    case PEERLOG_WORDLIST_SURNAMES: *length = sizeof surnames; return surnames;
    case PEERLOG_WORDLIST_TV_AND_FILM: *length = sizeof tv_and_film; return tv_and_film;
    default: *length = 0; return NULL;
    }
}
