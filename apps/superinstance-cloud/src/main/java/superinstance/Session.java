package superinstance;

import java.util.Map;

/** One chat session, the RPC interface of {@link SessionState}. Every method takes the caller's user id. */
public interface Session {

    Map<String, Object> create(String userId);

    /** @throws NotFound unless the session exists and belongs to the user */
    Map<String, Object> get(String userId);

    /** @param createIfMissing create the session for the user if it does not exist yet */
    Map<String, Object> addMessage(String userId, String role, String content, boolean createIfMissing);

    Map<String, Object> setContext(String userId, Map<String, Object> context);

    Map<String, Object> clear(String userId);

    void delete(String userId);

    /** No such session for this user. */
    final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}
