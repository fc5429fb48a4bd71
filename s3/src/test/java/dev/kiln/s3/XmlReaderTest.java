package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading S3 request documents: well-formed ones keep their text exactly; hostile or broken ones are MalformedXML. */
class XmlReaderTest {

    static XmlReader.Node parse(String xml, String root) throws IOException {
        return XmlReader.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), root);
    }

    static void assertMalformed(String xml, String root) {
        assertThatThrownBy(() -> parse(xml, root)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML));
    }

    @Test
    void aDeleteDocumentKeepsKeysExactlyIncludingSpacesAndEscapes() throws IOException {
        var root = parse("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>
                  <Object><Key> a &amp; b.txt</Key></Object><Object><Key>caf\u00e9/x&lt;y</Key></Object>
                </Delete>""", "Delete");
        assertThat(root.all("Object")).extracting(o -> o.required("Key")).containsExactly(" a & b.txt", "caf\u00e9/x<y");
        assertThat(root.required("Quiet").trim()).isEqualTo("true");
    }

    @Test
    void anExternalEntityIsRefusedAndTheFileIsNeverRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Delete><Object><Key>&x;</Key></Object></Delete>";
        assertThatThrownBy(() -> parse(xml, "Delete")).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML);
            assertThat(e.getMessage()).doesNotContain("TOP-SECRET");
        });
    }

    @Test
    void anEntityExpansionBombIsRefused() {
        assertMalformed("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
                + "<Delete><Object><Key>&b;</Key></Object></Delete>", "Delete");
    }

    @Test
    void brokenOrEmptyOrForeignDocumentsAreMalformedXml() {
        assertMalformed("<Delete><Object><Key>a</Key></Object>", "Delete");
        assertMalformed("", "Delete");
        assertMalformed("not xml at all", "Delete");
        assertMalformed("<CompleteMultipartUpload/>", "Delete");
    }

    @Test
    void aMissingRequiredElementIsMalformedXml() {
        assertThatThrownBy(() -> parse("<Delete><Object></Object></Delete>", "Delete").all("Object").get(0).required("Key"))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML));
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefusedWithoutReadingItAll() {
        byte[] huge = new byte[XmlReader.MAX_DOCUMENT_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> XmlReader.parse(new ByteArrayInputStream(huge), "Delete"))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML));
    }

    @Test
    void writtenDocumentsEscapeTextAndCarryTheS3Namespace() {
        String xml = new String(XmlWriter.document("ListBucketResult", true, w -> w.text("Key", "a<&>b")), StandardCharsets.UTF_8);
        assertThat(xml).contains("xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"").contains("<Key>a&lt;&amp;&gt;b</Key>");
    }
}
