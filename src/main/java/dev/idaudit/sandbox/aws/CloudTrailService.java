package dev.idaudit.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.idaudit.sandbox.aws.AwsWorld.Trail;
import java.util.HashSet;
import java.util.Set;

/**
 * CloudTrail trails (JSON 1.1, com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101). There is
 * no model in shared/api-models: the member names follow the AWS SDK's CloudTrail marshallers.
 * The scenario's trails are organization trails of the management account, so every account of
 * the organization sees them.
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
        return switch (operation) {
            case "DescribeTrails" -> {
                Set<String> names = trailNames(in);
                ObjectNode out = object();
                ArrayNode list = out.putArray("trailList");
                world.trails.stream().filter(t -> names.isEmpty() || names.contains(t.name()) || names.contains(arn(t)))
                        .forEach(t -> list.add(trail(t)));
                yield out;
            }
            case "ListTrails" -> pageOutput("Trails", Paging.page(world.trails, "trails", in.optional("NextToken"), null,
                    Integer.MAX_VALUE, pageSize, m -> new AwsError("InvalidNextTokenException", 400, m)),
                    t -> object().put("TrailARN", arn(t)).put("Name", t.name()).put("HomeRegion", t.homeRegion()));
            case "GetTrailStatus" -> {
                String name = in.required("Name");
                Trail t = world.trails.stream().filter(x -> x.name().equals(name) || arn(x).equals(name)).findFirst()
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
