using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Suyuan.Core.Epcis.Json;

/// <summary>Limits of <see cref="EpcisEventStream"/>.</summary>
public sealed record EpcisStreamOptions
{
    public int InitialBufferSize { get; init; } = 64 * 1024;

    /// <summary>
    /// How many bytes of events may be held while waiting for an <c>@context</c> written after the body
    /// (some GS1 examples do this). Events cannot be interpreted before their context is known.
    /// </summary>
    public long MaxBytesBeforeContext { get; init; } = 64L * 1024 * 1024;
}

/// <summary>One event of a streamed document: its JSON as captured, the document's context, and the model on demand.</summary>
public sealed class EpcisEventEntry
{
    private readonly string _listPointer;
    private EpcisEvent? _event;

    internal EpcisEventEntry(int index, string listPointer, JsonElement json, EpcisContext documentContext)
    {
        Index = index;
        _listPointer = listPointer;
        Json = json;
        DocumentContext = documentContext;
    }

    /// <summary>Position in the document's eventList.</summary>
    public int Index { get; }

    /// <summary>JSON pointer of the event in the document (<c>/epcisBody/eventList/7</c>).</summary>
    public string Pointer => JsonRead.Child(_listPointer, Index);

    /// <summary>The event as parsed; it owns its memory and outlives the stream.</summary>
    public JsonElement Json { get; }

    /// <summary>The event's UTF-8 bytes exactly as they were in the document.</summary>
    public ReadOnlySpan<byte> Utf8 => JsonMarshal.GetRawUtf8Value(Json);

    /// <summary>The document's resolved <c>@context</c> (the event's own context, if any, is applied by <see cref="ReadEvent"/>).</summary>
    public EpcisContext DocumentContext { get; }

    /// <summary>The event as a model; throws <see cref="EpcisFormatException"/> for an event that does not fit EPCIS 2.0.</summary>
    public EpcisEvent ReadEvent() => _event ??= EpcisJson.ReadEvent(Json, DocumentContext, Pointer);
}

/// <summary>
/// Reads an EPCISDocument or EPCISQueryDocument from a stream one event at a time, holding only the event being read
/// (plus the buffer it sits in). The <c>@context</c> normally precedes the body; when it follows it, the events read
/// so far are held as JSON (not as models) until it arrives, up to <see cref="EpcisStreamOptions.MaxBytesBeforeContext"/>,
/// beyond which the document is rejected. The envelope (header, master data, query name…) is available in
/// <see cref="Envelope"/> once all events were read.
/// </summary>
public sealed class EpcisEventStream(Stream utf8, EpcisStreamOptions? options = null) : IDisposable
{
    private enum Position
    {
        BeforeRoot,
        Root,
        Body,
        QueryResults,
        ResultsBody,
        EventList,
        AfterRoot,
        Finished,
    }

    private readonly EpcisStreamOptions _options = options ?? new EpcisStreamOptions();
    private readonly EnvelopeBuilder _envelope = new();
    private readonly Queue<EpcisEventEntry> _ready = new();
    private readonly List<(int Index, JsonElement Json)> _waitingForContext = [];
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;
    private JsonReaderState _state = new(EpcisJson.ReaderOptions);
    private Position _position;
    private Position _listParent;
    private int _eventIndex;
    private long _bytesWaiting;
    private JsonElement _contextElement;

    /// <summary>The document's resolved context, once its <c>@context</c> was read.</summary>
    public EpcisContext? Context { get; private set; }

    /// <summary>The document without its events; set when the last event was read.</summary>
    public EpcisDocument? Envelope { get; private set; }

    public IEnumerable<EpcisEventEntry> ReadEvents()
    {
        Start();
        while (true)
        {
            while (_ready.TryDequeue(out var entry))
            {
                yield return entry;
            }
            if (_position == Position.Finished)
            {
                yield break;
            }
            if (Advance())
            {
                Compact();
                var read = utf8.Read(_buffer, _end, _buffer.Length - _end);
                Received(read);
            }
        }
    }

