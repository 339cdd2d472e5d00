using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Suyuan.Features.Demo;

/// <summary>One generated capture document: its UTF-8 JSON and how many events it holds.</summary>
internal sealed record DemoDocument(byte[] Json, int Events);

/// <summary>Identifiers worth opening after seeding, taken from the generated events.</summary>
internal sealed class DemoHighlights
{
    public string? PorkReceipt { get; set; }
    public string? PorkLot { get; set; }
    public string? MilkLot { get; set; }
    public string? DrugUnit { get; set; }
    public string? Elevator { get; set; }

    public void See(DemoEvent e)
    {
        switch (e.BizStep)
        {
            case "retail_selling" when e.Quantities is [var q] && q.EpcClass.Contains(".P", StringComparison.Ordinal) && e.Epcs is [var code]:
                PorkReceipt = code;
                PorkLot = q.EpcClass;
                break;
            case "commissioning" when e.OutputQuantities is [var q] && q.EpcClass.Contains(".U", StringComparison.Ordinal):
                MilkLot = q.EpcClass;
                break;
            case "dispensing" when e.Epcs is [var unit]:
                DrugUnit = unit;
                break;
            case "repairing" when e.Epcs is [var elevator]:
                Elevator = elevator;
                break;
        }
    }
}

/// <summary>Streams a plan's events as capture documents of at most <c>maxEvents</c>; memory stays at a few documents whatever the total.</summary>
internal static class DemoDocuments
{
    public static async IAsyncEnumerable<DemoDocument> StreamAsync(DemoPlan plan, int maxEvents, long maxBytes, DemoHighlights? highlights, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<DemoDocument>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() =>
        {
            try
            {
                using var writer = new DemoDocumentWriter(plan.BaseDate.ToDateTime(TimeOnly.MinValue).ToUniversalTime());
                var sink = new DocumentSink(writer, plan.EventLimit ?? long.MaxValue, maxEvents, maxBytes, highlights, channel.Writer, stop.Token);
                plan.Generate(sink, stop.Token);
                var last = writer.Count;
                if (last > 0 && !stop.IsCancellationRequested)
                {
                    Write(channel.Writer, new DemoDocument(writer.Finish(), last), stop.Token);
                }
                channel.Writer.TryComplete();
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e is OperationCanceledException ? null : e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var document in channel.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return document;
                if (ct.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }

    private static void Write(ChannelWriter<DemoDocument> writer, DemoDocument document, CancellationToken ct) =>
        writer.WriteAsync(document, ct).AsTask().GetAwaiter().GetResult();

    private sealed class DocumentSink(DemoDocumentWriter writer, long limit, int maxEvents, long maxBytes, DemoHighlights? highlights,
        ChannelWriter<DemoDocument> output, CancellationToken ct) : IDemoSink
    {
        private long _emitted;

        public bool IsFull => _emitted >= limit || ct.IsCancellationRequested;

        public void Emit(DemoEvent e)
        {
            if (IsFull)
            {
                return;
            }
            writer.Write(e);
            highlights?.See(e);
            _emitted++;
            if (writer.Count >= maxEvents || writer.Length >= maxBytes)
            {
                var count = writer.Count;
                Write(output, new DemoDocument(writer.Finish(), count), ct);
            }
        }
    }
}
