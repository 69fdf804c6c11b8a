package dev.idaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.idaudit.report.ReportInput.WaiverInfo;
import dev.idaudit.rules.CheckResult;
import dev.idaudit.rules.Waivers;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportInputsWaiversTest {
    @Test
    void listsWaiversCoveringEveryResourceFirstAndMarksThem() {
        LocalDate today = LocalDate.parse("2026-11-01");
        Waivers waivers = Waivers.parse("""
                waivers:
                  - {rule: a_rule, resource: u-1, reason: R, owner: o, ticket: T-1, expires: 2027-01-01}
                  - {rule: b_rule, resource: "*", reason: R, owner: o, ticket: T-2, expires: 2027-01-01, acknowledgeAllResources: true}
                  - {rule: c_rule, resource: "u-*", reason: R, owner: o, ticket: T-3, expires: 2027-01-01}
                """, "waivers.yaml", today);
        CheckResult result = new CheckResult(CheckResult.FORMAT_VERSION, "test", null, null, null, null, List.of(), List.of());
        List<WaiverInfo> listed = ReportInputs.waivers(waivers, result, today);
        assertEquals(List.of("T-2", "T-1", "T-3"), listed.stream().map(WaiverInfo::ticket).toList());
        assertEquals(List.of(true, false, false), listed.stream().map(WaiverInfo::allResources).toList());
    }
}
