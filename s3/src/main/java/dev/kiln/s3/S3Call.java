package dev.kiln.s3;

import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;

/**
 * An authenticated request on its way to an operation.
 *
 * @param request the request
 * @param body the body, decoded and checked as it is read
 * @param response where the answer goes
 * @param verifiedChecksums the {@code x-amz-checksum-*} values the body matched, by algorithm, once it has been read
 */
record S3Call(S3Request request, InputStream body, ServerResponse response, java.util.Map<String, String> verifiedChecksums) {
}
