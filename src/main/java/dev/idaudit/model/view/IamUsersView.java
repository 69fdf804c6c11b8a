package dev.idaudit.model.view;

import static dev.idaudit.snapshot.Sections.AWS_MEMBER_CREDENTIAL_REPORT;

import dev.idaudit.model.Views;
import dev.idaudit.snapshot.AwsSnapshot;
import java.util.ArrayList;
import java.util.List;

/** {@code iamUsers}: the IAM users of the member accounts' credential reports (the root row excluded). */
public final class IamUsersView {
    private IamUsersView() {}

    public static final View<Views.IamUser> VIEW = View.of("iamUsers", Views.IamUser.class,
                    "IAM users from the credential reports (root excluded)")
            .reads(AWS_MEMBER_CREDENTIAL_REPORT)
            .key(Views.IamUser::id)
            .displayName(u -> u.user() + " in " + u.accountId())
            .derive(IamUsersView::derive)
            .build();

    static List<Views.IamUser> derive(ViewContext c) {
        List<Views.IamUser> out = new ArrayList<>();
        for (AwsSnapshot.MemberAccount m : c.aws().memberAccounts()) {
            for (AwsSnapshot.CredentialReportRow r : m.credentialReport()) {
                if ("<root_account>".equals(r.user())) {
                    continue;
                }
                out.add(new Views.IamUser(r.arn() != null ? r.arn() : m.accountId() + "/" + r.user(), m.accountId(), r.user(),
                        r.arn(), r.passwordEnabled(), r.accessKey1Active(), r.accessKey2Active()));
            }
        }
        return out;
    }
}
