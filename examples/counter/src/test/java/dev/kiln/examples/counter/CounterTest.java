package dev.kiln.examples.counter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.api.Request;
import dev.kiln.api.Response;
import dev.kiln.testing.KilnExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CounterTest {

    @RegisterExtension
    final KilnExtension kiln = KilnExtension.forConfig("wrangler.toml");

    private Response increment(String name) {
        return kiln.fetch(Request.builder(kiln.url() + "/counter/" + name + "/increment").method("POST").build());
    }

    @Test
    void incrementsReturnTheNewValueAndGetReadsIt() {
        assertThat(increment("a").text()).isEqualTo("1");
        assertThat(increment("a").text()).isEqualTo("2");
        assertThat(kiln.fetch("/counter/a").text()).isEqualTo("2");
    }

    @Test
    void eachNameIsItsOwnObject() {
        increment("a");
        increment("b");
        increment("b");
        assertThat(kiln.fetch("/counter/a").text()).isEqualTo("1");
        assertThat(kiln.fetch("/counter/b").text()).isEqualTo("2");
        assertThat(kiln.fetch("/counter/never").text()).isEqualTo("0");
    }

    @Test
    void sixtyFourConcurrentClientsDoingFiveThousandIncrementsEndAtExactlyFiveThousand() throws Exception {
        int clients = 64;
        int total = 5_000;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Set<Long> returned = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int share = total / clients + (c < total % clients ? 1 : 0);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(kiln.url() + "/counter/hot/increment"))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).isEqualTo(200);
                        returned.add(Long.parseLong(r.body()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(kiln.fetch("/counter/hot").text()).isEqualTo("5000");
        assertThat(returned).as("every increment saw a distinct value: no lost update").hasSize(total);
    }

    @Test
    void otherPathsAre404() {
        assertThat(kiln.fetch("/nope").status()).isEqualTo(404);
    }
}
