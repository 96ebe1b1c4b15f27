package com.unifiedcommerce.infra.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real tokens from the realm for tests (password grant through {@code commerce-tests}, client
 * credentials for services), and the bad ones every check must refuse: expired, tampered, signed
 * by a key the realm never had.
 */
public final class TestTokens {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private static final Pattern USER_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private static final Pattern REFRESH_TOKEN = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    private final String keycloakUrl;
    private final String tokenEndpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    /** {@code keycloakUrl} as in the infrastructure state, e.g. http://127.0.0.1:8180. */
    public TestTokens(String keycloakUrl) {
        this.keycloakUrl = keycloakUrl;
        this.tokenEndpoint = keycloakUrl + "/realms/commerce/protocol/openid-connect/token";
    }

    /** A demo user's access token (their password is {@code <user>-pass}). */
    public String user(String user) {
        return grant(Map.of(
                "grant_type", "password", "client_id", "commerce-tests", "username", user, "password", user + "-pass"));
    }

    /** A signed-in person's tokens: the access token, and the refresh token that renews it. */
    public record Session(String accessToken, String refreshToken) {}

    /**
     * Registers a person in the realm as Keycloak's own registration page would (through the
     * master realm's admin, the launcher's {@code admin}/{@code admin}): no roles, no customer
     * yet; their password is {@code <username>-pass}.
     */
    public void register(String username, String email, String firstName, String lastName) {
        String admin = masterAdmin();
        String user = "{\"username\":\"" + username + "\",\"email\":\"" + email + "\",\"firstName\":\""
                + firstName + "\",\"lastName\":\"" + lastName + "\",\"enabled\":true,\"emailVerified\":true,"
                + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + username + "-pass\",\"temporary\":false}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloakUrl + "/admin/realms/commerce/users"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString(user))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "Keycloak did not register " + username + " (" + response.statusCode() + "): " + response.body());
        }
    }

    /**
     * Signs a person in (one password grant): an access token and a refresh token. Keycloak's
     * brute-force detector now and then marks a user who never failed a login as temporarily
     * disabled (seen once in CI for a user registered a second earlier, with no failure recorded;
     * Keycloak answers "Invalid user credentials" either way): then the user's login failures are
     * cleared through the admin API, as an administrator would, and the grant is asked once more.
     */
    public Session signIn(String user) {
        Map<String, String> form = Map.of(
                "grant_type", "password", "client_id", "commerce-tests", "username", user, "password", user + "-pass");
        HttpResponse<String> response = post(tokenEndpoint, form);
        if (response.statusCode() == 400 && response.body().contains("invalid_grant")) {
            clearLoginFailures(user);
            response = post(tokenEndpoint, form);
        }
        return new Session(read(response, ACCESS_TOKEN), read(response, REFRESH_TOKEN));
    }

    /** A token of the master realm's administrator (the launcher's {@code admin}), for the admin API. */
    public String administrator() {
        return masterAdmin();
    }

    private String masterAdmin() {
        return token(
                keycloakUrl + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin"),
                ACCESS_TOKEN);
    }

    /** Clears what the brute-force detector holds against a user (Keycloak's attack-detection API). */
    private void clearLoginFailures(String username) {
        String admin = masterAdmin();
        HttpResponse<String> found = send(HttpRequest.newBuilder(URI.create(keycloakUrl
                        + "/admin/realms/commerce/users?exact=true&username="
                        + URLEncoder.encode(username, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + admin)
                .build());
        Matcher id = USER_ID.matcher(found.body());
        if (found.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("Keycloak has no user " + username + ": " + found.body());
        }
        HttpResponse<String> cleared = send(HttpRequest.newBuilder(URI.create(
                        keycloakUrl + "/admin/realms/commerce/attack-detection/brute-force/users/" + id.group(1)))
                .header("Authorization", "Bearer " + admin)
                .DELETE()
                .build());
        if (cleared.statusCode() != 204) {
            throw new IllegalStateException("Keycloak did not clear the login failures of " + username + " ("
                    + cleared.statusCode() + "): " + cleared.body());
        }
    }

    /** A new access token for the session, as a client does when the old one lapses or the profile changed. */
    public String refresh(Session session) {
        return token(
                tokenEndpoint,
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        "commerce-tests",
                        "refresh_token",
                        session.refreshToken()),
                ACCESS_TOKEN);
    }

    /** A service's client-credential token (its dev secret is {@code <client>-dev-secret}). */
    public String service(String client) {
        return grant(Map.of(
                "grant_type", "client_credentials", "client_id", client, "client_secret", client + "-dev-secret"));
    }

    /** A token the realm really signed for {@code user}, that has expired by the time this returns. */
    public String expired(String user) {
        String token = expiring(user);
        try {
            // The client's tokens live one second; wait until that second has surely passed.
            Thread.sleep(2_100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token to expire", e);
        }
        return token;
    }

    /** A token the realm really signed for {@code user}, valid for one second from now. */
    public String expiring(String user) {
        return grant(Map.of(
                "grant_type",
                "password",
                "client_id",
                "commerce-tests-expiring",
                "username",
                user,
                "password",
                user + "-pass"));
    }

    /** {@code token} with {@code from} replaced by {@code to} in its claims: the signature no longer fits. */
    public static String tampered(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String claims = new String(DECODE.decode(parts[1]), StandardCharsets.UTF_8).replace(from, to);
        return parts[0] + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /**
     * The same header (key id included) and claims as {@code token}, signed with a key made here:
     * what an attacker who copied a token and re-signed it would send.
     */
    public static String signedByForeignKey(String token) {
        String[] parts = token.split("\\.");
        return sign(parts[0] + "." + parts[1]);
    }

    /** {@code token}'s claims claiming another issuer (another realm), signed with a foreign key. */
    public static String fromForeignIssuer(String token) {
        String[] parts = token.split("\\.");
        String claims = new String(DECODE.decode(parts[1]), StandardCharsets.UTF_8)
                .replace("/realms/commerce", "/realms/elsewhere");
        return sign(parts[0] + "." + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sign(String content) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(content.getBytes(StandardCharsets.US_ASCII));
            return content + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    private String grant(Map<String, String> form) {
        return token(tokenEndpoint, form, ACCESS_TOKEN);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak did not answer at " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Keycloak", e);
        }
    }

    private String token(String endpoint, Map<String, String> form, Pattern which) {
        return read(post(endpoint, form), which);
    }

    private HttpResponse<String> post(String endpoint, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static String read(HttpResponse<String> response, Pattern which) {
        Matcher token = which.matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException(
                    "Keycloak refused a test token (" + response.statusCode() + "): " + response.body());
        }
        return token.group(1);
    }
}
