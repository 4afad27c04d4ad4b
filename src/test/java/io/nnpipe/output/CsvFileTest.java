package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV files only ever gain whole rows. */
class CsvFileTest {
    @TempDir
    Path tmp;

    @Test
    void appendingCutsOffATornLastLineFirst() throws IOException {
        Path f = Files.writeString(tmp.resolve("loss.csv"), "a,b\n1,2\n3,");
        try (CsvFile csv = CsvFile.append(f, "a,b")) {
            csv.row().add(5).add(6).end();
        }
        assertEquals("a,b\n1,2\n5,6\n", Files.readString(f));
    }

    @Test
    void rowsReachTheFileOnlyWhole() throws IOException {
        Path f = tmp.resolve("x.csv");
        try (CsvFile csv = new CsvFile(f, "a,b")) {
            csv.row().add(1).add(2.5).end();
            assertEquals("a,b\n", Files.readString(f), "a pending row reached the file before a flush");
            csv.flush();
            assertEquals("a,b\n1,2.5\n", Files.readString(f));
        }
    }
}
