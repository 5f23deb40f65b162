package dev.leaderboard.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The soak's samples as PNG line charts (XChart): memory, latency percentiles and lag over time. */
final class SoakPlots {

    private SoakPlots() {
    }

    static List<Path> draw(List<Soak.Sample> samples, Path folder, int seconds, int rate) throws Exception {
        Files.createDirectories(folder);
        String subtitle = " (" + seconds + " s at " + rate + " spins/s, 64 readers)";
        XYChart memory = chart("Resident memory of the embedded runner" + subtitle, "MiB");
        add(memory, samples, "VmRSS", Soak.Sample::rssMiB);
        add(memory, samples, "Java heap committed (capped by -Xmx)", Soak.Sample::heapCommittedMiB);
        add(memory, samples, "VmRSS - heap committed", Soak.Sample::beyondHeapMiB);
        add(memory, samples, "DuckDB buffer manager (capped by DUCKDB_MEMORY_LIMIT_MB)", Soak.Sample::duckDbMiB);
        add(memory, samples, "VmRSS - heap - DuckDB", Soak.Sample::restMiB);
        XYChart latency = chart("Latency percentiles" + subtitle, "ms (log scale)");
        latency.getStyler().setYAxisLogarithmic(true);
        add(latency, samples, "board p50", Soak.Sample::boardP50);
        add(latency, samples, "board p99", Soak.Sample::boardP99);
        add(latency, samples, "produced -> visible p50", Soak.Sample::visibleP50);
        add(latency, samples, "produced -> visible p99", Soak.Sample::visibleP99);
        XYChart lag = chart("Ingest lag" + subtitle, "records / ms");
        add(lag, samples, "uncommitted records (group lag)", s -> s.lagRecords());
        add(lag, samples, "ingest latency, median event -> stored (ms)", Soak.Sample::ingestLatencyMs);
        Path memoryPng = save(memory, folder.resolve("soak-memory.png"));
        Path latencyPng = save(latency, folder.resolve("soak-latency.png"));
        Path lagPng = save(lag, folder.resolve("soak-lag.png"));
        return List.of(memoryPng, latencyPng, lagPng);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle("seconds").yAxisTitle(yTitle)
                .build();
        // Below the plot, one series a line, so that no curve runs under it (inside, it hid the start of the curves).
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        return chart;
    }

    private static void add(XYChart chart, List<Soak.Sample> samples, String name, ToDoubleFunction<Soak.Sample> value) {
        // A sample without a value (no probe finished in that interval) is left out, not drawn as 0.
        List<Soak.Sample> measured = samples.stream().filter(s -> value.applyAsDouble(s) > 0).toList();
        if (measured.isEmpty()) {
            return;
        }
        double[] x = measured.stream().mapToDouble(Soak.Sample::second).toArray();
        double[] y = measured.stream().mapToDouble(value).toArray();
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }

    private static Path save(XYChart chart, Path png) throws Exception {
        String withoutExtension = png.toString().replaceFirst("\\.png$", "");
        BitmapEncoder.saveBitmap(chart, withoutExtension, BitmapEncoder.BitmapFormat.PNG);
        return png;
    }
}
