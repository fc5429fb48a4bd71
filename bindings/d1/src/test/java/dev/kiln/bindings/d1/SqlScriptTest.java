package dev.kiln.bindings.d1;

import static org.assertj.core.api.Assertions.assertThat;
import dev.kiln.bindings.d1.SqlScript.Piece;
import org.junit.jupiter.api.Test;

/** Splitting scripts for {@code exec}, {@code d1 execute --file} and migrations (pure logic). */
class SqlScriptTest {

    @Test
    void splitsOnSemicolonsOutsideLiteralsQuotedNamesAndComments() {
        String script = """
                -- header; not a statement
                CREATE TABLE "a;b" (x TEXT);  /* block; comment */
                INSERT INTO "a;b" VALUES ('it''s; one'), ([c;d]);
                SELECT `e;f`;""";
        assertThat(SqlScript.split(script)).containsExactly(
                new Piece("CREATE TABLE \"a;b\" (x TEXT)", 2),
                new Piece("INSERT INTO \"a;b\" VALUES ('it''s; one'), ([c;d])", 3),
                new Piece("SELECT `e;f`", 4));
    }

    @Test
    void keepsATriggerBodyWithItsBeginEndAndCaseTogether() {
        String script = """
                CREATE TRIGGER t AFTER INSERT ON a BEGIN
                  UPDATE a SET x = CASE WHEN NEW.x > 1 THEN 'big' ELSE 'small' END WHERE rowid = NEW.rowid;
                  INSERT INTO log VALUES (1);
                END;
                SELECT 1;""";
        var pieces = SqlScript.split(script);
        assertThat(pieces).hasSize(2);
        assertThat(pieces.get(0).sql()).startsWith("CREATE TRIGGER").endsWith("END");
        assertThat(pieces.get(1)).isEqualTo(new Piece("SELECT 1", 5));
    }

    @Test
    void aTransactionBeginIsAStatementOfItsOwn() {
        assertThat(SqlScript.split("BEGIN; SELECT 1; COMMIT;")).extracting(Piece::sql).containsExactly("BEGIN", "SELECT 1", "COMMIT");
    }

    @Test
    void skipsEmptyAndCommentOnlyStatements() {
        assertThat(SqlScript.split(" ;; -- nothing\n/* still nothing */ ;")).isEmpty();
        assertThat(SqlScript.split("SELECT 1 -- unterminated comment")).extracting(Piece::sql).containsExactly("SELECT 1 -- unterminated comment");
    }

    @Test
    void findsTheFirstKeywordAfterComments() {
        assertThat(SqlScript.firstKeyword("  /* x */ -- y\n  pragma table_info(t)")).isEqualTo("PRAGMA");
        assertThat(SqlScript.secondWord("PRAGMA main.journal_mode = WAL")).isEqualTo("MAIN.JOURNAL_MODE");
        assertThat(SqlScript.firstKeyword("-- only")).isEmpty();
    }

    @Test
    void findsNamedParametersButNotLiteralsOrNumberedOnes() {
        assertThat(SqlScript.namedParameter("SELECT * FROM t WHERE a = :a")).isEqualTo(":a");
        assertThat(SqlScript.namedParameter("SELECT $x")).isEqualTo("$x");
        assertThat(SqlScript.namedParameter("SELECT ?1, ?, ':a', \"@b\" FROM t WHERE a$b = 1")).isNull();
    }
}
