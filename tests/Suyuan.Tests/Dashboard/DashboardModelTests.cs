using Suyuan.Core.Domain;
using Suyuan.Features.Dashboard;
using Xunit;

namespace Suyuan.Tests.Dashboard;

public sealed class DashboardModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static EnterpriseFacts Maker(string uscc, string line, DateTimeOffset? last, string region = "320602") =>
        new(uscc, "企业" + uscc[^4..], region, new HashSet<string> { "food-maker" }, new HashSet<string> { Categories.Food }, new HashSet<string> { line }, last, last is null ? 0 : 10);

    private static EnterpriseFacts Market(string uscc, DateTimeOffset? last) =>
        new(uscc, "菜场" + uscc[^4..], "320602", new HashSet<string> { "vegetable-market" }, new HashSet<string> { Categories.MeatVegetable }, new HashSet<string>(), last, 5);

    private static CoverageRow Row(DashboardModel m, string id) => m.Coverage.Single(r => r.Target.Id == id);

    [Fact]
    public void PercentTargetsCountEnterprisesThatReportedWithinThirtyDays()
    {
        var enterprises = new List<EnterpriseFacts>
        {
            Maker("0001", "dairy", Now.AddDays(-1)),
            Maker("0002", "dairy", Now.AddDays(-29)),
            Maker("0003", "meat-product", Now.AddDays(-2)),
            Maker("0004", "meat-product", Now.AddDays(-40)),
            Maker("0005", "meat-product", null),
            Maker("0006", "edible-oil", null),
        };
        var m = DashboardModel.Build(enterprises, [], new Dictionary<string, long>(), null, Now);

        var dairy = Row(m, "dairy");
        Assert.Equal((2, 2), (dairy.Registered, dairy.Reporting));
        Assert.True(dairy.Met);
        var meat = Row(m, "meat-products");
        Assert.Equal((3, 1), (meat.Registered, meat.Reporting));
        Assert.Equal(33.3, Math.Round(meat.Percent, 1));
        Assert.False(meat.Met); // 33 % < the plan's 35 %
        var oil = Row(m, "edible-oil");
        Assert.Equal((1, 0), (oil.Registered, oil.Reporting));
        Assert.False(oil.Met);
        // A target with nobody registered is not met: there is nothing to show for it.
        Assert.False(Row(m, "liquor").Met);
    }

    [Fact]
    public void CountTargetsNeedThatManyReportingUnits()
    {
        var markets = Enumerable.Range(0, 31).Select(i => Market($"M{i:0000}", i < 30 ? Now.AddDays(-3) : null)).ToList();
        var m = DashboardModel.Build(markets, [], new Dictionary<string, long>(), null, Now);
        Assert.True(Row(m, "vegetable-markets").Met);
        var fewer = DashboardModel.Build(markets.Skip(2).ToList(), [], new Dictionary<string, long>(), null, Now);
        Assert.Equal(28, Row(fewer, "vegetable-markets").Reporting);
        Assert.False(Row(fewer, "vegetable-markets").Met);
    }

    [Fact]
    public void SilentEnterprisesAreListedOldestFirstAndNeverReportedApart()
    {
        var enterprises = new List<EnterpriseFacts>
        {
            Maker("0001", "dairy", Now.AddDays(-1)),
            Maker("0002", "dairy", Now.AddDays(-8)),
            Maker("0003", "dairy", Now.AddDays(-60)),
            Maker("0004", "dairy", null),
        };
        var m = DashboardModel.Build(enterprises, [], new Dictionary<string, long>(), null, Now);
        Assert.Equal(["0003", "0002"], m.StoppedReporting.Select(e => e.Uscc[^4..]));
        Assert.Equal("0004", Assert.Single(m.NeverReported).Uscc);
    }

    [Fact]
    public void ADepartmentSeesOnlyItsCategories()
    {
        var enterprises = new List<EnterpriseFacts> { Maker("0001", "dairy", Now), Market("M0001", Now) };
        var commerce = DashboardModel.Build(enterprises, [], new Dictionary<string, long>(), DashboardModel.CategoriesOf(Departments.Commerce), Now);
        Assert.Equal(1, commerce.Enterprises);
        Assert.All(commerce.Coverage, r => Assert.Equal(Categories.MeatVegetable, r.Target.Group.Category));
        var quality = DashboardModel.Build(enterprises, [], new Dictionary<string, long>(), DashboardModel.CategoriesOf(Departments.Quality), Now);
        Assert.Equal(0, quality.Enterprises);
        Assert.All(quality.Coverage, r => Assert.Contains(r.Target.Group.Category, new[] { Categories.Elevator, Categories.GasCylinder }));
    }
}
