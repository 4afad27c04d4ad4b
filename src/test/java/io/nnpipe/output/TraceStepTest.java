package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the first traced step back from trace.csv. */
class TraceStepTest {

    @Test
    void readsOnlyTheFirstStepAndGroupsRowsIntoTensors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.csv");
        Files.writeString(file, TraceLog.HEADER + "\n"
                + "1,3,2,forward,input,input,0,1\n1,3,2,forward,input,input,1,2\n"
                + "1,3,5,forward,input,input,0,3\n1,3,5,forward,input,input,1,4\n"
                + "1,3,,update,dense,weight.before,0,0.5\n"
                + "2,9,2,forward,input,input,0,7\n");
        TraceStep s = TraceStep.readFirst(file);
        assertEquals(1, s.epoch());
        assertEquals(3, s.step());
        assertEquals(3, s.tensors().size(), "step 9 is not read");
        assertEquals(List.of(2, 5), s.samples());
        assertArrayEquals(new double[] {3, 4}, s.tensors().get(1).values());
        assertEquals(0, s.tensors().get(2).sample(), "per-step tensors have no sample");
        assertEquals("weight.before", s.tensors().get(2).name());
    }

    @Test
    void noTraceFileMeansNoTracedStep(@TempDir Path dir) {
        assertNull(TraceStep.readFirst(dir.resolve("trace.csv")));
    }
}
