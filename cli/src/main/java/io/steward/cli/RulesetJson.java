package io.steward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.steward.dqdl.ast.Analyzer;
import io.steward.dqdl.ast.CompositeRule;
import io.steward.dqdl.ast.Condition;
import io.steward.dqdl.ast.Dictionary;
import io.steward.dqdl.ast.Expression;
import io.steward.dqdl.ast.Label;
import io.steward.dqdl.ast.Parameter;
import io.steward.dqdl.ast.Position;
import io.steward.dqdl.ast.Rule;
import io.steward.dqdl.ast.RuleEntry;
import io.steward.dqdl.ast.RuleNode;
import io.steward.dqdl.ast.Ruleset;
import io.steward.dqdl.ast.Tag;
import io.steward.dqdl.ast.VariableDeclaration;

import java.util.List;
import java.util.Locale;

/**
 * The JSON shape of a parsed ruleset for other tools ({@code steward validate --json}). Every
 * polymorphic node carries a "kind"; rules and analyzers carry their line and column.
 */
final class RulesetJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RulesetJson() {
    }

    static ObjectNode toJson(Ruleset ruleset) {
        ObjectNode node = NODES.objectNode();
        ruleset.metadata().ifPresent(d -> node.set("metadata", dictionary(d)));
        ruleset.dataSources().ifPresent(d -> node.set("dataSources", dictionary(d)));
        ObjectNode variables = node.putObject("variables");
        for (VariableDeclaration variable : ruleset.variables()) {
            variables.set(variable.name(), expression(variable.value()));
        }
        node.set("defaultLabels", labels(ruleset.defaultLabels().map(s -> s.labels()).orElse(List.of())));
        ArrayNode rules = node.putArray("rules");
        for (RuleEntry entry : ruleset.ruleEntries()) {
            rules.add(rule(entry.rule()));
        }
        ArrayNode analyzers = node.putArray("analyzers");
        ruleset.analyzers().ifPresent(section -> section.analyzers().forEach(a -> analyzers.add(analyzer(a))));
        return node;
    }

    private static ObjectNode dictionary(Dictionary dictionary) {
        ObjectNode node = NODES.objectNode();
        for (Dictionary.Entry entry : dictionary.entries()) {
            if (entry.value().isPresent()) {
                node.put(entry.key(), entry.value().get());
            } else {
                ArrayNode values = node.putArray(entry.key());
                entry.values().orElseThrow().forEach(values::add);
            }
        }
        return node;
    }

    private static ObjectNode rule(RuleNode node) {
        ObjectNode json = NODES.objectNode();
        if (node instanceof CompositeRule composite) {
            json.put("kind", composite.operator().keyword());
            position(json, composite.position());
            ArrayNode operands = json.putArray("operands");
            composite.operands().forEach(operand -> operands.add(rule(operand)));
            json.set("labels", labels(composite.labels()));
            return json;
        }
        Rule rule = (Rule) node;
        json.put("kind", "rule");
        json.put("type", rule.type());
        position(json, rule.position());
        json.set("parameters", parameters(rule.parameters()));
        rule.condition().ifPresent(c -> json.set("condition", condition(c)));
        rule.where().ifPresent(w -> json.put("where", w));
        json.set("labels", labels(rule.labels()));
        ObjectNode tags = json.putObject("tags");
        for (Tag tag : rule.tags()) {
            tags.set(tag.name(), condition(tag.condition()));
        }
        return json;
    }

    private static ObjectNode analyzer(Analyzer analyzer) {
        ObjectNode json = NODES.objectNode();
        json.put("type", analyzer.type());
        position(json, analyzer.position());
        json.set("parameters", parameters(analyzer.parameters()));
        return json;
    }

    private static ArrayNode parameters(List<Parameter> parameters) {
        ArrayNode array = NODES.arrayNode();
        for (Parameter parameter : parameters) {
            array.addObject()
                    .put("kind", parameter.kind().name().toLowerCase(Locale.ROOT))
                    .put("value", parameter.value());
        }
        return array;
    }

    private static ObjectNode labels(List<Label> labels) {
        ObjectNode node = NODES.objectNode();
        labels.forEach(l -> node.put(l.key(), l.value()));
        return node;
    }

    private static ObjectNode condition(Condition condition) {
        ObjectNode node = NODES.objectNode();
        if (condition instanceof Condition.Comparison c) {
            node.put("kind", "comparison").put("operator", c.operator().symbol());
            node.set("operand", expression(c.operand()));
        } else if (condition instanceof Condition.Between b) {
            node.put("kind", "between").put("negated", b.negated());
            node.set("low", expression(b.low()));
            node.set("high", expression(b.high()));
        } else if (condition instanceof Condition.Membership m) {
            node.put("kind", "in").put("negated", m.negated());
            node.set("values", expression(m.values()));
        } else {
            Condition.PatternMatch p = (Condition.PatternMatch) condition;
            node.put("kind", "matches").put("negated", p.negated());
            node.set("pattern", expression(p.pattern()));
        }
        return node;
    }

    private static JsonNode expression(Expression expression) {
        ObjectNode node = NODES.objectNode();
        if (expression instanceof Expression.NumberLiteral n) {
            return node.put("kind", "number").put("value", n.value());
        } else if (expression instanceof Expression.StringLiteral s) {
            return node.put("kind", "string").put("value", s.value());
        } else if (expression instanceof Expression.KeywordLiteral k) {
            return node.put("kind", "keyword").put("value", k.keyword().text());
        } else if (expression instanceof Expression.DurationLiteral d) {
            return node.put("kind", "duration").put("amount", d.amount()).put("unit", d.unit().text());
        } else if (expression instanceof Expression.SizeLiteral s) {
            return node.put("kind", "size").put("amount", s.amount()).put("unit", s.unit().name());
        } else if (expression instanceof Expression.Now) {
            return node.put("kind", "now");
        } else if (expression instanceof Expression.VariableRef v) {
            return node.put("kind", "variable").put("name", v.name());
        } else if (expression instanceof Expression.FunctionCall f) {
            node.put("kind", "call").put("function", f.name());
            ArrayNode arguments = node.putArray("arguments");
            f.arguments().forEach(a -> arguments.add(expression(a)));
            return node;
        } else if (expression instanceof Expression.ListLiteral l) {
            node.put("kind", "list");
            ArrayNode items = node.putArray("items");
            l.items().forEach(i -> items.add(expression(i)));
            return node;
        } else if (expression instanceof Expression.Negation n) {
            node.put("kind", "negate");
            node.set("operand", expression(n.operand()));
            return node;
        }
        Expression.Arithmetic a = (Expression.Arithmetic) expression;
        node.put("kind", "arithmetic").put("operator", a.operator().symbol());
        node.set("left", expression(a.left()));
        node.set("right", expression(a.right()));
        return node;
    }

    private static void position(ObjectNode node, Position position) {
        node.put("line", position.line()).put("column", position.column());
    }
}
