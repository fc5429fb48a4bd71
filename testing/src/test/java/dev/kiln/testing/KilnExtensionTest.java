package dev.kiln.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each test gets its own state directory and server; nothing a test leaves behind reaches the next one. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KilnExtensionTest {

    private static final List<Path> SEEN = new ArrayList<>();

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("../examples/hello").var("GREETING", "from the test");

    @Test
    @Order(1)
    void servesTheWorkerWithOverriddenVars() throws Exception {
        assertThat(kiln.fetch("/").text()).isEqualTo("from the test");
        Files.writeString(kiln.stateDir().resolve("left-behind.txt"), "junk");
        SEEN.add(kiln.stateDir());
    }

    @Test
    @Order(2)
    void theNextTestStartsFromAFreshStateDirectory() {
        assertThat(kiln.stateDir()).isNotIn(SEEN);
        assertThat(kiln.stateDir().resolve("left-behind.txt")).doesNotExist();
        assertThat(SEEN.get(0)).as("the previous test's directory was deleted").doesNotExist();
        SEEN.add(kiln.stateDir());
    }

    @AfterAll
    static void everyDirectoryIsGone() {
        assertThat(SEEN).hasSize(2).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }
}
