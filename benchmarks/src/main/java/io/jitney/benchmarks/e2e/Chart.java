package io.jitney.benchmarks.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart of ratios, drawn with Java2D (headless: no display needed) and written as
 * PNG. The y axis is logarithmic, so 2× and 0.5× are the same distance from the 1.0 line.
 */
final class Chart {
    private Chart() {}

    /** One bar series: a peer, its colour, and one ratio per group (NaN: no bar). */
    record Series(String label, Color color, double[] values) {}

    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0x4e9fd8), new Color(0x9ecae9), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x7f7f7f), new Color(0x9467bd),
    };

    static void write(Path file, String title, String yLabel, List<String> groups, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int groupWidth = 40 + 18 * series.size();
        int left = 80, right = 30, top = 60, bottom = 140;
        int width = Math.max(900, left + right + groupWidth * groups.size());
        int height = 500;
        var img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);

        double min = 1, max = 1;
        for (Series s : series) {
            for (double v : s.values()) {
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        int loExp = (int) Math.floor(Math.log(min) / Math.log(2)) - 1;
        int hiExp = (int) Math.ceil(Math.log(max) / Math.log(2)) + 1;
        int plotH = height - top - bottom;
        int plotW = width - left - right;
        java.util.function.DoubleToIntFunction yOf = v -> top + (int) Math.round(
                plotH * (hiExp - Math.log(v) / Math.log(2)) / (hiExp - loExp));

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        // grid: one line per power of two
        for (int e = loExp; e <= hiExp; e++) {
            double v = Math.pow(2, e);
            int y = yOf.applyAsInt(v);
            g.setColor(e == 0 ? Color.BLACK : new Color(0xdddddd));
            g.setStroke(new BasicStroke(e == 0 ? 1.5f : 1f));
            g.drawLine(left, y, left + plotW, y);
            String label = v >= 1 ? String.format("%.0f×", v) : String.format("1/%.0f×", 1 / v);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label, left - 8 - fm.stringWidth(label), y + 4);
        }
        var rot = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + plotH / 2 + fm.stringWidth(yLabel) / 2), 18);
        g.setTransform(rot);

        int baseY = yOf.applyAsInt(1);
        int bar = 16;
        for (int gi = 0; gi < groups.size(); gi++) {
            int gx = left + 20 + gi * groupWidth;
            for (int si = 0; si < series.size(); si++) {
                double v = series.get(si).values()[gi];
                if (!(v > 0) || !Double.isFinite(v)) {
                    continue;
                }
                int x = gx + si * (bar + 2);
                int y = yOf.applyAsInt(v);
                g.setColor(series.get(si).color());
                g.fillRect(x, Math.min(y, baseY), bar, Math.max(1, Math.abs(baseY - y)));
            }
            g.setColor(Color.BLACK);
            String name = groups.get(gi);
            g.drawString(name, gx + (series.size() * (bar + 2)) / 2 - fm.stringWidth(name) / 2, top + plotH + 18);
        }
        // legend
        int lx = left, ly = top + plotH + 44;
        for (Series s : series) {
            int w = 22 + fm.stringWidth(s.label()) + 18;
            if (lx + w > width - right) {
                lx = left;
                ly += 20;
            }
            g.setColor(s.color());
            g.fillRect(lx, ly - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), lx + 20, ly + 1);
            lx += w;
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
