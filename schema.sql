-- PeerLog database schema: the single source of truth.
--
-- Each section below is one named migration, applied in order, once, inside a transaction.
-- A section is never edited after it has shipped: change the schema by appending a new one.
-- The program embeds this file at build time (Sources/PeerLog/Store/schema.sql links here).
--
-- What is deliberately absent: any column that says who filed a form, when, or of what type.
-- Those live only inside `usage_form.sealed`, which only the coordinator's key opens.

-- migration: 001-core

-- The one program this database belongs to (a single row).
CREATE TABLE program (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    program_id       BLOB    NOT NULL CHECK (length(program_id) = 16),
    name             TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    coordinator_name TEXT    NOT NULL CHECK (length(coordinator_name) BETWEEN 1 AND 64),
    -- Local calendar day the program was set up, YYYY-MM-DD (not a secret: it is the start date).
    created_on       TEXT    NOT NULL CHECK (created_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;

-- Program keypairs (crypto_box). Forms are sealed to the active one; older ones stay for opening.
CREATE TABLE program_key (
    key_id      INTEGER PRIMARY KEY CHECK (key_id >= 1),
    public_key  BLOB    NOT NULL UNIQUE CHECK (length(public_key) = 32),
    active      INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;

CREATE UNIQUE INDEX program_key_one_active ON program_key (active) WHERE active = 1;

-- Each program secret key, wrapped (Argon2id + XChaCha20-Poly1305, public key as associated
-- data) once under the coordinator passphrase and once under the recovery code.
CREATE TABLE program_key_wrap (
    key_id      INTEGER NOT NULL REFERENCES program_key (key_id),
    unlocker    TEXT    NOT NULL CHECK (unlocker IN ('passphrase', 'recovery-code')),
    kdf_alg     INTEGER NOT NULL,
    kdf_ops     INTEGER NOT NULL CHECK (kdf_ops >= 1),
    kdf_mem     INTEGER NOT NULL CHECK (kdf_mem >= 8192),
    salt        BLOB    NOT NULL CHECK (length(salt) = 16),
    nonce       BLOB    NOT NULL CHECK (length(nonce) = 24),
    wrapped     BLOB    NOT NULL CHECK (length(wrapped) = 48),
    PRIMARY KEY (key_id, unlocker)
) STRICT;

-- The roster. Names are public within the department (vacancies are announced, SOG 2-13 IV.A.1).
-- Each advisor's Ed25519 signing seed is wrapped under the advisor's own passphrase.
CREATE TABLE advisor (
    advisor_id   BLOB    PRIMARY KEY CHECK (length(advisor_id) = 16),
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    name_key     TEXT    NOT NULL UNIQUE CHECK (name_key = lower(name_key)),
    status       TEXT    NOT NULL CHECK (status IN ('active', 'retired')),
    enrolled_on  TEXT    NOT NULL CHECK (enrolled_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    retired_on   TEXT    CHECK (retired_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    sign_public_key BLOB NOT NULL UNIQUE CHECK (length(sign_public_key) = 32),
    kdf_alg      INTEGER NOT NULL,
    kdf_ops      INTEGER NOT NULL CHECK (kdf_ops >= 1),
    kdf_mem      INTEGER NOT NULL CHECK (kdf_mem >= 8192),
    salt         BLOB    NOT NULL CHECK (length(salt) = 16),
    nonce        BLOB    NOT NULL CHECK (length(nonce) = 24),
    wrapped_seed BLOB    NOT NULL CHECK (length(wrapped_seed) = 48),
    CHECK ((status = 'retired') = (retired_on IS NOT NULL))
) STRICT, WITHOUT ROWID;

-- Training received (SOG 2-13 IV.A.2).
CREATE TABLE advisor_training (
    advisor_id  BLOB NOT NULL REFERENCES advisor (advisor_id),
    topic       TEXT NOT NULL CHECK (topic IN ('stress-awareness', 'secondary-trauma', 'referrals',
                                               'crisis-intervention', 'de-escalation')),
    trained_on  TEXT NOT NULL CHECK (trained_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    PRIMARY KEY (advisor_id, topic, trained_on)
) STRICT, WITHOUT ROWID;

-- Usage forms (SOG 2-13 IV.D.2). A random id and one opaque sealed blob of fixed length; no
-- rowid, so storage order does not follow filing order. Nothing else describes a form.
CREATE TABLE usage_form (
    form_id  BLOB    PRIMARY KEY CHECK (length(form_id) = 16),
    key_id   INTEGER NOT NULL REFERENCES program_key (key_id),
    sealed   BLOB    NOT NULL CHECK (length(sealed) = 304)
) STRICT, WITHOUT ROWID;

-- Forms are append-only: the database itself refuses to change one.
CREATE TRIGGER usage_form_no_update BEFORE UPDATE ON usage_form
BEGIN
    SELECT RAISE(ABORT, 'usage forms cannot be changed');
END;

-- Forms leave only through a retention purge, which lifts this guard inside its own transaction.
CREATE TRIGGER usage_form_no_delete BEFORE DELETE ON usage_form
BEGIN
    SELECT RAISE(ABORT, 'usage forms are removed only by a retention purge');
END;

-- migration: 002-access-and-audit

-- Command-staff credentials. The credential itself (144 random bits, shown once) is never stored:
-- only its domain-separated BLAKE2b-256 hash. Holder names are not secret.
CREATE TABLE access_credential (
    name_key    TEXT PRIMARY KEY CHECK (name_key = lower(name_key)),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    role        TEXT NOT NULL CHECK (role IN ('command-staff')),
    verifier    BLOB NOT NULL UNIQUE CHECK (length(verifier) = 32),
    granted_on  TEXT NOT NULL CHECK (granted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    revoked_on  TEXT CHECK (revoked_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT, WITHOUT ROWID;

-- The audit trail: append-only and hash-chained. hash = BLAKE2b-256(prev_hash || canonical entry),
-- see docs/FORMAT.md. It records which role did what kind of thing, when, and the outcome; never
-- the subject of a query, a member, or which advisor filed a form. A filing (and a purge of a
-- form) is recorded with no time at all, only the hash of the sealed blob, so the chain covers
-- the set of forms.
CREATE TABLE audit_event (
    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
    at         TEXT    CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z'),
    role       TEXT    NOT NULL CHECK (role IN ('coordinator', 'advisor', 'command-staff', 'anyone')),
    action     TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 40 AND action NOT GLOB '*[^a-z-]*'),
    outcome    TEXT    NOT NULL CHECK (outcome IN ('allowed', 'referred', 'denied')),
    form_hash  BLOB    CHECK (length(form_hash) = 32),
    prev_hash  BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash       BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32),
    CHECK ((action IN ('form-filed', 'form-purged')) = (form_hash IS NOT NULL)),
    CHECK (action NOT IN ('form-filed', 'form-purged') OR at IS NULL)
) STRICT;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be shortened');
END;

-- migration: 003-published-reports

-- The Ed25519 key published reports are signed with (derived from the program's first secret
-- key, so only the coordinator can sign). Pinned at the first publication.
CREATE TABLE publishing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    public_key  BLOB    NOT NULL CHECK (length(public_key) = 32)
) STRICT;

-- Anonymised reports released to command staff: the canonical JSON and its signature. Released
-- reports stay, whatever happens to the forms later (retention).
CREATE TABLE published_report (
    report_id     INTEGER PRIMARY KEY,
    published_at  TEXT    NOT NULL CHECK (published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z'),
    body          BLOB    NOT NULL CHECK (length(body) BETWEEN 2 AND 1048576),
    signature     BLOB    NOT NULL CHECK (length(signature) = 64)
) STRICT;

CREATE TRIGGER published_report_no_update BEFORE UPDATE ON published_report
BEGIN
    SELECT RAISE(ABORT, 'published reports cannot be changed');
END;

CREATE TRIGGER published_report_no_delete BEFORE DELETE ON published_report
BEGIN
    SELECT RAISE(ABORT, 'published reports stay once released');
END;

CREATE TRIGGER publishing_key_no_update BEFORE UPDATE ON publishing_key
BEGIN
    SELECT RAISE(ABORT, 'the publishing key is pinned');
END;

CREATE TRIGGER publishing_key_no_delete BEFORE DELETE ON publishing_key
BEGIN
    SELECT RAISE(ABORT, 'the publishing key is pinned');
END;

-- Command staff asking the coordinator for a report. Holds the requester's name and the period
-- asked for; nothing about any member or advisor.
CREATE TABLE report_request (
    request_id    INTEGER PRIMARY KEY,
    requested_at  TEXT    NOT NULL CHECK (requested_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z'),
    requester     TEXT    NOT NULL CHECK (length(requester) BETWEEN 1 AND 64),
    from_day      TEXT    NOT NULL CHECK (from_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    to_day        TEXT    NOT NULL CHECK (to_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    grouping      TEXT    NOT NULL CHECK (grouping IN ('month', 'quarter', 'year'))
) STRICT;

-- migration: 004-settings

-- Program settings, such as how long forms are kept (retention).
CREATE TABLE setting (
    name   TEXT PRIMARY KEY CHECK (name IN ('retention-months')),
    value  TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 32)
) STRICT, WITHOUT ROWID;

-- migration: 005-program-root

-- The program root is the Ed25519 key pinned in publishing_key (its historical name: it signed
-- published reports before it signed anything else). It is derived from program key 1, so only
-- someone who can unlock the program can sign with it. It signs every row that decides what is
-- counted or who may do what, and the audit head after every coordinator action. A row whose
-- signature does not verify is tampering, never used. See docs/FORMAT.md §9.

-- Each program key's certificate: the root vouches for (program, key id, public key, valid from).
ALTER TABLE program_key ADD COLUMN valid_from TEXT
    CHECK (valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE program_key ADD COLUMN certificate BLOB CHECK (length(certificate) = 64);

-- Each roster entry (with its training records), credential and setting, signed by the root.
ALTER TABLE advisor ADD COLUMN signature BLOB CHECK (length(signature) = 64);
ALTER TABLE access_credential ADD COLUMN signature BLOB CHECK (length(signature) = 64);
-- A MAC of the root's public key under a key derived from the credential: the holder checks the
-- root with their own secret, not with the file.
ALTER TABLE access_credential ADD COLUMN root_binding BLOB CHECK (length(root_binding) = 32);
ALTER TABLE setting ADD COLUMN signature BLOB CHECK (length(signature) = 64);

-- How a published report is signed: 1 = the body and its time; 2 = also the program id, with the
-- publication number and the audit head inside the body.
ALTER TABLE published_report ADD COLUMN scheme INTEGER NOT NULL DEFAULT 1 CHECK (scheme IN (1, 2));

-- The audit head each coordinator action left, signed by the root together with the digest of the
-- program's signed state (keys, wraps, roster, credentials, settings, publications) at that moment.
CREATE TABLE signed_head (
    seq        INTEGER PRIMARY KEY REFERENCES audit_event (seq),
    state      BLOB    NOT NULL CHECK (length(state) = 32),
    signature  BLOB    NOT NULL CHECK (length(signature) = 64)
) STRICT;

CREATE TRIGGER signed_head_no_update BEFORE UPDATE ON signed_head
BEGIN
    SELECT RAISE(ABORT, 'signed heads cannot be changed');
END;

CREATE TRIGGER signed_head_no_delete BEFORE DELETE ON signed_head
BEGIN
    SELECT RAISE(ABORT, 'signed heads stay');
END;

-- Forms filed since the last coordinator action, by the hash of their sealed blob only. No time,
-- no sequence, stored in hash order: nothing orders a filing relative to anything else. The next
-- coordinator action folds them into the audit trail, sorted by hash, and empties this table.
CREATE TABLE pending_form (
    form_hash  BLOB PRIMARY KEY CHECK (length(form_hash) = 32)
) STRICT, WITHOUT ROWID;

-- Requests made without any secret (a supervisor's question, a stranger's page view), counted per
-- UTC day instead of one timed audit entry each: however many arrive, a day adds a few rows.
-- Anyone can add to these counts by asking, so they are informational and not signed.
CREATE TABLE request_tally (
    day      TEXT    NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    request  TEXT    NOT NULL CHECK (length(request) BETWEEN 1 AND 40 AND request NOT GLOB '*[^a-z-]*'),
    outcome  TEXT    NOT NULL CHECK (outcome IN ('allowed', 'referred', 'denied')),
    count    INTEGER NOT NULL CHECK (count >= 1),
    PRIMARY KEY (day, request, outcome)
) STRICT, WITHOUT ROWID;

-- migration: 006-publication-ledger

-- Every publication stays in the ledger the disclosure check reads (published_report, above):
-- command staff keep every copy, so nothing published is ever forgotten. What this adds:

-- A publication withdrawn for readers: 'report latest' skips it, the archive marks it. Signed by
-- the root (docs/FORMAT.md §9.9) and covered by the signed state, so nobody who can only write the
-- file can withdraw one, or put one back, unseen. It still counts in every later check.
CREATE TABLE publication_withdrawal (
    report_id     INTEGER PRIMARY KEY REFERENCES published_report (report_id),
    withdrawn_at  TEXT    NOT NULL CHECK (withdrawn_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z'),
    signature     BLOB    NOT NULL CHECK (length(signature) = 64)
) STRICT;

CREATE TRIGGER publication_withdrawal_no_update BEFORE UPDATE ON publication_withdrawal
BEGIN
    SELECT RAISE(ABORT, 'a withdrawal cannot be changed');
END;

CREATE TRIGGER publication_withdrawal_no_delete BEFORE DELETE ON publication_withdrawal
BEGIN
    SELECT RAISE(ABORT, 'a withdrawal cannot be undone');
END;

-- The random seed each publication's choices were drawn from (which layout, which numbers were
-- withheld besides the small ones), sealed to a program key with crypto_box_seal (§9.10): the
-- coordinator can replay a publication; whoever copies the file cannot rerun its choices.
CREATE TABLE publication_seed (
    report_id  INTEGER PRIMARY KEY REFERENCES published_report (report_id),
    key_id     INTEGER NOT NULL REFERENCES program_key (key_id),
    sealed     BLOB    NOT NULL CHECK (length(sealed) = 132)
) STRICT;

-- What became of each report request: answered by a publication, or declined for one of a fixed
-- list of reasons (never free text). A request without a row here is open.
CREATE TABLE report_request_outcome (
    request_id  INTEGER PRIMARY KEY REFERENCES report_request (request_id),
    decided_at  TEXT    NOT NULL CHECK (decided_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z'),
    outcome     TEXT    NOT NULL CHECK (outcome IN ('answered', 'declined')),
    report_id   INTEGER REFERENCES published_report (report_id),
    reason      TEXT    CHECK (reason IN ('too-few-forms', 'conflicts-with-earlier', 'already-published', 'not-ended', 'duplicate')),
    CHECK ((outcome = 'answered') = (report_id IS NOT NULL)),
    CHECK ((outcome = 'declined') = (reason IS NOT NULL))
) STRICT;

-- Settings may now also hold the noise budget (epsilon per month of forms). SQLite cannot change a
-- CHECK in place: the table is rebuilt with the same rows and signatures, and admits any lower-case
-- name (PeerLog reads only the names it knows, each signed by the root), so that the next setting
-- needs no rebuild and a database that already has more settings rebuilds without a refusal.
CREATE TABLE setting_006 (
    name       TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 40 AND name NOT GLOB '*[^a-z-]*'),
    value      TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 64),
    signature  BLOB CHECK (length(signature) = 64)
) STRICT, WITHOUT ROWID;
INSERT INTO setting_006 (name, value, signature) SELECT name, value, signature FROM setting;
DROP TABLE setting;
ALTER TABLE setting_006 RENAME TO setting;

-- migration: 007-deputies-and-time-zone

-- Settings under any lower-case name, so that a new setting needs no table rebuild; PeerLog reads
-- only the names it knows ('retention-months', 'time-zone', ...) and each is signed by the root.
CREATE TABLE setting_by_name (
    name       TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 40 AND name NOT GLOB '*[^a-z-]*'),
    value      TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 64),
    signature  BLOB CHECK (length(signature) = 64)
) STRICT, WITHOUT ROWID;
INSERT INTO setting_by_name (name, value, signature) SELECT name, value, signature FROM setting;
DROP TABLE setting;
ALTER TABLE setting_by_name RENAME TO setting;

-- Deputy coordinators. Each has an X25519 keypair of their own, its secret wrapped under the
-- deputy's passphrase (Argon2id, XChaCha20-Poly1305, as advisors' keys), and the entry signed by
-- the program root. The program keys reach a deputy sealed to that public key (deputy_key_grant),
-- so a new program key can be given to every deputy without their passphrase.
CREATE TABLE deputy (
    deputy_id       BLOB    PRIMARY KEY CHECK (length(deputy_id) = 16),
    name            TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
    public_key      BLOB    NOT NULL UNIQUE CHECK (length(public_key) = 32),
    kdf_alg         INTEGER NOT NULL,
    kdf_ops         INTEGER NOT NULL CHECK (kdf_ops >= 1),
    kdf_mem         INTEGER NOT NULL CHECK (kdf_mem >= 8192),
    salt            BLOB    NOT NULL CHECK (length(salt) = 16),
    nonce           BLOB    NOT NULL CHECK (length(nonce) = 24),
    wrapped_secret  BLOB    NOT NULL CHECK (length(wrapped_secret) = 48),
    added_on        TEXT    NOT NULL CHECK (added_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    signature       BLOB    CHECK (length(signature) = 64)
) STRICT, WITHOUT ROWID;

-- One program key's secret sealed (crypto_box_seal) to one deputy's public key.
CREATE TABLE deputy_key_grant (
    deputy_id  BLOB    NOT NULL REFERENCES deputy (deputy_id) ON DELETE CASCADE,
    key_id     INTEGER NOT NULL REFERENCES program_key (key_id),
    sealed     BLOB    NOT NULL CHECK (length(sealed) = 80),
    PRIMARY KEY (deputy_id, key_id)
) STRICT, WITHOUT ROWID;

-- The audit trail names the deputy coordinator as a role of its own. SQLite cannot change a CHECK,
-- so the table is rebuilt with the same rows (their hashes already cover the role names they
-- hold). The UNIQUE index on the hash goes: nothing looks an entry up by hash, the chain makes
-- each hash distinct, and maintaining a random-order index cost a third of batched filing.
CREATE TABLE audit_event_with_deputy (
    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
    at         TEXT    CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z'),
    role       TEXT    NOT NULL CHECK (role IN ('coordinator', 'deputy', 'advisor', 'command-staff', 'anyone')),
    action     TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 40 AND action NOT GLOB '*[^a-z-]*'),
    outcome    TEXT    NOT NULL CHECK (outcome IN ('allowed', 'referred', 'denied')),
    form_hash  BLOB    CHECK (length(form_hash) = 32),
    prev_hash  BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash       BLOB    NOT NULL CHECK (length(hash) = 32),
    CHECK ((action IN ('form-filed', 'form-purged')) = (form_hash IS NOT NULL)),
    CHECK (action NOT IN ('form-filed', 'form-purged') OR at IS NULL)
) STRICT;
INSERT INTO audit_event_with_deputy SELECT seq, at, role, action, outcome, form_hash, prev_hash, hash FROM audit_event;
DROP TABLE audit_event;
ALTER TABLE audit_event_with_deputy RENAME TO audit_event;

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be shortened');
END;

-- migration: 008-records-over-years

-- Where each backup was written (the path made absolute), beside the `backup` audit entry that
-- records when. Taking a backup needs no secret, so, like request_tally, this is informational
-- and not signed.
CREATE TABLE backup_taken (
    seq   INTEGER PRIMARY KEY REFERENCES audit_event (seq),
    path  TEXT    NOT NULL CHECK (length(path) BETWEEN 1 AND 4096)
) STRICT;

-- migration: 009-form-voids

-- Voids: the coordinator's corrections of mis-coded forms (docs/FORMAT.md §5.5). A form is never
-- edited or deleted to correct it; a void is appended instead. Which form it voids, why and when
-- are sealed to a program key (crypto_box_seal), so the file shows only that a void exists; the
-- program root signs the row (its id, key and sealed bytes), and the signed state covers every
-- row, so a void added, removed or moved behind the coordinator's back shows. Every void has the
-- same length, whatever its reason.
CREATE TABLE form_void (
    void_id    BLOB    PRIMARY KEY CHECK (length(void_id) = 16),
    key_id     INTEGER NOT NULL REFERENCES program_key (key_id),
    sealed     BLOB    NOT NULL CHECK (length(sealed) = 158),
    signature  BLOB    NOT NULL CHECK (length(signature) = 64)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER form_void_no_update BEFORE UPDATE ON form_void
BEGIN
    SELECT RAISE(ABORT, 'a void cannot be changed');
END;

CREATE TRIGGER form_void_no_delete BEFORE DELETE ON form_void
BEGIN
    SELECT RAISE(ABORT, 'a void cannot be deleted');
END;

-- migration: 010-paper-forms

-- Who entered each pending form that came from paper: the coordinator or a deputy, entering a
-- form an advisor handed in. A pending form with no row here was filed by its advisor. The next
-- coordinator action folds it into the trail as a `form-filed` entry with this role and no time,
-- like every filing, then the row goes with its pending_form row. The form itself says it is a
-- paper form inside its signed, sealed body; this row only names the acting role in the trail.
CREATE TABLE pending_paper_form (
    form_hash  BLOB PRIMARY KEY REFERENCES pending_form (form_hash) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('coordinator', 'deputy'))
) STRICT, WITHOUT ROWID;
