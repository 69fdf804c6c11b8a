package dev.idaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.idaudit.rules.Rule;
import dev.idaudit.rules.RulePack;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ThemesTest {

    @Test
    void everyBuiltInRuleHasExactlyOneThemeAndTheTableNamesNoOtherRule() {
        TreeSet<String> pack = new TreeSet<>(RulePack.builtIn().rules().stream().map(Rule::id).toList());
        List<String> unmapped = pack.stream().filter(id -> Themes.of(id) == Themes.Theme.OTHER).toList();
        assertEquals(List.of(), unmapped, "built-in rules without a theme: add them to Themes");
        assertEquals(pack, new TreeSet<>(Themes.mappedRules()), "the table maps exactly the built-in rules");
    }

    @Test
    void aUsersOwnRuleFallsUnderOther() {
        assertEquals(Themes.Theme.OTHER, Themes.of("acme_custom_rule"));
    }
}
