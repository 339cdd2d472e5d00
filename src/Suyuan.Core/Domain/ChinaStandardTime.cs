namespace Suyuan.Core.Domain;

/// <summary>The city's clock (UTC+8, no daylight saving): how dates and times of events are shown and grouped by day.</summary>
public static class ChinaStandardTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The latest instant whose UTC+8 time is still representable (9999-12-31T23:59:59.9999999+08:00).</summary>
    private static readonly DateTimeOffset Latest = new(DateTime.MaxValue, Offset);

    /// <summary>
    /// <paramref name="t"/> in UTC+8. An instant in the last eight hours of year 9999 (UTC), which EPCIS takes but whose
    /// UTC+8 time would fall in year 10000, is shown as the last moment of 9999-12-31 rather than failing.
    /// </summary>
    public static DateTimeOffset Of(DateTimeOffset t) => t > Latest ? Latest : t.ToOffset(Offset);

    /// <summary>The UTC+8 calendar day of <paramref name="t"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset t) => DateOnly.FromDateTime(Of(t).DateTime);
}
