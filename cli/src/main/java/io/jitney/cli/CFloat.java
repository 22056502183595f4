package io.jitney.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles as C's {@code printf} does, because busctl's output is made with it:
 * {@code %g} for text and {@code %.21e} for JSON ({@code DECIMAL_DIG} = 21 on x86-64). Java's
 * own {@code %e} pads the shortest decimal representation with zeros, while glibc prints the
 * exact binary value rounded, so both go through {@link BigDecimal}, which holds a double exactly.
 */
final class CFloat {
    private CFloat() {}

    /** {@code printf("%g", d)}: six significant digits, trailing zeros removed. */
    static String g(double d) {
        if (Double.isNaN(d)) {
            return negative(d) ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d < 0 ? "-inf" : "inf";
        }
        if (d == 0) {
            return negative(d) ? "-0" : "0";
        }
        int precision = 6;
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String text;
        if (exponent < -4 || exponent >= precision) {
            text = exponential(rounded, precision - 1, true);
        } else {
            text = stripZeros(rounded.setScale(precision - 1 - exponent, RoundingMode.UNNECESSARY).toPlainString());
        }
        return text;
    }

    /** {@code printf("%.21e", d)}, as systemd's JSON writer prints a real. */
    static String e21(double d) {
        if (d == 0) {
            return "0.000000000000000000000e+00";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(22, RoundingMode.HALF_EVEN));
        return exponential(rounded, 21, false);
    }

    private static String exponential(BigDecimal rounded, int fractionDigits, boolean strip) {
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = rounded.unscaledValue().abs().toString();
        var sb = new StringBuilder();
        if (rounded.signum() < 0) {
            sb.append('-');
        }
        String mantissa = digits.charAt(0) + "." + pad(digits.substring(1), fractionDigits);
        sb.append(strip ? stripZeros(mantissa) : mantissa);
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        if (abs < 10) {
            sb.append('0');
        }
        return sb.append(abs).toString();
    }

    private static String pad(String digits, int length) {
        if (digits.length() >= length) {
            return digits.substring(0, length);
        }
        return digits + "0".repeat(length - digits.length());
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean negative(double d) {
        return Double.doubleToRawLongBits(d) < 0;
    }
}
