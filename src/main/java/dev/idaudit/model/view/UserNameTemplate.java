package dev.idaudit.model.view;

import dev.idaudit.snapshot.OktaSnapshot;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The user name an app's {@code credentials.userNameTemplate} makes from an Okta user, for the
 * templates Okta's spec lists (ApplicationCredentialsUsernameTemplate) that read the login or the
 * email. Other templates (AD attributes, custom expressions) read what the snapshot does not hold:
 * they make no user name, and nothing is joined through them.
 */
final class UserNameTemplate {
    private UserNameTemplate() {}

    /** Okta's default when the app gives no template (spec: {@code default: ${source.login}}). */
    static final String DEFAULT = "${source.login}";

    private static final Map<String, Function<OktaSnapshot.User, String>> KNOWN = Map.of(
            "${source.login}", OktaSnapshot.User::login,
            "${source.email}", OktaSnapshot.User::email,
            "${fn:toLowerCase(source.email)}", u -> lower(u.email()),
            "${fn:substringBefore(source.login, \"@\")}", u -> before(u.login()),
            "${fn:substringBefore(source.email, \"@\")}", u -> before(u.email()));

    /** The template an app uses: its own, or Okta's default. */
    static String of(OktaSnapshot.AwsApp app) {
        return app.userNameTemplate() == null || app.userNameTemplate().isBlank() ? DEFAULT : app.userNameTemplate().trim();
    }

    /** The user name {@code template} makes for {@code user}, or null when idaudit cannot evaluate it or the value is absent. */
    static String apply(String template, OktaSnapshot.User user) {
        Function<OktaSnapshot.User, String> f = KNOWN.get(template);
        return f == null ? null : f.apply(user);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String before(String s) {
        if (s == null) {
            return null;
        }
        // fn:substringBefore finds nothing before a missing "@": no user name, so no join on it.
        int at = s.indexOf('@');
        return at < 0 ? null : s.substring(0, at);
    }
}