    public async IAsyncEnumerable<EpcisEventEntry> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Start();
        while (true)
        {
            while (_ready.TryDequeue(out var entry))
            {
                yield return entry;
            }
            if (_position == Position.Finished)
            {
                yield break;
            }
            if (Advance())
            {
                Compact();
                var read = await utf8.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                Received(read);
            }
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Start()
    {
        if (_started)
        {
            throw new InvalidOperationException("An EpcisEventStream is read once.");
        }
        _started = true;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_options.InitialBufferSize, 256));
    }

    private void Received(int read)
    {
        if (read == 0)
        {
            _eof = true;
        }
        _end += read;
    }

    // Keeps the unread bytes at the front and makes room for more; a value larger than the buffer grows it.
    private void Compact()
    {
        if (_eof)
        {
            throw new EpcisFormatException(PositionPointer(), "the document ends too early (truncated)");
        }
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    /// <summary>Reads tokens until an event is ready, the document ends, or more bytes are needed (returns true).</summary>
    private bool Advance()
    {
        if (_position == Position.BeforeRoot && _end - _start < 3 && !_eof)
        {
            return true;
        }
        if (_position == Position.BeforeRoot && _buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
        {
            _start += 3;
        }
        var span = _buffer.AsSpan(_start, _end - _start);
        var reader = new Utf8JsonReader(span, _eof, _state);
        var committed = 0;
        var committedState = _state;
        var valueStart = -1;
        var valueDepth = 0;
        string? valuePointer = null;
        try
        {
            while (_ready.Count == 0 && _position != Position.Finished)
            {
                valueStart = -1;
                valuePointer = null;
                if (!reader.Read())
                {
                    if (_position == Position.AfterRoot && _eof)
                    {
                        Finish();
                        break;
                    }
                    return NeedMore(committed, committedState);
                }
                switch (_position)
                {
                    case Position.BeforeRoot:
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new EpcisFormatException("", "an EPCIS document must be a JSON object");
                        }
                        _position = Position.Root;
                        break;
                    case Position.EventList:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            _position = _listParent;
                            break;
                        }
                        valueStart = (int)reader.TokenStartIndex;
                        valueDepth = reader.CurrentDepth;
                        valuePointer = JsonRead.Child(PositionPointer(), _eventIndex);
                        if (!JsonElement.TryParseValue(ref reader, out var evt))
                        {
                            return NeedMore(committed, committedState);
                        }
                        if (evt!.Value.ValueKind != JsonValueKind.Object)
                        {
                            // The document's shape, not an event's content: refused whole, under either capture behaviour.
                            throw new EpcisFormatException(valuePointer, $"an event must be a JSON object, not {Validation.JsonPointerText.Show(evt.Value)}");
                        }
                        JsonTextCheck.Check(evt.Value, valuePointer);
                        // A member named twice: the event as its last occurrence says, everywhere (DuplicateMembers).
                        Captured(_eventIndex++, DuplicateMembers.LastWins(evt.Value));
                        break;
                    case Position.AfterRoot:
                        throw new EpcisFormatException("", "unexpected content after the document");
                    default:
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            _position = _position switch
                            {
                                Position.Root => Position.AfterRoot,
                                Position.Body => Position.Root,
                                Position.QueryResults => Position.Body,
                                _ => Position.QueryResults,
                            };
                            break;
                        }
                        var name = reader.GetString()!;
                        var pointer = JsonRead.Child(PositionPointer(), name);
                        var nested = (_position, name) switch
                        {
                            (Position.Root, "epcisBody") => Position.Body,
                            (Position.Body, "queryResults") => Position.QueryResults,
                            (Position.QueryResults, "resultsBody") => Position.ResultsBody,
                            (Position.Body or Position.ResultsBody, "eventList") => Position.EventList,
                            _ => Position.Finished,
                        };
                        if (!reader.Read())
                        {
                            return NeedMore(committed, committedState);
                        }
                        if (nested != Position.Finished)
                        {
                            Enter(nested, reader.TokenType, pointer, name);
                            break;
                        }
                        valueStart = (int)reader.TokenStartIndex;
                        valueDepth = reader.CurrentDepth;
                        valuePointer = pointer;
                        if (!JsonElement.TryParseValue(ref reader, out var value))
                        {
                            return NeedMore(committed, committedState);
                        }
                        JsonTextCheck.Check(value!.Value, pointer);
                        _envelope.Add(Part(_position), name, value.Value);
                        if (_position == Position.Root && name == "@context")
                        {
                            ContextRead(value.Value);
                        }
                        break;
                }
                committed = (int)reader.BytesConsumed;
                committedState = reader.CurrentState;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw valueStart >= 0
                ? JsonSyntaxLocator.Explain(e, span[valueStart..], valuePointer!, valueDepth, _eof)
                : new EpcisFormatException(PositionPointer(), $"not valid JSON: {e.Message}");
        }
        _start += committed;
        _state = committedState;
        return false;
    }

    private bool NeedMore(int committed, JsonReaderState committedState)
    {
        _start += committed;
        _state = committedState;
        return true;
    }

    private void Enter(Position nested, JsonTokenType token, string pointer, string name)
    {
        var expected = nested == Position.EventList ? JsonTokenType.StartArray : JsonTokenType.StartObject;
        if (token != expected)
        {
            throw new EpcisFormatException(pointer, $"{name} must be {(nested == Position.EventList ? "an array" : "an object")}");
        }
        switch (nested)
        {
            case Position.Body: _envelope.SawBody(); break;
            case Position.QueryResults: _envelope.SawQueryResults(); break;
            case Position.ResultsBody: _envelope.SawResultsBody(); break;
            case Position.EventList:
                _envelope.SawEventList(Part(_position));
                _listParent = _position;
                _eventIndex = 0;
                break;
        }
        _position = nested;
    }

    private void Captured(int index, JsonElement evt)
    {
        if (Context is not null)
        {
            _ready.Enqueue(new EpcisEventEntry(index, PositionPointer(), evt, Context));
            return;
        }
        _bytesWaiting += JsonMarshal.GetRawUtf8Value(evt).Length;
        if (_bytesWaiting > _options.MaxBytesBeforeContext)
        {
            throw new EpcisFormatException("/@context", $"@context must come before epcisBody: more than {_options.MaxBytesBeforeContext} bytes of events were read without it");
        }
        _waitingForContext.Add((index, evt));
    }

    private void ContextRead(JsonElement context)
    {
        Context = EpcisContext.Parse(context, "/@context");
        _contextElement = context;
        foreach (var (index, json) in _waitingForContext)
        {
            _ready.Enqueue(new EpcisEventEntry(index, ListPointer(), json, Context));
        }
        _waitingForContext.Clear();
        _bytesWaiting = 0;
    }

    private void Finish()
    {
        if (Context is null)
        {
            throw new EpcisFormatException("/@context", "@context is missing; an EPCIS 2.0 JSON-LD document must name the GS1 EPCIS context");
        }
        Envelope = _envelope.Build(_contextElement, Context, ValueList<EpcisEvent>.Empty);
        _position = Position.Finished;
    }

    private string ListPointer() =>
        _listParent == Position.ResultsBody ? "/epcisBody/queryResults/resultsBody/eventList" : "/epcisBody/eventList";

    private string PositionPointer() => _position switch
    {
        Position.Body => "/epcisBody",
        Position.QueryResults => "/epcisBody/queryResults",
        Position.ResultsBody => "/epcisBody/queryResults/resultsBody",
        Position.EventList => ListPointer(),
        _ => "",
    };

    private static EnvelopePart Part(Position position) => position switch
    {
        Position.Body => EnvelopePart.Body,
        Position.QueryResults => EnvelopePart.QueryResults,
        Position.ResultsBody => EnvelopePart.ResultsBody,
        _ => EnvelopePart.Root,
    };
}
