namespace Suyuan.Features.Demo;

/// <summary>
/// What to generate: the city (seed, store factor), the days before <see cref="BaseDate"/> and the lots per day. The same
/// plan always yields the same events, so their eventIDs (canonical hashes) are the same on every run.
/// </summary>
internal sealed record DemoPlan(int Seed, DateOnly BaseDate, int Days, int Scale, int StoreFactor, long? EventLimit)
{
    public static readonly DateOnly DefaultBaseDate = new(2025, 6, 1);
    public const int DefaultSeed = 2017;
    public const int CityDays = 30;

    /// <summary>Days a large demo spreads over at most before it adds lots per day instead.</summary>
    private const int MaxDays = 180;

    /// <summary>Chains started on a day run on for up to ten days (dispensing, waste disposal), so generation ends ten days before the base date.</summary>
    public DateOnly FirstDay => BaseDate.AddDays(-Days - 10);

    /// <summary>The demo city seeded by <c>serve --demo</c>: the 2017 plan's node counts, thirty days of trade.</summary>
    public static DemoPlan City(int seed = DefaultSeed, DateOnly? baseDate = null) => new(seed, baseDate ?? DefaultBaseDate, CityDays, 1, 1, null);

    /// <summary>Exactly <paramref name="events"/> events: more lots per day, more stores and more days as the number grows.</summary>
    public static DemoPlan ForEvents(long events, int seed = DefaultSeed, DateOnly? baseDate = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        var date = baseDate ?? DefaultBaseDate;
        var perDay = new DemoCounter(long.MaxValue);
        new DemoChains(new DemoCity(seed, 1), seed, 1).Day(1, date, perDay);
        var scale = (int)Math.Max(1, Math.Ceiling(events / (double)(perDay.Count * MaxDays)));
        var storeFactor = Math.Clamp((int)Math.Ceiling(Math.Sqrt(scale)), 1, 20);
        // Count day by day (no JSON is written) so that the last generated day is the day before the base date.
        var chains = new DemoChains(new DemoCity(seed, storeFactor), seed, scale);
        // The fault stories that follow the days count too: the fewest days that, with them, reach the number.
        var faults = new DemoCounter(long.MaxValue);
        var faultCity = new DemoCity(seed, storeFactor);
        DemoEquipmentFaults.Emit(faultCity, date, faults);
        DemoFoodFaults.Emit(faultCity, date, faults);
        var counter = new DemoCounter(long.MaxValue);
        chains.Registrations(date, counter);
        var days = 0;
        while (counter.Count + faults.Count < events)
        {
            chains.Day(days, date, counter);
            days++;
        }
        return new(seed, date, days, scale, storeFactor, events);
    }

    /// <summary>Generates the plan's events in order into <paramref name="sink"/>; stops early when the sink is full.</summary>
    public void Generate(IDemoSink sink, CancellationToken ct = default)
    {
        var city = new DemoCity(Seed, StoreFactor);
        var chains = new DemoChains(city, Seed, Scale);
        chains.Registrations(FirstDay, sink);
        for (var day = 0; day < Days && !sink.IsFull && !ct.IsCancellationRequested; day++)
        {
            chains.Day(day, FirstDay.AddDays(day), sink);
        }
        DemoEquipmentFaults.Emit(city, FirstDay, sink);
        DemoFoodFaults.Emit(city, FirstDay.AddDays(Days - 1), sink);
    }
}

/// <summary>Counts events up to a limit without writing them.</summary>
internal sealed class DemoCounter(long limit) : IDemoSink
{
    public long Count { get; private set; }

    public bool IsFull => Count >= limit;

    public void Emit(DemoEvent e)
    {
        if (Count < limit)
        {
            Count++;
        }
    }
}
