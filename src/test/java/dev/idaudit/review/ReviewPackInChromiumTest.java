package dev.idaudit.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

/** review close's review.html in real headless Chromium: it renders, shows hostile names as text, loads nothing, and prints. */
class ReviewPackInChromiumTest {
    static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\">@evil.example";
    static ChromeDriver browser;
    @TempDir Path tmp;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = HeadlessChromium.start(Files.createTempDirectory("idaudit-chromium-"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static AccessItem item(String id, String reviewer, String person, String groupId, String groupName) {
        return new AccessItem(id, reviewer, person, person, "00u-" + id, "idc-" + id, "ACTIVE", "never", "222222222222", "prod",
                "ReadOnly", "arn:aws:sso:::permissionSet/ssoins-1/ps-1", "no", groupId, groupName, null, List.of("inactive"),
                groupId == null ? null : "00g-" + groupId, null, "arn:aws:sso:::instance/ssoins-1", "d-1",
                groupId == null ? "USER" : "GROUP", groupId == null ? "idc-" + id : groupId, "x", groupId == null ? null : true, null);
    }

    @Test
    void thePackPageRendersEscapesLoadsNothingAndPrints() throws Exception {
        Instant t = Instant.parse("2026-12-20T10:00:00Z");
        List<AccessItem> items = List.of(item("A0001", "a@x.example", HOSTILE, null, null),
                item("A0002", "a@x.example", "=HYPERLINK(\"http://evil\")", "g-1", "devs"),
                item("A0003", "s@x.example", "c@x.example", "g-1", "devs"));
        Campaign c = new Campaign(Campaign.CURRENT_VERSION, "q4-0001", "2026-12-07T06-00-00Z", "ab".repeat(32), "https://acme.okta.com",
                t, LocalDate.of(2027, 1, 15), "owners.yaml", "s@x.example", List.of("a@x.example", "s@x.example"), items,
                List.of(new Campaign.Import("a@x.example", t, "a.xlsx", "cd".repeat(32), List.of(
                        new Campaign.Decision("A0001", "Revoke", "</td><script>alert(1)</script>"),
                        new Campaign.Decision("A0002", "Keep", "")))), null);
        Path dir = tmp.resolve("q4");
        c.write(dir);
        ClosePack.Result r = ClosePack.close(dir, true, Clock.fixed(t, ZoneOffset.UTC));
        Path html = r.packDir().resolve(ClosePack.HTML);

        browser.manage().logs().get(LogType.BROWSER);
        browser.get(html.toUri().toString());
        assertEquals("Access review q4-0001", browser.getTitle(), "the hostile name ran no script");
        assertTrue(browser.findElements(By.cssSelector("img, script:not([type])")).isEmpty(), "no element came from the data");
        assertEquals(3, browser.findElements(By.cssSelector("#decisions tbody tr")).size());
        assertTrue(browser.findElement(By.id("decisions")).getText().contains(HOSTILE), "shown as text");
        assertTrue(browser.findElement(By.id("open-items")).getText().contains("A0003"), "the open item is named");
        assertEquals("OPEN", browser.findElement(By.cssSelector("#decisions tbody tr:nth-child(3) td.d-OPEN")).getText());
        assertTrue(browser.findElement(By.id("revocations")).getText().contains("delete-account-assignment"));
        assertEquals(List.of(), browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString).toList(),
                "nothing was blocked or failed to load");

        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        assertEquals("rgba(0, 0, 0, 0)", browser.findElement(By.cssSelector("#decisions tbody tr:nth-child(2) td"))
                .getCssValue("background-color"), "print drops the zebra fill");
        Object pdf = browser.executeCdpCommand("Page.printToPDF", Map.of("landscape", true)).get("data");
        byte[] bytes = Base64.getDecoder().decode(String.valueOf(pdf));
        assertTrue(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("%PDF-") && bytes.length > 5_000,
                "Chromium printed it to a PDF of " + bytes.length + " bytes");
        Files.createDirectories(Path.of("target", "html-report"));
        Files.write(Path.of("target", "html-report", "review-pack.pdf"), bytes);
    }
}
