package dev.idaudit.config;

import dev.idaudit.rules.RuleSettings;
import dev.idaudit.util.BadInputException;
import dev.idaudit.util.YamlFile;
import dev.idaudit.util.YamlFile.Entry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads idaudit.yaml. Unknown keys and bad values are errors naming file, line and key;
 * secrets are read from the environment or files the config names, never from the config itself.
 */
public final class ConfigLoader {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    public static final String DEFAULT_TOKEN_ENV = "OKTA_API_TOKEN";

    /** The top-level sections of idaudit.yaml: a key not here is a typo, refused at its line. */
    public static final Set<String> SECTIONS = Set.of("okta", "aws", "rules", "limits", "evidence", "review", "notify", "report");

    private final Function<String, String> env;
    private final boolean readSecrets;

    /** @param env how to read an environment variable (System::getenv outside tests) */
    public ConfigLoader(Function<String, String> env) {
        this(env, true);
    }

    private ConfigLoader(Function<String, String> env, boolean readSecrets) {
        this.env = env;
        this.readSecrets = readSecrets;
    }

    /** The whole file, with the Okta credentials it names (for commands that collect). */
    public static IdAuditConfig load(Path file) {
        return new ConfigLoader(System::getenv).read(file);
    }

    /**
     * The whole file checked the same way, without reading a secret (for commands that work
     * offline on a snapshot, e.g. check): its okta is null.
     */
    public static IdAuditConfig offline(Path file) {
        return new ConfigLoader(name -> null, false).read(file);
    }

