package dev.idaudit.config;

import java.net.URI;
import java.util.List;

/**
 * How to reach AWS. Credentials come from the SDK's default chain (environment, profiles
 * including SSO profiles made by {@code aws configure sso}, container and instance roles),
 * never from this file.
 *
 * @param profile a named profile, or null for the default chain
 * @param region the Identity Center region, e.g. us-east-1
 * @param endpointUrl one endpoint for every service (AWS_ENDPOINT_URL), e.g. the sandbox or moto; null for AWS
 * @param memberRoleName the read-only role assumed in each member account
 * @param memberRoleExternalId the external id the member role's trust policy requires, or null
 * @param includeAccounts account ids to read; empty = all
 * @param excludeAccounts account ids to skip
 */
public record AwsConfig(
        String profile,
        String region,
        URI endpointUrl,
        String memberRoleName,
        String memberRoleExternalId,
        List<String> includeAccounts,
        List<String> excludeAccounts) {

    public static final String DEFAULT_MEMBER_ROLE = "IdAuditReadOnly";

    public AwsConfig {
        memberRoleName = memberRoleName == null ? DEFAULT_MEMBER_ROLE : memberRoleName;
        includeAccounts = includeAccounts == null ? List.of() : List.copyOf(includeAccounts);
        excludeAccounts = excludeAccounts == null ? List.of() : List.copyOf(excludeAccounts);
    }

    public boolean accountSelected(String accountId) {
        return (includeAccounts.isEmpty() || includeAccounts.contains(accountId)) && !excludeAccounts.contains(accountId);
    }
}
