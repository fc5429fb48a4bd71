package dev.kiln.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching CORS rules in memory: wildcards, header case, rule order, and the stored form read back. */
class CorsRulesTest {

    static CorsRules rules(String xml) {
        return CorsRules.parse(XmlReader.parse(xml.getBytes(StandardCharsets.UTF_8), "CORSConfiguration"));
    }

    final CorsRules rules = rules("""
            <CORSConfiguration>
              <CORSRule><AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>
                <AllowedHeader>x-amz-*</AllowedHeader><AllowedHeader>Content-Type</AllowedHeader><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule>
              <CORSRule><ID>reads</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>
            </CORSConfiguration>""");

    @Test
    void aWildcardStandsForAnyRunOfCharacters() {
        assertThat(CorsRules.wildcardMatch("https://*.example.com", "https://a.b.example.com")).isTrue();
        assertThat(CorsRules.wildcardMatch("https://*.example.com", "https://example.com")).isFalse();
        assertThat(CorsRules.wildcardMatch("https://*.example.com", "http://a.example.com")).isFalse();
        assertThat(CorsRules.wildcardMatch("*", "")).isTrue();
        assertThat(CorsRules.wildcardMatch("ab*ba", "aba")).as("head and tail must not overlap").isFalse();
        assertThat(CorsRules.wildcardMatch("exact", "exact")).isTrue();
    }

    @Test
    void theFirstRuleAllowingOriginMethodAndEveryHeaderAnswers() {
        assertThat(rules.match("https://app.example.com", "PUT", List.of("X-Amz-Date", "content-type")))
                .hasValueSatisfying(r -> assertThat(r.maxAgeSeconds()).contains(60L));
        assertThat(rules.match("https://app.example.com", "PUT", List.of("x-custom"))).isEmpty();
        assertThat(rules.match("https://other.org", "PUT", List.of())).isEmpty();
        assertThat(rules.match("https://other.org", "GET", List.of())).hasValueSatisfying(r -> {
            assertThat(r.id()).contains("reads");
            assertThat(r.allowOrigin("https://other.org")).isEqualTo("*");
        });
        assertThat(rules.match("https://other.org", "GET", List.of("x-amz-date"))).as("the open rule allows no header").isEmpty();
    }

    @Test
    void theStoredDocumentReadsBackAsTheSameRules() {
        assertThat(CorsRules.fromXml(new String(rules.toXml(), StandardCharsets.UTF_8))).isEqualTo(rules);
    }
}
