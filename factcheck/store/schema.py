"""The workspace's SQLite schema and its ordered migrations."""

from __future__ import annotations

# Each entry upgrades the schema by one version; never edit a migration once it has shipped.
MIGRATIONS: tuple[str, ...] = (
    # 1: articles, claims, speakers, embeddings cache, verdicts, feedback, sources, provider cache
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        outlet TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT '',
        ingested_at TEXT NOT NULL
    );
    CREATE TRIGGER articles_text_immutable BEFORE UPDATE OF text, sha256 ON articles
    BEGIN SELECT RAISE(ABORT, 'article text is immutable'); END;

    CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        type TEXT NOT NULL DEFAULT 'unknown',
        job_title TEXT NOT NULL DEFAULT '',
        same_as TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE speaker_aliases (
        alias TEXT NOT NULL COLLATE NOCASE,
        speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        PRIMARY KEY (alias, speaker_id)
    );

    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        speaker TEXT NOT NULL DEFAULT '',
        speaker_id INTEGER REFERENCES speakers(id),
        speaker_type TEXT NOT NULL DEFAULT 'unknown',
        speaker_start INTEGER,
        speaker_end INTEGER,
        cue TEXT NOT NULL DEFAULT '',
        rule TEXT NOT NULL DEFAULT '',
        confidence REAL NOT NULL DEFAULT 1.0,
        checkworthiness REAL NOT NULL DEFAULT 0.0,
        hedged INTEGER NOT NULL DEFAULT 0,
        parent_id INTEGER REFERENCES claims(id) ON DELETE SET NULL,
        external_id TEXT NOT NULL DEFAULT '',
        cluster_id INTEGER,
        norm_sha256 TEXT NOT NULL DEFAULT '',
        CHECK (start >= 0 AND "end" >= start)
    );
    CREATE INDEX claims_article ON claims(article_id);
    CREATE INDEX claims_speaker ON claims(speaker_id);
    CREATE INDEX claims_cluster ON claims(cluster_id);
    CREATE INDEX claims_norm ON claims(norm_sha256);
    CREATE UNIQUE INDEX claims_external ON claims(external_id) WHERE external_id <> '';

    CREATE VIRTUAL TABLE claims_fts USING fts5(
        text, speaker, content='claims', content_rowid='id', tokenize='porter unicode61'
    );
    CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
        INSERT INTO claims_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
    END;
    CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, text, speaker)
        VALUES ('delete', old.id, old.text, old.speaker);
    END;
    CREATE TRIGGER claims_au AFTER UPDATE OF text, speaker ON claims BEGIN
        INSERT INTO claims_fts(claims_fts, rowid, text, speaker)
        VALUES ('delete', old.id, old.text, old.speaker);
        INSERT INTO claims_fts(rowid, text, speaker) VALUES (new.id, new.text, new.speaker);
    END;

    -- Lexical matching index (issue 4): claim text plus, for prior fact-checks, the review
    -- title (PolitiFact/Snopes titles paraphrase the claim); kept in step by triggers.
    CREATE VIRTUAL TABLE match_fts USING fts5(text, title, tokenize='porter unicode61');
    CREATE TRIGGER claims_match_ai AFTER INSERT ON claims BEGIN
        INSERT INTO match_fts(rowid, text, title) VALUES (new.id, new.text,
            CASE WHEN new.kind = 'prior'
                 THEN (SELECT title FROM articles WHERE id = new.article_id) ELSE '' END);
    END;
    CREATE TRIGGER claims_match_ad AFTER DELETE ON claims BEGIN
        DELETE FROM match_fts WHERE rowid = old.id;
    END;
    CREATE TRIGGER claims_match_au AFTER UPDATE OF text, kind, article_id ON claims BEGIN
        DELETE FROM match_fts WHERE rowid = old.id;
        INSERT INTO match_fts(rowid, text, title) VALUES (new.id, new.text,
            CASE WHEN new.kind = 'prior'
                 THEN (SELECT title FROM articles WHERE id = new.article_id) ELSE '' END);
    END;
    CREATE TRIGGER articles_match_au AFTER UPDATE OF title ON articles BEGIN
        UPDATE match_fts SET title = new.title
        WHERE rowid IN (SELECT id FROM claims WHERE article_id = new.id AND kind = 'prior');
    END;

    CREATE TABLE claim_appearances (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        headline TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (claim_id, position)
    ) WITHOUT ROWID;

    CREATE TABLE embeddings (
        model_id TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model_id, text_sha256)
    ) WITHOUT ROWID;

    CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        rating TEXT NOT NULL,
        rating_value REAL,
        best_rating REAL,
        worst_rating REAL,
        explanation TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',
        reviewer TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft',
        created_at TEXT NOT NULL,
        supersedes INTEGER REFERENCES verdicts(id),
        origin TEXT NOT NULL DEFAULT 'reviewer',
        batch_id TEXT NOT NULL DEFAULT '',
        retracted INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX verdicts_claim ON verdicts(claim_id, id);
    CREATE INDEX verdicts_created ON verdicts(created_at);
    CREATE INDEX verdicts_batch ON verdicts(batch_id);
    CREATE TRIGGER verdicts_append_only BEFORE DELETE ON verdicts
    BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
    CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
    BEGIN SELECT RAISE(ABORT, 'verdicts are append-only; record a new verdict instead'); END;

    CREATE TABLE match_feedback (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        other_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        same INTEGER NOT NULL,
        score REAL,
        reviewer TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX match_feedback_claim ON match_feedback(claim_id);

    CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'other',
        publisher TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        reliability_note TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE INDEX passages_source ON passages(source_id);
    -- lexical search over each passage and its source's title (a second column, own bm25 weight);
    -- the view is the external content, so a 'rebuild' re-reads both
    CREATE VIEW passages_titled AS
        SELECT p.id AS id, p.text AS text, s.title AS title
        FROM passages p JOIN sources s ON s.id = p.source_id;
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        text, title, content='passages_titled', content_rowid='id', tokenize='porter unicode61'
    );
    CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, text, title)
        VALUES (new.id, new.text, (SELECT title FROM sources WHERE id = new.source_id));
    END;
    -- a cascade from a deleted source has already removed the passage (sources_bd below)
    CREATE TRIGGER passages_ad AFTER DELETE ON passages
    WHEN EXISTS (SELECT 1 FROM sources WHERE id = old.source_id) BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text, title)
        VALUES ('delete', old.id, old.text, (SELECT title FROM sources WHERE id = old.source_id));
    END;
    CREATE TRIGGER sources_bd BEFORE DELETE ON sources BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text, title)
        SELECT 'delete', p.id, p.text, old.title FROM passages p WHERE p.source_id = old.id;
    END;
    CREATE TRIGGER sources_au AFTER UPDATE OF title ON sources BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, text, title)
        SELECT 'delete', p.id, p.text, old.title FROM passages p WHERE p.source_id = old.id;
        INSERT INTO passages_fts(rowid, text, title)
        SELECT p.id, p.text, new.title FROM passages p WHERE p.source_id = new.id;
    END;

    CREATE TABLE provider_cache (
        provider TEXT NOT NULL,
        key TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (provider, key)
    ) WITHOUT ROWID;
    """,
    # 2 (issue 17): feeds and their entries; dates kept at their known precision with provenance.
    # A stored YYYY-01-01 without a time was the HTML extractor's year-only fallback (PolitiFact
    # URLs /factchecks/2019/oct/30/... became 2019-01-01): it is kept as the year alone.
    """
    ALTER TABLE articles ADD COLUMN published_precision TEXT NOT NULL DEFAULT '';
    ALTER TABLE articles ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE sources ADD COLUMN published_precision TEXT NOT NULL DEFAULT '';
    ALTER TABLE sources ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';

    UPDATE articles SET published = substr(published, 1, 4), published_precision = 'year',
        provenance = json_set(provenance, '$.published',
            'migration 2: ' || published || ' was a year-only guess; kept as the year')
    WHERE origin <> 'claimreview' AND published GLOB '[0-9][0-9][0-9][0-9]-01-01';
    UPDATE sources SET published = substr(published, 1, 4), published_precision = 'year',
        provenance = json_set(provenance, '$.published',
            'migration 2: ' || published || ' was a year-only guess; kept as the year')
    WHERE published GLOB '[0-9][0-9][0-9][0-9]-01-01';
    UPDATE articles SET published_precision = CASE
        WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN 'day'
        WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN 'month'
        WHEN published GLOB '[0-9][0-9][0-9][0-9]' THEN 'year' ELSE '' END
    WHERE published_precision = '';
    UPDATE sources SET published_precision = CASE
        WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN 'day'
        WHEN published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN 'month'
        WHEN published GLOB '[0-9][0-9][0-9][0-9]' THEN 'year' ELSE '' END
    WHERE published_precision = '';

    -- writers that do not know about precision (the ClaimReview import) get it from the format
    CREATE TRIGGER articles_precision_ai AFTER INSERT ON articles
    WHEN new.published_precision = '' AND new.published <> '' BEGIN
        UPDATE articles SET published_precision = CASE
            WHEN new.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN 'day'
            WHEN new.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN 'month'
            WHEN new.published GLOB '[0-9][0-9][0-9][0-9]' THEN 'year' ELSE '' END
        WHERE id = new.id;
    END;
    CREATE TRIGGER articles_precision_au AFTER UPDATE OF published ON articles
    WHEN new.published IS NOT old.published AND new.published_precision IS old.published_precision BEGIN
        UPDATE articles SET published_precision = CASE
            WHEN new.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' THEN 'day'
            WHEN new.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' THEN 'month'
            WHEN new.published GLOB '[0-9][0-9][0-9][0-9]' THEN 'year' ELSE '' END
        WHERE id = new.id;
    END;

    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        every_minutes INTEGER NOT NULL DEFAULT 60 CHECK (every_minutes >= 1),
        title TEXT NOT NULL DEFAULT '',
        etag TEXT NOT NULL DEFAULT '',
        last_modified TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        last_poll_at TEXT NOT NULL DEFAULT '',
        last_status TEXT NOT NULL DEFAULT '',
        last_message TEXT NOT NULL DEFAULT '',
        last_new INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        next_poll_at TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE feed_entries (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        entry_id TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        published_precision TEXT NOT NULL DEFAULT '',
        published_source TEXT NOT NULL DEFAULT '',
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        status TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 1,
        seen_at TEXT NOT NULL,
        UNIQUE (feed_id, entry_id)
    );
    CREATE INDEX feed_entries_url ON feed_entries(url);
    CREATE INDEX feed_entries_article ON feed_entries(article_id);
    """,
    # 3 (issue 15): each verdict records its reviewer's stable identity (issuer + subject) beside
    # the display name. Earlier verdicts keep their name as the subject under issuer 'local'
    # (imported prior fact-checks: issuer 'claimreview', the publisher as subject).
    """
    ALTER TABLE verdicts ADD COLUMN reviewer_issuer TEXT NOT NULL DEFAULT '';
    ALTER TABLE verdicts ADD COLUMN reviewer_subject TEXT NOT NULL DEFAULT '';
    DROP TRIGGER verdicts_no_update;
    UPDATE verdicts SET reviewer_subject = reviewer,
        reviewer_issuer = CASE WHEN origin = 'claimreview' THEN 'claimreview' ELSE 'local' END;
    CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
    BEGIN SELECT RAISE(ABORT, 'verdicts are append-only; record a new verdict instead'); END;
    CREATE INDEX verdicts_reviewer ON verdicts(reviewer_issuer, reviewer_subject);
    """,
    # 4 (issue 15): blind double review. Independent reviews stay out of the verdicts table (so no
    # reader of verdicts can show one before both are in); the verdict that settles a claim (agreed
    # or adjudicated) names the two reviews it settles in ``inputs`` (comma-separated review ids).
    """
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        rating TEXT NOT NULL,
        rating_value REAL,
        best_rating REAL,
        worst_rating REAL,
        explanation TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',
        reviewer TEXT NOT NULL DEFAULT '',
        reviewer_issuer TEXT NOT NULL,
        reviewer_subject TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft',
        created_at TEXT NOT NULL
    );
    CREATE INDEX reviews_claim ON reviews(claim_id, id);
    CREATE TRIGGER reviews_append_only BEFORE DELETE ON reviews
    BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
    CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
    BEGIN SELECT RAISE(ABORT, 'reviews are append-only; record a new review instead'); END;
    ALTER TABLE verdicts ADD COLUMN inputs TEXT NOT NULL DEFAULT '';
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
