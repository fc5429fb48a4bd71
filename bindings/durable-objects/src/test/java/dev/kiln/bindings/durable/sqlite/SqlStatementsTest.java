package dev.kiln.bindings.durable.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

/** Splitting SQL text into statements (pure logic). */
class SqlStatementsTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesAndComments() {
        assertThat(SqlStatements.split("SELECT 1; SELECT ';'; -- a; comment\nSELECT \"a;b\" /* ; */ ;  ;"))
                .containsExactly("SELECT 1", "SELECT ';'", "-- a; comment\nSELECT \"a;b\" /* ; */");
    }

    @Test
    void keepsTriggerBodiesWhole() {
        assertThat(SqlStatements.split("CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a = 1; DELETE FROM y; END; SELECT 2"))
                .containsExactly("CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a = 1; DELETE FROM y; END", "SELECT 2");
    }

    @Test
    void blankTextHasNoStatements() {
        assertThat(SqlStatements.split("  ; -- nothing\n ;")).isEmpty();
    }
}
