package dev.kiln.s3;

import io.helidon.webserver.http.ServerResponse;
import java.io.InputStream;

/**
 * An authenticated request on its way to an operation.
 *
 * @param request the request
 * @param body the body, decoded and checked as it is read
 * @param response where the answer goes
 */
record S3Call(S3Request request, InputStream body, ServerResponse response) {
}
