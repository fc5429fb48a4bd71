package dev.kiln.api;

/**
 * A D1 call failed: invalid SQL, a constraint, a limit, a bad binding. The message starts with
 * {@code D1_ERROR: }, followed for specific failures by their code ({@code D1_TYPE_ERROR},
 * {@code D1_COLUMN_NOTFOUND}, {@code D1_EXEC_ERROR}, {@code D1_SESSION_ERROR}), as on Cloudflare. Status 500.
 */
public class D1Exception extends KilnException {

    /** A plain SQL or binding failure. */
    public static final String D1_ERROR = "D1_ERROR";
    /** A bound value of an unsupported type. */
    public static final String D1_TYPE_ERROR = "D1_TYPE_ERROR";
    /** {@code first(column)} named a column the result does not have. */
    public static final String D1_COLUMN_NOTFOUND = "D1_COLUMN_NOTFOUND";
    /** A line of {@code exec} failed. */
    public static final String D1_EXEC_ERROR = "D1_EXEC_ERROR";
    /** An invalid session constraint or bookmark. */
    public static final String D1_SESSION_ERROR = "D1_SESSION_ERROR";

    private final String code;

    /**
     * @param code one of the codes above
     * @param detail what went wrong, without the prefixes
     */
    public D1Exception(String code, String detail) {
        super(500, D1_ERROR.equals(code) ? D1_ERROR + ": " + detail : D1_ERROR + ": " + code + ": " + detail);
        this.code = code;
    }

    /** @return the failure's code, e.g. {@link #D1_TYPE_ERROR} */
    public String code() {
        return code;
    }
}
