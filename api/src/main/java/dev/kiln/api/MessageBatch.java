package dev.kiln.api;

import java.util.List;

/** A batch of queue messages, passed to {@link Worker#queue}. */
public interface MessageBatch {

    /** @return the name of the queue the messages come from */
    String queue();

    /** @return the messages, oldest first */
    List<Message> messages();

    /** Acknowledges every message: none is redelivered, whatever the handler does next. */
    void ackAll();

    /** Marks every message for redelivery after the consumer's retry delay. */
    void retryAll();

    /** One queue message. */
    interface Message {

        /** @return the message id */
        String id();

        /** @return when the message was sent */
        java.time.Instant timestamp();

        /** @return the body as sent (bytes, text or a decoded JSON value) */
        Object body();

        /** @return how many times delivery was attempted, starting at 1 */
        int attempts();

        /** Acknowledges this message. */
        void ack();

        /** Marks this message for redelivery. */
        void retry();
    }
}
