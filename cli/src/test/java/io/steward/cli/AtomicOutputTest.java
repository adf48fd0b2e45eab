package io.steward.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicOutputTest {

    @TempDir
    Path directory;

    @Test
    void aWriteThatFailsMidwayLeavesNothingUnderTheTargetName() throws IOException {
        Path target = directory.resolve("quarantine");
        assertThatThrownBy(() -> AtomicOutput.write(target, "run-1", folder -> {
            try {
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("part-00000.parquet"), "half a file");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("executor lost");
        })).hasMessage("executor lost");
        assertThat(target).doesNotExist();
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aFinishedWriteAppearsWholeUnderTheTargetName() throws IOException {
        Path target = directory.resolve("good");
        AtomicOutput.write(target, "run-2", folder -> {
            try {
                Files.createDirectories(folder);
                Files.writeString(folder.resolve("part-00000.parquet"), "rows");
                Files.writeString(folder.resolve("_SUCCESS"), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(target.resolve("part-00000.parquet")).hasContent("rows");
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).containsExactly(target);
        }
    }
}
