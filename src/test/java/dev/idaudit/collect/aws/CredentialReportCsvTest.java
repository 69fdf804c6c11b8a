package dev.idaudit.collect.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.idaudit.snapshot.AwsSnapshot.CredentialReportRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialReportCsvTest {
    private static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n";

    @Test
    void readsTheRootRowWhosePasswordColumnsAreNotSupported() {
        List<CredentialReportRow> rows = CredentialReportCsv.parse(HEADER
                + "<root_account>,arn:aws:iam::222222222222:root,2020-01-01T00:00:00+00:00,not_supported,2024-05-01T10:00:00+00:00,"
                + "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n");
        CredentialReportRow root = rows.get(0);
        assertEquals("<root_account>", root.user());
        assertFalse(root.passwordEnabled(), "not_supported is not an enabled password");
        assertTrue(root.mfaActive());
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), root.passwordLastUsed());
        assertNull(root.accessKey1LastUsed());
    }

    @Test
    void readsActiveKeysAndTheirLastUseWhateverTheColumnOrder() {
        String reordered = "arn,user,access_key_2_active,access_key_1_active,access_key_1_last_used_date,password_enabled\n"
                + "arn:aws:iam::444444444444:user/ci-deploy,ci-deploy,false,true,2026-11-01T08:30:00+00:00,false\r\n";
        CredentialReportRow row = CredentialReportCsv.parse(reordered).get(0);
        assertEquals("ci-deploy", row.user());
        assertEquals("arn:aws:iam::444444444444:user/ci-deploy", row.arn());
        assertTrue(row.accessKey1Active());
        assertFalse(row.accessKey2Active());
        assertEquals(Instant.parse("2026-11-01T08:30:00Z"), row.accessKey1LastUsed());
        assertNull(row.passwordLastUsed(), "a column the report lacks reads as null");
    }

    @Test
    void readsQuotedFieldsAndNoInformationAsUnknown() {
        String csv = "user,arn,password_enabled,password_last_used\n"
                + "\"break-glass, reader\",\"arn:aws:iam::222222222222:user/bg\",true,no_information";
        CredentialReportRow row = CredentialReportCsv.parse(csv).get(0);
        assertEquals("break-glass, reader", row.user());
        assertTrue(row.passwordEnabled());
        assertNull(row.passwordLastUsed());
    }

    @Test
    void anEmptyReportHasNoRows() {
        assertEquals(List.of(), CredentialReportCsv.parse(""));
        assertEquals(List.of(), CredentialReportCsv.parse(HEADER));
    }
}
