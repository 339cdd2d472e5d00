using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Profiles;
using Xunit;

namespace Suyuan.Core.Tests.Profiles;

public sealed class ProfileCheckTests
{
    private const string Context = """["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"sy":"https://suyuan.example.cn/epcis/"}]""";

    private static (JsonElement Event, EpcisContext Context) Parse(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        return (root, EpcisContext.FromDocument(root, contextRequired: false));
    }

    [Fact]
    public void AMarketEntryWithAnOriginVoucherIsRecognisedAsEdibleProduceAndWarnsForWhatItLacks()
    {
        var (e, context) = Parse($$$"""
            {"@context":{{{Context}}},"type":"ObjectEvent","action":"OBSERVE","bizStep":"receiving","bizLocation":{"id":"urn:epc:id:sgln:6901002.00001.0"},
             "quantityList":[{"epcClass":"urn:epc:class:lgtin:6901001.000001.F1","quantity":3,"uom":"KGM"}],
             "sy:marketEntry":{"sy:voucherKind":"产地证明","sy:voucherNumber":"HGZ1","sy:seller":"果农"}}
            """);
        var match = ProfileCheck.Classify(e, context);
        Assert.Equal(("edible-agricultural", "market-entry", false), (match!.Profile.Category, match.Event.Code, match.Explicit));
        var problems = ProfileCheck.Check(e, context, "");
        var error = Assert.Single(problems, p => !p.IsWarning);
        Assert.Equal("/sy:sellerCode", error.Pointer);
        Assert.Contains(problems, p => p.IsWarning && p.Pointer == "/sy:commodityCode");
    }

    [Fact]
    public void AnEventWithoutCategoryOrMarkersIsNotChecked()
    {
        var (e, context) = Parse($$$"""
            {"@context":{{{Context}}},"type":"ObjectEvent","action":"OBSERVE","bizStep":"receiving","epcList":["urn:epc:id:sgtin:0614141.107346.2018"]}
            """);
        Assert.Null(ProfileCheck.Classify(e, context));
        Assert.Empty(ProfileCheck.Check(e, context, "/epcisBody/eventList/0"));
    }

    [Fact]
    public void FieldsAreFoundByTheirNamespaceWhateverThePrefix()
    {
        var (e, context) = Parse("""
            {"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"nt":"https://suyuan.example.cn/epcis/"}],
             "type":"ObjectEvent","action":"OBSERVE","bizStep":"dispensing","epcList":["urn:epc:id:sgtin:0614141.107346.2018"],"nt:category":"drug"}
            """);
        var problem = Assert.Single(ProfileCheck.Check(e, context, "/x"), p => !p.IsWarning);
        Assert.Equal("/x/nt:drugTraceCode", problem.Pointer);
    }
}
