package pinbench.run.catalog;

/**
 * One benchmark method of a table and the rows it contributes.
 *
 * @param benchmark the method.
 * @param rows      which rows.
 */
public record Source(Benchmark benchmark, Rows rows)
{
}
