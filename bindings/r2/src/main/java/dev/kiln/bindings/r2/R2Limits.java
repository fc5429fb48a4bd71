package dev.kiln.bindings.r2;

import dev.kiln.api.R2Error;
import dev.kiln.api.R2Exception;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/** The limits of bindings.md §4, checked once for the binding and the S3 API alike. */
public final class R2Limits {

    /** Key length in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Custom metadata, names and values together, in UTF-8 bytes (the documented limit). */
    public static final int MAX_METADATA_BYTES = 8192;
    /** A single upload or one part: 5 GiB - 5 MiB. */
    public static final long MAX_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024 - 5L * 1024 * 1024;
    /** All parts but the last are at least this large. */
    public static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    /** Part numbers are 1 to this. */
    public static final int MAX_PARTS = 10_000;
    /** List pages and batch deletes hold at most this many. */
    public static final int MAX_LIST_LIMIT = 1000;
    /** A whole object: 5 TiB - 5 GiB. */
    public static final long MAX_OBJECT_BYTES = 5L * 1024 * 1024 * 1024 * 1024 - 5L * 1024 * 1024 * 1024;

    /** Bucket names: 3-63 lower-case letters, digits and '-', starting and ending with a letter or digit. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private R2Limits() {
    }

    /** @throws R2Exception InvalidObjectName for an empty key or one over 1,024 bytes */
    public static void checkKey(String key) {
        if (key.isEmpty()) {
            throw new R2Exception(R2Error.InvalidObjectName, "The specified object name is not valid: a key must not be empty");
        }
        int bytes = utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
            throw new R2Exception(R2Error.InvalidObjectName, "The specified object name is not valid: the key is "
                    + bytes + " bytes > " + MAX_KEY_BYTES);
        }
    }

    /** @throws R2Exception InvalidBucketName */
    public static void checkBucketName(String name) {
        if (!BUCKET_NAME.matcher(name).matches()) {
            throw new R2Exception(R2Error.InvalidBucketName, "The specified bucket name '" + name + "' is not valid: use 3-63 "
                    + "lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    /** @throws R2Exception MetadataTooLarge */
    public static void checkCustomMetadata(Map<String, String> metadata) {
        int bytes = metadata.entrySet().stream().mapToInt(e -> utf8Length(e.getKey()) + utf8Length(e.getValue())).sum();
        if (bytes > MAX_METADATA_BYTES) {
            throw new R2Exception(R2Error.MetadataTooLarge, "Your metadata headers exceed the maximum allowed metadata size: "
                    + bytes + " bytes > " + MAX_METADATA_BYTES);
        }
    }

    /** @return the storage class, {@code Standard} if none; @throws R2Exception InvalidArgument for another */
    public static String storageClass(java.util.Optional<String> storageClass) {
        String value = storageClass.orElse("Standard");
        if (!value.equals("Standard") && !value.equals("InfrequentAccess")) {
            throw new R2Exception(R2Error.InvalidArgument, "Invalid storage class '" + value + "': Standard or InfrequentAccess");
        }
        return value;
    }

    /** @throws R2Exception InvalidArgument for a part number outside 1-10,000 */
    public static void checkPartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > MAX_PARTS) {
            throw new R2Exception(R2Error.InvalidArgument, "Part number must be an integer between 1 and " + MAX_PARTS + ", got " + partNumber);
        }
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
