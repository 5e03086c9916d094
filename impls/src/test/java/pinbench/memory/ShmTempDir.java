package pinbench.memory;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code @TempDir(factory = ShmTempDir.class)}: a temporary directory on tmpfs, where counter files can be mapped. */
public final class ShmTempDir implements TempDirFactory
{
    @Override
    public Path createTempDirectory(final AnnotatedElementContext element, final ExtensionContext context)
        throws IOException
    {
        return Files.createTempDirectory(Memory.DEFAULT_DIR, "pinbench-test-");
    }
}
