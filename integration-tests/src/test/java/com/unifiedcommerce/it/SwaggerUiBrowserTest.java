package com.unifiedcommerce.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unifiedcommerce.it.system.RunningSystem;
import com.unifiedcommerce.it.system.SystemExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The gateway's Swagger UI as a developer uses it, in Debian's headless Chromium: it shows the
 * public API document, signs alice in through Keycloak with the storefront's public client
 * (authorization code with PKCE, Keycloak's own login page), and calls {@code GET
 * /api/customers/me} with the token it got, which answers her profile. On failure the page is
 * kept as a screenshot in {@code target/swagger-ui-failure.png}.
 */
@ExtendWith(SystemExtension.class)
class SwaggerUiBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void aDeveloperSignsInThroughKeycloakAndCallsARoute(RunningSystem system) throws IOException {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are needed (scripts/test.sh installs them)");
        String gateway = system.gatewayUrl();
        ObjectNode storefront = allowSignInFrom(system, gateway);
        try {
            signInAndCall(gateway);
        } finally {
            // The realm is shared by the whole suite: put the client back as it was.
            update(system, storefront);
        }
    }

    private static void signInAndCall(String gateway) throws IOException {

        Path profile = Files.createTempDirectory("swagger-ui-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(gateway + "/q/swagger-ui/");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-path='/api/customers/me']")));

            signIn(browser, wait, "alice");

            WebElement route = browser.findElement(
                    By.xpath("//div[contains(@class,'opblock-get')]" + "[.//*[@data-path='/api/customers/me']]"));
            route.findElement(By.cssSelector(".opblock-summary")).click();
            wait.until(ExpectedConditions.elementToBeClickable(route.findElement(By.cssSelector(".try-out__btn"))))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(route.findElement(By.cssSelector("button.execute"))))
                    .click();
            // The answer shows once the call is back: its status, then its body.
            String status = wait.until(ignored ->
                    route.findElements(By.cssSelector(".live-responses-table tbody td.response-col_status")).stream()
                            .map(WebElement::getText)
                            .map(String::strip)
                            .filter(text -> !text.isEmpty())
                            .findFirst()
                            .orElse(null));
            String body = route.findElement(By.cssSelector(".live-responses-table .response-col_description pre"))
                    .getText();
            assertEquals("200", status, body);
            assertTrue(body.contains("cus-alice"), body);
        } catch (RuntimeException | AssertionError e) {
            keepScreenshot(browser, e);
            throw e;
        } finally {
            browser.quit();
        }
    }

    /**
     * Clicks Authorize, then the sign-in scheme's own Authorize: Swagger UI opens Keycloak's login
     * page in a second window, which goes back to the UI's redirect page and closes once the code
     * is exchanged.
     */
    private static void signIn(WebDriver browser, WebDriverWait wait, String user) {
        String ui = browser.getWindowHandle();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize")))
                .click();
        WebElement scheme = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'auth-container')][.//*[contains(text(),'signIn')]]")));
        scheme.findElement(By.xpath(".//button[contains(@class,'authorize')]")).click();
        wait.until(ignored -> browser.getWindowHandles().size() > 1);
        Set<String> windows = browser.getWindowHandles();
        windows.stream().filter(handle -> !handle.equals(ui)).findFirst().ifPresent(browser.switchTo()::window);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user + "-pass");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ignored -> browser.getWindowHandles().size() == 1);
        browser.switchTo().window(ui);
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'auth-container')][.//*[contains(text(),'signIn')]]"
                        + "//button[contains(text(),'Logout')]")));
        browser.findElement(By.cssSelector("button.btn-done")).click();
    }

    /**
     * The storefront client lists the development gateway's redirect page; this test's gateway
     * listens on a port of its own, so it is added, with its origin, as a deployer would add a
     * gateway's address to the client (through Keycloak's admin API).
     */
    private static ObjectNode allowSignInFrom(RunningSystem system, String gateway) throws IOException {
        JsonNode found = JSON.readTree(send(HttpRequest.newBuilder(URI.create(clients(system) + "?clientId=storefront"))
                        .header("Authorization", "Bearer " + system.tokens().administrator())
                        .build())
                .body());
        ObjectNode before = (ObjectNode) found.get(0);
        ObjectNode client = before.deepCopy();
        String redirect = gateway + "/q/swagger-ui/oauth2-redirect.html";
        URI origin = URI.create(gateway);
        addOnce((ArrayNode) client.get("redirectUris"), redirect);
        addOnce((ArrayNode) client.get("webOrigins"), origin.getScheme() + "://" + origin.getAuthority());
        update(system, client);
        return before;
    }

    private static void update(RunningSystem system, ObjectNode client) throws IOException {
        HttpResponse<String> updated = send(HttpRequest.newBuilder(
                        URI.create(clients(system) + "/" + client.get("id").asText()))
                .header("Authorization", "Bearer " + system.tokens().administrator())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(client.toString()))
                .build());
        assertEquals(204, updated.statusCode(), updated.body());
    }

    private static String clients(RunningSystem system) {
        return system.keycloakUrl() + "/admin/realms/commerce/clients";
    }

    private static void addOnce(ArrayNode values, String value) {
        for (JsonNode existing : values) {
            if (existing.asText().equals(value)) {
                return;
            }
        }
        values.add(value);
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void keepScreenshot(WebDriver browser, Throwable failure) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path kept = Path.of("target/swagger-ui-failure.png");
            Files.createDirectories(kept.getParent());
            Files.copy(shot.toPath(), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(Path.of("target/swagger-ui-failure.html"), browser.getPageSource());
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
