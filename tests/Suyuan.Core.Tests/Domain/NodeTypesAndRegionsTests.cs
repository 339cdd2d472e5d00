using Suyuan.Core.Domain;

namespace Suyuan.Core.Tests.Domain;

public sealed class NodeTypesAndRegionsTests
{
    [Fact]
    public void EveryNodeTypeHasUniqueCodeNamesAndKnownCategories()
    {
        Assert.Equal(NodeTypes.All.Count, NodeTypes.All.Select(n => n.Code).Distinct().Count());
        Assert.All(NodeTypes.All, n =>
        {
            Assert.False(string.IsNullOrWhiteSpace(n.NameZh));
            Assert.False(string.IsNullOrWhiteSpace(n.NameEn));
            Assert.NotEmpty(n.Categories);
            Assert.All(n.Categories, c => Assert.NotNull(Categories.Find(c)));
        });
    }

    [Fact]
    public void EveryCategoryHasNodeTypes()
    {
        Assert.All(Categories.All, c => Assert.Contains(NodeTypes.All, n => n.Categories.Contains(c.Code)));
    }

    [Fact]
    public void CategoriesOfNodeTypesAreTheirUnionInCategoryOrder()
    {
        Assert.Equal([Categories.Drug, Categories.HazardousChemical], NodeTypes.CategoriesOf([NodeTypes.ChemicalUser, NodeTypes.Pharmacy, NodeTypes.Hospital]));
        Assert.Empty(NodeTypes.CategoriesOf(["no-such-type"]));
    }

    [Theory]
    [InlineData("崇川区", "320602")]
    [InlineData("Tongzhou", "320612")]
    [InlineData("海安县", "320621")]
    [InlineData("海安市", "320685")]
    [InlineData("320681", "320681")]
    [InlineData("320600", "320600")]
    [InlineData("350200", "350200")]
    public void RegionsAreReadFromCodesAndNantongNames(string text, string code)
    {
        var read = Regions.Read(text);
        Assert.True(read.IsValid, read.Reason);
        Assert.Equal(code, read.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("32060")]
    [InlineData("3206021")]
    [InlineData("32060A")]
    [InlineData("320699")]
    [InlineData("南京市")]
    public void RegionsThatAreNotGbT2260CodesOrKnownNamesAreRefused(string text)
    {
        var read = Regions.Read(text);
        Assert.False(read.IsValid);
        Assert.NotNull(read.Reason);
    }
}
