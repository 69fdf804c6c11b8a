package dev.idaudit.sandbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Trail;
import software.amazon.awssdk.services.cloudtrail.model.TrailInfo;
import software.amazon.awssdk.services.cloudtrail.model.TrailNotFoundException;

/**
 * CloudTrail answers for the Region a request is signed for (cloudtrail/service-2.json:
 * DescribeTrails "associated with the current Region", includeShadowTrails, GetTrailStatus "To get
 * the status of a shadow trail ... you must specify its ARN"). acme's two organization trails are
 * homed in eu-west-1: acme-org-trail multi-Region, acme-org-trail-2023 single-Region.
 */
class CloudTrailPerRegionTest {
    private static final String MULTI = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-org-trail";
    private static final String SINGLE = "arn:aws:cloudtrail:eu-west-1:111111111111:trail/acme-org-trail-2023";
    /** A key of acme's member account 222222222222 (the emulator answers an ASIA key for the account in it). */
    private static final AwsCredentials MEMBER = AwsBasicCredentials.create("ASIA222222222222TEST", "not-checked");

    static AwsEmulator emulator;
    static CloudTrailClient usEast1;
    static CloudTrailClient euWest1;
    static CloudTrailClient memberUsEast1;

    @BeforeAll
    static void start() {
        emulator = AwsEmulator.start(AcmeAws.scenario(1));
        usEast1 = SdkClients.cloudTrailIn(emulator, SdkClients.CALLER, "us-east-1");
        euWest1 = SdkClients.cloudTrailIn(emulator, SdkClients.CALLER, "eu-west-1");
        memberUsEast1 = SdkClients.cloudTrailIn(emulator, MEMBER, "us-east-1");
    }

    @AfterAll
    static void stop() {
        usEast1.close();
        euWest1.close();
        memberUsEast1.close();
        emulator.close();
    }

    private static List<String> names(List<Trail> trails) {
        return trails.stream().map(Trail::name).toList();
    }

    @Test
    void describeTrailsInTheHomeRegionListsEveryTrailHomedThere() {
        assertEquals(List.of("acme-org-trail", "acme-org-trail-2023"), names(euWest1.describeTrails(r -> r.includeShadowTrails(false)).trailList()));
    }

    @Test
    void elsewhereAMultiRegionTrailIsAShadowTrailAndASingleRegionTrailIsAbsent() {
        List<Trail> withShadows = usEast1.describeTrails().trailList();
        assertEquals(List.of("acme-org-trail"), names(withShadows), "includeShadowTrails defaults to true");
        assertEquals("eu-west-1", withShadows.get(0).homeRegion());
        assertEquals(MULTI, withShadows.get(0).trailARN());
        assertEquals(List.of(), usEast1.describeTrails(r -> r.includeShadowTrails(false)).trailList());
    }

    @Test
    void aTrailInAnotherRegionIsDescribedByArnNotByName() {
        assertEquals(List.of(), usEast1.describeTrails(r -> r.trailNameList("acme-org-trail-2023")).trailList());
        assertEquals(List.of("acme-org-trail-2023"), names(usEast1.describeTrails(r -> r.trailNameList(SINGLE)).trailList()));
    }

    @Test
    void aShadowTrailsStatusIsReadByArnNotByName() {
        assertTrue(usEast1.getTrailStatus(r -> r.name(MULTI)).isLogging());
        assertThrows(TrailNotFoundException.class, () -> usEast1.getTrailStatus(r -> r.name("acme-org-trail")));
    }

    @Test
    void aSingleRegionTrailsStatusIsReadInItsHomeRegion() {
        assertFalse(euWest1.getTrailStatus(r -> r.name(SINGLE)).isLogging());
        assertThrows(TrailNotFoundException.class, () -> usEast1.getTrailStatus(r -> r.name(SINGLE)));
    }

    @Test
    void listTrailsNamesEveryTrailOfTheAccountWithItsHomeRegionFromAnyRegion() {
        List<TrailInfo> listed = usEast1.listTrailsPaginator(r -> {}).trails().stream().toList();
        assertEquals(List.of(MULTI, SINGLE), listed.stream().map(TrailInfo::trailARN).toList());
        assertEquals(List.of("eu-west-1", "eu-west-1"), listed.stream().map(TrailInfo::homeRegion).toList());
    }

    @Test
    void aMemberAccountSeesOrganizationTrailsOnlyAsShadowTrails() {
        assertEquals(List.of("acme-org-trail"), names(memberUsEast1.describeTrails().trailList()));
        assertEquals(List.of(), memberUsEast1.describeTrails(r -> r.includeShadowTrails(false)).trailList());
        assertTrue(memberUsEast1.getTrailStatus(r -> r.name(MULTI)).isLogging());
    }
}
