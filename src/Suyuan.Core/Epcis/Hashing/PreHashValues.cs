using System.Globalization;
using System.Numerics;

namespace Suyuan.Core.Epcis.Hashing;

/// <summary>Value normalisations of the event hash: timestamps to UTC milliseconds, numbers without trailing zeros.</summary>
internal static class PreHashValues
{
    /// <summary>
    /// xsd:dateTimeStamp → <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> in UTC. Milliseconds are rounded up when the fourth decimal is 5–9
    /// and later decimals are ignored (CBV 2.0); null when the text is not a timestamp.
    /// </summary>
    public static string? Timestamp(ReadOnlySpan<char> s)
    {
        // yyyy-MM-ddTHH:mm[:ss[.f+]](Z|±HH:mm)
        if (s.Length < 17 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':')
        {
            return null;
        }
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute))
        {
            return null;
        }
        var i = 16;
        var second = 0;
        long ticks = 0;
        var lastMillisecondRoundedUp = false;
        if (i < s.Length && s[i] == ':')
        {
            if (!Digits(s, i + 1, 2, out second))
            {
                return null;
            }
            i += 3;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var start = i;
                var millis = 0;
                var roundedUp = false;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    var position = i - start;
                    if (position < 3)
                    {
                        millis = millis * 10 + (s[i] - '0');
                    }
                    else if (position == 3 && s[i] >= '5')
                    {
                        millis++;
                        roundedUp = true;
                    }
                    i++;
                }
                if (i == start)
                {
                    return null;
                }
                for (var position = i - start; position < 3; position++)
                {
                    millis *= 10;
                }
                ticks = millis * TimeSpan.TicksPerMillisecond;
                // The last instant .NET holds (9999-12-31T23:59:59.9999999Z) rounds past it: its millisecond is kept instead.
                lastMillisecondRoundedUp = roundedUp;
            }
        }
        TimeSpan offset;
        if (i == s.Length - 1 && s[i] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
        }
        else if (i == s.Length - 6 && s[i] is '+' or '-' && s[i + 3] == ':' && Digits(s, i + 1, 2, out var oh) && Digits(s, i + 4, 2, out var om))
        {
            offset = new TimeSpan(oh, om, 0);
            if (s[i] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return null;
        }
        // 24:00:00 is the end of the day and a leap second lands on the next minute's start.
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 24 || minute > 59 || second > 60)
        {
            return null;
        }
        var utcTicks = new DateTime(year, month, day).Ticks
            + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute + second * TimeSpan.TicksPerSecond + ticks - offset.Ticks;
        if (lastMillisecondRoundedUp && utcTicks > DateTime.MaxValue.Ticks && utcTicks - TimeSpan.TicksPerMillisecond <= DateTime.MaxValue.Ticks)
        {
            utcTicks -= TimeSpan.TicksPerMillisecond;
        }
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return null;
        }
        var utc = new DateTime(utcTicks, DateTimeKind.Utc);
        return string.Create(24, utc, static (span, t) =>
        {
            Write(span, 0, t.Year, 4);
            span[4] = '-';
            Write(span, 5, t.Month, 2);
            span[7] = '-';
            Write(span, 8, t.Day, 2);
            span[10] = 'T';
            Write(span, 11, t.Hour, 2);
            span[13] = ':';
            Write(span, 14, t.Minute, 2);
            span[16] = ':';
            Write(span, 17, t.Second, 2);
            span[19] = '.';
            Write(span, 20, t.Millisecond, 3);
            span[23] = 'Z';
        });
    }

    private static void Write(Span<char> span, int start, int value, int width)
    {
        for (var i = start + width - 1; i >= start; i--)
        {
            span[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>
    /// A decimal number in its shortest form (1.0 → 1, 0.50 → 0.5, 1e3 → 1000), as the reference implementation
    /// writes IEEE doubles; null when the text is not a number.
    /// </summary>
    public static string? Number(ReadOnlySpan<char> s)
    {
        if (!LooksNumeric(s) || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
        {
            return null;
        }
        if (d == Math.Floor(d))
        {
            return Math.Abs(d) < 1e15
                ? ((long)d).ToString(CultureInfo.InvariantCulture)
                : new BigInteger(d).ToString(CultureInfo.InvariantCulture);
        }
        return ShortestDecimal(d);
    }

    // Shortest round-trip digits, laid out like Python's repr: positional for exponents -4..15, scientific otherwise.
    private static string ShortestDecimal(double d)
    {
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        // Extract the digits and exponent from the shortest form.
        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        int exponent;
        string mantissa;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = body[..e];
        }
        else
        {
            exponent = 0;
            mantissa = body;
        }
        var dot = mantissa.IndexOf('.');
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        digits = digits.TrimEnd('0');
        // Decimal exponent of the first significant digit.
        var pointPos = intPart.Length + exponent - leadingZeros;
        var sci = pointPos - 1;
        string text;
        if (sci is >= -4 and < 16)
        {
            if (pointPos <= 0)
            {
                text = "0." + new string('0', -pointPos) + digits;
            }
            else if (pointPos >= digits.Length)
            {
                text = digits + new string('0', pointPos - digits.Length);
            }
            else
            {
                text = digits[..pointPos] + "." + digits[pointPos..];
            }
        }
        else
        {
            var m = digits.Length > 1 ? digits[..1] + "." + digits[1..] : digits;
            text = m + "e" + (sci < 0 ? "-" : "+") + Math.Abs(sci).ToString("00", CultureInfo.InvariantCulture);
        }
        return negative ? "-" + text : text;
    }

    private static bool LooksNumeric(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }
            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
            if (expDigits == 0)
            {
                return false;
            }
        }
        return i == s.Length;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
