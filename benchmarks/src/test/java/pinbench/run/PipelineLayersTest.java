package pinbench.run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner flows one way: no stage imports a later one, and report knows nothing of the command line. */
class PipelineLayersTest
{
    /** The stages in order; {@code text} is shared formatting, below them all. */
    private static final List<String> STAGES = List.of("text", "catalog", "cli", "plan", "exec", "check", "report");
    private static final Path RUN = Path.of("src/main/java/pinbench/run");
    /** A reference to a stage: an import or a qualified name anywhere but the package line. */
    private static final Pattern REFERENCE = Pattern.compile("(?<!^package )\\bpinbench\\.run\\.(\\w+)\\.",
        Pattern.MULTILINE);

    @Test
    void noStageImportsALaterStageAndReportDoesNotImportTheCommandLine() throws IOException
    {
        final List<String> backwards = new ArrayList<>();
        int files = 0;
        for (final String stage : STAGES)
        {
            try (Stream<Path> sources = Files.list(RUN.resolve(stage)))
            {
                for (final Path source : sources.filter(f -> f.toString().endsWith(".java")).toList())
                {
                    files++;
                    final Matcher m = REFERENCE.matcher(Files.readString(source));
                    while (m.find())
                    {
                        final String imported = m.group(1);
                        final boolean later = STAGES.indexOf(imported) > STAGES.indexOf(stage);
                        if (later || stage.equals("report") && imported.equals("cli"))
                        {
                            backwards.add(source.getFileName() + " (" + stage + ") uses " + imported);
                        }
                    }
                }
            }
        }
        assertTrue(files > 20, "found the sources: " + files);
        assertEquals(List.of(), backwards);
    }
}
