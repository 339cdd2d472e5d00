using System.Globalization;
using System.Text;

namespace Suyuan.Bench;

/// <summary>Realistic capture documents: a mix of ObjectEvents (commissioning, shipping with lots and transactions) and aggregations.</summary>
internal static class SampleDocuments
{
    public const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <param name="note">When above 0, every event also carries an <c>sy:note</c> of that many characters (large events).</param>
    public static byte[] ObjectEvents(int count, int seed = 0, int note = 0)
    {
        var padding = note > 0 ? ",\"sy:note\":\"" + new string('x', note) + "\"}" : "}";
        var sb = new StringBuilder(count * 700);
        sb.Append("{\"@context\":[\"").Append(Context).Append("\",{\"sy\":\"https://suyuan.example.cn/epcis/\"}],\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-01T08:00:00.000+08:00\",\"epcisBody\":{\"eventList\":[");
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(8));
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            var n = seed * 1_000_000 + i;
            var time = start.AddSeconds(n).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
            switch (i % 4)
            {
                case 0:
                    sb.Append(CultureInfo.InvariantCulture, $$$"""{"type":"ObjectEvent","eventTime":"{{{time}}}","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.{{{n}}}","urn:epc:id:sgtin:6901234.012345.{{{n + 1}}}"],"action":"ADD","bizStep":"commissioning","disposition":"active","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"},"bizLocation":{"id":"urn:epc:id:sgln:6901234.00001.0"},"ilmd":{"sy:originCertificate":"HG-{{{n}}}","sy:region":"320623"}""").Append(padding);
                    break;
                case 1:
                    sb.Append(CultureInfo.InvariantCulture, $$$"""{"type":"ObjectEvent","eventTime":"{{{time}}}","eventTimeZoneOffset":"+08:00","epcList":[],"quantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.012345.L{{{n % 997}}}","quantity":{{{n % 500 + 1}}},"uom":"KGM"}],"action":"OBSERVE","bizStep":"shipping","disposition":"in_transit","readPoint":{"id":"urn:epc:id:sgln:6901234.00002.0"},"bizTransactionList":[{"type":"po","bizTransaction":"urn:epcglobal:cbv:bt:6901234000019:PO{{{n}}}"}],"sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:6901234.00001"}],"destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:6909876.00001"}]""").Append(padding);
                    break;
                case 2:
                    sb.Append(CultureInfo.InvariantCulture, $$$"""{"type":"ObjectEvent","eventTime":"{{{time}}}","eventTimeZoneOffset":"+08:00","epcList":["urn:epc:id:sgtin:6901234.012345.{{{n}}}"],"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress","readPoint":{"id":"urn:epc:id:sgln:6909876.00001.0"},"bizLocation":{"id":"urn:epc:id:sgln:6909876.00001.0"}""").Append(padding);
                    break;
                default:
                    sb.Append(CultureInfo.InvariantCulture, $$$"""{"type":"AggregationEvent","eventTime":"{{{time}}}","eventTimeZoneOffset":"+08:00","parentID":"urn:epc:id:sscc:6901234.{{{(n % 1_000_000_000).ToString("D10", CultureInfo.InvariantCulture)}}}","childEPCs":["urn:epc:id:sgtin:6901234.012345.{{{n}}}","urn:epc:id:sgtin:6901234.012345.{{{n + 2}}}"],"action":"ADD","bizStep":"packing","disposition":"in_progress","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"}""").Append(padding);
                    break;
            }
        }
        sb.Append("]}}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
