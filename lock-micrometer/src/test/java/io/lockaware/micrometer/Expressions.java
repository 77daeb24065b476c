package io.lockaware.micrometer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL the module ships: every expression of the Grafana dashboard and of the alert rules. */
final class Expressions {
    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();
    static final Path DASHBOARD = Path.of("dashboards/lockaware-locks.json");
    static final Path RULES = Path.of("alerts/lockaware-alerts.yml");
    static final Path RULE_TESTS = Path.of("alerts/lockaware-alerts.test.yml");

    /** An alert expression is "signal > threshold"; the threshold is the number after the final '>'. */
    private static final Pattern THRESHOLD = Pattern.compile("(?s)^(.*\\S)\\s*>\\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?)\\s*$");
    private static final Pattern LABEL_VALUES = Pattern.compile("(?s)^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    /**
     * What Grafana substitutes for each dashboard variable when "All" is selected, and for its built-in intervals.
     * A variable missing here fails the tests: a new variable must be given a value the tests can evaluate.
     */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "job", ".+", "instance", ".+", "lock", ".+", "mode", ".+",
            "__rate_interval", "30s", "__interval", "15s", "__range", "5m");

    private Expressions() {
    }

    record Query(String where, String promql) {
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(Tools.moduleFile(DASHBOARD.toString()).toFile());
    }

    static JsonNode rules() throws IOException {
        return YAML.readTree(Tools.moduleFile(RULES.toString()).toFile());
    }

    /** Every panel target of the dashboard (rows' nested panels too), with Grafana's variables substituted. */
    static List<Query> dashboardQueries() throws IOException {
        List<Query> out = new ArrayList<>();
        collectPanels(dashboard().path("panels"), out);
        return out;
    }

    private static void collectPanels(JsonNode panels, List<Query> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText("");
                if (expr.isBlank()) {
                    fail("panel '" + p.path("title").asText() + "' has a target without expr");
                }
                out.add(new Query("panel '" + p.path("title").asText() + "' " + t.path("refId").asText(), substitute(expr)));
            }
            collectPanels(p.path("panels"), out);
        }
    }

    /**
     * The dashboard's query variables: {@code label_values(selector, label)} is Grafana's; its PromQL equivalent is
     * {@code count by (label) (selector)}. Maps variable name to that query.
     */
    static Map<String, Query> variableQueries() throws IOException {
        Map<String, Query> out = new LinkedHashMap<>();
        for (JsonNode v : dashboard().path("templating").path("list")) {
            if (!"query".equals(v.path("type").asText())) {
                continue;
            }
            String def = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(def);
            if (!m.matches()) {
                fail("variable " + v.path("name").asText() + ": only label_values(selector, label) is supported: " + def);
            }
            out.put(v.path("name").asText(), new Query("variable $" + v.path("name").asText(),
                    "count by (" + m.group(2) + ") (" + substitute(m.group(1)) + ")"));
        }
        return out;
    }

    static String substitute(String expr) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = GRAFANA_VARIABLES.get(name);
            if (value == null) {
                fail("dashboard variable $" + name + " has no test value; add it to Expressions.GRAFANA_VARIABLES: " + expr);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    record Alert(String name, String expr, String signal, String threshold) {
    }

    static List<Alert> alerts() throws IOException {
        List<Alert> out = new ArrayList<>();
        for (JsonNode g : rules().path("groups")) {
            for (JsonNode r : g.path("rules")) {
                assertTrue(r.has("alert"), "only alerting rules are expected in " + RULES + ": " + r);
                String expr = r.path("expr").asText().trim();
                Matcher m = THRESHOLD.matcher(expr);
                if (!m.matches()) {
                    fail("alert " + r.path("alert").asText() + ": expression must end in '> <threshold>': " + expr);
                }
                out.add(new Alert(r.path("alert").asText(), expr, m.group(1), m.group(2)));
            }
        }
        return out;
    }

    /**
     * A copy of the rules with each alert's threshold comparison replaced ({@code lowered}: alert name to the new
     * comparison, e.g. {@code "> 0"}), no {@code for}, an extra label {@code copy="lowered"} and its own group name.
     */
    static String loweredRules(Map<String, String> lowered) throws IOException {
        JsonNode root = rules().deepCopy();
        for (JsonNode g : root.path("groups")) {
            ((ObjectNode) g).put("name", g.path("name").asText() + "-lowered");
            for (JsonNode r : g.path("rules")) {
                String name = r.path("alert").asText();
                String comparison = lowered.get(name);
                if (comparison == null) {
                    fail("alert " + name + " has no lowered threshold in the integration test: add one");
                }
                Matcher m = THRESHOLD.matcher(r.path("expr").asText().trim());
                assertTrue(m.matches());
                ObjectNode rule = (ObjectNode) r;
                rule.put("expr", m.group(1) + " " + comparison);
                rule.remove("for");
                ((ObjectNode) rule.with("labels")).put("copy", "lowered");
            }
        }
        return YAML.writeValueAsString(root);
    }
}
