package dev.kiln.s3;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes the small XML documents S3 answers with (StAX; text is escaped by the writer). */
final class XmlWriter {

    static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final XMLStreamWriter out;

    private XmlWriter(XMLStreamWriter out) {
        this.out = out;
    }

    /** @return a UTF-8 document whose root element is in the S3 namespace (or none, for {@code Error}) */
    static byte[] document(String root, boolean namespaced, Consumer<XmlWriter> body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(bytes, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement(root);
            if (namespaced) {
                w.writeDefaultNamespace(S3_NAMESPACE);
            }
            body.accept(new XmlWriter(w));
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to memory cannot fail: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** Adds {@code <name>text</name>}. */
    XmlWriter text(String name, String text) {
        try {
            out.writeStartElement(name);
            out.writeCharacters(text);
            out.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    XmlWriter text(String name, long value) {
        return text(name, Long.toString(value));
    }

    XmlWriter text(String name, boolean value) {
        return text(name, Boolean.toString(value));
    }

    /** Adds a timestamp as S3 writes them: ISO 8601 in UTC with milliseconds. */
    XmlWriter time(String name, Instant value) {
        return text(name, value.truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\d\\d:\\d\\d:\\d\\d)Z$", "$1.000Z"));
    }

    /** Adds text to the current element. */
    XmlWriter characters(String text) {
        try {
            out.writeCharacters(text);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Adds {@code <name>...</name>} with the children the consumer writes. */
    XmlWriter element(String name, Consumer<XmlWriter> children) {
        try {
            out.writeStartElement(name);
            children.accept(this);
            out.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }
}
