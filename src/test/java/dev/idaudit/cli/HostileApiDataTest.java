package dev.idaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.idaudit.collect.Progress;
import dev.idaudit.report.SpreadsheetText;
import dev.idaudit.testing.HeadlessChromium;
import java.time.Duration;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Finding;
import dev.idaudit.rules.Status;
import dev.idaudit.sandbox.Sandbox;
import dev.idaudit.sandbox.Scenario;
import dev.idaudit.snapshot.AwsSnapshot;
import dev.idaudit.snapshot.OktaSnapshot;
import dev.idaudit.snapshot.Snapshot;
import dev.idaudit.util.Csv;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile data from the APIs, served by the sandbox emulators and collected through the real
 * SDK clients: markup and script in names, labels and policy text, spreadsheet formulas, a 1 MB
 * field, and enum values the SDKs and the rules do not know. The collection keeps them verbatim,
 * the rules report them, and every report shows them as inert text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileApiDataTest {
    static final String SCRIPT = "<script>window.__pwned=1</script>";
    static final String IMG = "\"><img src=x onerror=\"window.__pwned=2\">";
    static final String CLOSE_SCRIPT = "</script><script>window.__pwned=3</script>";
    static final String SVG = "@SUM(1+1)<svg onload=\"window.__pwned=4\">";
    static final String FORMULA = "=HYPERLINK(\"http://127.0.0.1:9/x\",\"click\")";
    static final String PLUS = "+1+cmd|' /C calc'!A0";
    static final String MINUS = "-2+3";
    static final String TAB = "\t=1+1";
    static final String CR = "\r=1+1";
    static final String HUGE = "x".repeat(1 << 20);
    static final String POLICY_SID = "</script><script>window.__pwned=6</script>";

    static final String OKTA_STATUS = "PENDING_QUANTUM_VERIFICATION";
    static final String SYNC_STATE = "SYNC_PAUSED_BY_NEW_FEATURE";
    static final String APP_USER_STATUS = "PROVISIONED_ELSEWHERE";
    static final String PUSH_STATUS = "THROTTLED";
    static final String ACCOUNT_STATE = "QUARANTINED";
    static final String IDC_USER_STATUS = "LOCKED";

    Path dir;
    Snapshot snapshot;
    CheckResult result;
    Path runDir;

    @BeforeAll
    void collectCheckAndReport(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Scenario acme = Scenario.load("acme");
        ObjectNode okta = acme.okta().deepCopy();
        ObjectNode aws = acme.aws().deepCopy();

        // names, labels and policy text with markup and formulas; both sides renamed alike so joins still hold
        ObjectNode alice = (ObjectNode) okta.get("users").get(0).get("profile");
        alice.put("firstName", SCRIPT);
        alice.put("lastName", IMG);
        replaceText(okta, "org-ReadOnly", CLOSE_SCRIPT);
        replaceText(aws, "org-ReadOnly", CLOSE_SCRIPT);
        replaceText(okta, "AWS Account Federation (legacy)", SVG);
        replaceText(aws, "Developer", FORMULA);
        replaceText(aws, "legacy-admins", PLUS);
        replaceText(aws, "mallory", MINUS);
        replaceText(okta, "org-AWS-Users", TAB);
        replaceText(aws, "ReadOnly", CR);
        ObjectNode developer = permissionSet(aws, FORMULA);
        developer.put("inlinePolicy", developer.get("inlinePolicy").asText().replace("LetDevelopersManageRoles", POLICY_SID));
        developer.put("description", HUGE);
        ((ObjectNode) okta.get("users").get(1).get("profile")).put("lastName", HUGE);

        // enum values newer than the SDKs and the rules
        ((ObjectNode) okta.get("users").get(2)).put("status", OKTA_STATUS);
        ObjectNode ssoApp = (ObjectNode) okta.get("apps").get(0);
        ((ObjectNode) appUser(ssoApp, "00u1bob000000000002")).put("syncState", SYNC_STATE);
        ((ObjectNode) appUser(ssoApp, "00u1erin00000000005")).put("status", APP_USER_STATUS);
        ((ObjectNode) ssoApp.get("pushMappings").get(0)).put("status", PUSH_STATUS);
        for (JsonNode account : aws.get("accounts")) {
            if (account.get("id").asText().equals("555555555555")) {
                ((ObjectNode) account).put("state", "newer-than-model:" + ACCOUNT_STATE);
            }
        }
        ((ObjectNode) identityStoreUser(aws, "9a6c0002-bob")).put("status", "newer-than-model:" + IDC_USER_STATUS);

        Scenario hostile = new Scenario("acme-hostile", acme.description(), acme.settings(), okta, aws, acme.plants());
        try (Sandbox sandbox = Sandbox.start(hostile)) {
            snapshot = Collector.fromSandbox(sandbox, Progress.SILENT);
            AuditRun.Settings settings = new AuditRun.Settings(null, null, List.of(), null, dev.idaudit.rules.Severity.HIGH, true, false, null);
            AuditRun.Outcome outcome = new AuditRun(settings, Clock.systemUTC()).execute(dir.resolve("runs"), null, () -> snapshot,
                    AuditRun.sources(sandbox.oktaConfig().orgUrl().toString(), sandbox.awsConfig()), new PrintWriter(Writer.nullWriter()));
            result = outcome.result();
            runDir = outcome.runDir();
        }
    }

    @Test
    void theCollectionKeepsHostileAndUnknownValuesVerbatim() {
        assertEquals(List.of(), snapshot.collectionIssues(), "nothing was lost");
        OktaSnapshot o = snapshot.okta();
        OktaSnapshot.User aliceUser = oktaUser("00u1alice0000000001");
        assertEquals(SCRIPT, aliceUser.firstName());
        assertEquals(IMG, aliceUser.lastName());
        assertEquals(HUGE, oktaUser("00u1bob000000000002").lastName());
        assertEquals(OKTA_STATUS, oktaUser("00u1carol0000000003").status());
        OktaSnapshot.AwsApp app = o.awsApps().get(0);
        assertEquals(SYNC_STATE, app.users().stream().filter(u -> u.userId().equals("00u1bob000000000002")).findFirst().orElseThrow().syncState());
        assertEquals(APP_USER_STATUS, app.users().stream().filter(u -> u.userId().equals("00u1erin00000000005")).findFirst().orElseThrow().status());
        assertTrue(app.pushMappings().stream().anyMatch(m -> PUSH_STATUS.equals(m.status())), app.pushMappings().toString());
        assertTrue(o.apps().stream().anyMatch(a -> SVG.equals(a.label())));
        assertTrue(o.groups().stream().anyMatch(g -> CLOSE_SCRIPT.equals(g.name())));

        AwsSnapshot w = snapshot.aws();
        assertEquals(ACCOUNT_STATE, w.accounts().stream().filter(a -> a.id().equals("555555555555")).findFirst().orElseThrow().state());
        assertEquals(IDC_USER_STATUS, w.identityCenter().users().stream().filter(u -> u.userId().equals("9a6c0002-bob"))
                .findFirst().orElseThrow().userStatus());
        AwsSnapshot.PermissionSet ps = w.identityCenter().permissionSets().stream().filter(p -> FORMULA.equals(p.name())).findFirst().orElseThrow();
        assertEquals(HUGE, ps.description());
        assertTrue(ps.inlinePolicy().contains(POLICY_SID), "policy text verbatim");
    }

    @Test
    void statusesTheRulesDoNotKnowAreReportedNotPassed() {
        Map<String, String> unknown = Map.of(
                "00u1carol0000000003", OKTA_STATUS,
                "00u1bob000000000002", SYNC_STATE,
                "00u1erin00000000005", APP_USER_STATUS,
                "555555555555", ACCOUNT_STATE,
                "9a6c0002-bob", IDC_USER_STATUS);
        List<String> silent = new ArrayList<>();
        unknown.forEach((id, value) -> {
            boolean reported = result.findings().stream().anyMatch(f -> f.status() != Status.PASS && f.reason() != null
                    && f.reason().contains(value) && f.resource() != null && String.valueOf(f.resource().id()).contains(id));
            if (!reported) {
                silent.add(id + " " + value + ": " + result.findings().stream().filter(f -> f.resource() != null
                        && String.valueOf(f.resource().id()).contains(id)).map(f -> f.ruleId() + " " + f.status() + " " + f.reason()).toList());
            }
        });
        assertEquals(List.of(), silent, "each unknown status is a finding that names it");
        String pushStatus = result.findings().stream().filter(f -> f.reason() != null && f.reason().contains(PUSH_STATUS))
                .map(f -> f.ruleId() + " " + f.status()).findFirst().orElse("none");
        assertTrue(pushStatus.contains("FAIL") || pushStatus.contains("NOT_EVALUATED"), "push mapping " + PUSH_STATUS + ": " + pushStatus);
    }

    @Test
    void theHtmlReportRunsNothingInChromiumAndShowsTheDataAsText() throws Exception {
        Path page = runDir.resolve("report.html");
        ChromeDriver browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
        try {
            browser.get(page.toUri().toString());
            new WebDriverWait(browser, Duration.ofSeconds(30))
                    .until(d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-ready")));
            assertEquals(Boolean.TRUE, browser.executeScript("return typeof window.__pwned === 'undefined';"), "no planted script ran");
            assertEquals(0L, browser.executeScript("return document.querySelectorAll('img, svg[onload], iframe, object, embed').length;"),
                    "no element was injected");
            assertEquals(0L, browser.executeScript(
                    "return [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => /^on/i.test(a.name))).length;"),
                    "no inline event handler in the page");
            long scripts = (Long) browser.executeScript("return document.scripts.length;");
            assertEquals(Files.readString(page).split("<script", -1).length - 1, scripts, "only the report's own scripts");
            String text = (String) browser.executeScript("return document.body.innerText;");
            for (String hostile : List.of(FORMULA, PLUS, MINUS)) {
                assertTrue(text.contains(hostile), "shown as text: " + hostile);
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    void formulaLookingValuesAreTextInTheWorkbook() throws Exception {
        List<String> shown = new ArrayList<>();
        try (Workbook wb = WorkbookFactory.create(runDir.resolve("report.xlsx").toFile(), null, true)) {
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        String where = sheet.getSheetName() + "!" + cell.getAddress();
                        assertNotEquals(CellType.FORMULA, cell.getCellType(), where + " is a formula");
                        if (cell.getCellType() == CellType.STRING) {
                            String v = cell.getStringCellValue();
                            if (SpreadsheetText.looksLikeFormula(v)) {
                                assertTrue(cell.getCellStyle().getQuotePrefixed(), where + " '" + v + "' is not quote-prefixed");
                                shown.add(v);
                            }
                        }
                    }
                }
            }
        }
        for (String hostile : List.of(FORMULA, PLUS, MINUS)) {
            assertTrue(shown.stream().anyMatch(v -> v.equals(hostile)), "kept verbatim as text: " + hostile + " in " + shown);
        }
    }

    @Test
    void formulaLookingValuesAreInertInTheCsv() throws Exception {
        List<String> fields = csvFields(Files.readString(runDir.resolve("findings.csv"), StandardCharsets.UTF_8));
        List<String> live = fields.stream().filter(SpreadsheetText::looksLikeFormula).toList();
        assertEquals(List.of(), live, "no field a spreadsheet would evaluate");
        for (String hostile : List.of(FORMULA, PLUS, MINUS)) {
            assertTrue(fields.contains("'" + hostile), "written with an apostrophe: " + hostile);
        }
    }

    /** Every field of a CSV file, row after row. */
    static List<String> csvFields(String csv) {
        return Csv.rows(csv).stream().flatMap(List::stream).toList();
    }

    private OktaSnapshot.User oktaUser(String id) {
        return snapshot.okta().users().stream().filter(u -> u.id().equals(id)).findFirst().orElseThrow();
    }

    /** Replaces every string value equal to {@code from} anywhere in the tree. */
    static void replaceText(JsonNode node, String from, String to) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual() && e.getValue().asText().equals(from)) {
                    e.setValue(TextNode.valueOf(to));
                } else {
                    replaceText(e.getValue(), from, to);
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && a.get(i).asText().equals(from)) {
                    a.set(i, TextNode.valueOf(to));
                } else {
                    replaceText(a.get(i), from, to);
                }
            }
        }
    }

    private static ObjectNode permissionSet(ObjectNode aws, String name) {
        for (JsonNode ps : aws.get("identityCenter").get("permissionSets")) {
            if (ps.get("name").asText().equals(name)) {
                return (ObjectNode) ps;
            }
        }
        throw new AssertionError("no permission set " + name);
    }

    private static JsonNode appUser(ObjectNode app, String userId) {
        for (JsonNode u : app.get("users")) {
            if (u.get("id").asText().equals(userId)) {
                return u;
            }
        }
        throw new AssertionError("no app user " + userId);
    }

    private static JsonNode identityStoreUser(ObjectNode aws, String userId) {
        for (JsonNode store : aws.get("identityStores")) {
            for (JsonNode u : store.path("users")) {
                if (u.get("id").asText().equals(userId)) {
                    return u;
                }
            }
        }
        throw new AssertionError("no Identity Store user " + userId);
    }
}
