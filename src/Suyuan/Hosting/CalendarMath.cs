namespace Suyuan.Hosting;

/// <summary>
/// Date arithmetic on dates events carry, which may lie at the calendar's end (year 9999): a due date past it is the
/// calendar's last day rather than an error that would leave the event out of a view.
/// </summary>
internal static class CalendarMath
{
    public static DateOnly AddYearsClamped(this DateOnly date, int years) =>
        years > 0 && date.Year > DateOnly.MaxValue.Year - years ? DateOnly.MaxValue : date.AddYears(years);

    /// <remarks>Both the instant and the local clock time must stay in the calendar: AddDays moves the latter.</remarks>
    public static DateTimeOffset AddDaysClamped(this DateTimeOffset time, int days) =>
        days > 0 && ((DateTimeOffset.MaxValue - time).TotalDays < days || (DateTime.MaxValue - time.DateTime).TotalDays < days)
            ? DateTimeOffset.MaxValue
            : time.AddDays(days);
}
