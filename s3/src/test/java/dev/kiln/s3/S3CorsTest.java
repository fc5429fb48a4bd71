package dev.kiln.s3;

import static dev.kiln.s3.S3ObjectTest.assertS3Error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.bindings.r2.R2Buckets;
import dev.kiln.bindings.r2.BucketStores;
import dev.kiln.spi.Backend;
import dev.kiln.spi.BackendSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.GetBucketCorsResponse;

/**
 * Bucket CORS: the rules are put, read back and deleted over S3, kept in the bucket's index, and answer a
 * browser's preflight (also on a presigned URL) and the CORS headers of actual requests.
 */
class S3CorsTest {

    @RegisterExtension
    final S3Fixture fixture = new S3Fixture();

    final HttpClient http = HttpClient.newHttpClient();

    static final CORSRule UPLOADS = CORSRule.builder().id("uploads").allowedOrigins("https://app.example", "https://*.preview.example")
            .allowedMethods("PUT", "GET").allowedHeaders("content-type", "x-amz-*").exposeHeaders("ETag").maxAgeSeconds(600).build();
    static final CORSRule PUBLIC_READS = CORSRule.builder().allowedOrigins("*").allowedMethods("GET", "HEAD").build();

    @BeforeEach
    void bucket() {
        fixture.s3.createBucket(b -> b.bucket("web"));
    }

    void putRules() {
        fixture.s3.putBucketCors(b -> b.bucket("web").corsConfiguration(c -> c.corsRules(UPLOADS, PUBLIC_READS)));
    }

    HttpResponse<String> preflight(String url, String origin, String method, String headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (method != null) {
            request.header("Access-Control-Request-Method", method);
        }
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void rulesArePutReadBackAndDeleted() {
        assertS3Error(() -> fixture.s3.getBucketCors(b -> b.bucket("web")), 404, "NoSuchCORSConfiguration");
        putRules();
        GetBucketCorsResponse read = fixture.s3.getBucketCors(b -> b.bucket("web"));
        assertThat(read.corsRules()).containsExactly(UPLOADS, PUBLIC_READS);
        fixture.s3.deleteBucketCors(b -> b.bucket("web"));
        assertS3Error(() -> fixture.s3.getBucketCors(b -> b.bucket("web")), 404, "NoSuchCORSConfiguration");
    }

    @Test
    void rulesAreKeptInTheBucketAcrossAReopen() {
        putRules();
        try (Backend reopened = Backend.open(BackendSettings.embedded(fixture.stateDir))) {
            Optional<String> stored = new R2Buckets(reopened.store(BucketStores.class)).bucket("web").setting(CorsOperations.SETTING);
            assertThat(stored).hasValueSatisfying(xml -> assertThat(CorsRules.fromXml(xml).rules()).hasSize(2));
        }
    }

    @Test
    void badRulesAreRefusedAndTheOldOnesKept() {
        putRules();
        assertS3Error(() -> fixture.s3.putBucketCors(b -> b.bucket("web").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("*").allowedMethods("PATCH").build()))), 400, "InvalidRequest");
        assertS3Error(() -> fixture.s3.putBucketCors(b -> b.bucket("web").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedOrigins("https://*.*.example").allowedMethods("GET").build()))), 400, "InvalidRequest");
        assertThat(fixture.s3.getBucketCors(b -> b.bucket("web")).corsRules()).hasSize(2);
        assertS3Error(() -> fixture.s3.putBucketCors(b -> b.bucket("missing").corsConfiguration(c -> c.corsRules(PUBLIC_READS))), 404,
                "NoSuchBucket");
    }

    @Test
    void aPreflightOnAPresignedUrlIsAnsweredFromTheRules() throws Exception {
        putRules();
        String url = fixture.presigner().presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket("web").key("upload.txt"))).url().toString();

        HttpResponse<String> allowed = preflight(url, "https://pr-7.preview.example", "PUT", "Content-Type, X-Amz-Meta-Note");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://pr-7.preview.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).contains("PUT, GET");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).contains("Content-Type, X-Amz-Meta-Note");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).contains("600");
        assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers")).contains("ETag");

        // the actual upload from that page gets the headers that let the page read the answer
        HttpResponse<String> upload = http.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://app.example")
                .PUT(HttpRequest.BodyPublishers.ofString("from a browser")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(upload.headers().firstValue("Access-Control-Expose-Headers")).contains("ETag");
        assertThat(fixture.s3.getObjectAsBytes(b -> b.bucket("web").key("upload.txt")).asUtf8String()).isEqualTo("from a browser");

        HttpResponse<String> anyone = preflight(fixture.endpoint() + "/web/upload.txt", "https://elsewhere.example", "GET", null);
        assertThat(anyone.statusCode()).isEqualTo(200);
        assertThat(anyone.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    @Test
    void aPreflightNoRuleAllowsIsForbidden() throws Exception {
        String url = fixture.endpoint() + "/web/k";
        HttpResponse<String> noRules = preflight(url, "https://app.example", "PUT", null);
        assertThat(noRules.statusCode()).isEqualTo(403);
        assertThat(noRules.body()).contains("<Code>AccessForbidden</Code>");

        putRules();
        for (Map.Entry<String, String> request : Map.of("https://elsewhere.example", "PUT", "https://app.example", "DELETE").entrySet()) {
            HttpResponse<String> refused = preflight(url, request.getKey(), request.getValue(), null);
            assertThat(refused.statusCode()).as(request.toString()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
        assertThat(preflight(url, "https://app.example", "PUT", "x-custom").statusCode()).isEqualTo(403);
        assertThat(preflight(url, null, "PUT", null).statusCode()).isEqualTo(400);
        assertThat(preflight(url, "https://app.example", null, null).statusCode()).isEqualTo(400);
        assertThat(preflight(fixture.endpoint() + "/missing/k", "https://app.example", "PUT", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aRequestFromAnOriginNoRuleAllowsGetsNoCorsHeaders() throws Exception {
        putRules();
        String url = fixture.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(o -> o.bucket("web").key("none"))).url().toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Origin", "https://app.example")
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
