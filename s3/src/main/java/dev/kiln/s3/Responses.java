package dev.kiln.s3;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Sending the common shapes of S3 answers. */
final class Responses {

    private Responses() {
    }

    /** 200 with an XML document. */
    static void xml(ServerResponse res, byte[] document) {
        res.status(Status.OK_200);
        res.header("Content-Type", "application/xml");
        res.send(document);
    }

    /** A status without a body (204 after a delete, 200 after a head). */
    static void empty(ServerResponse res, Status status) {
        res.status(status);
        res.send();
    }
}
