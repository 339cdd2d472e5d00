using Suyuan.Hosting;

namespace Suyuan.Tests.Equipment;

/// <summary>Due dates computed from dates at the calendar's end are its last day, not an error that drops the event from a view.</summary>
public sealed class CalendarMathTests
{
    [Fact]
    public void ADueDatePastTheCalendarIsItsLastDay()
    {
        Assert.Equal(new DateOnly(2031, 3, 1), new DateOnly(2026, 3, 1).AddYearsClamped(5));
        Assert.Equal(DateOnly.MaxValue, new DateOnly(9999, 12, 31).AddYearsClamped(5));
        Assert.Equal(DateOnly.MaxValue, new DateOnly(9996, 1, 1).AddYearsClamped(4));
        var late = new DateTimeOffset(9999, 12, 31, 20, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(DateTimeOffset.MaxValue, late.AddDaysClamped(21));
        // Within the offset's hours of the end: the instant would fit, the local clock time would not.
        Assert.Equal(DateTimeOffset.MaxValue, new DateTimeOffset(9999, 12, 11, 2, 0, 0, TimeSpan.FromHours(8)).AddDaysClamped(21));
        var now = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
        Assert.Equal(now.AddDays(21), now.AddDaysClamped(21));
    }
}
