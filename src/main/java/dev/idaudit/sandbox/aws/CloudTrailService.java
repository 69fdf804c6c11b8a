package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.aws.AwsWorld.Trail;
import java.util.HashSet;
import java.util.Set;

/**
 * CloudTrail trails (cloudtrail/service-2.json, JSON 1.1, CloudTrail_20131101), answered for the
 * Region the request is signed for, as the API reference describes:
 * <ul>
 * <li>DescribeTrails lists the trails homed in that Region, and, unless includeShadowTrails is
 *     false, the shadow trails there: a multi-Region trail homed elsewhere, and in a member account
 *     the organization trails. A single-Region trail homed elsewhere is not listed. Names in
 *     trailNameList match only trails homed in this Region; ARNs match any trail of the account.
 * <li>ListTrails lists the trails of the account, every Region, each with its HomeRegion.
 * <li>GetTrailStatus finds by name only a trail homed in this Region, by ARN also a shadow trail.
 * </ul>
 * The scenario's trails belong to the management account; a member account sees only the
 * organization trails. Whether GetTrailStatus by ARN answers for a single-Region trail homed in
 * another Region is not documented: the emulator refuses it, so a collector must ask the home Region.
 */
final class CloudTrailService extends JsonService {

    CloudTrailService(AwsWorld world, int pageSize) {
        super(world, pageSize);
    }

    @Override
    String targetPrefix() {
        return "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
    }

    @Override
    String serviceName() {
        return "cloudtrail";
    }

    @Override
    AwsError invalid(String message) {
        return new AwsError("InvalidParameterException", 400, message);
    }

    @Override
    ObjectNode call(String operation, Input in, Identity caller) {
        String region = caller.region() != null ? caller.region() : world.region;
        return switch (operation) {
            case "DescribeTrails" -> {
                Set<String> names = trailNames(in);
                JsonNode shadows = in.raw().get("includeShadowTrails");
                boolean includeShadowTrails = shadows == null || shadows.isNull() || shadows.asBoolean();
                ObjectNode out = object();
                ArrayNode list = out.putArray("trailList");
                world.trails.stream().filter(t -> names.isEmpty()
                                ? homedHere(t, caller, region) || includeShadowTrails && shadowHere(t, caller, region)
                                : names.contains(t.name()) && homedHere(t, caller, region) || names.contains(arn(t)) && ofAccount(t, caller))
                        .forEach(t -> list.add(trail(t)));
                yield out;
            }
            case "ListTrails" -> pageOutput("Trails", Paging.page(world.trails.stream().filter(t -> owner(caller)).toList(), "trails",
                    in.optional("NextToken"), null, Integer.MAX_VALUE, pageSize, m -> new AwsError("InvalidNextTokenException", 400, m)),
                    t -> object().put("TrailARN", arn(t)).put("Name", t.name()).put("HomeRegion", t.homeRegion()));
            case "GetTrailStatus" -> {
                String name = in.required("Name");
                Trail t = world.trails.stream()
                        .filter(x -> x.name().equals(name) && homedHere(x, caller, region)
                                || arn(x).equals(name) && (homedHere(x, caller, region) || shadowHere(x, caller, region)))
                        .findFirst()
                        .orElseThrow(() -> new AwsError("TrailNotFoundException", 400, "Unknown trail: " + name + " for the user: " + caller.accountId()));
                ObjectNode out = object();
                out.put("IsLogging", t.logging());
                put(out, "StartLoggingTime", t.loggingSince());
                put(out, "StopLoggingTime", t.stoppedAt());
                if (t.logging()) {
                    put(out, "LatestDeliveryTime", world.loadedAt.minusSeconds(300));
                    put(out, "LatestDigestDeliveryTime", world.loadedAt.minusSeconds(1800));
                }
                put(out, "TimeLoggingStarted", Wire.iso(t.loggingSince()));
                if (t.stoppedAt() != null) {
                    put(out, "TimeLoggingStopped", Wire.iso(t.stoppedAt()));
                }
                yield out;
            }
            default -> throw unknownOperation(operation);
        };
    }

    /** The trails are the management account's. */
    private boolean owner(Identity caller) {
        return caller.accountId().equals(world.managementAccountId());
    }

    /** The caller's account owns it, or sees it as an organization trail. */
    private boolean ofAccount(Trail t, Identity caller) {
        return owner(caller) || t.organizationTrail();
    }

    private boolean homedHere(Trail t, Identity caller, String region) {
        return owner(caller) && t.homeRegion().equals(region);
    }

    /** A replication here of a trail homed elsewhere (multi-Region), or of an organization trail in a member account. */
    private boolean shadowHere(Trail t, Identity caller, String region) {
        boolean replicatedHere = t.homeRegion().equals(region) || t.multiRegion();
        return owner(caller) ? !t.homeRegion().equals(region) && t.multiRegion() : t.organizationTrail() && replicatedHere;
    }

    private Set<String> trailNames(Input in) {
        // trailNameList is a list of strings, which Input.list (made for structures) does not read.
        Set<String> names = new HashSet<>();
        JsonNode list = in.raw().get("trailNameList");
        if (list != null && list.isArray()) {
            list.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    private ObjectNode trail(Trail t) {
        ObjectNode o = object();
        o.put("Name", t.name());
        o.put("S3BucketName", t.bucket());
        o.put("IncludeGlobalServiceEvents", true);
        o.put("IsMultiRegionTrail", t.multiRegion());
        o.put("HomeRegion", t.homeRegion());
        o.put("TrailARN", arn(t));
        o.put("LogFileValidationEnabled", true);
        o.put("HasCustomEventSelectors", false);
        o.put("HasInsightSelectors", false);
        o.put("IsOrganizationTrail", t.organizationTrail());
        return o;
    }

    private String arn(Trail t) {
        return "arn:aws:cloudtrail:" + t.homeRegion() + ":" + world.managementAccountId() + ":trail/" + t.name();
    }
}
