package pinbench.run.report;

import pinbench.run.catalog.Kind;
import pinbench.run.plan.PlannedTable;
import pinbench.run.plan.Row;
import pinbench.run.text.Numbers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the thread sweep predicts: the {@link Usl} fit of each row of every throughput table whose
 * columns are thread counts, to the Mops/s of the cells whose threads each had a CPU of their own
 * (an oversubscribed point measures the scheduler, not the strategy). A row with fewer than
 * {@link Usl#MIN_POINTS} such points gets no fit and no prediction, and says so.
 */
final class Scaling
{
    /** How far past the largest fitted N the law is asked: 2x and 4x. */
    static final int[] PREDICT_AT = {2, 4};

    private Scaling()
    {
    }

    /**
     * One row's fit.
     *
     * @param table  the table.
     * @param row    the row.
     * @param points the points it had.
     * @param fit    the fit, or {@code null} with fewer than {@link Usl#MIN_POINTS} points or no convergence.
     * @param note   why there is no fit, or {@code null}.
     */
    record Fitted(PlannedTable table, Row row, List<Usl.Point> points, Usl.Fit fit, String note)
    {
        /** The largest thread count fitted. */
        int largest()
        {
            return points.stream().mapToInt(Usl.Point::threads).max().orElse(0);
        }
    }

    /** Whether a table is one the law is fitted to. */
    static boolean applies(final PlannedTable t)
    {
        return t.table().kind() == Kind.PAIR && t.table().axis().isThreads();
    }

    /** Every row of a table, fitted. */
    static List<Fitted> of(final Cells cells, final PlannedTable t)
    {
        final List<Fitted> fitted = new ArrayList<>();
        for (final Row row : t.rows())
        {
            final List<Usl.Point> points = new ArrayList<>();
            for (final String column : t.columns())
            {
                final Cell c = cells.of(t, row, column);
                if (c.present() && c.placement() == null && c.mopsPerSecond() != null && c.mopsPerSecond() > 0)
                {
                    points.add(new Usl.Point(c.spec().threads(), c.mopsPerSecond()));
                }
            }
            if (points.size() < Usl.MIN_POINTS)
            {
                fitted.add(new Fitted(t, row, points, null, "too few points: " + points.size() + " thread count"
                    + (points.size() == 1 ? "" : "s") + " with CPUs of their own (" + threads(points)
                    + "); the law has " + Usl.MIN_POINTS + " parameters, so no fit and no prediction"));
                continue;
            }
            try
            {
                fitted.add(new Fitted(t, row, points, Usl.fit(points), null));
            }
            catch (final IllegalArgumentException ex)
            {
                fitted.add(new Fitted(t, row, points, null, ex.getMessage()));
            }
        }
        return fitted;
    }

    /** The section under a table: the fits, or one line when no row has enough points. */
    static void markdown(final StringBuilder md, final List<Fitted> rows)
    {
        if (rows.isEmpty())
        {
            return;
        }
        if (rows.stream().allMatch(r -> r.fit() == null))
        {
            final int most = rows.stream().mapToInt(r -> r.points().size()).max().orElse(0);
            md.append("\nScaling fit (Universal Scalability Law): none. No row has the ").append(Usl.MIN_POINTS)
                .append(" thread counts with CPUs of their own that a fit of the law's ").append(Usl.MIN_POINTS)
                .append(" parameters needs (the most: ").append(most).append(", at ")
                .append(rows.stream().filter(r -> r.points().size() == most).findFirst().map(r -> threads(r.points()))
                    .orElse("")).append(" threads); `scaling.csv` has every row.\n");
            return;
        }
        md.append("\nScaling fit: Universal Scalability Law X(N) = λN / (1 + σ(N-1) + κN(N-1)) by least squares to")
            .append(" the Mops/s of the runs whose threads each had a CPU of their own; σ is contention (the share")
            .append(" that serialises), κ coherency (what every pair of threads costs each other). The predicted")
            .append(" columns are the law's extrapolation, **not measurements**.\n\n")
            .append("| implementation | memory | placement | points (threads) | λ (Mops/s) | σ | κ | R² |")
            .append(" peak at N | predicted Mops/s at 2x N | at 4x N |\n")
            .append("|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (final Fitted r : rows)
        {
            md.append("| ").append(r.row().label()).append(" | ").append(r.row().memory()).append(" | ")
                .append(r.row().placement().label()).append(" | ").append(r.points().size()).append(" (")
                .append(threads(r.points())).append(") |");
            final Usl.Fit f = r.fit();
            if (f == null)
            {
                md.append(' ').append(r.note()).append(" |").append(" |".repeat(6)).append('\n');
                continue;
            }
            md.append(' ').append(Numbers.number(f.lambda())).append(" | ").append(coefficient(f.sigma()))
                .append(" | ").append(coefficient(f.kappa())).append(" | ")
                .append(String.format(Locale.ROOT, "%.3f", f.rSquared()))
                .append(f.degreesOfFreedom() == 0 ? " (exact: 3 points)" : "").append(" | ")
                .append(f.peakThreads() == null ? "none" : Numbers.number(f.peakThreads())).append(" |");
            for (final int times : PREDICT_AT)
            {
                final int n = times * r.largest();
                md.append(' ').append(Numbers.number(f.throughput(n))).append(" at N=").append(n).append(" |");
            }
            md.append('\n');
        }
    }

    /** {@code scaling.csv}: every row of every fitted table, with its fit or the reason it has none. */
    static String csv(final Cells cells)
    {
        final StringBuilder csv = new StringBuilder("family,table,implementation,memory,placement_policy,points,"
            + "threads,lambda_mops_per_s,sigma,kappa,r_squared,peak_threads,predicted_threads_2x,"
            + "predicted_mops_per_s_2x,predicted_threads_4x,predicted_mops_per_s_4x,note\r\n");
        for (final PlannedTable t : cells.plan().tables())
        {
            if (!applies(t))
            {
                continue;
            }
            for (final Fitted r : of(cells, t))
            {
                final Usl.Fit f = r.fit();
                final List<Object> fields = new ArrayList<>(List.of(t.table().family() == null ? "floor"
                    : t.table().family().label(), t.table().id(), r.row().label(), r.row().memory(),
                    r.row().placement().label(), r.points().size(),
                    r.points().stream().map(p -> String.valueOf(p.threads())).collect(Collectors.joining(";"))));
                if (f == null)
                {
                    fields.addAll(Collections.nCopies(9, ""));
                }
                else
                {
                    fields.addAll(List.of(f.lambda(), f.sigma(), f.kappa(), f.rSquared(),
                        f.peakThreads() == null ? "" : f.peakThreads()));
                    for (final int times : PREDICT_AT)
                    {
                        fields.add(times * r.largest());
                        fields.add(f.throughput(times * r.largest()));
                    }
                }
                fields.add(r.note() == null ? "" : r.note());
                csv.append(fields.stream().map(TablesCsv::field).collect(Collectors.joining(","))).append("\r\n");
            }
        }
        return csv.toString();
    }

    private static String threads(final List<Usl.Point> points)
    {
        return points.stream().map(p -> String.valueOf(p.threads())).collect(Collectors.joining(", "));
    }

    /** sigma and kappa span 1e-6 to 1: three significant digits. */
    private static String coefficient(final double value)
    {
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
