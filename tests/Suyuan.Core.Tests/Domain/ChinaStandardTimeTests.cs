using Suyuan.Core.Domain;

namespace Suyuan.Core.Tests.Domain;

public sealed class ChinaStandardTimeTests
{
    [Theory]
    [InlineData("2026-11-30T16:30:00Z", "2026-12-01T00:30:00+08:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T08:00:00+08:00")]
    [InlineData("9999-12-31T15:59:59.999Z", "9999-12-31T23:59:59.999+08:00")]
    public void AnInstantIsShownInUtcPlusEight(string instant, string expected)
    {
        var shown = ChinaStandardTime.Of(DateTimeOffset.Parse(instant));
        Assert.Equal(DateTimeOffset.Parse(expected), shown);
        Assert.Equal(TimeSpan.FromHours(8), shown.Offset);
    }

    /// <summary>EPCIS takes any instant of year 9999; the last eight hours of it have no UTC+8 time, and are shown as its last moment.</summary>
    [Theory]
    [InlineData("9999-12-31T16:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    public void TheLastHoursOfYear9999AreShownAsItsLastMoment(string instant)
    {
        var shown = ChinaStandardTime.Of(DateTimeOffset.Parse(instant));
        Assert.Equal(new DateOnly(9999, 12, 31), ChinaStandardTime.DateOf(DateTimeOffset.Parse(instant)));
        Assert.Equal(TimeSpan.FromHours(8), shown.Offset);
        Assert.Equal(DateTime.MaxValue, shown.DateTime);
    }
}
