using Suyuan.Core.Epcis;

namespace Suyuan.Core.Tests.Epcis;

public sealed class EventIdTextTests
{
    [Theory]
    [InlineData("urn:uuid:0b4f0c1e-7a52-4d1b-9a0e-2f1c3d4e5f60", "urn:uuid:0b4f0c1e-7a52-4d1b-9a0e-2f1c3d4e5f60")]
    [InlineData("URN:UUID:0B4F0C1E-7A52-4D1B-9A0E-2F1C3D4E5F60", "urn:uuid:0b4f0c1e-7a52-4d1b-9a0e-2f1c3d4e5f60")]
    [InlineData("urn:Uuid:0b4F0c1e-7A52-4d1b-9a0e-2f1c3d4e5f60", "urn:uuid:0b4f0c1e-7a52-4d1b-9a0e-2f1c3d4e5f60")]
    // Not a UUID URN, or not one in the "D" form: compared as it is.
    [InlineData("urn:uuid:0B4F0C1E7A524D1B9A0E2F1C3D4E5F60", "urn:uuid:0B4F0C1E7A524D1B9A0E2F1C3D4E5F60")]
    [InlineData("urn:uuid:XB4F0C1E-7A52-4D1B-9A0E-2F1C3D4E5F60", "urn:uuid:XB4F0C1E-7A52-4D1B-9A0E-2F1C3D4E5F60")]
    [InlineData("urn:example:EVENT-1", "urn:example:EVENT-1")]
    [InlineData("ni:///sha-256;DF7BB3C352FEF055578554F09F5E2AA41782150CED7BD0B8AF24DD3CCB30BA69?ver=CBV2.0", "ni:///sha-256;DF7BB3C352FEF055578554F09F5E2AA41782150CED7BD0B8AF24DD3CCB30BA69?ver=CBV2.0")]
    public void AUuidUrnHasOneSpellingAndOtherEventIdsAreKept(string given, string canonical) =>
        Assert.Equal(canonical, EventIdText.Canonical(given));
}