    public IdAuditConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such config file");
        }
        Entry root = YamlFile.read(file);
        Map<String, Entry> top = root.mapping(SECTIONS);
        OktaConfig okta = top.containsKey("okta") ? okta(top.get("okta"), file) : null;
        AwsConfig aws = top.containsKey("aws") ? aws(top.get("aws")) : null;
        String docsUrl = null;
        if (top.containsKey("report")) {
            Map<String, Entry> report = top.get("report").mapping(Set.of("docsUrl"));
            if (report.containsKey("docsUrl")) {
                Entry d = report.get("docsUrl");
                String problem = docsUrlProblem(d.text());
                if (problem != null) {
                    throw d.error(problem);
                }
                docsUrl = d.text().strip();
            }
        }
        // rule ids and parameters are checked against the pack by the rule engine, which loads it
        RuleSettings rules = top.containsKey("rules") && !top.get("rules").isNull()
                ? RuleSettings.fromEntry(top.get("rules"), file.toAbsolutePath().getParent()) : null;
        IdAuditConfig.Limits limits = top.containsKey("limits") ? limits(top.get("limits")) : null;
        EvidenceConfig evidence = top.containsKey("evidence") ? evidence(top.get("evidence"), file) : EvidenceConfig.NONE;
        // review: a closed access review campaign directory (idaudit review), read by run.
        Path review = top.containsKey("review") ? resolve(file, top.get("review").text()) : null;
        String reportUrl = top.containsKey("notify") ? reportUrl(top.get("notify").mapping(Set.of("reportUrl")).get("reportUrl")) : null;
        return new IdAuditConfig(okta, aws, rules, limits, evidence, review, reportUrl, docsUrl);
    }

    private static EvidenceConfig evidence(Entry e, Path file) {
        Map<String, Entry> m = e.mapping(Set.of("signingKey", "kmsKeyId"));
        if (m.containsKey("signingKey") && m.containsKey("kmsKeyId")) {
            throw e.error("give either signingKey (a key file) or kmsKeyId (an AWS KMS key), not both");
        }
        Path key = null;
        if (m.containsKey("signingKey")) {
            key = resolve(file, m.get("signingKey").text());
            if (!Files.isRegularFile(key)) {
                throw m.get("signingKey").error("no such key file: " + key + " (make one with `idaudit evidence keygen`)");
            }
        }
        return new EvidenceConfig(key, m.containsKey("kmsKeyId") ? m.get("kmsKeyId").text() : null);
    }

    /**
     * notify.reportUrl: a link a chat reader can open (the S3 console, a presigned address, an
     * intranet page), with "{runId}" as the only placeholder.
     */
    private static String reportUrl(Entry e) {
        if (e == null) {
            return null;
        }
        String template = e.text().trim();
        String sample = template.replace(IdAuditConfig.RUN_ID, "2026-01-01T00-00-00Z");
        if (sample.contains("{") || sample.contains("}")) {
            throw e.error("the only placeholder is " + IdAuditConfig.RUN_ID);
        }
        URI uri;
        try {
            uri = new URI(sample);
        } catch (URISyntaxException ex) {
            throw e.error("not a URL (" + ex.getReason() + ")");
        }
        if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw e.error("must be an http(s) address a chat reader can open (e.g. the S3 console)");
        }
        return template;
    }

    /**
     * What is wrong with a documentation base address ({@code report.docsUrl}, {@code --docs-url}),
     * or null: an http(s) URL with a host and no credentials, since every report links to it.
     */
    public static String docsUrlProblem(String value) {
        URI uri;
        try {
            uri = new URI(value == null ? "" : value.strip());
        } catch (URISyntaxException ex) {
            return "not a URL (expected e.g. https://wiki.example.com/idaudit/rules/)";
        }
        if (uri.getRawUserInfo() != null) {
            return "the address carries credentials (user:password@host); every report would show them: remove them (the value is not shown here)";
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))
                || uri.getHost() == null) {
            return "not an http(s) address: '" + value + "' (expected e.g. https://wiki.example.com/idaudit/rules/)";
        }
        return null;
    }

    private static IdAuditConfig.Limits limits(Entry e) {
        Map<String, Entry> m = e.mapping(Set.of("maxDecompressedMegabytes"));
        long bytes = IdAuditConfig.Limits.DEFAULTS.maxDecompressedBytes();
        if (m.containsKey("maxDecompressedMegabytes")) {
            int mb = m.get("maxDecompressedMegabytes").integer();
            if (mb < 1 || mb > 65_536) {
                throw m.get("maxDecompressedMegabytes").error("must be between 1 and 65536 (megabytes), not " + mb);
            }
            bytes = mb * 1024L * 1024;
        }
        return new IdAuditConfig.Limits(bytes);
    }

    private OktaConfig okta(Entry e, Path file) {
        Map<String, Entry> m = e.mapping(Set.of("orgUrl", "auth", "appId"));
        if (!m.containsKey("orgUrl")) {
            throw e.error("orgUrl is required (e.g. https://acme.okta.com)");
        }
        URI orgUrl = url(m.get("orgUrl"));
        String appId = m.containsKey("appId") ? m.get("appId").text() : null;
        Map<String, Entry> auth = m.containsKey("auth")
                ? m.get("auth").mapping(Set.of("apiTokenEnv", "clientId", "privateKeyFile", "privateKeyEnv", "scopes"))
                : Map.of();
        if (auth.containsKey("clientId")) {
            Entry at = m.get("auth");
            if (auth.containsKey("apiTokenEnv")) {
                throw at.error("give either apiTokenEnv (API token) or clientId with a private key (OAuth), not both");
            }
            Secret key;
            Path keyFile = null;
            if (!readSecrets) {
                key = null;
                if (!auth.containsKey("privateKeyFile") && !auth.containsKey("privateKeyEnv")) {
                    throw at.error("OAuth (clientId) needs privateKeyFile or privateKeyEnv");
                }
                if (auth.containsKey("privateKeyEnv")) {
                    envName(auth.get("privateKeyEnv"), "the private key");
                }
            } else if (auth.containsKey("privateKeyFile")) {
                keyFile = resolve(file, auth.get("privateKeyFile").text());
                try {
                    key = Secret.of(Files.readString(keyFile, StandardCharsets.UTF_8));
                } catch (IOException ex) {
                    throw auth.get("privateKeyFile").error("cannot read the private key file " + keyFile + ": " + ex.getClass().getSimpleName());
                }
            } else if (auth.containsKey("privateKeyEnv")) {
                String name = envName(auth.get("privateKeyEnv"), "the private key");
                String v = env.apply(name);
                if (v == null || v.isBlank()) {
                    throw auth.get("privateKeyEnv").error("environment variable " + name + " is not set");
                }
                key = Secret.of(v);
            } else {
                throw at.error("OAuth (clientId) needs privateKeyFile or privateKeyEnv");
            }
            List<String> scopes = auth.containsKey("scopes") ? auth.get("scopes").texts() : OktaConfig.READ_ONLY_SCOPES;
            for (int i = 0; i < scopes.size(); i++) {
                if (!scopes.get(i).startsWith("okta.") || !scopes.get(i).endsWith(".read")) {
                    throw auth.get("scopes").list().get(i).error("'" + scopes.get(i)
                            + "' is not a read-only Okta scope; idaudit needs only " + OktaConfig.READ_ONLY_SCOPES);
                }
            }
            return readSecrets ? new OktaConfig(orgUrl, null, auth.get("clientId").text(), key, keyFile, scopes, appId) : null;
        }
        for (String k : List.of("privateKeyFile", "privateKeyEnv", "scopes")) {
            if (auth.containsKey(k)) {
                throw auth.get(k).error(k + " is for OAuth and needs clientId");
            }
        }
        String tokenEnv = auth.containsKey("apiTokenEnv") ? envName(auth.get("apiTokenEnv"), "the API token") : DEFAULT_TOKEN_ENV;
        if (!readSecrets) {
            return null;
        }
        String token = env.apply(tokenEnv);
        if (token == null || token.isBlank()) {
            throw e.error("no Okta credentials: set the environment variable " + tokenEnv
                    + " to an API token, or configure okta.auth.clientId with a private key (OAuth, recommended)");
        }
        return new OktaConfig(orgUrl, Secret.of(token.trim()), null, null, null, null, appId);
    }

    /**
     * The name of an environment variable. A value that is not a name is most likely the secret
     * itself pasted into the config: the error must not repeat it.
     */
    private static String envName(Entry e, String what) {
        String name = e.text();
        if (!ENV_NAME.matcher(name).matches()) {
            throw e.error("must be the name of an environment variable that holds " + what
                    + " (e.g. OKTA_API_TOKEN), not the secret itself; the value is not shown here. If it was a secret, "
                    + "remove it from the file and rotate it");
        }
        return name;
    }

    private AwsConfig aws(Entry e) {
        Map<String, Entry> m = e.mapping(Set.of("profile", "region", "endpointUrl", "memberRole", "memberRoleExternalId", "accounts"));
        String region = null;
        if (m.containsKey("region")) {
            region = m.get("region").text();
            if (!REGION.matcher(region).matches()) {
                throw m.get("region").error("'" + region + "' is not an AWS region (e.g. us-east-1)");
            }
        }
        URI endpoint = m.containsKey("endpointUrl") ? url(m.get("endpointUrl")) : null;
        String role = null;
        if (m.containsKey("memberRole")) {
            role = m.get("memberRole").text();
            if (!ROLE_NAME.matcher(role).matches()) {
                throw m.get("memberRole").error("'" + role + "' is not an IAM role name");
            }
        }
        List<String> include = List.of();
        List<String> exclude = List.of();
        if (m.containsKey("accounts")) {
            Map<String, Entry> a = m.get("accounts").mapping(Set.of("include", "exclude"));
            include = a.containsKey("include") ? accountIds(a.get("include")) : List.of();
            exclude = a.containsKey("exclude") ? accountIds(a.get("exclude")) : List.of();
        }
        return new AwsConfig(
                m.containsKey("profile") ? m.get("profile").text() : null,
                region,
                endpoint,
                role,
                m.containsKey("memberRoleExternalId") ? m.get("memberRoleExternalId").text() : null,
                include,
                exclude);
    }

    private static List<String> accountIds(Entry e) {
        List<String> out = new ArrayList<>();
        for (Entry item : e.list()) {
            String id = item.text();
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw item.error("'" + id + "' is not a 12-digit AWS account id (quote it in YAML)");
            }
            out.add(id);
        }
        return List.copyOf(out);
    }

    /** A path in the config is relative to the config file's folder. */
    private static Path resolve(Path configFile, String path) {
        Path p = Path.of(path);
        Path dir = configFile.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    /** An http(s) URL; plain http only to a loopback address (our sandbox, moto). */
    static URI url(Entry e) {
        URI uri;
        try {
            uri = new URI(e.text().trim());
        } catch (URISyntaxException ex) {
            throw e.error("not a URL: " + ex.getMessage());
        }
        if (uri.getRawUserInfo() != null) {
            // Shown nowhere: it would otherwise travel into messages and the snapshot with the URL.
            throw e.error("the URL carries credentials (user:password@host); remove them (the value is not shown here): "
                    + "Okta credentials come from okta.auth, AWS credentials from the SDK's credential chain");
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            throw e.error("not a URL: '" + e.text() + "' (expected e.g. https://acme.okta.com)");
        }
        String problem = transportProblem(uri);
        if (problem != null) {
            throw e.error(problem);
        }
        return uri;
    }

    /**
     * Why a URL may not be used, or null when it may: https anywhere, plain http only to a
     * loopback address, since credentials travel with every request.
     */
    public static String transportProblem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (scheme.equals("https")) {
            return null;
        }
        if (!scheme.equals("http")) {
            return "URL scheme must be https (or http to a loopback address), not '" + uri.getScheme() + "'";
        }
        return isLoopback(uri.getHost()) ? null
                : "plain http is allowed only to a loopback address (127.0.0.1, localhost, [::1]); use https for " + uri.getHost();
    }

    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: resolving a name here would let DNS decide what is "local".
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException ex) {
            return false;
        }
    }
}
