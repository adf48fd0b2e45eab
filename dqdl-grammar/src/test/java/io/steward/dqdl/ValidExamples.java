package io.steward.dqdl;

import java.util.List;

/**
 * Valid rulesets, one or a few per documented feature, written from the AWS Glue DQDL reference.
 * Shared by the acceptance, round-trip, fuzz and differential tests.
 */
final class ValidExamples {

    private ValidExamples() {
    }

    static String rules(String... rules) {
        return "Rules = [ " + String.join(", ", rules) + " ]";
    }

    static final List<String> ALL = List.of(
            // rule types, with the conditions each takes
            rules("AggregateMatch \"sum(amount)\" \"sum(reference.amount)\" > 0.99"),
            rules("AggregateMatch \"avg(ref.price)\" \"avg(price)\" between 0.9 and 1.1"),
            rules("ColumnCorrelation \"height\" \"weight\" > 0.8"),
            rules("ColumnCorrelation \"a\" and \"b\" between -0.5 and 0.5 where \"a > 0\""),
            rules("ColumnCount = 12"),
            rules("ColumnCount >= 3", "ColumnCount != 4"),
            rules("ColumnDataType \"order_id\" = \"INTEGER\""),
            rules("ColumnDataType \"colA\" in [\"INTEGER\", \"LONG\"] with threshold > 0.9"),
            rules("ColumnExists \"order_id\""),
            rules("ColumnLength \"postal_code\" = 5"),
            rules("ColumnLength \"name\" between 1 and 64 where \"name is not null\""),
            rules("ColumnNamesMatchPattern \"^[a-z_]+$\""),
            rules("ColumnValues \"status\" in [\"NEW\", \"PAID\"]"),
            rules("ColumnValues \"status\" not in [\"DELETED\"]"),
            rules("ColumnValues \"qty\" in [1, 2, 3]"),
            rules("ColumnValues \"qty\" between 1 and 100"),
            rules("ColumnValues \"qty\" not between 1 and 100"),
            rules("ColumnValues \"price\" > 0 with threshold > 0.95"),
            rules("ColumnValues \"email\" matches \"[a-z]+@[a-z]+\\.com\""),
            rules("ColumnValues \"email\" not matches \"^test\""),
            rules("ColumnValues \"name\" = \"Alice\"", "ColumnValues \"name\" != \"Bob\""),
            rules("ColumnValues \"coupon\" = NULL", "ColumnValues \"coupon\" != NULL"),
            rules("ColumnValues \"note\" != EMPTY", "ColumnValues \"note\" != WHITESPACES_ONLY"),
            rules("ColumnValues \"note\" in [NULL, EMPTY, WHITESPACES_ONLY, \"n/a\"]"),
            rules("ColumnValues \"note\" in [null, empty, whitespaces_only]"),
            rules("ColumnValues \"created\" > (now() - 3 days)"),
            rules("ColumnValues \"created\" <= (now() + 12 hours)", "ColumnValues \"created\" >= (now() - 90 minutes)"),
            rules("ColumnValues \"created\" > now()"),
            rules("ColumnValues \"created\" between \"2023-01-01\" and \"2023-12-31\""),
            rules("ColumnValues \"created\" in [\"2023-01-01\", \"2023-01-02\"]"),
            rules("ColumnValues \"created\" between \"2023-01-01\" and (now() - 1 days)"),
            rules("Completeness \"email\" > 0.95"),
            rules("Completeness \"email\" >= 0.9 where \"country = 'DE'\""),
            rules("CustomSql \"select count(*) from primary\" between 10 and 20"),
            rules("CustomSql \"select id from primary where age < 18\" with threshold > 0.9"),
            rules("CustomSql \"select count(*) from primary where amount < 0\" = 0"),
            rules("DataFreshness \"updated_at\" <= 24 hours"),
            rules("DataFreshness \"updated_at\" between 2 days and 5 days"),
            rules("DataFreshness \"updated_at\" < 30 minutes"),
            rules("DatasetMatch \"reference\" \"id\" >= 0.9"),
            rules("DatasetMatch \"reference\" \"id1->ref_id1,id2->ref_id2\" \"amount->ref_amount\" = 1.0"),
            rules("DistinctValuesCount \"state\" > 3"),
            rules("Entropy \"state\" between 1 and 3.5"),
            rules("IsComplete \"order_id\""),
            rules("IsComplete \"order_id\" where \"status != 'DRAFT'\""),
            rules("IsPrimaryKey \"order_id\""),
            rules("IsPrimaryKey \"tenant\" \"order_id\" \"line\""),
            rules("IsUnique \"email\""),
            rules("IsUnique \"first\" \"last\""),
            rules("Mean \"Star_Rating\" > 3"),
            rules("Mean \"Salary\" < 6200 where \"Customer_ID < 10\""),
            rules("ReferentialIntegrity \"customer_id\" \"customers.{id}\" = 1.0"),
            rules("ReferentialIntegrity \"a,b\" \"ref.{x,y}\" > 0.99"),
            rules("RowCount > 100"),
            rules("RowCount = 0", "RowCount != 5", "RowCount < 10", "RowCount <= 10", "RowCount >= 1"),
            rules("RowCount between 10 and 20", "RowCount not between 10 and 20"),
            rules("RowCount in [1, 2, 3]", "RowCount not in [4, 5]"),
            rules("RowCount > 10 where \"region = 'EU'\""),
            rules("RowCountMatch \"reference\" between 0.9 and 1.1"),
            rules("StandardDeviation \"price\" < 12.5"),
            rules("Sum \"amount\" between 1000 and 2000"),
            rules("SchemaMatch \"reference\" = 1.0"),
            rules("Uniqueness \"email\" > 0.99"),
            rules("Uniqueness \"a\" \"b\" = 1.0"),
            rules("UniqueValueRatio \"state\" < 0.5"),
            rules("Variance \"price\" < 100"),
            rules("DetectAnomalies \"RowCount\""),
            rules("DetectAnomalies of RowCount"),
            rules("DetectAnomalies of Completeness of \"colA\""),
            rules("DetectAnomalies of ColumnCorrelation of \"colA\" and \"colB\""),
            rules("FileFreshness \"s3://bucket/path/\" > (now() - 24 hours)"),
            rules("FileFreshness between \"9:30 AM\" and \"5:00 PM\""),
            rules("FileFreshness > \"2024-01-01\"", "FileFreshness < \"18:30\""),
            rules("FileMatch \"s3://a/\" \"s3://b/\""),
            rules("FileMatch \"s3://a/file.csv\" in [\"d41d8cd98f00b204e9800998ecf8427e\"] with hashAlgorithm = \"MD5\""),
            rules("FileMatch in [\"d41d8cd98f00b204e9800998ecf8427e\"]"),
            rules("FileSize \"s3://a/file.csv\" > 1 MB"),
            rules("FileSize between 1 B and 10 KB", "FileSize < 2 GB", "FileSize <= 1 TB"),
            rules("FileUniqueness \"s3://a/\" > 0.9"),
            rules("FileUniqueness = 1.0"),
            // composite rules
            rules("(IsComplete \"id\") and (IsUnique \"id\")"),
            rules("(RowCount > 100) or (IsPrimaryKey \"id\")"),
            rules("(Mean \"Star_Rating\" > 3) and (Mean \"Order_Total\" > 500) and (IsComplete \"Order_Id\")"),
            rules("(Mean \"Star_Rating\" > 3) and ((Mean \"Order_Total\" > 500) or (IsComplete \"Order_Id\"))"),
            rules("(RowCount > 0) or ((IsComplete \"colA\") and (IsUnique \"colA\"))"),
            rules("IsComplete \"a\" and IsUnique \"a\" OR RowCount > 0"),
            rules("(ColumnValues \"c\" != NULL AND ColumnLength \"c\" > 0) labels = [\"rule_id\" = \"123\"]"),
            // dynamic rules
            rules("RowCount > avg(last(10))"),
            rules("RowCount > min(last(3)) * 0.8", "RowCount < max(last(3)) * 1.2"),
            rules("Mean \"colA\" > avg(last(10)) + std(last(2))"),
            rules("Mean \"colA\" between min(last(5)) - 1 and max(last(5)) + 1"),
            rules("RowCount between (0.9 * avg(last(10))) and 1.1 * avg(last(10))"),
            rules("Completeness \"colA\" between (0.9 * avg(last(10))) and (1.1 * avg(last(10)))"),
            rules("RowCount >= index(last(2), 1)", "Sum \"x\" > median(last(7)) / 2", "RowCount > sum(last(3)) - 10"),
            rules("RowCount > -(avg(last(3)) - 5)"),
            // labels
            rules("IsPrimaryKey \"colZ\" labels = [\"key\" = \"value\"]"),
            rules("IsComplete \"a\" labels=[\"team\"=\"x\",\"tier\"=\"1\"]"),
            "DefaultLabels = [\"team\" = \"data\", \"env\" = \"prod\"]\n" + rules("RowCount > 0"),
            rules("RowCount > 0 where \"a > 1\" labels = [\"k\" = \"v\"] with threshold > 0.5".replace(
                    "RowCount > 0 where", "ColumnValues \"a\" > 0 where")),
            // variables
            "codes = [\"A\", \"B\"]\n" + rules("ColumnValues \"code\" in $codes"),
            "codes = [\"A\", \"B\"]\n" + rules("ColumnValues \"code\" not in $codes"),
            "sql = \"select count(*) from primary\"\n" + rules("CustomSql $sql > 0"),
            "p = \"^[A-Z]{2}$\"\n" + rules("ColumnValues \"country\" matches $p"),
            "name = \"Alice\"\n" + rules("ColumnValues \"name\" = $name", "ColumnValues \"n\" in [$name, \"Bob\"]"),
            "col = \"id\"\n" + rules("IsComplete $col"),
            "nums = [1, 2, 3]\n" + rules("ColumnValues \"n\" in $nums"),
            // sections
            "Metadata = { \"Version\": \"1.0\" }\n" + rules("RowCount > 0"),
            "DataSources = { \"Primary\": \"orders\", \"AdditionalDataSources\": [\"ref\"] }\n"
                    + rules("RowCountMatch \"ref\" = 1.0"),
            "Analyzers = [ RowCount, Completeness \"id\", AllStatistics \"price\" ]",
            rules("RowCount > 0") + "\nAnalyzers = [ Mean \"price\", ColumnCorrelation \"a\" \"b\" ]",
            "Rules = [ ]\nAnalyzers = [ RowCount ]",
            // comments, layout, escapes
            "# a comment\nRules = [ # first line\n  RowCount > 0, # trailing\n  # before\n  IsComplete \"a\"\n  # dangling\n]\n# end",
            "Rules = [ RowCount > 0 ] # no newline at the end",
            "Rules = [\r\n  RowCount > 0,\r\n  IsComplete \"a\"\r\n]\r\n",
            "\uFEFFRules = [ RowCount > 0 ]",
            "Rules=[RowCount>0,IsComplete\"a\"]",
            rules("ColumnValues \"a\" matches \"\\d{3}-\\\"x\\\"\""),
            rules("CustomSql \"select count(*)\n  from primary\n  where a > 1\" = 0"),
            rules("IsComplete \"column with spaces and \\\\ backslash\""));
}
