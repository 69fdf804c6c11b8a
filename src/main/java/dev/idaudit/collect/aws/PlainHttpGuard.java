package dev.idaudit.collect.aws;

import dev.idaudit.config.ConfigLoader;
import dev.idaudit.util.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Plain http only to a loopback address, wherever the SDK takes its endpoint from: credentials
 * sign every request, and a request over http to another host would show them (and the answers)
 * to the network. The config's {@code endpointUrl} is checked when it is read; the SDK also takes
 * endpoints from {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}, the
 * {@code aws.endpointUrl*} system properties and {@code endpoint_url} in the shared config file.
 * The first three are checked before any client is built, with a message naming the setting;
 * every request is checked again just before it is sent, which also covers the config file.
 */
final class PlainHttpGuard implements ExecutionInterceptor {

    /** @throws BadInputException naming the first endpoint setting that is plain http to another host */
    static void checkSettings(URI configured, Map<String, String> env, Properties systemProperties) {
        if (configured != null) {
            check("aws.endpointUrl in the config", configured.toString());
        }
        env.entrySet().stream()
                .filter(e -> e.getKey().startsWith("AWS_ENDPOINT_URL"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> check("the environment variable " + e.getKey(), e.getValue()));
        systemProperties.stringPropertyNames().stream()
                .filter(name -> name.startsWith("aws.endpointUrl"))
                .sorted()
                .forEach(name -> check("the system property " + name, systemProperties.getProperty(name)));
    }

    private static void check(String setting, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new BadInputException(setting + " is not a URL");
        }
        if (uri.getHost() == null) {
            throw new BadInputException(setting + " is not a URL with a host");
        }
        String problem = ConfigLoader.transportProblem(uri);
        if (problem != null) {
            // Scheme, host and port only: a URL may carry credentials (user:password@), which are never shown.
            String shown = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            throw new BadInputException(setting + " (" + shown + "): " + problem);
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        SdkHttpRequest request = context.httpRequest();
        if (!"https".equalsIgnoreCase(request.protocol()) && !ConfigLoader.isLoopback(request.host())) {
            throw new BadInputException("refusing to send an AWS request over " + request.protocol() + " to " + request.host()
                    + ": plain http is allowed only to a loopback address (check endpoint_url in the AWS config file)");
        }
    }
}
