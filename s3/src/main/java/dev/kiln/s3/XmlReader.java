package dev.kiln.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the small XML documents S3 requests carry (CreateBucketConfiguration, Delete,
 * CompleteMultipartUpload) into a tree. DTDs and external entities are refused; the body is bounded, so a
 * hostile document costs at most that much memory. Anything malformed is MalformedXML.
 */
final class XmlReader {

    /** A DeleteObjects document of 1,000 keys of 1,024 bytes, escaped, fits comfortably. */
    static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
    private static final XMLInputFactory FACTORY = secureFactory();

    /** An element: its local name, its text as written (keys may start or end with spaces) and its child elements. */
    record Node(String name, String text, List<Node> children) {

        /** @return the first child with this name */
        Optional<Node> child(String name) {
            return children.stream().filter(c -> c.name.equals(name)).findFirst();
        }

        /** @return the children with this name */
        List<Node> all(String name) {
            return children.stream().filter(c -> c.name.equals(name)).toList();
        }

        /** @return the text of a required child */
        String required(String name) {
            return child(name).map(Node::text).orElseThrow(() -> new S3Exception(S3Error.MALFORMED_XML,
                    "The XML you provided was not well-formed or did not validate against our published schema: <"
                            + this.name + "> needs <" + name + ">"));
        }
    }

    private XmlReader() {
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try {
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException unsupported) {
            // not every StAX implementation knows the JAXP property; SUPPORT_DTD=false already refuses DTDs
        }
        return f;
    }

    /**
     * Parses a document whose root must be {@code expectedRoot}.
     *
     * @throws S3Exception MalformedXML if it is not well-formed, too large, has a DTD, or another root
     */
    static Node parse(InputStream body, String expectedRoot) throws IOException {
        return parse(read(body), expectedRoot);
    }

    /**
     * Reads a whole request document, bounded.
     *
     * @throws S3Exception MalformedXML if it is larger than {@link #MAX_DOCUMENT_BYTES}
     */
    static byte[] read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_DOCUMENT_BYTES + 1);
        if (bytes.length > MAX_DOCUMENT_BYTES) {
            throw new S3Exception(S3Error.MALFORMED_XML, "The XML document is larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return bytes;
    }

    /** Parses a document read with {@link #read}. */
    static Node parse(byte[] bytes, String expectedRoot) {
        if (bytes.length == 0) {
            throw new S3Exception(S3Error.MALFORMED_XML, "The request body is empty; <" + expectedRoot + "> was expected");
        }
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new java.io.ByteArrayInputStream(bytes));
            try {
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.DTD) {
                        throw new S3Exception(S3Error.MALFORMED_XML, "DOCTYPE declarations are not allowed");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        Node root = element(r);
                        if (!root.name().equals(expectedRoot)) {
                            throw new S3Exception(S3Error.MALFORMED_XML, "The root element must be <" + expectedRoot
                                    + ">, got <" + root.name() + ">");
                        }
                        return root;
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (e instanceof S3Exception s3) {
                throw s3;
            }
            throw new S3Exception(S3Error.MALFORMED_XML, "The XML you provided was not well-formed: " + e.getMessage(), e);
        }
        throw new S3Exception(S3Error.MALFORMED_XML, "The request body has no XML element; <" + expectedRoot + "> was expected");
    }

    private static Node element(XMLStreamReader r) throws XMLStreamException {
        String name = r.getLocalName();
        StringBuilder text = new StringBuilder();
        List<Node> children = new ArrayList<>();
        while (true) {
            int event = r.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> children.add(element(r));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text.append(r.getText());
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new S3Exception(S3Error.MALFORMED_XML,
                        "entity references are not allowed: &" + r.getLocalName() + ";");
                case XMLStreamConstants.END_ELEMENT -> {
                    return new Node(name, text.toString(), children);
                }
                default -> {
                    // comments and processing instructions carry nothing S3 reads
                }
            }
        }
    }
}
