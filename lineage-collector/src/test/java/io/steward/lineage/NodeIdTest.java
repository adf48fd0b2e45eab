package io.steward.lineage;

import io.steward.lineage.Names.DatasetName;
import io.steward.lineage.Names.FieldName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeIdTest {

    @Test
    void aNamespaceWithColonsReadsEveryWayLongestNamespaceFirst() {
        assertThat(NodeId.readings("dataset:postgres://db:5432:shop.orders")).containsExactly(
                new NodeId.Dataset(new DatasetName("postgres://db:5432", "shop.orders")),
                new NodeId.Dataset(new DatasetName("postgres://db", "5432:shop.orders")),
                new NodeId.Dataset(new DatasetName("postgres", "//db:5432:shop.orders")));
    }

    @Test
    void aFieldIsWhatFollowsTheLastColon() {
        assertThat(NodeId.readings("datasetField:s3://lake:raw.customers:email")).first().isEqualTo(
                new NodeId.Field(new FieldName(new DatasetName("s3://lake", "raw.customers"), "email")));
        assertThat(NodeId.readings("datasetField:s3://lake:raw.customers:email").get(0).toString())
                .isEqualTo("datasetField:s3://lake:raw.customers:email");
    }

    @Test
    void malformedIdsAreRefusedSayingWhatIsExpected() {
        assertThatThrownBy(() -> NodeId.readings("table:x:y")).hasMessage("nodeId 'table:x:y' must start with dataset:, "
                + "job: or datasetField:");
        assertThatThrownBy(() -> NodeId.readings("job:lonely")).hasMessage("nodeId 'job:lonely' has no NAMESPACE:NAME "
                + "after 'job:'");
        assertThatThrownBy(() -> NodeId.readings("")).hasMessageStartingWith("nodeId is required");
    }
}
