package dev.kiln.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed by the AWS SDK's own SigV4 signer but sent over a raw socket, so that a test can send a
 * body that differs from what was signed, stop half-way, or hang up.
 */
final class SignedRaw {

    /** A signed request as bytes: the head (request line and headers) and the body as it goes on the wire. */
    record Wire(byte[] head, byte[] body) {
    }

    /** A response: status, headers (lower-case names) and body text. */
    record Reply(int status, Map<String, String> headers, String body) {
    }

    private SignedRaw() {
    }

    /**
     * @param chunked sign as aws-chunked (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), else with the body's SHA-256
     */
    static Wire sign(S3Fixture fixture, String method, String pathAndQuery, Map<String, String> headers, byte[] body, boolean chunked) {
        return sign(fixture, method, pathAndQuery, headers, body, chunked, java.time.Clock.systemUTC());
    }

    /** @param clock the time the request is signed at */
    static Wire sign(S3Fixture fixture, String method, String pathAndQuery, Map<String, String> headers, byte[] body, boolean chunked,
                     java.time.Clock clock) {
        URI uri = URI.create(fixture.endpoint() + pathAndQuery);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        request.putHeader("Content-Length", Integer.toString(body.length));
        AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(fixture.key.accessKeyId(), fixture.key.secretAccessKey());
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "auto")
                .putProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, clock)
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, chunked));
        byte[] wireBody;
        try (InputStream in = signed.payload().map(ContentStreamProvider::newStream).orElse(InputStream.nullInputStream())) {
            wireBody = in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(signed.request().encodedPath())
                .append(signed.request().encodedQueryParameters().map(q -> "?" + q).orElse("")).append(" HTTP/1.1\r\n");
        Map<String, List<String>> signedHeaders = new LinkedHashMap<>(signed.request().headers());
        signedHeaders.put("Content-Length", List.of(Integer.toString(wireBody.length)));
        signedHeaders.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
        if (!signedHeaders.containsKey("Host")) {
            head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
        }
        head.append("\r\n");
        return new Wire(head.toString().getBytes(StandardCharsets.ISO_8859_1), wireBody);
    }

    /** Sends a whole request on a new connection and reads the reply. */
    static Reply send(S3Fixture fixture, Wire wire) throws IOException {
        try (Socket socket = connect(fixture)) {
            OutputStream out = socket.getOutputStream();
            out.write(wire.head());
            out.write(wire.body());
            out.flush();
            return read(socket.getInputStream());
        }
    }

    static Socket connect(S3Fixture fixture) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), fixture.server.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** Reads one response whose body has a Content-Length (or none). */
    static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the response head ended: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Reply(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
}
