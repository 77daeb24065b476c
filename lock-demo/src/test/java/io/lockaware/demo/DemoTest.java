package io.lockaware.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockaware.LockReport;
import io.lockaware.ReportKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the demo in --once mode and checks that every incident was caught with the report it is about. */
class DemoTest {

    @Test
    @Timeout(120)
    void everyIncidentIsCaughtAndEveryThreadFinishes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.run(Demo.Options.parse("--once", "--port", "0"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        List<LockReport> reports = Demo.REPORTS.all;

        assertReport(reports, ReportKind.LONG_WAIT, r -> r.threads().get(0).equals("room-add")
                && r.participants().stream().anyMatch(p -> p.role().equals("holder") && p.thread().equals("broadcaster")
                && p.currentStack().stream().anyMatch(e -> e.getMethodName().equals("broadcast"))), "incident 1");
        assertReport(reports, ReportKind.LONG_WAIT, r -> r.threads().get(0).equals("late-reader")
                && r.text().contains("waits behind queued writer \"room-add\""), "incident 1, the reader behind the writer");
        assertReport(reports, ReportKind.LOCK_ORDER_INVERSION,
                r -> r.locks().containsAll(List.of("controller.manager", "controller.store")), "incident 2, possible");
        assertReport(reports, ReportKind.ACTUAL_DEADLOCK,
                r -> r.locks().containsAll(List.of("controller.manager", "controller.store")), "incident 2, actual");
        assertReport(reports, ReportKind.LEAKED_LOCK, r -> r.threads().equals(List.of("request-17"))
                && r.participants().get(0).acquiredAt().stream().anyMatch(e -> e.getMethodName().equals("lookup")),
                "incident 3");
        assertReport(reports, ReportKind.LONG_HOLD, r -> r.locks().equals(List.of("editor.document"))
                && r.participants().get(0).currentStack().stream().anyMatch(e -> e.getMethodName().equals("save")),
                "incident 4");
        assertTrue(reports.stream().anyMatch(r -> r.kind() == ReportKind.LONG_HOLD && r.text().contains("Full thread dump")),
                "incident 4 escalates to a thread dump");
        assertTrue(out.contains("releases seen before their acquire: 0"), out);
        for (int i = 1; i <= 5; i++) {
            assertTrue(out.contains(">>> Incident " + i + " over"), "incident " + i + " finished:\n" + out);
        }
        assertTrue(out.contains("no demo thread is left running"), out);
        String metrics = Demo.LAST_SCRAPE;
        assertTrue(metrics.contains("lock_wait_seconds_bucket{") && metrics.contains("lock=\"room.members\""), metrics);
        assertTrue(metrics.contains("lock_hold_seconds_count{") && metrics.contains("lock=\"editor.document\""), metrics);
        assertTrue(metrics.contains("lock_reports_total{kind=\"actual-deadlock\""), metrics);
    }

    private static void assertReport(List<LockReport> reports, ReportKind kind, Predicate<LockReport> about, String what) {
        assertTrue(reports.stream().anyMatch(r -> r.kind() == kind && r.stage() == LockReport.Stage.NEW && about.test(r)),
                what + ": no matching " + kind.key() + " report among " + reports.stream().map(LockReport::summary).toList());
    }

    @Test
    void badOptionsAreRefusedWithUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Demo.Options.parse("--bogus"));
        assertTrue(e.getMessage().contains("usage"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Demo.Options.parse("--port"));
        assertEquals(9464, Demo.Options.parse().port());
    }
}
