package io.steward.rules;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import io.steward.dqdl.Dqdl;
import io.steward.dqdl.ast.RuleEntry;
import io.steward.dqdl.ast.Ruleset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;


/**
 * Evaluates a DQDL ruleset on a Spark dataset. Every metric any rule or analyzer needs is
 * computed by Deequ's analyzers in as few passes as {@link MetricRun} can schedule them: all
 * scan-shareable metrics in a single pass over the data, and one pass per grouping (metrics
 * grouping on the same columns share it); rules answered by the schema need no pass at all. A rule that cannot be evaluated is ERROR with its reason, and the
 * other rules still run.
 */
public final class RuleEngine {

    private static final String ROWS_PASSING = "Dataset.*.RowsPassing";

    public EvaluationResult evaluate(Ruleset ruleset, Dataset<Row> data, EvaluationOptions options) {
        return evaluate(ruleset, data, options, analyzers -> MetricRun.run(data, analyzers));
    }

    /**
     * Evaluates a ruleset on a whole dataset made of parts, reading only the parts that are new or
     * changed since the store's bookmark: the metrics of the whole dataset come from the parts'
     * merged Deequ states ({@link IncrementalRun}). Rules that read the data itself (custom SQL,
     * comparisons with other datasets) and metrics with no mergeable state still see the whole
     * dataset; the result names those metrics. The bookmark moves only when the run completes.
     */
    public IncrementalEvaluation evaluateIncrementally(Ruleset ruleset, Dataset<Row> whole, List<DataPart> parts,
                                                       DataPart.Reader reader, StateStore store,
                                                       EvaluationOptions options) {
        // Metrics whose definition moves with the clock (DataFreshness, conditions on now()) cannot
        // merge states of other days: they are the ones planned differently a day later.
        EvaluationOptions dayLater = new EvaluationOptions(Clock.offset(options.clock(), Duration.ofDays(1)),
                options.sources(), options.dataset(), options.history(), options.location());
        Set<String> stable = plan(ruleset, whole, dayLater).analyzers().stream().map(Object::toString)
                .collect(Collectors.toSet());
        IncrementalRun.Outcome[] outcome = new IncrementalRun.Outcome[1];
        EvaluationResult result = evaluate(ruleset, whole, options, analyzers -> {
            Set<String> timed = analyzers.stream().map(Object::toString).filter(a -> !stable.contains(a))
                    .collect(Collectors.toSet());
            outcome[0] = IncrementalRun.run(whole, parts, reader, store, options.dataset(), analyzers, timed);
            return outcome[0].context();
        });
        return new IncrementalEvaluation(result, outcome[0].scanned(), outcome[0].reused(), outcome[0].removed(),
                outcome[0].fullScan(), outcome[0].approximate());
    }

    /** The checks of a ruleset's rules, its analyzers, and every Deequ analyzer they need. */
    private record Plan(List<Check> checks, List<AnalyzerPlan> analyzerPlans, Analyzer<?, Metric<?>> size,
                        Optional<Analyzer<?, Metric<?>>> rowsPassing, List<Analyzer<?, Metric<?>>> analyzers) {
    }

    private static Plan plan(Ruleset ruleset, Dataset<Row> data, EvaluationOptions options) {
        Planner planner = Planner.forData(ruleset, data, options);
        List<Check> checks = ruleset.ruleEntries().stream().map(e -> planner.plan(e.rule())).toList();
        List<AnalyzerPlan> analyzerPlans = ruleset.analyzers()
                .map(section -> section.analyzers().stream()
                        .map(a -> AnalyzerPlan.of(a, data.schema())).toList())
                .orElse(List.of());

        Analyzer<?, Metric<?>> size = Deequ.size(Optional.empty());
        List<String> rowPredicates = checks.stream().flatMap(c -> c.rowPredicate().stream()).toList();
        Optional<Analyzer<?, Metric<?>>> rowsPassing = rowPredicates.isEmpty() ? Optional.empty()
                : Optional.of(Deequ.compliance(ROWS_PASSING, String.join(" AND ", rowPredicates), Optional.empty(),
                        List.of()));

        Set<Analyzer<?, Metric<?>>> analyzers = new LinkedHashSet<>();
        analyzers.add(size);
        rowsPassing.ifPresent(analyzers::add);
        checks.forEach(c -> analyzers.addAll(c.analyzers()));
        analyzerPlans.forEach(p -> analyzers.addAll(p.analyzers()));
        return new Plan(checks, analyzerPlans, size, rowsPassing, new ArrayList<>(analyzers));
    }

    private EvaluationResult evaluate(Ruleset ruleset, Dataset<Row> data, EvaluationOptions options,
                                      Function<List<Analyzer<?, Metric<?>>>, AnalyzerContext> metricRun) {
        Plan plan = plan(ruleset, data, options);
        List<RuleEntry> entries = ruleset.ruleEntries();
        List<Check> checks = plan.checks();
        List<AnalyzerPlan> analyzerPlans = plan.analyzerPlans();
        Analyzer<?, Metric<?>> size = plan.size();
        Optional<Analyzer<?, Metric<?>>> rowsPassing = plan.rowsPassing();
        AnalyzerContext context = metricRun.apply(plan.analyzers());
        Metrics metrics = new Metrics(context);

        List<RuleResult> results = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Check check = checks.get(i);
            Check.Decision decision = Checks.safely(() -> check.decide(metrics));
            results.add(new RuleResult(Dqdl.format(entries.get(i).rule()), decision.outcome(), decision.message(),
                    decision.metrics()));
        }
        List<AnalyzerResult> analyzerResults = analyzerPlans.stream().map(p -> p.result(metrics)).toList();

        options.history().record(options.dataset(), options.clock().instant(), runMetrics(results, analyzerResults));
        long total = Math.round(metrics.value(size));
        long passed = rowsPassing.map(a -> Math.round(safeShare(metrics, a) * total)).orElse(total);
        long passing = results.stream().filter(r -> r.outcome() == Outcome.PASS).count();
        double score = results.isEmpty() ? 1.0 : (double) passing / results.size();
        return new EvaluationResult(results, analyzerResults, total, passed, score);
    }

    /** Every metric of the run, for the history that dynamic rules read next time. */
    private static Map<String, Double> runMetrics(List<RuleResult> rules, List<AnalyzerResult> analyzers) {
        Map<String, Double> all = new LinkedHashMap<>();
        rules.forEach(r -> all.putAll(r.metrics()));
        analyzers.forEach(a -> all.putAll(a.metrics()));
        return all;
    }

    private static double safeShare(Metrics metrics, Analyzer<?, Metric<?>> analyzer) {
        try {
            return metrics.value(analyzer);
        } catch (Conditions.Undecidable e) {
            return 0.0;
        }
    }

    /** Spark's analysis of an expression against the data (no job runs); errors name the problem. */
    static void analyze(Dataset<Row> data, String expression) {
        try {
            data.select(functions.expr(expression)).schema();
        } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes, ParseException is not
            throw new Conditions.Undecidable("invalid expression: " + Conditions.Undecidable.firstLine(e));
        }
    }
}
