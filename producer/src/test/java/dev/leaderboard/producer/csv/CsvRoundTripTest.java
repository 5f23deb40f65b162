package dev.leaderboard.producer.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.leaderboard.gameplay.GamePlay;
import dev.leaderboard.gameplay.GamePlayJson;
import dev.leaderboard.gameplay.ParsedGamePlay;
import dev.leaderboard.kafka.testing.TestKafka;
import dev.leaderboard.producer.Cli;
import dev.leaderboard.producer.TopicReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void exportWithSeedAndStartIsTheSameFileEveryRun() throws Exception {
        Path first = dir.resolve("first.csv");
        Path second = dir.resolve("second.csv");
        String[] flags = {"-e", "1000", "--model", "realistic", "-u", "500", "--seed", "11", "--start", "2023-02-26T03:56:10Z"};

        assertThat(Cli.run(concat("export-csv", "-o", first.toString(), flags)).exitCode()).isZero();
        assertThat(Cli.run(concat("export-csv", "-o", second.toString(), flags)).exitCode()).isZero();

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
        List<String> lines = Files.readAllLines(first);
        assertThat(lines).hasSize(1_001);
        assertThat(lines.get(0)).isEqualTo("PlayerID,GameID,Win,Stake,EventTime");
        assertThat(lines.get(1)).endsWith(",2023-02-26T03:56:10.000000Z");
        assertThat(lines.get(2)).endsWith(",2023-02-26T03:56:10.010000Z");
    }

    @Test
    void importPublishesTheFileRetimedToNowWithItsSpacingKept() throws Exception {
        Path csv = dir.resolve("spins.csv");
        Cli.run("export-csv", "-o", csv.toString(), "-e", "200", "--seed", "5", "--start", "2023-02-26T03:56:10Z",
                "--rate", "7");
        List<GamePlay> exported = CsvImport.read(csv);
        String topic = TestKafka.newTopic("gameplay", 1);
        Instant before = Instant.now();

        Cli cli = Cli.run("import-csv", "-i", csv.toString(), "-t", topic, "-b", TestKafka.bootstrapServers());

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        List<GamePlay> imported = TopicReader.readAll(topic, 200).stream()
                .map(record -> ((ParsedGamePlay.Valid) GamePlayJson.parse(record.value())).gamePlay())
                .toList();
        assertThat(imported).hasSize(200);
        assertThat(imported.get(0).eventTime()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        for (int i = 0; i < 200; i++) {
            GamePlay in = exported.get(i);
            GamePlay out = imported.get(i);
            assertThat(List.of(out.playerId(), out.gameId(), out.stake(), out.win()))
                    .isEqualTo(List.of(in.playerId(), in.gameId(), in.stake(), in.win()));
            assertThat(Duration.between(imported.get(0).eventTime(), out.eventTime()))
                    .isEqualTo(Duration.between(exported.get(0).eventTime(), in.eventTime()));
        }
    }

    @Test
    void aBadLineRefusesTheWholeFileNamingTheLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "PlayerID,GameID,Win,Stake,EventTime\n108,15,0,285,2023-02-26T03:56:10Z\n108,x,0,285,2023-02-26T03:56:10Z\n");

        Cli cli = Cli.run("import-csv", "-i", csv.toString(), "-t", "gameplay", "-b", "127.0.0.1:1");

        assertThat(cli.exitCode()).isEqualTo(1);
        assertThat(cli.err()).contains("line 3: GameID is not an integer: 'x'");
    }

    @Test
    void readsQuotedFieldsCrLfLinesAndAByteOrderMarkAsASpreadsheetWritesThem() throws Exception {
        Path csv = dir.resolve("excel.csv");
        Files.writeString(csv, "\uFEFF\"PlayerID\",\"GameID\",\"Win\",\"Stake\",\"EventTime\"\r\n"
                + "\"108\",\"15\",\" 0 \",\"285\",\"2023-02-26 03:56:10.250000\"\r\n"
                + "109,16,570,285,\"2023-02-26T03:56:11Z\"\r\n");

        assertThat(CsvImport.read(csv)).containsExactly(
                new GamePlay(108, 15, 285, 0, Instant.parse("2023-02-26T03:56:10.250Z")),
                new GamePlay(109, 16, 285, 570, Instant.parse("2023-02-26T03:56:11Z")));
    }

    @Test
    void refusesAFileWhoseHeaderIsNotTheBlogsNamingLineOne() throws Exception {
        Path csv = dir.resolve("swapped.csv");
        Files.writeString(csv, "PlayerID,GameID,Stake,Win,EventTime\n108,15,285,0,2023-02-26T03:56:10Z\n");

        assertThatThrownBy(() -> CsvImport.read(csv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(csv + " line 1: expected the header 'PlayerID,GameID,Win,Stake,EventTime', found "
                        + "'PlayerID,GameID,Stake,Win,EventTime'");
    }

    @Test
    void namesTheFileLineOfABadRowAfterBlankLinesAndAQuotedFieldSpanningTwoLines() throws Exception {
        Path csv = dir.resolve("gaps.csv");
        Files.writeString(csv, "PlayerID,GameID,Win,Stake,EventTime\n\n108,15,0,285,2023-02-26T03:56:10Z\n"
                + "\"10\n9\",15,0,285,2023-02-26T03:56:10Z\n108,15,0,285\n");

        assertThatThrownBy(() -> CsvImport.read(csv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(csv + " line 4: PlayerID is not an integer: '10\n9'");
    }

    @Test
    void namesTheLineOfARowWithTooFewColumnsAndOfAnUnclosedQuote() throws Exception {
        Path short_ = dir.resolve("short.csv");
        Files.writeString(short_, "PlayerID,GameID,Win,Stake,EventTime\n108,15,0,285,2023-02-26T03:56:10Z\n108,15,0,285\n");
        Path unclosed = dir.resolve("unclosed.csv");
        Files.writeString(unclosed, "PlayerID,GameID,Win,Stake,EventTime\n108,15,0,285,2023-02-26T03:56:10Z\n"
                + "108,15,0,285,\"2023-02-26T03:56:10Z\n");

        assertThatThrownBy(() -> CsvImport.read(short_)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(short_ + " line 3: expected 5 columns (PlayerID,GameID,Win,Stake,EventTime), found 4");
        assertThatThrownBy(() -> CsvImport.read(unclosed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(unclosed + " line 3: not CSV: ");
    }

    private static String[] concat(String a, String b, String c, String... rest) {
        String[] all = new String[rest.length + 3];
        all[0] = a;
        all[1] = b;
        all[2] = c;
        System.arraycopy(rest, 0, all, 3, rest.length);
        return all;
    }
}
