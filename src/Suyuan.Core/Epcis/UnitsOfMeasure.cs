namespace Suyuan.Core.Epcis;

/// <summary>
/// The UN/ECE Recommendation 20 unit codes that EPCIS sensor reports and quantities most often carry, grouped by the
/// quantity they measure, with each unit's value in the group's SI unit (<c>si = value × Factor + Offset</c>). Used to
/// compare a reading given in one unit with a bound given in another (<c>GT_value_CEL=8</c> sees a reading of 50 FAH).
/// Units outside this table compare only with themselves.
/// </summary>
public static class UnitsOfMeasure
{
    /// <param name="Code">The Rec 20 common code.</param>
    /// <param name="Measure">What the unit measures; units of one measure convert into each other.</param>
    /// <param name="Factor">The SI unit's amount in one of this unit (always positive, so conversion keeps order).</param>
    /// <param name="Offset">Added after the factor: non-zero only for temperatures on a scale whose zero is not absolute.</param>
    public sealed record Unit(string Code, string Measure, double Factor, double Offset = 0);

    private static readonly Unit[] All =
    [
        // Temperature, in kelvin.
        new("KEL", "temperature", 1), new("CEL", "temperature", 1, 273.15), new("FAH", "temperature", 5.0 / 9, 273.15 - 32 * 5.0 / 9),
        // Mass, in kilograms.
        new("KGM", "mass", 1), new("GRM", "mass", 1e-3), new("MGM", "mass", 1e-6), new("MC", "mass", 1e-9), new("TNE", "mass", 1e3),
        new("DTN", "mass", 100), new("LBR", "mass", 0.45359237), new("ONZ", "mass", 0.028349523125), new("STN", "mass", 907.18474),
        new("LTN", "mass", 1016.0469088),
        // Length, in metres.
        new("MTR", "length", 1), new("KMT", "length", 1e3), new("DMT", "length", 0.1), new("CMT", "length", 1e-2), new("MMT", "length", 1e-3),
        new("4H", "length", 1e-6), new("INH", "length", 0.0254), new("FOT", "length", 0.3048), new("YRD", "length", 0.9144),
        new("SMI", "length", 1609.344),
        // Volume, in cubic metres.
        new("MTQ", "volume", 1), new("DMQ", "volume", 1e-3), new("CMQ", "volume", 1e-6), new("LTR", "volume", 1e-3), new("HLT", "volume", 0.1),
        new("DLT", "volume", 1e-4), new("CLT", "volume", 1e-5), new("MLT", "volume", 1e-6), new("GLL", "volume", 0.003785411784),
        new("GLI", "volume", 0.00454609), new("OZA", "volume", 2.95735295625e-5),
        // Pressure, in pascals.
        new("PAL", "pressure", 1), new("A97", "pressure", 100), new("KPA", "pressure", 1e3), new("MPA", "pressure", 1e6), new("BAR", "pressure", 1e5),
        new("MBR", "pressure", 100), new("ATM", "pressure", 101_325), new("ATT", "pressure", 98_066.5), new("PS", "pressure", 6_894.757293168),
        // Time, in seconds.
        new("SEC", "time", 1), new("MIN", "time", 60), new("HUR", "time", 3_600), new("DAY", "time", 86_400),
        // Speed, in metres per second.
        new("MTS", "speed", 1), new("KMH", "speed", 1e3 / 3_600), new("HM", "speed", 0.44704), new("KNT", "speed", 1_852.0 / 3_600),
        // Frequency, in hertz.
        new("HTZ", "frequency", 1), new("KHZ", "frequency", 1e3), new("MHZ", "frequency", 1e6), new("A86", "frequency", 1e9),
        // Energy, in joules.
        new("JOU", "energy", 1), new("KJO", "energy", 1e3), new("KWH", "energy", 3.6e6), new("WHR", "energy", 3_600),
        // Electric potential, current and power.
        new("VLT", "voltage", 1), new("2Z", "voltage", 1e-3), new("KVT", "voltage", 1e3),
        new("AMP", "current", 1), new("4K", "current", 1e-3),
        new("WTT", "power", 1), new("KWT", "power", 1e3),
        // Ratios: one, percent, per mille, parts per million.
        new("C62", "ratio", 1), new("P1", "ratio", 1e-2), new("NX", "ratio", 1e-3), new("59", "ratio", 1e-6),
    ];

    private static readonly Dictionary<string, Unit> ByCode = All.ToDictionary(u => u.Code, StringComparer.Ordinal);

    /// <summary>The unit of a code, when this table knows it.</summary>
    public static bool TryGet(string code, out Unit unit) => ByCode.TryGetValue(code, out unit!);

    /// <summary>The codes a value in <paramref name="code"/> can be compared with: its measure's units, or itself alone.</summary>
    public static IReadOnlyList<string> Comparable(string code) =>
        ByCode.TryGetValue(code, out var unit) ? [.. All.Where(u => u.Measure == unit.Measure).Select(u => u.Code)] : [code];

    /// <summary>Whether values in the two units can be compared (the same code, or two units of one measure).</summary>
    public static bool AreComparable(string a, string b) =>
        a == b || ByCode.TryGetValue(a, out var x) && ByCode.TryGetValue(b, out var y) && x.Measure == y.Measure;

    /// <summary>
    /// <paramref name="value"/> in <paramref name="from"/> expressed in <paramref name="to"/>. A <paramref name="difference"/>
    /// (a standard deviation, a span) converts by the factors alone: a spread of 1 CEL is 1.8 FAH, not 33.8.
    /// </summary>
    public static double Convert(double value, string from, string to, bool difference = false)
    {
        if (from == to)
        {
            return value;
        }
        var a = ByCode[from];
        var b = ByCode[to];
        if (a.Measure != b.Measure)
        {
            throw new ArgumentException($"{from} and {to} measure different things ({a.Measure}, {b.Measure})", nameof(to));
        }
        return difference ? value * a.Factor / b.Factor : (value * a.Factor + a.Offset - b.Offset) / b.Factor;
    }
}
