package pinbench.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdListTest
{
    @Test
    void listsParseAndPrintBothWays()
    {
        assertEquals(List.of(0, 1, 2, 3, 8, 10, 11), IdList.parse("0-3,8,10-11"));
        assertEquals("0-3,8,10-11", IdList.format(List.of(11, 10, 8, 3, 2, 1, 0)));
        assertEquals(List.of(0, 1), IdList.parse("1,0,1"), "sorted, without repeats");
        assertEquals(List.of(), IdList.parse(""));
        assertEquals("", IdList.format(List.of()));
        assertThrows(IllegalArgumentException.class, () -> IdList.parse("3-1"));
        assertThrows(IllegalArgumentException.class, () -> IdList.parse("a"));
    }

    @Test
    void aMissingOrMalformedFileReadsAsEmpty(@TempDir final Path dir) throws IOException
    {
        assertEquals(List.of(), IdList.read(dir.resolve("missing")));
        Files.writeString(dir.resolve("bad"), "0-x\n");
        assertEquals(List.of(), IdList.read(dir.resolve("bad")));
        Files.writeString(dir.resolve("good"), "0,2-3\n");
        assertEquals(List.of(0, 2, 3), IdList.read(dir.resolve("good")));
    }
}
