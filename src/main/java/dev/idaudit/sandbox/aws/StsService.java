package dev.idaudit.sandbox.aws;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * STS (sts/service-2.json, Query). AssumeRole enters the scenario's member role in an account of
 * the organization, unless the scenario lists the account as unassumable.
 */
final class StsService extends QueryService {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");
    private static final Set<String> ACTIONS = Set.of("GetCallerIdentity", "AssumeRole");

    private final Sessions sessions;

    StsService(AwsWorld world, int pageSize, Sessions sessions) {
        super(world, pageSize);
        this.sessions = sessions;
    }

    @Override
    String signingName() {
        return "sts";
    }

    @Override
    String xmlNamespace() {
        return "https://sts.amazonaws.com/doc/2011-06-15/";
    }

    @Override
    boolean handles(String action) {
        return ACTIONS.contains(action);
    }

    @Override
    AwsError invalid(String message) {
        return new AwsError("ValidationError", 400, message);
    }

    @Override
    void call(String action, Params params, Identity caller, Xml result) {
        switch (action) {
            case "GetCallerIdentity" -> result.element("UserId", caller.userId()).element("Account", caller.accountId())
                    .element("Arn", caller.arn());
            case "AssumeRole" -> assumeRole(params, caller, result);
            default -> throw new AwsError("InvalidAction", 400, "Could not find operation " + action + " for version 2011-06-15");
        }
    }

    private void assumeRole(Params params, Identity caller, Xml result) {
        String roleArn = params.required("RoleArn");
        String sessionName = params.required("RoleSessionName");
        if (!sessionName.matches("[\\w+=,.@-]{2,64}")) {
            throw invalid("1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        Integer duration = params.optInt("DurationSeconds");
        if (duration != null && (duration < 900 || duration > 43200)) {
            throw invalid("The requested DurationSeconds exceeds the limits: it must be between 900 and 43200 seconds");
        }
        Matcher m = ROLE_ARN.matcher(roleArn);
        if (!m.matches()) {
            throw invalid(roleArn + " is invalid");
        }
        String accountId = m.group(1);
        String roleName = m.group(2);
        boolean roleExists = world.memberAccount(accountId).stream()
                .flatMap(a -> a.roles().stream()).anyMatch(r -> r.name().equals(roleName));
        boolean assumable = world.account(accountId).isPresent() && roleName.equals(world.memberRole) && roleExists
                && !world.unassumableAccounts.contains(accountId);
        if (!assumable) {
            throw new AwsError("AccessDenied", 403, "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        Instant expiration = Instant.now().plusSeconds(duration == null ? 3600 : duration).truncatedTo(ChronoUnit.SECONDS);
        Sessions.Issued issued = sessions.issue(accountId, roleName, sessionName, expiration);
        result.open("Credentials")
                .element("AccessKeyId", issued.accessKeyId())
                .element("SecretAccessKey", issued.secretAccessKey())
                .element("SessionToken", issued.sessionToken())
                .element("Expiration", issued.expiration())
                .close("Credentials")
                .open("AssumedRoleUser")
                .element("AssumedRoleId", issued.identity().userId())
                .element("Arn", issued.identity().arn())
                .close("AssumedRoleUser");
    }
}
