package io.lockaware.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code promtool check rules} and {@code promtool test rules} on the shipped alert rules, and proof that the rule
 * tests cover every alert: with any one alert's threshold made unreachable, {@code promtool test rules} must fail.
 * Skipped without promtool on a developer machine; fails without it in CI.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PromtoolTest {

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        Path promtool = Tools.require("promtool");
        Path rules = Tools.moduleFile(Expressions.RULES.toString());
        Tools.Result r = Tools.run(60, rules.getParent(), promtool.toString(), "check", "rules", rules.getFileName().toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS: " + Expressions.alerts().size() + " rules found"), r.output());
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        Path promtool = Tools.require("promtool");
        Path tests = Tools.moduleFile(Expressions.RULE_TESTS.toString());
        Tools.Result r = Tools.run(60, tests.getParent(), promtool.toString(), "test", "rules", tests.getFileName().toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void everyAlertIsCoveredByTheRuleUnitTests() throws Exception {
        Path promtool = Tools.require("promtool");
        JsonNode testFile = Expressions.YAML.readTree(Tools.moduleFile(Expressions.RULE_TESTS.toString()).toFile());
        Set<String> tested = new HashSet<>();
        for (JsonNode t : testFile.path("tests")) {
            for (JsonNode a : t.path("alert_rule_test")) {
                if (!a.path("exp_alerts").isEmpty()) {
                    tested.add(a.path("alertname").asText());
                }
            }
        }
        Set<String> alerts = new HashSet<>();
        Expressions.alerts().forEach(a -> alerts.add(a.name()));
        assertEquals(alerts, tested, "each alert has a rule test that expects it to fire");

        Path dir = Files.createTempDirectory("lockaware-promtool");
        try {
            Files.copy(Tools.moduleFile(Expressions.RULE_TESTS.toString()), dir.resolve("lockaware-alerts.test.yml"));
            for (Expressions.Alert alert : Expressions.alerts()) {
                // this alert's threshold made unreachable, every other rule untouched
                JsonNode root = Expressions.rules().deepCopy();
                for (JsonNode g : root.path("groups")) {
                    for (JsonNode rule : g.path("rules")) {
                        if (rule.path("alert").asText().equals(alert.name())) {
                            ((ObjectNode) rule).put("expr", alert.signal() + " > 1e15");
                        }
                    }
                }
                Files.writeString(dir.resolve("lockaware-alerts.yml"), Expressions.YAML.writeValueAsString(root),
                        StandardCharsets.UTF_8);
                Tools.Result r = Tools.run(60, dir, promtool.toString(), "test", "rules", "lockaware-alerts.test.yml");
                assertNotEquals(0, r.exitCode(), "the rule tests still pass with " + alert.name() + " never firing:\n" + r.output());
                assertTrue(r.output().contains("alertname: " + alert.name()), r.output());
            }
        } finally {
            Tools.deleteTree(dir);
        }
    }
}
