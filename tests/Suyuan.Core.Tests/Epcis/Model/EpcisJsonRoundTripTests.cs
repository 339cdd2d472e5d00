using System.Text.Json;
using Suyuan.Core.Epcis;
using Suyuan.Core.Epcis.Json;

namespace Suyuan.Core.Tests.Epcis.Model;

public sealed class EpcisJsonRoundTripTests
{
    public static TheoryData<string> CorpusDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var file in Corpus.Files("epcis/gs1-examples", "*.jsonld"))
        {
            data.Add(Path.GetRelativePath(Corpus.Root, file));
        }
        foreach (var file in Corpus.Files("epcis/openepcis/Documents", "*.json", SearchOption.TopDirectoryOnly))
        {
            data.Add(Path.GetRelativePath(Corpus.Root, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusDocuments))]
    public void ReadWriteReadGivesAnEqualModel(string file)
    {
        var bytes = File.ReadAllBytes(Corpus.PathOf(file));
        var first = EpcisJson.ReadDocument(bytes);

        using (var json = JsonDocument.Parse(bytes))
        {
            Assert.Equal(EventList(json.RootElement).GetArrayLength(), first.Events.Count);
        }
        var written = EpcisJson.WriteToUtf8Bytes(first);
        var second = EpcisJson.ReadDocument(written);

        Assert.Equal(first, second);
        Assert.Equal(first.Events.Count, second.Events.Count);
        for (var i = 0; i < first.Events.Count; i++)
        {
            Assert.Equal(first.Events[i], second.Events[i]);
        }
    }

    [Theory]
    [MemberData(nameof(CorpusDocuments))]
    public void StreamingYieldsTheEventsOfTheWholeDocumentReader(string file)
    {
        var bytes = File.ReadAllBytes(Corpus.PathOf(file));
        var whole = EpcisJson.ReadDocument(bytes);
        using var json = JsonDocument.Parse(bytes);
        var original = EventList(json.RootElement).EnumerateArray().ToArray();

        // A tiny buffer forces refills and growth in the middle of events.
        using var stream = new EpcisEventStream(new MemoryStream(bytes), new EpcisStreamOptions { InitialBufferSize = 256 });
        var entries = stream.ReadEvents().ToList();

        Assert.Equal(whole.Events.Count, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(i, entries[i].Index);
            Assert.Equal(whole.Events[i], entries[i].ReadEvent());
            // An event that names a member twice (GS1's AssociationEvent-h gives eventID twice) comes as its last occurrences say.
            var expected = DuplicateMembers.LastWins(original[i]);
            Assert.True(JsonElement.DeepEquals(expected, entries[i].Json));
            Assert.Equal(expected.GetRawText(), System.Text.Encoding.UTF8.GetString(entries[i].Utf8));
        }
        Assert.Equal(whole with { Events = ValueList<EpcisEvent>.Empty }, stream.Envelope);
    }

    [Theory]
    [MemberData(nameof(CorpusDocuments))]
    public async Task AsyncStreamingYieldsTheSameEvents(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Corpus.PathOf(file));
        var whole = EpcisJson.ReadDocument(bytes);
        using var stream = new EpcisEventStream(new MemoryStream(bytes), new EpcisStreamOptions { InitialBufferSize = 512 });
        var events = new List<EpcisEvent>();
        await foreach (var entry in stream.ReadEventsAsync())
        {
            events.Add(entry.ReadEvent());
        }
        Assert.Equal(whole.Events, ValueList.Of([.. events]));
    }

    [Fact]
    public void SingleEventsOfTheCorpusRoundTrip()
    {
        foreach (var file in Corpus.Files("epcis/openepcis/Events", "*.json"))
        {
            var evt = EpcisJson.ReadEvent(File.ReadAllBytes(file));
            Assert.NotNull(evt.Context);
            Assert.Equal(evt, EpcisJson.ReadEvent(EpcisJson.WriteEventToUtf8Bytes(evt)));
        }
    }

    private static JsonElement EventList(JsonElement root) =>
        root.GetProperty("epcisBody").TryGetProperty("eventList", out var list)
            ? list
            : root.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList");
}
