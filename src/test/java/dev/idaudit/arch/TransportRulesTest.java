package dev.idaudit.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;

/**
 * Certificate checks stay the JDK's: no code of ours may weaken them (TransportTest shows that
 * an untrusted certificate stops both SDKs; these rules keep anyone from adding a way around it).
 */
class TransportRulesTest {
    static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.idaudit");
    }

    @Test
    void noCodeTurnsOffTheAwsSdksCertificateChecks() {
        noClasses().should().accessField(SdkHttpConfigurationOption.class, "TRUST_ALL_CERTIFICATES")
                .orShould().dependOnClassesThat().haveSimpleName("TlsTrustManagersProvider")
                .because("the AWS SDK must verify every certificate: a trust-all manager would hand the credentials to anyone in the path")
                .check(main);
    }

    @Test
    void noCodeMakesItsOwnTrustManagerOrTlsContext() {
        noClasses().should().implement(X509TrustManager.class)
                .orShould().implement(TrustManager.class)
                .orShould().callMethod(SSLContext.class, "init", javax.net.ssl.KeyManager[].class, TrustManager[].class,
                        java.security.SecureRandom.class)
                .because("TLS is the JDK's default trust store for Okta and AWS alike")
                .check(main);
    }
}
