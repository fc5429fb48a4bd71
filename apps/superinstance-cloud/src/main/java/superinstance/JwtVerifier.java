package superinstance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Validates sync tokens with nimbus-jose-jwt: HS256 with the {@code SYNC_JWT_SECRET} secret (at least 32
 * bytes), or RS256 with keys from the {@code SYNC_JWKS_URL} JWKS (fetched and cached by nimbus); {@code exp}
 * and {@code nbf} with 60 s of leeway; {@code iss} and {@code aud} must match; {@code sub} is the user. A
 * failure names its class (expired, bad_signature, wrong_audience, ...), never the key.
 */
final class JwtVerifier {

    static final int LEEWAY_SECONDS = 60;

    private final ConfigurableJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    JwtVerifier(Optional<String> hmacSecret, Optional<String> jwksUrl, String issuer, String audience) {
        if (jwksUrl.isPresent()) {
            try {
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                        JWKSourceBuilder.create(URI.create(jwksUrl.get()).toURL()).build()));
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("SYNC_JWKS_URL is not a URL: " + jwksUrl.get());
            }
        } else {
            byte[] secret = hmacSecret.orElseThrow(() -> new IllegalStateException("set SYNC_JWT_SECRET (or SYNC_JWKS_URL) to serve /sync"))
                    .getBytes(StandardCharsets.UTF_8);
            if (secret.length < 32) {
                throw new IllegalStateException("SYNC_JWT_SECRET must be at least 32 bytes for HS256, it has " + secret.length);
            }
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        }
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew(LEEWAY_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * @return the user id ({@code sub})
     * @throws Http.Failure 401 naming the reason
     */
    String verify(String token) {
        if (token.isEmpty()) {
            throw unauthorized("missing_token", "send Authorization: Bearer <JWT>");
        }
        try {
            return processor.process(token, null).getSubject();
        } catch (ParseException e) {
            throw unauthorized("malformed", "the token is not a JWT");
        } catch (ExpiredJWTException e) {
            throw unauthorized("expired", "the token has expired");
        } catch (BadJWSException e) {
            throw unauthorized("bad_signature", "the token's signature does not verify");
        } catch (BadJWTException e) {
            String message = e.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("aud claim")) {
                throw unauthorized("wrong_audience", "the token is not meant for this service (aud)");
            }
            if (message.contains("missing required claims")) {
                throw unauthorized("missing_claims", "the token lacks sub or exp");
            }
            if (message.contains("iss claim")) {
                throw unauthorized("wrong_issuer", "the token was not issued by the expected issuer (iss)");
            }
            if (message.contains("before use time")) {
                throw unauthorized("not_yet_valid", "the token is not valid yet (nbf)");
            }
            throw unauthorized("invalid_claims", "the token's claims are not accepted");
        } catch (BadJOSEException e) {
            throw unauthorized(e.getMessage().contains("Unsecured") ? "unsigned" : "bad_signature",
                    "the token is not signed with an accepted algorithm and key");
        } catch (JOSEException e) {
            throw unauthorized("bad_signature", "the token's signature could not be checked");
        }
    }

    private static Http.Failure unauthorized(String reason, String message) {
        return new Http.Failure(401, "invalid_token", message, java.util.Map.of("www-authenticate", "Bearer error=\"invalid_token\""),
                java.util.Map.of("reason", reason));
    }
}
