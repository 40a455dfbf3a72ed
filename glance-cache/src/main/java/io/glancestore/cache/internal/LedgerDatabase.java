package io.glancestore.cache.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file that holds a cache folder's ledger ({@code .index/ledger.db}): its schema, one
 * connection with prepared statements, and transactions. WAL journal, {@code synchronous=NORMAL}
 * (a power cut may lose the last transactions, never corrupt the file: the folder is
 * reconciled on open anyway), a busy timeout so that processes queue for the write lock instead
 * of failing. Write transactions are {@code BEGIN IMMEDIATE}: the write lock is taken at once,
 * so two processes never both read the free space and then both spend it.
 *
 * <p>Operators can inspect it: {@code sqlite3 <dir>/.index/ledger.db 'select * from images'}.
 * Not thread-safe: the {@link Ledger} uses it under its lock.
 */
final class LedgerDatabase implements AutoCloseable {

    /** File name in the index folder. */
    static final String FILE = "ledger.db";
    private static final int SCHEMA_VERSION = 1;
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;
    private static final String INIT_LOCK = "ledger.init.lock";
    private static final Object INIT = new Object();

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS images(id TEXT PRIMARY KEY, size INTEGER NOT NULL, hits INTEGER NOT NULL,"
            + " last_access INTEGER NOT NULL, cached_at INTEGER NOT NULL, lru INTEGER NOT NULL, md5 TEXT,"
            + " hash_algo TEXT, multihash TEXT, dev INTEGER, ino INTEGER, ctime_ns INTEGER)",
        "CREATE INDEX IF NOT EXISTS images_by_lru ON images(lru)",
        "CREATE TABLE IF NOT EXISTS fills(id TEXT PRIMARY KEY, owner TEXT NOT NULL, size INTEGER NOT NULL,"
            + " reserved INTEGER NOT NULL, started INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS invalid(id TEXT PRIMARY KEY, size INTEGER NOT NULL, since INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS trash(name TEXT PRIMARY KEY, owner TEXT NOT NULL, bytes INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    };

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private LedgerDatabase(Connection connection) {
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) the ledger of a cache folder.
     *
     * @param indexDir the cache's index folder
     * @return the open database
     * @throws SQLException if it cannot be opened, is not a ledger, or is damaged
     */
    static LedgerDatabase open(Path indexDir) throws SQLException {
        // Opening switches a new file to WAL and creates the schema: processes starting together
        // on a new folder would otherwise take turns failing with SQLITE_BUSY (a lock upgrade
        // SQLite does not wait for). One at a time per node, by a lock on a file of its own
        // (never opened for anything else, so no other descriptor's close drops the lock), and
        // per JVM, where Java refuses overlapping locks.
        synchronized (INIT) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(indexDir.resolve(INIT_LOCK),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                    java.nio.channels.FileLock lock = ch.lock()) {
                return openWaiting(indexDir);
            } catch (java.io.IOException e) {
                throw new SQLException("cannot lock " + indexDir.resolve(INIT_LOCK) + ": " + e, e);
            }
        }
    }

    private static LedgerDatabase openWaiting(Path indexDir) throws SQLException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MILLIS);
        while (true) {
            try {
                return tryOpen(indexDir);
            } catch (org.sqlite.SQLiteException e) {
                // Processes opening a new folder at once race to create it: wait for the winner.
                boolean busy = e.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY
                        || e.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_LOCKED;
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static LedgerDatabase tryOpen(Path indexDir) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        Connection c = config.createConnection("jdbc:sqlite:" + indexDir.resolve(FILE));
        LedgerDatabase db = new LedgerDatabase(c);
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // Set after the busy timeout, so that switching a new file to WAL waits for others.
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
            }
            db.begin();
            try (Statement s = c.createStatement()) {
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
                int version = 0;
                try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                    if (r.next()) {
                        version = r.getInt(1);
                    }
                }
                if (version == 0) {
                    s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                } else if (version != SCHEMA_VERSION) {
                    throw new SQLException("ledger schema version " + version + " is not " + SCHEMA_VERSION);
                }
            }
            db.commit();
            return db;
        } catch (SQLException | RuntimeException e) {
            db.rollbackQuietly();
            db.close();
            throw e;
        }
    }

    /** A prepared statement, prepared once per connection. */
    PreparedStatement sql(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = connection.prepareStatement(sql);
            statements.put(sql, p);
        }
        p.clearParameters();
        return p;
    }

    /** Runs an update with parameters. */
    int update(String sql, Object... params) throws SQLException {
        PreparedStatement p = sql(sql);
        bind(p, params);
        return p.executeUpdate();
    }

    /** The first column of the first row of a query, or {@code fallback}. */
    long queryLong(String sql, long fallback, Object... params) throws SQLException {
        PreparedStatement p = sql(sql);
        bind(p, params);
        try (ResultSet r = p.executeQuery()) {
            return r.next() && r.getObject(1) != null ? r.getLong(1) : fallback;
        }
    }

    /** Runs a query. */
    ResultSet query(String sql, Object... params) throws SQLException {
        PreparedStatement p = sql(sql);
        bind(p, params);
        return p.executeQuery();
    }

    private static void bind(PreparedStatement p, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            p.setObject(i + 1, params[i]);
        }
    }

    /** Takes the write lock at once, waiting up to the busy timeout for other processes. */
    void begin() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
    }

    void commit() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("COMMIT");
        }
    }

    /** Rolls back the open transaction, if any; never throws. */
    void rollbackQuietly() {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction was open
        }
    }

    /** The value of a counter. */
    long counter(String name) throws SQLException {
        return queryLong("SELECT value FROM counters WHERE name = ?", 0, name);
    }

    /** Adds to a counter. */
    void addCounter(String name, long delta) throws SQLException {
        if (delta != 0) {
            update("INSERT INTO counters(name, value) VALUES(?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value", name, delta);
        }
    }

    /** Raises a counter to at least a value. */
    void raiseCounter(String name, long value) throws SQLException {
        update("INSERT INTO counters(name, value) VALUES(?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)", name, value);
    }

    /** Bytes of image data the folder holds or has promised: the hard limit applies to this. */
    long usedBytes() throws SQLException {
        return queryLong("SELECT (SELECT total(size) FROM images) + (SELECT total(reserved) FROM fills)"
                + " + (SELECT total(size) FROM invalid) + (SELECT total(bytes) FROM trash)", 0);
    }

    /** The next position in the shared LRU order. */
    long nextLru() throws SQLException {
        long next = counter("lru_seq") + 1;
        update("INSERT INTO counters(name, value) VALUES('lru_seq', ?)"
                + " ON CONFLICT(name) DO UPDATE SET value = excluded.value", next);
        return next;
    }

    @Override
    public void close() {
        for (PreparedStatement p : statements.values()) {
            try {
                p.close();
            } catch (SQLException e) {
                // closing the connection closes it
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing more to do
        }
    }
}
