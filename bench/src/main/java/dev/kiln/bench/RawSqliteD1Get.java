package dev.kiln.bench;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The baseline for the D1 point query: the same query ({@code SELECT v FROM items WHERE k = ?}) on raw
 * sqlite-jdbc behind the raw Helidon server, with nothing of Kiln. Like Kiln's store it reads through a pool
 * of 4 read-only WAL connections; unlike Kiln it keeps each connection's prepared statement, as a hand-written
 * service would. Seeds the row {@code k100} (100 bytes) at start.
 *
 * <p>Usage: {@code RawSqliteD1Get PORT FILE} (binds 127.0.0.1 only)
 */
public final class RawSqliteD1Get {

    private record Reader(Connection connection, PreparedStatement query) {
    }

    private RawSqliteD1Get() {
    }

    public static void main(String[] args) throws SQLException, InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: RawSqliteD1Get PORT FILE");
            System.exit(2);
        }
        String url = "jdbc:sqlite:" + args[1];
        try (Connection seed = DriverManager.getConnection(url); Statement s = seed.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS items (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
            s.execute("INSERT OR REPLACE INTO items VALUES ('k100', '" + "v".repeat(100) + "')");
        }
        BlockingQueue<Reader> readers = new ArrayBlockingQueue<>(4);
        for (int i = 0; i < 4; i++) {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only=1");
            }
            readers.add(new Reader(c, c.prepareStatement("SELECT v FROM items WHERE k = ?")));
        }
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[0]))
                .backlog(4096)
                .routing(routing -> routing.get("/", (req, res) -> {
                    Reader reader = readers.take();
                    String value;
                    try {
                        reader.query().setString(1, "k100");
                        try (ResultSet r = reader.query().executeQuery()) {
                            value = r.next() ? r.getString(1) : "missing";
                        }
                    } finally {
                        readers.add(reader);
                    }
                    res.header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN).send(value.getBytes(StandardCharsets.UTF_8));
                }))
                .build()
                .start();
        System.out.println("sqlite-raw listening on 127.0.0.1:" + server.port());
    }
}
