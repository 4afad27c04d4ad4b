package io.nnpipe.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a run's loss history back from its CSV files. */
class RunHistoryTest {

    @Test
    void readsColumnsByNameWithEmptyMetricsAsNaN(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loss.csv"), "epoch,step,sample,loss,batch_size,learning_rate\n"
                + "1,1,1,0.5,2,0.1\n1,2,3,0.25,2,0.1\n2,3,1,0.125,2,0.1\n2,4,3,0.0625,2,0.1\n");
        Files.writeString(dir.resolve("epochs.csv"), "epoch,train_loss,train_accuracy,test_loss,test_accuracy,extra\n"
                + "1,0.375,0.5,,,x\n2,0.09375,1,,,y\n");
        RunHistory h = RunHistory.read(dir);
        assertArrayEquals(new long[] {1, 2, 3, 4}, h.steps());
        assertArrayEquals(new double[] {0.5, 0.25, 0.125, 0.0625}, h.stepLoss());
        assertArrayEquals(new long[] {2, 4}, h.epochEndStep(), "each epoch's last step, from loss.csv");
        assertArrayEquals(new double[] {0.375, 0.09375}, h.trainLoss());
        assertTrue(Double.isNaN(h.testLoss()[0]));
        assertFalse(h.hasTest());
    }

    @Test
    void aRunOfManyEpochsGetsEachEpochsLastStep(@TempDir Path dir) throws Exception {
        // 100,000 epochs of two steps (full-batch runs reach such counts): read in one pass
        int epochs = 100_000;
        StringBuilder loss = new StringBuilder("epoch,step,sample,loss,batch_size,learning_rate\n");
        StringBuilder ep = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,test_accuracy\n");
        for (int e = 1; e <= epochs; e++) {
            loss.append(e).append(',').append(2 * e - 1).append(",1,0.5,2,0.1\n");
            loss.append(e).append(',').append(2 * e).append(",3,0.25,1,0.1\n");
            ep.append(e).append(",0.375,0.5,,\n");
        }
        Files.writeString(dir.resolve("loss.csv"), loss);
        Files.writeString(dir.resolve("epochs.csv"), ep);
        RunHistory h = RunHistory.read(dir);
        assertEquals(epochs, h.epochEndStep().length);
        assertEquals(2, h.epochEndStep()[0]);
        assertEquals(2L * 54_321, h.epochEndStep()[54_321 - 1]);
        assertEquals(2L * epochs, h.epochEndStep()[epochs - 1]);
    }

    @Test
    void aRunStoppedInItsFirstEpochHasStepsButNoEpochs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loss.csv"), "epoch,step,sample,loss,batch_size,learning_rate\n1,1,1,0.5,1,0.1\n");
        RunHistory h = RunHistory.read(dir);
        assertEquals(1, h.steps().length);
        assertEquals(0, h.epochs().length);
    }

    @Test
    void aFolderWithoutLossCsvIsNotARun(@TempDir Path dir) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunHistory.read(dir));
        assertTrue(e.getMessage().startsWith("not a run folder: "), e.getMessage());
    }

    @Test
    void aLossCsvThatIsNoRegularFileIsRefusedNotReadForever(@TempDir Path dir) throws Exception {
        // a loss.csv linked to /dev/zero was read until memory ran out: exit 70 (QA, second pass)
        Path device = Path.of("/dev/zero");
        if (Files.exists(device)) {
            Files.createSymbolicLink(dir.resolve("loss.csv"), device);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunHistory.read(dir));
            assertEquals("cannot read " + dir.resolve("loss.csv") + ": not a regular file", e.getMessage());
        }
    }

    @Test
    void aDamagedFileIsNamedWithItsRow(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("loss.csv"), "epoch,step,sample,loss,batch_size,learning_rate\n1,1,1,oops,1,0.1\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunHistory.read(dir));
        assertTrue(e.getMessage().endsWith("loss.csv:2: column 'loss': expected a number, found \"oops\""),
                e.getMessage());
    }

    @Test
    void tamperedFilesAreNamedWithLineAndWhatWasExpectedNeverAnInternalError(@TempDir Path dir) throws Exception {
        // an epoch beyond the integers stopped plot and report with exit 70 (QA, fifth pass)
        String loss = "epoch,step,sample,loss,batch_size,learning_rate\n1,1,1,0.5,1,0.1\n\n1,2,2,0.4,1,0.1\n";
        Files.writeString(dir.resolve("loss.csv"), loss);
        Files.writeString(dir.resolve("epochs.csv"), "epoch,train_loss,train_accuracy,test_loss,test_accuracy\n"
                + "99999999999,0.45,,,\n");
        assertEquals(dir.resolve("epochs.csv") + ":2: column 'epoch': expected a whole number from 0 to 2147483647,"
                + " found \"99999999999\"", assertThrows(UncheckedIOException.class, () -> RunHistory.read(dir)).getMessage());
        Files.writeString(dir.resolve("epochs.csv"), "epoch,train_loss,train_accuracy,test_loss,test_accuracy\n1,0.45\n");
        assertEquals(dir.resolve("epochs.csv") + ":2: expected 5 fields as in the header, found 2; is the file complete?",
                assertThrows(UncheckedIOException.class, () -> RunHistory.read(dir)).getMessage());
        Files.writeString(dir.resolve("loss.csv"), loss.replace("1,2,2,", "1,1e30,2,"));
        assertEquals(dir.resolve("loss.csv") + ":4: column 'step': expected a whole number from 0 to "
                + Long.MAX_VALUE + ", found \"1e30\"", assertThrows(UncheckedIOException.class,
                        () -> RunHistory.read(dir)).getMessage());
        Files.write(dir.resolve("loss.csv"), new byte[] {'e', ',', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(dir.resolve("loss.csv") + " is not UTF-8 text; expected the run's CSV file (was it replaced or"
                + " damaged?)", assertThrows(UncheckedIOException.class, () -> RunHistory.read(dir)).getMessage());
    }
}
